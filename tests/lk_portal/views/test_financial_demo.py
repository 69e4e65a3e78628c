"""The financial pages on the demo data (lk_portal/services/demo/): what the issue is checked by."""

import datetime
import io
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
import zxingcpp
from openpyxl import load_workbook
from pypdf import PdfReader

from lk_portal.domain.amount_words import amount_in_words
from lk_portal.domain.payment_qr import parse_payment_qr_payload
from lk_portal.formatting import format_money
from lk_portal.models import BillingDocument, Payment, User
from lk_portal.selectors.reconciliation import reconciliation_act
from lk_portal.services.demo import DEMO_LOGIN, demo_load
from tests.support.exports import body
from tests.support.html import links, select_one, table_rows, text_of
from tests.support.viewers import viewer_of

pytestmark = pytest.mark.django_db
D = datetime.date


WINTER = D(2026, 12, 2)


@pytest.fixture
def demo_client(client):
    """The demo loaded on 02.12.2026 and looked at that day."""
    with time_machine.travel(
        datetime.datetime.combine(WINTER, datetime.time(9), ZoneInfo("Europe/Moscow")), tick=False
    ):
        demo_load(abonents=1, years=2)
        user = User.objects.get(username=DEMO_LOGIN)
        client.force_login(user)
        yield client, user.abonent


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
    # The oldest unpaid document: October's invoice, its remainder overdue since 10.11.2026.
    assert (document.doc_type, document.period, document.due_date) == ("invoice", D(2026, 10, 1), D(2026, 11, 10))
    assert amount_in_words(document.debt) in text
    assert "ОАО «Теплопотребитель», ИНН 1234567890, КПП 123456789" in text
    vat = (document.debt * 22 / 122).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    assert f"В том числе НДС (22%): {format_money(vat)}" in text  # the VAT of 2026

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
    assert fields["Sum"] == str(int(document.debt * 100))
    assert fields["PayerINN"] == "1234567890"
    assert fields["Purpose"] == (
        f"Оплата по дог. №05 Т от 01.10.2004 за 2026,10 по {document.number} от 31.10.2026. "
        f"Сумма {format_money(document.debt).replace(' ', '').replace(',', '-')} "
        f"В т.ч. НДС (22%) {format_money(vat).replace(' ', '').replace(',', '-')}"
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
        row[1]: row for row in load_workbook(io.BytesIO(body(response))).active.iter_rows(values_only=True) if row[1]
    }
    turnover = rows["Обороты за период"]
    assert (Decimal(str(turnover[2])), Decimal(str(turnover[3]))) == (debit, credit)
    closing = rows["Сальдо конечное"]
    closing_value = Decimal(str(closing[2])) if closing[2] is not None else -Decimal(str(closing[3]))
    assert closing_value == act.closing


def test_demo_payment_terms_show_the_guide_terms_and_calendar(demo_client):
    client, abonent = demo_client
    html = client.get("/lk/payment-terms/").content.decode()
    terms = table_rows(html, "table.payment-terms")
    assert terms[0][:2] == ["18", "35"] and terms[1][:2] == ["27", "50"]
    # The contractual amount has followed the tariff since 2015's 20 629,34; December's bills are
    # 35 % and 50 % of it, and so are the calendar's next advances.
    contract = abonent.contracts.get()
    assert contract.contract_amount > Decimal("20629.34")
    assert f"Суммы рассчитаны от договорной суммы {format_money(contract.contract_amount)} руб. в месяц." in html
    for bill in BillingDocument.objects.filter(contract=contract, period=D(2026, 12, 1), doc_type="bill"):
        assert format_money(bill.debt) in html and bill.due_date in (D(2026, 12, 18), D(2026, 12, 27))


def test_demo_debt_page_is_the_header_s_breakdown(demo_client):
    client, abonent = demo_client
    html = client.get("/lk/debt/").content.decode()
    unpaid = list(BillingDocument.objects.filter(abonent=abonent, debt__gt=0))
    debt = sum(d.debt for d in unpaid)
    penalties = sum(d.penalties or 0 for d in unpaid)
    assert penalties > 0
    header = f"Текущая задолженность на 02.12.2026: {format_money(debt + penalties)} руб., включая пени {format_money(penalties)} руб."
    assert header in html
    # The breakdown's total row: the documents' debts and their пени add up to the header.
    total = [text_of(td) for td in select_one(html, "table.debt-by-document tfoot").find_all("td")]
    assert [total[0], total[1], total[-1]] == [
        f"Итого: документов {len(unpaid)}",
        format_money(debt),
        format_money(penalties),
    ]
    assert "Дней просрочки на 02.12.2026" in html
    assert "-17,51" not in html  # the guide's line of 2015 is history now
