"""What every table renderer takes: a heading, the columns and the body lines.

Renderers are pure functions `render(table) -> bytes`; they read `table.items` once, so the
body can be a generator streaming from one database query.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from lk_portal.formatting import MONEY, TEXT

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
MONEY_FORMAT = "#,##0.00"  # spreadsheets' number format; Excel shows «# ##0,00» in a Russian locale
DATE_FORMAT = "DD.MM.YYYY"


class ExportTooLarge(ValueError):
    """The format cannot hold that many lines (XLS: 65 536 rows)."""


@dataclass(frozen=True)
class ExportColumn:
    title: str
    kind: str = TEXT
    width: float = 1.0  # relative width for PDF/RTF/XLSX


@dataclass
class ExportGroup:
    """A group header (level ≥ 0) or the totals line (level -1): a label and the sums per column index."""

    level: int
    label: str
    sums: dict[int, Decimal | None] = field(default_factory=dict)


@dataclass
class ExportTable:
    title: str
    heading: list[str]
    columns: list[ExportColumn]
    items: Iterable  # ExportGroup or a list of typed values (Decimal / date / str / None)
    totals: ExportGroup | None = None
    size: int = 0  # number of body lines (rows + group headers), known before the body is read
    footer: list[str] = field(default_factory=list)  # lines under the table (the PDF's; an act's conclusion)

    @property
    def first_money_index(self) -> int:
        for index, column in enumerate(self.columns):
            if column.kind == MONEY:
                return index
        return len(self.columns)


def neutralise(text: str) -> str:
    """The formula guard of every export: a text cell starting with = + - @, a tab or a carriage return
    would run as a formula in a spreadsheet, so it gets an apostrophe in front."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def group_cells(table: ExportTable, group: ExportGroup) -> list:
    """A group/totals line laid out as a row: the label first, each sum under its column."""
    cells: list = [None] * len(table.columns)
    cells[0] = group.label
    for index, value in group.sums.items():
        cells[index] = value
    return cells
