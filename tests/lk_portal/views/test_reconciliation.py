import datetime
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from tests.factories import BillingDocumentFactory, ContractFactory, PaymentFactory, UserFactory
from tests.support.exports import body
from tests.support.html import field, links, options, select_one

pytestmark = pytest.mark.django_db
D = datetime.date
URL = "/lk/reconciliation/"


@pytest.fixture
def contract(abonent_user):
    contract = abonent_user.abonent.contracts.get()
    BillingDocumentFactory(
        contract=contract, number="Счет-фактура №702210010/70", date=D(2014, 12, 31), accrued=Decimal("1000.00")
    )
    BillingDocumentFactory(
        contract=contract, number="Счет-фактура №702222832/70", date=D(2015, 3, 31), accrued=Decimal("30251.84")
    )
    PaymentFactory(contract=contract, number="74", date=D(2015, 3, 30), amount=Decimal("16503.48"))
    return contract


def test_form_is_shown_with_this_year_by_default(abonent_client):
    html = abonent_client.get(URL).content.decode()
    assert "Акт сверки взаимных расчетов" in html
    today = datetime.date.today()
    assert field(html, "date_from")["value"] == f"{today.year}-01-01"
    assert field(html, "date_to")["value"] == today.isoformat()
    assert options(html, "contract")[0] == ("", "все договоры", True)
    assert "Сальдо начальное" not in html


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("date_from=&date_to=2015-12-31", "Укажите начало периода."),
        ("date_from=2015-01-01&date_to=", "Укажите конец периода."),
        ("date_from=31.02.2015&date_to=2015-12-31", "Введите дату в формате ДД.ММ.ГГГГ."),
        ("date_from=2015-12-31&date_to=2015-01-01", "Конец периода раньше его начала."),
    ],
)
def test_wrong_input_gets_a_russian_message_and_keeps_the_values(abonent_client, query, message):
    html = abonent_client.get(f"{URL}?{query}").content.decode()
    assert message in html
    assert "Сальдо начальное" not in html
    if "31.02.2015" in query:
        assert field(html, "date_from")["value"] == "31.02.2015"


def test_act_on_screen(abonent_client, contract):
    html = abonent_client.get(f"{URL}?date_from=01.01.2015&date_to=31.12.2015&contract={contract.pk}").content.decode()
    assert f"по договору № {contract.number} от 01.10.2004" in html
    assert "По данным ОАО «Генерирующая компания», руб." in html
    assert f"По данным {contract.abonent.name}, руб." in html
    assert "Оплата (платежное поручение № 74 от 30.03.2015)" in html
    assert "14 748,36" in html  # 1000 + 30251.84 − 16503.48
    query = f"?date_from=01.01.2015&date_to=31.12.2015&contract={contract.pk}"
    assert links(html, ".grid-exports a") == [
        ("Скачать PDF", f"{query}&export=pdf"),
        ("Скачать XLSX", f"{query}&export=xlsx"),
    ]
    assert select_one(html, 'a[data-export="pdf"]')["target"] == "_blank"
    assert (str(contract.pk), f"{contract.number} от 01.10.2004", True) in options(html, "contract")


def test_act_pdf(abonent_client, contract):
    response = abonent_client.get(f"{URL}?date_from=2015-01-01&date_to=2015-12-31&contract={contract.pk}&export=pdf")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="akt-sverki-20150101-20151231.pdf"'
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(body(response))).pages).split())
    for expected in (
        "Акт сверки взаимных расчетов",
        "за период с 01.01.2015 по 31.12.2015",
        "Сальдо начальное",
        "1 000,00",
        "30 251,84",
        "16 503,48",
        "Обороты за период",
        "Сальдо конечное",
        "14 748,36",
        "Четырнадцать тысяч семьсот сорок восемь рублей 36 копеек".lower(),
        "Главный бухгалтер",
        "М.П.",
        f"От {contract.abonent.name}",
    ):
        assert expected in text, (expected, text)


def test_act_xlsx_has_real_numbers_and_dates(abonent_client, contract):
    response = abonent_client.get(f"{URL}?date_from=2015-01-01&date_to=2015-12-31&contract={contract.pk}&export=xlsx")
    assert response["Content-Disposition"] == 'attachment; filename="akt-sverki-20150101-20151231.xlsx"'
    ws = load_workbook(io.BytesIO(body(response))).active
    rows = {row[1]: row for row in ws.iter_rows(values_only=True) if row[1]}
    opening = rows["Сальдо начальное"]
    assert opening[0] == datetime.datetime(2015, 1, 1)
    assert opening[2] == 1000 and opening[3] is None
    invoice = rows["Счет-фактура №702222832/70 от 31.03.2015"]
    assert invoice[0] == datetime.datetime(2015, 3, 31)
    assert Decimal(str(invoice[2])) == Decimal("30251.84")
    assert Decimal(str(rows["Обороты за период"][3])) == Decimal("16503.48")
    assert Decimal(str(rows["Сальдо конечное"][2])) == Decimal("14748.36")
    cells = {cell.value: cell for row in ws.iter_rows() for cell in row if cell.value is not None}
    assert cells[30251.84].number_format == "#,##0.00"


def test_another_abonents_contract_is_404(abonent_client, contract):
    foreign = ContractFactory()
    assert abonent_client.get(f"{URL}?date_from=2015-01-01&date_to=2015-12-31&contract={foreign.pk}").status_code == 404


def test_another_abonents_data_never_enters_the_act(client, contract):
    stranger = UserFactory(abonent=ContractFactory().abonent)
    client.force_login(stranger)
    html = client.get(f"{URL}?date_from=2015-01-01&date_to=2015-12-31").content.decode()
    assert "30 251,84" not in html
    assert "задолженность отсутствует" in html


def test_an_unknown_export_shows_the_act(abonent_client, contract):
    response = abonent_client.get(f"{URL}?date_from=2015-01-01&date_to=2015-12-31&export=doc")
    assert response.status_code == 200 and "Сальдо конечное" in response.content.decode()
