"""The demo loaded on given days (time-machine): a consistent present on every day, again on a later day."""

import datetime
import random
from collections import Counter
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db.models import Count

from lk_portal.domain.payment_calendar import payment_calendar
from lk_portal.models import Abonent, BillingDocument, Contract, DebtSnapshot, Payment, Tariff
from lk_portal.selectors.debt import debt_latest_snapshots, debt_summary
from lk_portal.selectors.payment_documents import unpaid_document_list, unpaid_documents_totals
from lk_portal.selectors.payment_terms import contract_base_amount
from lk_portal.selectors.reconciliation import reconciliation_act
from lk_portal.selectors.tariffs import tariff_current_by_contract
from lk_portal.selectors.viewer import Viewer
from lk_portal.services.demo import demo_load
from lk_portal.services.demo.prices import vat_rate_on
from lk_portal.services.demo.rows import DOCUMENT_COLUMNS, PAYMENT_COLUMNS, add_months, bulk_write, history_rows

pytestmark = pytest.mark.django_db
D = datetime.date
MOSCOW = ZoneInfo("Europe/Moscow")
WINTER = D(2026, 12, 2)
LATER = D(2027, 2, 16)
GUIDE_INN = "1234567890"


def load_on(day: datetime.date, *, abonents: int = 3, years: int = 2):
    # 00:30 in Moscow is the day before in UTC: the demo's day is Moscow's.
    with time_machine.travel(datetime.datetime.combine(day, datetime.time(0, 30), tzinfo=MOSCOW), tick=False):
        return demo_load(abonents=abonents, years=years)


def generated_abonents():
    return Abonent.objects.filter(contracts__isnull=False).distinct().order_by("inn")


def assert_consistent(today: datetime.date) -> None:
    """What every page of every generated abonent relies on, on `today`."""
    this = today.replace(day=1)
    for abonent in generated_abonents():
        viewer = Viewer(abonent=abonent)
        contracts = list(abonent.contracts.all())
        # Header = the breakdown: its debt is the unpaid documents' debts with their пени.
        summary = debt_summary(viewer=viewer)
        totals = unpaid_documents_totals(viewer=viewer)
        penalties = totals["penalties"] or Decimal("0.00")
        assert summary.as_of == today, abonent
        assert (summary.debt, summary.penalties) == (totals["debt"] + penalties, penalties), abonent
        for line in debt_latest_snapshots(viewer=viewer):
            unpaid = list(unpaid_document_list(viewer=viewer, contract=line.contract))
            fines = sum((d.penalties or 0 for d in unpaid), Decimal(0))
            assert line.debt == sum((d.debt for d in unpaid), Decimal(0)) + fines
            assert line.penalties == fines
        # Nothing unpaid is old, nothing is dated after today.
        assert not unpaid_document_list(viewer=viewer).filter(due_date__lt=today - datetime.timedelta(days=100))
        assert not BillingDocument.objects.filter(abonent=abonent, date__gt=today).exists()
        assert not Payment.objects.filter(abonent=abonent, date__gt=today).exists()
        for contract in contracts:
            documents = BillingDocument.objects.filter(contract=contract)
            # The history reaches this month: its advance bills, and last month's invoice.
            assert documents.filter(period=this, doc_type="bill").count() == 2, contract
            assert documents.filter(period=add_months(this, -1), doc_type="invoice").count() == 1, contract
            assert not documents.filter(period__gt=this).exists()
            # Upcoming payments, at the amounts of this month's bills.
            terms = list(contract.payment_terms.all())
            calendar = payment_calendar(
                contract=contract, today=today, terms=terms, base=contract_base_amount(contract=contract)
            )
            assert calendar, contract
            bills = {d.due_date: d.paid + (d.debt or 0) for d in documents.filter(period=this, doc_type="bill")}
            for item in calendar:
                if item.due_date in bills:
                    assert item.amount == bills[item.due_date]
        # Tariffs in force today for every contract.
        assert all(tariffs for _, tariffs in tariff_current_by_contract(viewer=viewer, contracts=contracts, on=today))
    # No month holds a document twice.
    per_month = (
        BillingDocument.objects.filter(external_id__startswith="DM-")
        .values("contract_id", "period", "doc_type")
        .annotate(n=Count("id"))
    )
    assert all(row["n"] == (1 if row["doc_type"] == "invoice" else 2) for row in per_month)


