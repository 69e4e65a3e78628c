"""XLS (MS Excel 97–2003) through xlwt: real numbers and dates with Russian formats; 65 536 rows at most."""

import io
from decimal import Decimal

import xlwt

from lk_portal.formatting import MONEY

from .table import DATE_FORMAT, MONEY_FORMAT, ExportGroup, ExportTable, ExportTooLarge, group_cells, neutralise

XLS_MAX_ROWS = 65536


def xls_rows_needed(table: ExportTable) -> int:
    return len(table.heading) + 3 + table.size + (1 if table.totals else 0)


def xls_check(table: ExportTable) -> None:
    needed = xls_rows_needed(table)
    if needed > XLS_MAX_ROWS:
        raise ExportTooLarge(
            f"Формат XLS вмещает не более {XLS_MAX_ROWS:,} строк, а в выгрузке их {needed:,}. "
            "Выгрузите данные в XLSX (MS Excel 2007) или сузьте отбор.".replace(",", " ")
        )


def render_xls(table: ExportTable) -> bytes:
    xls_check(table)
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("Лист1")
    bold = xlwt.easyxf("font: bold on")
    money = xlwt.easyxf(num_format_str=MONEY_FORMAT)
    money_bold = xlwt.easyxf("font: bold on", num_format_str=MONEY_FORMAT)
    date = xlwt.easyxf(num_format_str=DATE_FORMAT)
    plain = xlwt.Style.default_style
    row = 0
    sheet.write(row, 0, neutralise(table.title), bold)
    for line in table.heading:
        row += 1
        sheet.write(row, 0, neutralise(line))
    row += 2
    for index, column in enumerate(table.columns):
        sheet.write(row, index, neutralise(column.title), bold)
        sheet.col(index).width = int(256 * max(10, min(60, 12 * column.width)))

    def write_line(values, is_group: bool) -> None:
        for index, value in enumerate(values):
            if value is None:
                continue
            if isinstance(value, Decimal) or (table.columns[index].kind == MONEY and value != ""):
                sheet.write(row, index, value, money_bold if is_group else money)
            elif isinstance(value, str):
                sheet.write(row, index, neutralise(value), bold if is_group else plain)
            else:
                sheet.write(row, index, value, date)

    for item in table.items:
        row += 1
        if isinstance(item, ExportGroup):
            write_line(group_cells(table, item), True)
        else:
            write_line(item, False)
    if table.totals:
        row += 1
        write_line(group_cells(table, table.totals), True)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
