import csv
import datetime
import io
from decimal import Decimal

import openpyxl
import pytest

from lk_portal.exports import xls as xls_module
from lk_portal.exports.csv_export import render_csv
from lk_portal.exports.table import DATE, MONEY, ExportColumn, ExportGroup, ExportTable, ExportTooLarge, neutralise
from lk_portal.exports.xls import render_xls
from lk_portal.exports.xlsx import render_xlsx
from lk_portal.grid.export import export_filename, transliterate


@pytest.mark.parametrize("text", ["=1+1", "+7 843", "-2+3", "@SUM(A1)", "\tx"])
def test_formula_starts_are_neutralised(text):
    assert neutralise(text) == "'" + text


@pytest.mark.parametrize("text", ["Аванс", "1=1", "05 Т", ""])
def test_ordinary_text_is_kept(text):
    assert neutralise(text) == text


def table(rows, size=None):
    return ExportTable(
        title="=Заголовок",
        heading=["Абонент: -ООО"],
        columns=[ExportColumn("Текст"), ExportColumn("Дата", DATE), ExportColumn("Сумма", MONEY)],
        items=iter(rows),
        totals=ExportGroup(level=-1, label="Итого", sums={2: Decimal("-5.00")}),
        size=len(rows) if size is None else size,
    )


def test_csv_and_xlsx_neutralise_text_but_keep_negative_numbers():
    rows = [["-1 формула?", datetime.date(2015, 4, 17), Decimal("-5.00")]]
    parsed = list(csv.reader(io.StringIO(render_csv(table(rows)).decode("utf-8-sig")), delimiter=";"))
    assert parsed[0] == ["'=Заголовок"] and parsed[1] == ["Абонент: -ООО"]
    assert parsed[-2] == ["'-1 формула?", "17.04.2015", "-5,00"]
    sheet = openpyxl.load_workbook(io.BytesIO(render_xlsx(table(rows)))).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[-2][0] == "'-1 формула?" and values[-2][2] == -5
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_xls_refuses_more_than_65536_rows_and_offers_xlsx(monkeypatch):
    with pytest.raises(ExportTooLarge, match="XLSX"):
        render_xls(table([], size=70000))
    monkeypatch.setattr(xls_module, "XLS_MAX_ROWS", 7)
    with pytest.raises(ExportTooLarge, match="не более 7 строк"):
        render_xls(table([["a", None, Decimal(1)]] * 3))


@pytest.mark.django_db
def test_xls_too_large_in_the_page_gives_a_russian_message(client, monkeypatch):
    from tests.support.guide import guide_abonent

    user, _ = guide_abonent()
    client.force_login(user)
    monkeypatch.setattr(xls_module, "XLS_MAX_ROWS", 5)
    response = client.get("/lk/payments/?q=аванс&export=xls")
    html = response.content.decode()
    assert response.status_code == 400
    assert "Формат XLS вмещает не более 5 строк" in html
    assert 'href="/lk/payments/?q=%D0%B0%D0%B2%D0%B0%D0%BD%D1%81&amp;export=xlsx"' in html


def test_file_names_say_what_they_hold():
    assert transliterate("05 Т") == "05T"
    assert transliterate("12/Ж-3") == "12ZH-3"
    assert export_filename(slug="oplata", contract_number="05 Т", fmt="xlsx", today=datetime.date(2015, 9, 7)) == (
        "oplata_05T_2015-09-07.xlsx"
    )
    assert export_filename(slug="oplata", contract_number=None, fmt="csv", today=datetime.date(2015, 9, 7)) == (
        "oplata_2015-09-07.csv"
    )
