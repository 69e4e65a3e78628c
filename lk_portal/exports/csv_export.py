"""CSV that Excel opens right in a Russian locale: UTF-8 with BOM, `;`, decimal commas, and periods
written so that they stay text («Октябрь 2014 г.», lk_portal/exports/office.py).

`stream_csv` yields the file in chunks as the table's rows are read (a StreamingHttpResponse sends
each at once); `render_csv` is the same file whole.
"""

import csv
import io
from collections.abc import Iterator

from lk_portal.formatting import DATE, MONEY, PERIOD, QUANTITY, QUANTITY1

from .office import csv_period
from .table import ExportGroup, ExportTable, group_cells, neutralise

ROWS_PER_CHUNK = 2000
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _money(value) -> str:
    # a number Excel reads: no thousand separators; a Decimal of the database has its two places already
    if value is None:
        return ""
    text = str(value)
    return text.replace(".", ",") if text[-3:-2] == "." else f"{value:.2f}".replace(".", ",")


def _exact_money(value) -> str:
    return "" if value is None else f"{value:.2f}".replace(".", ",")


class _Dates(dict):
    """17.04.2015 for a date, each date formatted once (a long export repeats few dates)."""

    def __missing__(self, value) -> str:
        text = "" if value is None else f"{value.day:02d}.{value.month:02d}.{value.year}"
        self[value] = text
        return text


def _text(value) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        value = str(value)
    return "'" + value if value.startswith(FORMULA_STARTS) else value


class _Periods(dict):
    """A period as CSV text, each formatted once."""

    def __missing__(self, value) -> str:
        text = csv_period(value)
        self[value] = text
        return text


# How a body cell of each kind is written, as an expression over the cell `@`: the row function
# below is compiled once per table from these, so a row costs one call and no per-cell dispatch
# (a Decimal of the database has its two places, so str() with a comma is the number Excel reads).
_CELL = {
    MONEY: '("" if @ is None else str(@).replace(".", ","))',
    DATE: "dates[@]",
    PERIOD: "periods[@]",
    QUANTITY: '("" if @ is None else format(@, ".3f").replace(".", ","))',
    QUANTITY1: '("" if @ is None else format(@, ".1f").replace(".", ","))',
}
_TEXT_CELL = "(@ if @.__class__ is str and not @.startswith(FORMULA_STARTS) else text(@))"


def _row_function(table: ExportTable):
    """`row(values) -> list[str]` for this table's columns."""
    names = [f"x{i}" for i in range(len(table.columns))]
    cells = [_CELL.get(c.kind, _TEXT_CELL).replace("@", name) for c, name in zip(table.columns, names, strict=True)]
    unpack = ", ".join(names) + ("," if len(names) == 1 else "")
    source = f"def row(values):\n    {unpack} = values\n    return [{', '.join(cells)}]\n"
    scope = {"dates": _Dates(), "periods": _Periods(), "text": _text, "FORMULA_STARTS": FORMULA_STARTS}
    exec(compile(source, "<csv row>", "exec"), scope)  # noqa: S102 - our own fixed template, no outside text
    return scope["row"]


def _line_value(kind: str, value) -> str:
    """A cell of a group or totals line: the label is text whatever its column's kind."""
    if isinstance(value, str):
        return _text(value)
    if kind == MONEY:
        return _exact_money(value)
    if kind in (QUANTITY, QUANTITY1) and value is not None:
        return format(value, ".3f" if kind == QUANTITY else ".1f").replace(".", ",")
    return {DATE: _Dates().__getitem__, PERIOD: csv_period}.get(kind, _text)(value)


def _head(table: ExportTable, writer) -> None:
    writer.writerow([neutralise(table.title)])
    for line in table.heading:
        writer.writerow([neutralise(line)])
    writer.writerow([])
    writer.writerow([neutralise(c.title) for c in table.columns])


def stream_csv(table: ExportTable) -> Iterator[bytes]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    kinds = [c.kind for c in table.columns]
    convert = _row_function(table)
    _head(table, writer)
    yield buffer.getvalue().encode("utf-8-sig")
    buffer.seek(0)
    buffer.truncate()
    count = 0
    write = writer.writerow
    for item in table.items:
        if isinstance(item, ExportGroup):
            write([_line_value(k, v) for k, v in zip(kinds, group_cells(table, item), strict=True)])
        else:
            write(convert(item))
        count += 1
        if count == ROWS_PER_CHUNK:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
            count = 0
    if table.totals:
        write([_line_value(k, v) for k, v in zip(kinds, group_cells(table, table.totals), strict=True)])
    yield buffer.getvalue().encode("utf-8")


def render_csv(table: ExportTable) -> bytes:
    return b"".join(stream_csv(table))
