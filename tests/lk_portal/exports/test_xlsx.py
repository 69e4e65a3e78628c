import datetime
import io

import openpyxl

from lk_portal.exports.xlsx import render_xlsx
from tests.support.exports import export_table


def test_real_numbers_and_dates_with_russian_formats_and_no_formulas():
    sheet = openpyxl.load_workbook(io.BytesIO(render_xlsx(export_table()))).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][0] == "'=Заголовок"
    header = values.index(("Текст", "Дата", "Период", "Сумма"))
    assert values[header + 2] == ("'-1 формула?", datetime.datetime(2015, 4, 17), "2015,04", -5)
    assert sheet.cell(row=header + 3, column=2).number_format == "DD.MM.YYYY"
    assert sheet.cell(row=header + 3, column=4).number_format == "#,##0.00"
    assert sheet.cell(row=header + 2, column=1).font.b  # a group line is bold
    assert values[-1][0] == "Итого (записей: 2)" and float(values[-1][3]) == 7215.27
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
