import datetime
from decimal import Decimal

import pytest
import xlrd

from lk_portal.exports import xls as xls_module
from lk_portal.exports.table import ExportTooLarge
from lk_portal.exports.xls import render_xls
from tests.support.exports import export_table


def test_numbers_and_dates_are_typed_cells():
    book = xlrd.open_workbook(file_contents=render_xls(export_table()), formatting_info=True)
    sheet = book.sheet_by_index(0)
    rows = [sheet.row_values(i) for i in range(sheet.nrows)]
    header = rows.index(["Текст", "Дата", "Период", "Сумма"])
    assert rows[0][0] == "'=Заголовок"
    assert rows[header + 2][0] == "'-1 формула?"
    assert sheet.cell_type(header + 2, 3) == xlrd.XL_CELL_NUMBER and rows[header + 2][3] == -5
    assert sheet.cell_type(header + 2, 1) == xlrd.XL_CELL_DATE
    assert xlrd.xldate_as_datetime(rows[header + 2][1], book.datemode).date() == datetime.date(2015, 4, 17)
    xf = book.xf_list[sheet.cell_xf_index(header + 2, 3)]
    assert book.format_map[xf.format_key].format_str == "#,##0.00"


def test_xls_refuses_more_than_65536_rows_and_offers_xlsx(monkeypatch):
    with pytest.raises(ExportTooLarge, match="XLSX"):
        render_xls(export_table([], size=70000))
    monkeypatch.setattr(xls_module, "XLS_MAX_ROWS", 7)
    with pytest.raises(ExportTooLarge, match="не более 7 строк"):
        render_xls(export_table([["a", None, "", Decimal(1)]] * 3, groups=False))
