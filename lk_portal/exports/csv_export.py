"""CSV that Excel opens right in a Russian locale: UTF-8 with BOM, `;`, decimal commas."""

import csv
import datetime
import io
from decimal import Decimal

from .table import MONEY, ExportGroup, ExportTable, group_cells, neutralise


def _csv_value(kind: str, value) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal) or kind == MONEY:
        return f"{Decimal(value):.2f}".replace(".", ",")  # a number Excel reads: no thousand separators
    if isinstance(value, datetime.date):
        return value.strftime("%d.%m.%Y")
    return neutralise(str(value))


def render_csv(table: ExportTable) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([neutralise(table.title)])
    for line in table.heading:
        writer.writerow([neutralise(line)])
    writer.writerow([])
    kinds = [c.kind for c in table.columns]
    writer.writerow([neutralise(c.title) for c in table.columns])
    for item in table.items:
        values = group_cells(table, item) if isinstance(item, ExportGroup) else item
        writer.writerow([_csv_value(kind, value) for kind, value in zip(kinds, values, strict=True)])
    if table.totals:
        writer.writerow([_csv_value(k, v) for k, v in zip(kinds, group_cells(table, table.totals), strict=True)])
    return buffer.getvalue().encode("utf-8-sig")
