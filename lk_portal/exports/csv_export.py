"""CSV that Excel opens right in a Russian locale: UTF-8 with BOM, `;`, decimal commas, and periods
written so that they stay text («Октябрь 2014 г.», lk_portal/exports/office.py)."""

import csv
import io
from itertools import chain

from lk_portal.formatting import DATE, MONEY, PERIOD, QUANTITY, QUANTITY1

from .office import csv_period
from .table import ExportGroup, ExportTable, group_cells, neutralise


def _money(value) -> str:
    return "" if value is None else f"{value:.2f}".replace(".", ",")  # a number Excel reads: no thousand separators


def _quantity(value, places: int = 3) -> str:
    return "" if value is None else f"{value:.{places}f}".replace(".", ",")


def _date(value) -> str:
    return "" if value is None else f"{value.day:02d}.{value.month:02d}.{value.year}"


def _text(value) -> str:
    return "" if value is None else neutralise(value if isinstance(value, str) else str(value))


_BY_KIND = {
    MONEY: _money,
    DATE: _date,
    PERIOD: csv_period,
    QUANTITY: _quantity,
    QUANTITY1: lambda value: _quantity(value, 1),
}


def _converter(kind: str):
    """One function per column, chosen once: the per-cell type checks are what cost time on long tables."""
    return _BY_KIND.get(kind, _text)


def _line_value(kind: str, value) -> str:
    """A cell of a group or totals line: the label is text whatever its column's kind."""
    return _text(value) if isinstance(value, str) else _converter(kind)(value)


def render_csv(table: ExportTable) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([neutralise(table.title)])
    for line in table.heading:
        writer.writerow([neutralise(line)])
    writer.writerow([])
    kinds = [c.kind for c in table.columns]
    writer.writerow([neutralise(c.title) for c in table.columns])
    converters = [_converter(kind) for kind in kinds]
    for item in chain(table.items, [table.totals] if table.totals else []):
        if isinstance(item, ExportGroup):
            writer.writerow([_line_value(k, v) for k, v in zip(kinds, group_cells(table, item), strict=True)])
        else:
            writer.writerow([convert(value) for convert, value in zip(converters, item, strict=True)])
    return buffer.getvalue().encode("utf-8-sig")
