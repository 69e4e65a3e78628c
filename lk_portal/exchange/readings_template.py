"""The portal's readings template uploaded back: its rows as readings rows (services/readings.py checks them).

A row with no heat value is a unit left blank: skipped. Cells are read as the member typed them (numbers,
dates, or text such as «1 234,5» and «11.2026»); what cannot be read is left to the checks' `bad_value`.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from lk_portal.domain.readings import TEMPLATE_COLUMNS
from lk_portal.exchange.calculator_archive import archive_date

TITLES = {title.lower(): key for key, title, _ in TEMPLATE_COLUMNS}
MAX_ROWS = 2000


@dataclass
class TemplateRows:
    rows: list[tuple] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def is_template(table: list[list[str]]) -> bool:
    return _header(table) is not None


def _header(table) -> tuple[int, dict[str, int]] | None:
    for number, cells in enumerate(table[:20]):
        found = {TITLES[c.strip().lower()]: i for i, c in enumerate(cells) if c and c.strip().lower() in TITLES}
        if {"unit", "period", "heat_total"} <= found.keys():
            return number, found
    return None


def _day(text: str) -> datetime.date | str | None:
    if not text:
        return None
    return archive_date(text) or text


def template_rows(table: list[list[str]]) -> TemplateRows:
    """The filled rows of a template table (cells as text, calculator_archive.archive_table)."""
    result = TemplateRows()
    header = _header(table)
    if header is None:
        result.problems.append("В файле нет строки заголовков шаблона показаний («Код узла учета», …).")
        return result
    at, index = header

    def cell(cells, key):
        i = index.get(key)
        return cells[i].strip() if i is not None and i < len(cells) and cells[i] else ""

    for cells in table[at + 1 : at + 1 + MAX_ROWS]:
        if not cell(cells, "unit") or not cell(cells, "heat_total"):
            continue
        period = _day(cell(cells, "period"))
        result.rows.append(
            (
                cell(cells, "unit"),
                period,
                cell(cells, "heat_total"),
                cell(cells, "water_total") or None,
                cell(cells, "hours_total") or None,
                _day(cell(cells, "taken_on")),
                cell(cells, "comment"),
            )
        )
    if not result.rows:
        result.problems.append("В шаблоне не заполнено ни одной строки: укажите показания хотя бы одного узла.")
    return result
