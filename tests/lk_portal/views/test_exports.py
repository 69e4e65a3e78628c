"""Every export format read back: the current view's rows, numbers as numbers, Russian text right."""

import csv
import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
import xlrd
from pypdf import PdfReader

from tests.factories import PaymentFactory
from tests.support.exports import body, rtf_text
from tests.support.guide import guide_abonent
from tests.support.html import links, page_text

pytestmark = pytest.mark.django_db

TITLES = [
    "№ договора",
    "№ документа оплаты",
    "Дата оплаты",
    "Отчетный период",
    "Сумма оплаты",
    "Вид реализации",
    "Назначение платежа",
]
QUERY = "q=аванс&f_period_from=2015-01&f_period_to=2015-12&group=period&sort=-amount"


@pytest.fixture
def guide(client):
    user, contract = guide_abonent()
    # outside the filter: another year, and a payment that is not an advance
    PaymentFactory(
        contract=contract,
        number="55",
        date=datetime.date(2014, 5, 5),
        period=datetime.date(2014, 5, 1),
        kind="Аванс",
        purpose="аванс",
    )
    PaymentFactory(
        contract=contract,
        number="90",
        date=datetime.date(2015, 4, 20),
        period=datetime.date(2015, 4, 1),
        kind="Основная реализация",
        purpose="Оплата по счету-фактуре",
    )
    # a hostile text cell
    PaymentFactory(
        contract=contract,
        number="91",
        date=datetime.date(2015, 4, 21),
        period=datetime.date(2015, 4, 1),
        amount=Decimal("-17.51"),
        kind="Аванс",
        purpose='=HYPERLINK("http://evil")',
    )
    client.force_login(user)
    return user, contract


def fetch(client, contract, fmt):
    response = client.get(f"/lk/payments/?contract={contract.pk}&{QUERY}&export={fmt}")
    assert response.status_code == 200
    assert response.streaming, fmt
    today = datetime.date.today().isoformat()
    assert response["Content-Disposition"] == f'attachment; filename="oplata_05T_{today}.{fmt}"'
    return body(response)


def test_xlsx(client, guide):
    _, contract = guide
    sheet = openpyxl.load_workbook(io.BytesIO(fetch(client, contract, "xlsx"))).active
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    text = "\n".join(str(c) for r in rows for c in r if c is not None)
    assert "Абонент: " in text and "ИНН: " in text and "Договор: 05 Т от 01.10.2004" in text
    assert "Поиск: «аванс»" in text and "Отчетный период: с 2015,01 по 2015,12" in text
    header = rows.index(TITLES)
    body = rows[header + 1 :]
    assert body[0][0] == "Отчетный период: 2015,03 (записей: 1)" and body[0][4] == pytest.approx(16503.48)
    assert body[1][:6] == ["05 Т", "74", datetime.datetime(2015, 3, 30), "2015,03", pytest.approx(16503.48), "Аванс"]
    assert body[2][0] == "Отчетный период: 2015,04 (записей: 2)" and body[2][4] == pytest.approx(7202.76)
    assert body[3][1] == "86" and body[3][4] == pytest.approx(7220.27)
    assert body[4][1] == "91" and body[4][4] == pytest.approx(-17.51)  # a negative amount stays a number
    assert body[4][6] == '\'=HYPERLINK("http://evil")'
    assert body[5][0] == "Итого (записей: 3)" and body[5][4] == pytest.approx(23706.24)
    assert len(body) == 6
    cell = sheet.cell(row=header + 3, column=5)
    assert cell.number_format == "#,##0.00"
    assert sheet.cell(row=header + 3, column=3).number_format == "DD.MM.YYYY"


def test_xls(client, guide):
    _, contract = guide
    book = xlrd.open_workbook(file_contents=fetch(client, contract, "xls"), formatting_info=True)
    sheet = book.sheet_by_index(0)
    rows = [sheet.row_values(i) for i in range(sheet.nrows)]
    header = rows.index(TITLES)
    data = rows[header + 1 :]
    assert data[1][1] == "74" and data[1][4] == pytest.approx(16503.48)
    assert sheet.cell_type(header + 2, 4) == xlrd.XL_CELL_NUMBER
    assert sheet.cell_type(header + 2, 2) == xlrd.XL_CELL_DATE
    assert xlrd.xldate_as_datetime(data[1][2], book.datemode).date() == datetime.date(2015, 3, 30)
    xf = book.xf_list[sheet.cell_xf_index(header + 2, 2)]
    assert book.format_map[xf.format_key].format_str == "DD.MM.YYYY"
    assert data[4][4] == pytest.approx(-17.51)
    assert data[4][6] == '\'=HYPERLINK("http://evil")'
    assert data[5][0] == "Итого (записей: 3)"


