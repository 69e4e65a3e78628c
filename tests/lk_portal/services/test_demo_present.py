"""The demo's generator of a contract's history to the present (lk_portal/services/demo/present.py):
pure functions, checked without the database."""

import datetime
from decimal import Decimal

import pytest

from lk_portal.services.demo.present import (
    ContractPlan,
    History,
    debt_line,
    history_build,
    month_build,
    penalties_on,
)
from lk_portal.services.demo.prices import tariff_rate, tariff_rate_on, vat_rate_on
from lk_portal.services.demo.rows import add_months

D = datetime.date
GUIDE_LIKE = ContractPlan(
    key="demo",
    abonent_id=1,
    contract_id=1,
    number="05 Т",
    start_date=D(2004, 10, 1),
    branch_code="kazan",
    amount_2015=Decimal("20629.34"),
    first_month=D(2015, 9, 1),
    opening_credit=Decimal("17.51"),
    first_bill_day=8,
    late_remainder=True,
    month_end_lines=True,
)
OTHER = ContractPlan(
    key="1600000012",
    abonent_id=2,
    contract_id=2,
    number="1/2 Т",
    start_date=D(2010, 1, 1),
    branch_code="chelny",
    amount_2015=Decimal("150000.00"),
    first_month=D(2016, 1, 1),
)
# Days across seasons, month ends, firsts of months, a VAT change and a leap day.
DAYS = [D(2015, 9, 30), D(2016, 2, 29), D(2018, 12, 31), D(2019, 1, 1), D(2021, 7, 31), D(2023, 5, 10)] + [
    D(2025, 10, 1) + datetime.timedelta(days=n) for n in range(0, 460, 11)
]


def _ledger(history: History, plan: ContractPlan, on: datetime.date) -> Decimal:
    """The reconciliation act's balance on `on`: invoices − payments (the opening overpayment before)."""
    invoices = sum((r[8] for r in history.documents if r[3] == "invoice" and r[6] <= on), Decimal(0))
    payments = sum((r[6] for r in history.payments if r[4] <= on), Decimal(0))
    return invoices - payments - plan.opening_credit


@pytest.mark.parametrize(
    ("plan", "today"),
    [(plan, day) for plan in (GUIDE_LIKE, OTHER) for day in DAYS if day >= plan.first_month],
    ids=lambda value: value.key if isinstance(value, ContractPlan) else str(value),
)
def test_the_debt_line_of_the_day_is_its_open_documents(plan, today):
    history = history_build(plan, first=plan.first_month, today=today)
    as_of, debt, penalties = history.lines[-1]
    open_documents = [r for r in history.documents if r[10] is not None and r[10] > 0]
    assert as_of == today
    assert penalties == sum((r[14] or 0 for r in open_documents), Decimal(0))
    assert debt == sum((r[10] for r in open_documents), Decimal(0)) + penalties
    # The act holds invoices and payments; the debt also the bills of the month not invoiced yet.
    billed = sum((r[9] + r[10] for r in history.documents if r[3] == "bill" and r[10] is not None), Decimal(0))
    assert debt - penalties == _ledger(history, plan, today) + billed
    # Nothing is dated after the day; nothing open is old.
    assert max(r[6] for r in history.documents) <= today
    assert max(r[4] for r in history.payments) <= today
    assert all(r[13] >= today - datetime.timedelta(days=100) for r in open_documents)
    # The month of the day has its bills (once issued); the month before has its invoice.
    months = {(r[7], r[3]) for r in history.documents}
    assert (add_months(today.replace(day=1), -1), "invoice") in months or today.replace(day=1) == plan.first_month
    assert (today.replace(day=1), "bill") in months or today.day < plan.first_bill_day


def test_month_end_lines_agree_with_the_act():
    history = history_build(GUIDE_LIKE, first=GUIDE_LIKE.first_month, today=D(2026, 12, 2))
    month_ends = history.lines[:-1]
    assert len(month_ends) == (2026 - 2015) * 12 + (11 - 9) + 1  # September 2015 – November 2026
    for as_of, debt, penalties in month_ends:
        assert debt - penalties == _ledger(history, GUIDE_LIKE, as_of), as_of
    # Overpaid after the summer's advances, in debt through the winter.
    by_day = {as_of: debt for as_of, debt, _ in month_ends}
    assert by_day[D(2026, 7, 31)] < 0 < by_day[D(2026, 1, 31)]


