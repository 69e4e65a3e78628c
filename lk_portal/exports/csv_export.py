"""CSV that Excel opens right in a Russian locale: UTF-8 with BOM, `;`, decimal commas."""

import csv
import datetime
import io
from decimal import Decimal

from .table import DATE, MONEY, ExportGroup, ExportTable, group_cells, neutralise


def _csv_value(kind: str, value) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal) or kind == MONEY:
        return f"{Decimal(value):.2f}".replace(".", ",")  # a number Excel reads: no thousand separators
    if isinstance(value, datetime.date):
        return f"{value.day:02d}.{value.month:02d}.{value.year}"
    return neutralise(str(value))


def _converter(kind: str):
    """One function per column, chosen once: the per-cell type checks are what cost time on long tables."""
    if kind == MONEY:
        return lambda v: "" if v is None else f"{v:.2f}".replace(".", ",")
    if kind == DATE:
        return lambda v: "" if v is None else f"{v.day:02d}.{v.month:02d}.{v.year}"
    return lambda v: "" if v is None else neutralise(v if isinstance(v, str) else str(v))


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
    for item in table.items:
        if isinstance(item, ExportGroup):
            writer.writerow([_csv_value(k, v) for k, v in zip(kinds, group_cells(table, item), strict=True)])
        else:
            writer.writerow([convert(value) for convert, value in zip(converters, item, strict=True)])
    if table.totals:
        writer.writerow([_csv_value(k, v) for k, v in zip(kinds, group_cells(table, table.totals), strict=True)])
    return buffer.getvalue().encode("utf-8-sig")