def state():
    """Every row the demo keeps, without ids."""
    return (
        sorted(Payment.objects.values_list("external_id", "contract__number", "number", "date", "period", "amount")),
        sorted(
            BillingDocument.objects.values_list(
                "external_id", "contract__number", "date", "period", "accrued", "paid", "debt", "vat_rate", "penalties"
            )
        ),
        sorted(DebtSnapshot.objects.values_list("contract__number", "as_of", "debt", "penalties")),
        sorted(Tariff.objects.values_list("external_id", "rate", "vat_rate", "valid_from")),
        sorted(Contract.objects.values_list("number", "contract_amount")),
    )


@pytest.mark.parametrize("day", [WINTER, D(2026, 7, 31), D(2027, 1, 1), D(2019, 3, 18)], ids=str)
def test_the_demo_is_consistent_on_the_day_it_is_loaded(day):
    load_on(day)
    assert_consistent(day)


def test_loading_twice_on_a_day_changes_nothing():
    load_on(WINTER)
    first = state()
    report = load_on(WINTER)
    assert state() == first
    assert report.summary() == "ничего не изменилось"
    assert Abonent.objects.count() == 4


def test_a_later_day_brings_the_demo_to_that_day_as_a_fresh_load_would():
    load_on(WINTER)
    guide_before = Payment.objects.filter(contract__number="05 Т", date__lte=WINTER).count()
    report = load_on(LATER)
    assert report.updated["документов"] > 0  # December's bills are invoiced, November's rest paid …
    assert_consistent(LATER)
    assert Payment.objects.filter(contract__number="05 Т", date__lte=WINTER).count() == guide_before
    extended = state()

    # The same day loaded into an empty demo: the guide's contract has exactly the same rows; the
    # generated abonents' histories began two months later, the rest is the same.
    Abonent.objects.exclude(inn=GUIDE_INN).delete()
    BillingDocument.objects.filter(external_id__startswith="DM-").delete()
    Payment.objects.filter(external_id__startswith="DM-").delete()
    DebtSnapshot.objects.filter(as_of__gt=D(2015, 9, 7)).delete()
    load_on(LATER)
    fresh = state()
    first_fresh = add_months(LATER.replace(day=1), -23)
    for extended_rows, fresh_rows, period_at in ((extended[0], fresh[0], 4), (extended[1], fresh[1], 3)):
        assert [r for r in extended_rows if r[1] == "05 Т"] == [r for r in fresh_rows if r[1] == "05 Т"]
        assert [r for r in extended_rows if r[period_at] >= first_fresh] == [
            r for r in fresh_rows if r[period_at] >= first_fresh
        ]
    assert extended[2:] == fresh[2:]


def test_going_back_a_day_removes_what_is_dated_after_it():
    load_on(LATER)
    load_on(WINTER)
    assert_consistent(WINTER)


def test_the_guide_contract_s_act_of_this_year_closes_where_the_ledger_and_the_debt_line_say():
    load_on(WINTER)
    abonent = Abonent.objects.get(inn=GUIDE_INN)
    act = reconciliation_act(viewer=Viewer(abonent=abonent), contract=None, date_from=D(2026, 1, 1), date_to=WINTER)
    assert len(act.lines) >= 30 and act.debit_total > 0 and act.credit_total > 0
    invoices = BillingDocument.objects.filter(abonent=abonent, doc_type="invoice", date__lte=WINTER)
    ledger = sum(d.accrued for d in invoices) - sum(p.amount for p in Payment.objects.filter(abonent=abonent))
    assert act.closing == ledger
    # The debt line holds also the bills of December (not invoiced yet) and the пени.
    line = DebtSnapshot.objects.get(contract__abonent=abonent, as_of=WINTER)
    billed = sum(
        d.paid + d.debt for d in BillingDocument.objects.filter(abonent=abonent, doc_type="bill", debt__isnull=False)
    )
    assert line.debt - line.penalties == act.closing + billed
    # The winter's late remainder: an October invoice overdue, with пени.
    overdue = unpaid_document_list(viewer=Viewer(abonent=abonent)).filter(due_date__lt=WINTER)
    assert [d.period for d in overdue] == [D(2026, 10, 1)]
    assert overdue[0].penalties > 0 and line.penalties == overdue[0].penalties