@pytest.mark.parametrize("plan", [GUIDE_LIKE, OTHER], ids=["guide", "other"])
def test_a_later_day_keeps_what_was_dated_before(plan):
    first, later = D(2026, 11, 20), D(2027, 2, 16)
    before = history_build(plan, first=plan.first_month, today=first)
    after = history_build(plan, first=plan.first_month, today=later)
    payments_after = {r[0]: r for r in after.payments}
    assert all(payments_after[r[0]] == r for r in before.payments)
    assert {r[0] for r in after.payments if r[4] <= first} == {r[0] for r in before.payments}
    documents_after = {r[0]: r for r in after.documents}
    for row in before.documents:
        # Only what was paid and owed changes (paid, debt, пени); the document itself does not.
        assert documents_after[row[0]][:9] + documents_after[row[0]][11:14] == row[:9] + row[11:14]
    # The debt lines of the months' ends stay as they were.
    assert after.lines[: len(before.lines) - 1] == before.lines[:-1]


def test_a_month_is_the_same_built_alone_or_after_the_month_before():
    month = D(2026, 8, 1)
    alone = month_build(GUIDE_LIKE, month)
    after = month_build(GUIDE_LIKE, month, previous=month_build(GUIDE_LIKE, D(2026, 7, 1)))
    assert alone == after
    assert alone.credit_in > 0  # July's advances exceed its invoice: August's bills take the rest


def test_the_guides_overpayment_pays_the_first_bills():
    first = month_build(GUIDE_LIKE, D(2015, 9, 1))
    assert first.credit_in == Decimal("17.51")
    assert first.bill_date == D(2015, 9, 8)
    p1 = next(c for c in first.cash if c.slot == "P1")
    assert p1.amount == first.bills[0] - Decimal("17.51")
    # On the guide's day the line is the guide's: nothing of September is issued yet.
    history = History()
    assert debt_line(GUIDE_LIKE, history, on=D(2015, 9, 7), invoiced_through=D(2015, 8, 1)) == (
        Decimal("0.00"),
        Decimal("0.00"),
    )


def test_documents_carry_the_vat_of_their_date():
    history = history_build(OTHER, first=OTHER.first_month, today=D(2026, 3, 15))
    assert {(r[6].year, r[12]) for r in history.documents if r[6].year in (2018, 2019, 2025, 2026)} == {
        (2018, Decimal("18")),
        (2019, Decimal("20")),
        (2025, Decimal("20")),
        (2026, Decimal("22")),
    }
    assert all(r[12] == vat_rate_on(r[6]) for r in history.documents)
    purposes = [r[8] for r in history.payments if r[4].year == 2026]
    assert purposes and all("НДС (22%)" in p for p in purposes if r"пол.января 2026" in p)


def test_tariffs_change_each_july():
    assert tariff_rate("kazan", 2015, 1) == Decimal("1180.40")
    assert tariff_rate("kazan", 2015, 2) == Decimal("1268.93")  # + 7,5 %
    for year in range(2010, 2031):
        assert tariff_rate("kazan", year, 1) == tariff_rate("kazan", year - 1, 2)
        assert tariff_rate("kazan", year, 2) > tariff_rate("kazan", year, 1)
    assert tariff_rate_on("kazan", D(2026, 6, 30)) < tariff_rate_on("kazan", D(2026, 7, 1))


def test_penalties_by_the_days_overdue():
    due = D(2026, 3, 10)  # key rate 16 %
    assert penalties_on(Decimal("1000.00"), due=due, on=due) == Decimal("0.00")
    assert penalties_on(Decimal("1000.00"), due=due, on=due + datetime.timedelta(days=30)) == Decimal("16.00")
    # 60 days at 1/300, 15 at 1/170: 1000 × 0,16 × (60/300 + 15/170) = 46,12
    assert penalties_on(Decimal("1000.00"), due=due, on=due + datetime.timedelta(days=75)) == Decimal("46.12")
