"""XLSX (MS Excel 2007) through openpyxl's write-only mode: real numbers and dates, Russian formats.

A zip cannot be sent before its directory is written, so `stream_xlsx` writes the workbook into a
temporary file (openpyxl keeps no rows in memory in write-only mode) and then sends it in chunks.
"""

import datetime
import io
from collections.abc import Iterator
from decimal import Decimal
from typing import BinaryIO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from lk_portal.formatting import MONEY, NUMBER_FORMATS

from .files import written_chunks
from .office import OutlineLevels, row_outline, row_written, sheet_print_setup
from .table import DATE_FORMAT, MONEY_FORMAT, ExportGroup, ExportTable, group_cells, neutralise


def write_xlsx(table: ExportTable, out: BinaryIO) -> None:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Лист1")
    for index, column in enumerate(table.columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(10, min(60, 12 * column.width))

    # Style arrays computed once and shared by every cell of their kind: per-cell style
    # assignment is what makes openpyxl slow on long tables.
    def proto(number_format: str | None = None, bold: bool = False):
        cell = WriteOnlyCell(sheet)
        if number_format:
            cell.number_format = number_format
        if bold:
            cell.font = Font(bold=True)
        return cell._style

    styles = {
        (Decimal, False): proto(MONEY_FORMAT),
        (Decimal, True): proto(MONEY_FORMAT, bold=True),
        (datetime.date, False): proto(DATE_FORMAT),
        (str, True): proto(bold=True),
    }

    # A quantity column (Гкал with 3 decimals, hours with 1) shows its own decimals; money the default.
    number_styles = [
        proto(NUMBER_FORMATS[c.kind]) if c.kind in NUMBER_FORMATS and c.kind != MONEY else None for c in table.columns
    ]

    def body_cell(index: int, value):
        style = number_styles[index]
        if style is None or not isinstance(value, Decimal):
            return cell(value)
        c = WriteOnlyCell(sheet, value)
        c._style = style
        return c

    def cell(value, bold: bool = False):
        if isinstance(value, str):
            value = neutralise(value)
            style = styles.get((str, True)) if bold else None
        elif isinstance(value, Decimal):
            style = styles[(Decimal, bold)]
        elif isinstance(value, datetime.date):
            style = styles[(datetime.date, False)]
        else:
            return value
        if style is None:
            return value
        c = WriteOnlyCell(sheet, value)
        c._style = style
        return c

    header_row = len(table.heading) + 3  # the title, the heading lines, an empty line, the column titles
    sheet_print_setup(sheet, header_rows=(header_row, header_row), grouped=True)
    outline = OutlineLevels()
    sheet.append([cell(table.title, bold=True)])
    for line in table.heading:
        sheet.append([neutralise(line)])
    sheet.append([])
    sheet.append([cell(c.title, bold=True) for c in table.columns])
    row = header_row
    for item in table.items:
        row += 1
        row_outline(sheet, row, outline.level(item))
        if isinstance(item, ExportGroup):
            sheet.append([cell(v, bold=True) for v in group_cells(table, item)])
        else:
            sheet.append([body_cell(i, v) for i, v in enumerate(item)])
        row_written(sheet, row)
    if table.totals:
        sheet.append([cell(v, bold=True) for v in group_cells(table, table.totals)])
    _footer(sheet, table.footer)
    book.save(out)


def _footer(sheet, lines: list[str]) -> None:
    """The lines under the table (an act's conclusion and signatures), after an empty row."""
    if lines:
        sheet.append([])
    for line in lines:
        sheet.append([neutralise(line)] if line else [])


def stream_xlsx(table: ExportTable) -> Iterator[bytes]:
    return written_chunks(write_xlsx, table)


def render_xlsx(table: ExportTable) -> bytes:
    buffer = io.BytesIO()
    write_xlsx(table, buffer)
    return buffer.getvalue()
