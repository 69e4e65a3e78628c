import datetime
from decimal import Decimal

import pytest

from lk_portal.selectors.reconciliation import reconciliation_act, reconciliation_balance
from tests.factories import BillingDocumentFactory, ContractFactory, PaymentFactory
from tests.support.viewers import viewer_of

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def books():
    """A hand-made history with a known answer (the guide's sums).

    Before 2015-03-01: invoice 34 481,41 (28.02), payments 11 552,44 (19.02) → opening 22 928,97.
    March: invoice 30 251,84 (31.03), payment 16 503,48 (30.03), bill (not a charge) 7 220,27.
    April: invoice 18 902,27 (30.04), payment 7 220,27 (17.04).
    Another contract of the same abonent: invoice 1 000,00 (15.03), payment 400,00 (20.03).
    Another abonent: invoice 999,99 (15.03) — never counted.
    """
    contract = ContractFactory(number="Р-05 Т")
    other = ContractFactory(abonent=contract.abonent, number="Р-06 Т")
    doc = BillingDocumentFactory
    doc(contract=contract, number="Счет-фактура №702210010/70", date=D(2015, 2, 28), accrued=Decimal("34481.41"))
    PaymentFactory(contract=contract, number="387", date=D(2015, 2, 19), amount=Decimal("11552.44"))
    doc(contract=contract, number="702222832/70", date=D(2015, 3, 31), accrued=Decimal("30251.84"))
    PaymentFactory(contract=contract, number="74", date=D(2015, 3, 30), amount=Decimal("16503.48"))
    doc(contract=contract, doc_type="bill", number="375", date=D(2015, 3, 26), accrued=Decimal("7220.27"))
    doc(contract=contract, number="Счет-фактура №702227301/70", date=D(2015, 4, 30), accrued=Decimal("18902.27"))
    PaymentFactory(contract=contract, number="86", date=D(2015, 4, 17), amount=Decimal("7220.27"))
    doc(contract=other, number="Счет-фактура №1/70", date=D(2015, 3, 15), accrued=Decimal("1000.00"))
    PaymentFactory(contract=other, number="5", date=D(2015, 3, 20), amount=Decimal("400.00"))
    doc(contract=ContractFactory(), date=D(2015, 3, 15), accrued=Decimal("999.99"))
    return contract, other


def test_hand_made_case_one_contract(books):
    contract, _ = books
    act = reconciliation_act(
        viewer=viewer_of(contract), contract=contract, date_from=D(2015, 3, 1), date_to=D(2015, 4, 30)
    )
    assert act.opening == Decimal("22928.97")
    assert act.opening.as_tuple().exponent == -2
    assert [(line.date, line.kind, line.number, line.debit, line.credit) for line in act.lines] == [
        (D(2015, 3, 30), "payment", "74", None, Decimal("16503.48")),
        (D(2015, 3, 31), "invoice", "702222832/70", Decimal("30251.84"), None),
        (D(2015, 4, 17), "payment", "86", None, Decimal("7220.27")),
        (D(2015, 4, 30), "invoice", "Счет-фактура №702227301/70", Decimal("18902.27"), None),
    ]
    assert act.debit_total == Decimal("49154.11")
    assert act.credit_total == Decimal("23723.75")
    assert act.closing == Decimal("48359.33")
    assert (act.opening_debit, act.opening_credit) == (Decimal("22928.97"), None)
    assert act.abonent == contract.abonent and act.contract == contract


def test_all_contracts_add_the_other_contract(books):
    contract, other = books
    act = reconciliation_act(viewer=viewer_of(contract), contract=None, date_from=D(2015, 3, 1), date_to=D(2015, 4, 30))
    assert act.opening == Decimal("22928.97")
    assert act.debit_total == Decimal("50154.11")
    assert act.credit_total == Decimal("24123.75")
    assert act.closing == Decimal("48959.33")
    assert {line.contract_number for line in act.lines} == {"Р-05 Т", "Р-06 Т"}


def test_same_day_invoice_comes_before_payment_and_bounds_are_inclusive(books):
    contract, _ = books
    PaymentFactory(contract=contract, number="99", date=D(2015, 4, 30), amount=Decimal("1.00"))
    act = reconciliation_act(
        viewer=viewer_of(contract), contract=contract, date_from=D(2015, 4, 17), date_to=D(2015, 4, 30)
    )
    assert [line.kind for line in act.lines] == ["payment", "invoice", "payment"]


def test_overpayment_is_a_credit_balance_in_favour_of_the_abonent(books):
    contract, _ = books
    PaymentFactory(contract=contract, number="100", date=D(2015, 5, 5), amount=Decimal("48376.84"))
    act = reconciliation_act(
        viewer=viewer_of(contract), contract=contract, date_from=D(2015, 5, 1), date_to=D(2015, 5, 31)
    )
    assert act.closing == Decimal("-17.51")
    assert (act.closing_debit, act.closing_credit) == (None, Decimal("17.51"))


@pytest.mark.parametrize("split", [D(2015, 2, 28), D(2015, 3, 1), D(2015, 3, 31), D(2015, 4, 17), D(2015, 5, 1)])
def test_opening_equals_the_closing_of_the_period_before(books, split):
    contract, _ = books
    for chosen in (contract, None):
        before = reconciliation_act(
            viewer=viewer_of(contract),
            contract=chosen,
            date_from=D(2015, 1, 1),
            date_to=split - datetime.timedelta(days=1),
        )
        after = reconciliation_act(
            viewer=viewer_of(contract), contract=chosen, date_from=split, date_to=D(2015, 12, 31)
        )
        assert after.opening == before.closing
        whole = reconciliation_act(
            viewer=viewer_of(contract), contract=chosen, date_from=D(2015, 1, 1), date_to=D(2015, 12, 31)
        )
        assert whole.closing == after.closing


def test_balance_before_counts_everything_strictly_before(books):
    contract, _ = books
    assert reconciliation_balance(viewer=viewer_of(contract), contract=contract, before=D(2015, 1, 1)) == 0
    assert reconciliation_balance(viewer=viewer_of(contract), contract=contract, before=D(2015, 2, 28)) == Decimal(
        "-11552.44"
    )
