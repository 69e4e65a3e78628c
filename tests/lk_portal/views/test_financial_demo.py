"""The financial pages on the demo data (lk_portal/services/demo/): what the issue is checked by."""

import datetime
import io
from decimal import Decimal

import pytest
import zxingcpp
from openpyxl import load_workbook
from pypdf import PdfReader

from lk_portal.domain.payment_qr import parse_payment_qr_payload
from lk_portal.models import BillingDocument, Payment, User
from lk_portal.selectors.reconciliation import reconciliation_act
from lk_portal.services.demo import DEMO_LOGIN, demo_load
from tests.support.html import links, table_rows
from tests.support.viewers import viewer_of

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def demo_client(client):
    demo_load(abonents=1, years=2)
    user = User.objects.get(username=DEMO_LOGIN)
    client.force_login(user)
    return client, user.abonent


def test_demo_unpaid_document_prints_with_a_valid_gost_qr(demo_client):
    client, abonent = demo_client
    unpaid = BillingDocument.objects.filter(abonent=abonent, debt__gt=0)
    assert unpaid.exists()
    document = unpaid.order_by("date").first()
    bank = abonent.branch.bank_details

    html = client.get("/lk/to-pay/").content.decode()
    assert ("Печать", f"/lk/to-pay/{document.pk}/pdf/") in links(html, "table a")

    response = client.get(f"/lk/to-pay/{document.pk}/pdf/")
    assert response.status_code == 200
    page = PdfReader(io.BytesIO(response.content)).pages[0]
    text = " ".join(page.extract_text().split())
    assert "Три тысячи шестьсот десять рублей 13 копеек" in text
    assert "ОАО «Теплопотребитель», ИНН 1234567890, КПП 123456789" in text
    assert "В том числе НДС (18%): 550,70" in text  # 3610.13 × 18 / 118 = 550.698…

    (result,) = zxingcpp.read_barcodes(page.images[0].image)
    payload = result.bytes.decode("utf-8")
    assert payload.startswith("ST00012|Name=")
    fields = parse_payment_qr_payload(payload)
    assert list(fields) == [
        "Name",
        "PersonalAcc",
        "BankName",
        "BIC",
        "CorrespAcc",
        "PayeeINN",
        "KPP",
        "Sum",
        "Purpose",
        "PayerINN",
    ]
    assert fields["Name"] == bank.payee_name
    assert fields["PersonalAcc"] == bank.account and len(fields["PersonalAcc"]) == 20
    assert fields["BankName"] == bank.bank_name
    assert fields["BIC"] == bank.bic and len(fields["BIC"]) == 9
    assert fields["CorrespAcc"] == bank.corr_account
    assert fields["PayeeINN"] == bank.inn
    assert fields["KPP"] == bank.kpp
    assert fields["Sum"] == "361013" == str(int(document.debt * 100))
    assert fields["PayerINN"] == "1234567890"
    assert fields["Purpose"] == (
        "Оплата по дог. №05 Т от 01.10.2004 за 2015,09 по Счет на оплату № 1231 от 01.09.2015. "
        "Сумма 3610-13 В т.ч. НДС (18%) 550-70"
    )


def _python_totals(abonent, start, end):
    """Sums over the rows themselves, independent of the selector's aggregates."""
    invoices = [
        d for d in BillingDocument.objects.filter(abonent=abonent) if d.doc_type == "invoice" and d.accrued is not None
    ]
    payments = list(Payment.objects.filter(abonent=abonent))
    before = sum((d.accrued for d in invoices if d.date < start), Decimal(0)) - sum(
        (p.amount for p in payments if p.date < start), Decimal(0)
    )
    debit = sum((d.accrued for d in invoices if start <= d.date <= end), Decimal(0))
    credit = sum((p.amount for p in payments if start <= p.date <= end), Decimal(0))
    count = sum(1 for d in invoices if start <= d.date <= end) + sum(1 for p in payments if start <= p.date <= end)
    return before, debit, credit, count


def test_demo_reconciliation_2015_agrees_with_the_rows(demo_client):
    client, abonent = demo_client
    start, end = D(2015, 1, 1), D(2015, 12, 31)
    act = reconciliation_act(viewer=viewer_of(abonent), contract=None, date_from=start, date_to=end)
    before, debit, credit, count = _python_totals(abonent, start, end)
    assert (act.opening, act.debit_total, act.credit_total, len(act.lines)) == (before, debit, credit, count)
    assert act.closing == before + debit - credit
    assert Decimal("30251.84") in [line.debit for line in act.lines]  # the guide's March invoice
    assert Decimal("7220.27") in [line.credit for line in act.lines]  # the guide's payment № 86
    previous = reconciliation_act(
        viewer=viewer_of(abonent), contract=None, date_from=D(2014, 1, 1), date_to=D(2014, 12, 31)
    )
    assert act.opening == previous.closing

    response = client.get("/lk/reconciliation/?date_from=2015-01-01&date_to=2015-12-31&export=xlsx")
    rows = {
        row[1]: row for row in load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True) if row[1]
    }
    turnover = rows["Обороты за период"]
    assert (Decimal(str(turnover[2])), Decimal(str(turnover[3]))) == (debit, credit)
    closing = rows["Сальдо конечное"]
    closing_value = Decimal(str(closing[2])) if closing[2] is not None else -Decimal(str(closing[3]))
    assert closing_value == act.closing


def test_demo_payment_terms_show_the_guide_terms_and_calendar(demo_client):
    client, _ = demo_client
    html = client.get("/lk/payment-terms/").content.decode()
    terms = table_rows(html, "table.payment-terms")
    assert terms[0][:2] == ["18", "35"] and terms[1][:2] == ["27", "50"]
    assert "Суммы рассчитаны от договорной суммы 20 629,34 руб. в месяц." in html
    assert "7 220,27" in html  # 35 % of 20 629,34


def test_demo_debt_page_lists_the_unpaid_bill(demo_client):
    client, _ = demo_client
    html = client.get("/lk/debt/").content.decode()
    assert "-17,51" in html
    assert "1231" in html and "18.09.2015" in html