def test_documents_and_tariffs_carry_the_vat_of_their_date():
    load_on(WINTER, years=9)
    rates = Counter()
    for day, rate in BillingDocument.objects.filter(external_id__startswith="DM-").values_list("date", "vat_rate"):
        assert rate == vat_rate_on(day)
        rates[(day.year, rate)] += 1
    assert {(2018, Decimal("18")), (2019, Decimal("20")), (2025, Decimal("20")), (2026, Decimal("22"))} <= set(rates)
    for valid_from, rate in Tariff.objects.values_list("valid_from", "vat_rate"):
        assert rate == vat_rate_on(valid_from)
    current = Tariff.objects.filter(valid_from__lte=WINTER, valid_to__gte=WINTER)
    assert current.count() == 3 and {t.valid_from for t in current} == {D(2026, 7, 1)}
    assert all(t.decree for t in current)


def test_a_demo_made_while_it_lived_in_2015_is_brought_to_the_present():
    load_on(WINTER)
    # What the generator before this one left: an abonent's history to August 2015 with the debt
    # line of its end, and the guide's contract's unpaid bill of September 2015.
    contract = Contract.objects.exclude(abonent__inn=GUIDE_INN).order_by("id").first()
    Payment.objects.filter(contract=contract).delete()
    BillingDocument.objects.filter(contract=contract).delete()
    DebtSnapshot.objects.filter(contract=contract).delete()
    old = history_rows(
        rng=random.Random(1),
        abonent_id=contract.abonent_id,
        contract_id=contract.id,
        key=contract.abonent.inn,
        base=Decimal("50000"),
        first_month=D(2014, 9, 1),
        last_month=D(2015, 8, 1),
    )
    bulk_write(BillingDocument, DOCUMENT_COLUMNS, old.documents, skip_existing=False)
    bulk_write(Payment, PAYMENT_COLUMNS, old.payments, skip_existing=False)
    DebtSnapshot.objects.create(
        abonent_id=contract.abonent_id, contract=contract, as_of=D(2015, 8, 31), debt=Decimal("1000"), penalties=0
    )
    guide = Contract.objects.get(number="05 Т")
    BillingDocument.objects.create(
        external_id="G-demo-unpaid-2015-09",
        abonent=guide.abonent,
        contract=guide,
        doc_type="bill",
        name="за тепло",
        number="1231",
        date=D(2015, 9, 1),
        period=D(2015, 9, 1),
        accrued=Decimal("3610.13"),
        paid=Decimal("0.00"),
        debt=Decimal("3610.13"),
        kind="Аванс",
    )
    load_on(WINTER)
    assert not BillingDocument.objects.filter(external_id__startswith="G-", contract=contract).exists()
    assert not BillingDocument.objects.filter(external_id="G-demo-unpaid-2015-09").exists()
    assert_consistent(WINTER)


def test_the_guide_s_rows_stay_as_the_guide_has_them_on_every_day():
    from lk_portal.services.demo.guide import GUIDE_CURATORS, GUIDE_DOCUMENTS, GUIDE_PAYMENTS, GUIDE_TERMS

    for day in (WINTER, LATER):
        load_on(day)
        contract = Contract.objects.get(number="05 Т")
        assert (contract.start_date, contract.status, contract.abonent.inn) == (D(2004, 10, 1), "Активный", GUIDE_INN)
        assert [(c.position, c.full_name, c.phone) for c in contract.curators.all()] == GUIDE_CURATORS
        assert [(t.day, t.percent, t.kind, t.next_month) for t in contract.payment_terms.all()] == GUIDE_TERMS
        payments = Payment.objects.filter(external_id__in=[p[0] for p in GUIDE_PAYMENTS]).order_by("-date")
        assert [(p.external_id, p.number, p.date, p.period, p.amount, p.kind, p.purpose) for p in payments] == (
            GUIDE_PAYMENTS
        )
        documents = {d.external_id: d for d in BillingDocument.objects.filter(contract=contract)}
        for external_id, doc_type, number, date, period, accrued, paid, debt, kind in GUIDE_DOCUMENTS:
            d = documents[external_id]
            assert (d.doc_type, d.number, d.date, d.period, d.accrued, d.paid, d.debt, d.kind) == (
                doc_type,
                number,
                date,
                period,
                accrued,
                paid,
                debt,
                kind,
            )
        # February–April 2015 hold the guide's documents only; the guide's debt line is kept.
        assert (
            BillingDocument.objects.filter(contract=contract, period__range=(D(2015, 2, 1), D(2015, 4, 1))).count() == 7
        )
        line = DebtSnapshot.objects.get(contract=contract, as_of=D(2015, 9, 7))
        assert (line.debt, line.penalties) == (Decimal("-17.51"), Decimal("0.00"))