def test_csv(client, guide):
    _, contract = guide
    content = fetch(client, contract, "csv")
    assert content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    header = rows.index(TITLES)
    body = rows[header + 1 :]
    assert body[0][0] == "Отчетный период: 2015,03 (записей: 1)" and body[0][4] == "16503,48"
    assert body[1][:6] == ["05 Т", "74", "30.03.2015", "Март 2015 г.", "16503,48", "Аванс"]
    assert body[4][4] == "-17,51"  # a number, not neutralised
    assert body[4][6] == '\'=HYPERLINK("http://evil")'
    assert body[5][:5] == ["Итого (записей: 3)", "", "", "", "23706,24"]
    assert len(body) == 6


def test_rtf(client, guide):
    _, contract = guide
    content = fetch(client, contract, "rtf").decode("ascii")
    assert content.startswith("{\\rtf1") and content.rstrip().endswith("}")
    assert content.count("{") == content.count("}")
    text = rtf_text(content)
    for expected in [
        "Оплата",
        "№ документа оплаты",
        "Отчетный период: 2015,04 (записей: 2)",
        "16 503,48",
        "7 220,27",
        "-17,51",
        "Итого (записей: 3)",
        "23 706,24",
        "Договор: 05 Т от 01.10.2004",
    ]:
        assert expected in text
    assert "Основная реализация" not in text and "2014,05" not in text
    assert content.count("\\row") == 1 + 2 + 3 + 1  # header, 2 groups, 3 rows, totals


def test_pdf(client, guide):
    _, contract = guide
    reader = PdfReader(io.BytesIO(fetch(client, contract, "pdf")))
    text = " ".join(page.extract_text() for page in reader.pages)
    for expected in [
        "Оплата",
        "Назначение платежа",
        "Отчетный период: 2015,04 (записей: 2)",
        "16 503,48",
        "7 220,27",
        "-17,51",
        "Итого (записей: 3)",
        "23 706,24",
        "Договор: 05 Т от 01.10.2004",
    ]:
        assert expected in text
    assert "Основная реализация" not in text


def test_export_holds_all_pages_not_just_the_current_one(client, guide):
    _, contract = guide
    for n in range(30):
        PaymentFactory(
            contract=contract, number=f"4{n:02d}", date=datetime.date(2016, 1, 1), period=datetime.date(2016, 1, 1)
        )
    response = client.get(f"/lk/payments/?contract={contract.pk}&f_period_from=2016-01&per_page=10&page=2&export=csv")
    rows = list(csv.reader(io.StringIO(body(response).decode("utf-8-sig")), delimiter=";"))
    header = rows.index(TITLES)
    assert len(rows[header + 1 : -1]) == 30


def test_unknown_format_is_404(client, guide):
    assert client.get("/lk/payments/?export=docx").status_code == 404


def test_export_without_contract_is_named_without_it(client, guide):
    response = client.get("/lk/documents/?export=xlsx")
    assert response["Content-Disposition"].startswith('attachment; filename="platezhnye_dokumenty_2')


def test_xls_too_large_in_the_page_gives_a_russian_message(client, guide, monkeypatch):
    from lk_portal.exports import xls as xls_module

    monkeypatch.setattr(xls_module, "XLS_MAX_ROWS", 5)
    response = client.get("/lk/payments/?q=аванс&export=xls")
    assert response.status_code == 400
    assert "Формат XLS вмещает не более 5 строк" in page_text(response)
    assert ("Экспорт в XLSx (MS Excel 2007)", "/lk/payments/?q=%D0%B0%D0%B2%D0%B0%D0%BD%D1%81&export=xlsx") in links(
        response, "a.button"
    )
