"""A small ExportTable with a hostile text, a date and a money column, and readers of the rendered files."""

import datetime
import re
from decimal import Decimal

from lk_portal.exports.table import ExportColumn, ExportGroup, ExportTable
from lk_portal.formatting import DATE, MONEY, PERIOD

ROWS = [
    ["-1 формула?", datetime.date(2015, 4, 17), "2015,04", Decimal("-5.00")],
    ["Аванс", None, "2015,03", Decimal("7220.27")],
]


def export_table(rows=None, *, size=None, groups=True) -> ExportTable:
    """«=Заголовок» over Текст · Дата · Период · Сумма, a group line, the rows and «Итого»."""
    rows = ROWS if rows is None else rows
    items = [ExportGroup(level=0, label="Период: 2015 (записей: 2)", sums={3: Decimal("7215.27")})] if groups else []
    return ExportTable(
        title="=Заголовок",
        heading=["Абонент: -ООО", "Отбор: без отбора"],
        columns=[
            ExportColumn("Текст"),
            ExportColumn("Дата", DATE),
            ExportColumn("Период", PERIOD, width=0.9),
            ExportColumn("Сумма", MONEY, width=1.3),
        ],
        items=iter(items + rows),
        totals=ExportGroup(level=-1, label="Итого (записей: 2)", sums={3: Decimal("7215.27")}),
        size=(len(rows) + len(items)) if size is None else size,
    )


def rtf_text(content: str) -> str:
    """Decode the \\uN? escapes back to text (enough to read our own RTF)."""
    return re.sub(r"\\u(-?\d+)\?", lambda m: chr(int(m.group(1)) % 65536), content)


def body(response) -> bytes:
    """A file answer's bytes, whether it was streamed or not."""
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content
