import datetime
from decimal import Decimal
from types import SimpleNamespace

from lk_portal.domain.home import (
    BASE_ACCRUED,
    BASE_CONTRACT,
    BASE_DOCUMENT,
    BASE_NONE,
    ContractPlan,
    debt_trend,
    month_end_before,
    month_run,
    month_series,
    upcoming_payments,
)

D = datetime.date


def _term(day, percent, next_month=False, kind="Аванс"):
    return SimpleNamespace(
        day=day, percent=None if percent is None else Decimal(percent), next_month=next_month, kind=kind
    )


GUIDE_TERMS = [_term(18, "35"), _term(27, "50"), _term(10, None, next_month=True, kind="Остаток")]


def test_month_end_before():
    assert month_end_before(D(2026, 12, 2)) == D(2026, 11, 30)
    assert month_end_before(D(2026, 3, 31)) == D(2026, 2, 28)
    assert month_end_before(D(2027, 1, 1)) == D(2026, 12, 31)


def test_debt_trend_up_down_same_and_none():
    up = debt_trend(
        debt=Decimal("150.00"),
        penalties=Decimal("2.00"),
        before_as_of=D(2015, 8, 31),
        before_debt=Decimal("100.00"),
        before_penalties=Decimal("1.50"),
    )
    assert (up.direction, up.change, up.penalties_change, up.before) == (
        "up",
        Decimal("50.00"),
        Decimal("0.50"),
        Decimal("100.00"),
    )
    down = debt_trend(
        debt=Decimal("-17.51"),
        penalties=Decimal(0),
        before_as_of=D(2015, 8, 31),
        before_debt=Decimal("10"),
        before_penalties=None,
    )
    assert (down.direction, down.decrease) == ("down", Decimal("27.51"))
    same = debt_trend(
        debt=Decimal(5),
        penalties=Decimal(0),
        before_as_of=D(2015, 8, 31),
        before_debt=Decimal(5),
        before_penalties=Decimal(0),
    )
    assert same.direction == "same"
    assert (
        debt_trend(debt=Decimal(5), penalties=Decimal(0), before_as_of=None, before_debt=None, before_penalties=None)
        is None
    )


def test_plan_base_prefers_the_contractual_amount():
    contract = SimpleNamespace(pk=1, number="05 Т")
    assert ContractPlan(contract, [], Decimal("100"), Decimal("7")).base_source == BASE_CONTRACT
    assert ContractPlan(contract, [], None, Decimal("7")).base == Decimal("7")
    assert ContractPlan(contract, [], None, Decimal("7")).base_source == BASE_ACCRUED
    assert ContractPlan(contract, [], None, None).base_source == BASE_NONE


def test_upcoming_payments_nearest_first_across_contracts_with_their_documents():
    a = SimpleNamespace(pk=1, number="05 Т")
    b = SimpleNamespace(pk=2, number="07 Т")
    bill = SimpleNamespace(contract_id=1, due_date=D(2026, 12, 18), debt=Decimal("35.00"))
    other_contracts_bill = SimpleNamespace(
        contract_id=2,
        contract=b,
        due_date=D(2026, 12, 27),
        debt=Decimal("1.00"),
        period=D(2026, 12, 1),
        get_doc_type_display=lambda: "Счет на оплату",
    )
    plans = [
        ContractPlan(a, GUIDE_TERMS, Decimal("100.00"), None),
        ContractPlan(b, [_term(5, "100")], None, Decimal("40.00")),
    ]
    rows = upcoming_payments(
        plans=plans, today=D(2026, 12, 2), documents=[bill, other_contracts_bill], limit=4, months=2
    )
    assert [(r.item.due_date, r.item.contract.number, r.item.amount, r.base_source) for r in rows] == [
        (D(2026, 12, 5), "07 Т", Decimal("40.00"), BASE_ACCRUED),
        (D(2026, 12, 10), "05 Т", Decimal("15.00"), BASE_CONTRACT),
        (D(2026, 12, 18), "05 Т", Decimal("35.00"), BASE_CONTRACT),
        (D(2026, 12, 27), "05 Т", Decimal("50.00"), BASE_CONTRACT),
    ]
    assert [r.document for r in rows] == [None, None, bill, None]  # 07 Т's bill is due another day


def test_an_issued_document_due_on_a_day_without_a_term_is_a_row_of_its_own():
    a = SimpleNamespace(pk=1, number="05 Т")
    odd = SimpleNamespace(
        contract_id=1,
        contract=a,
        due_date=D(2026, 12, 15),
        debt=Decimal("5000.00"),
        period=D(2026, 12, 1),
        get_doc_type_display=lambda: "Счет на оплату",
    )
    past = SimpleNamespace(
        contract_id=1, contract=a, due_date=D(2026, 12, 1), debt=Decimal("1.00"), period=D(2026, 11, 1)
    )
    rows = upcoming_payments(
        plans=[ContractPlan(a, GUIDE_TERMS, Decimal("100.00"), None)],
        today=D(2026, 12, 2),
        documents=[odd, past],
        limit=3,
    )
    assert [(r.item.due_date, r.base_source, r.document) for r in rows] == [
        (D(2026, 12, 10), BASE_CONTRACT, None),
        (D(2026, 12, 15), BASE_DOCUMENT, odd),
        (D(2026, 12, 18), BASE_CONTRACT, None),
    ]
    assert rows[1].item.amount is None and rows[1].item.kind == "Счет на оплату"


def test_month_run_and_series_fill_missing_months_with_zero():
    months = month_run(last=D(2026, 2, 15), months=3)
    assert months == [D(2025, 12, 1), D(2026, 1, 1), D(2026, 2, 1)]
    series = month_series(
        months=months, accrued={D(2026, 1, 1): Decimal("5.00")}, paid={D(2025, 12, 1): Decimal("2.00")}
    )
    assert [(s.accrued, s.paid) for s in series] == [
        (Decimal("0.00"), Decimal("2.00")),
        (Decimal("5.00"), Decimal("0.00")),
        (Decimal("0.00"), Decimal("0.00")),
    ]
    assert len(month_run(last=D(2026, 12, 2), months=24)) == 24
