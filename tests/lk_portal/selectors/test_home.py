import datetime
from decimal import Decimal

import pytest

from lk_portal.selectors.home import (
    accrued_by_month,
    contract_plans,
    debt_line_on,
    documents_due_between,
    last_payments,
    oldest_overdue_document,
    paid_by_month,
)
from tests.factories import (
    BillingDocumentFactory,
    ContractFactory,
    DebtSnapshotFactory,
    PaymentFactory,
    PaymentTermFactory,
)
from tests.support.viewers import viewer_of

pytestmark = pytest.mark.django_db
D = datetime.date


def test_debt_line_on_a_day_sums_each_contracts_latest_line_by_then():
    first = ContractFactory()
    second = ContractFactory(abonent=first.abonent)
    DebtSnapshotFactory(contract=first, as_of=D(2015, 7, 31), debt=Decimal("10.00"))
    DebtSnapshotFactory(contract=first, as_of=D(2015, 8, 31), debt=Decimal("20.00"), penalties=Decimal("1.00"))
    DebtSnapshotFactory(contract=first, as_of=D(2015, 9, 7), debt=Decimal("999.00"))
    DebtSnapshotFactory(contract=second, as_of=D(2015, 8, 15), debt=Decimal("5.00"))
    DebtSnapshotFactory(contract=ContractFactory(), as_of=D(2015, 8, 31), debt=Decimal("777.00"))
    line = debt_line_on(viewer=viewer_of(first), day=D(2015, 8, 31))
    assert line == {"as_of": D(2015, 8, 31), "debt": Decimal("25.00"), "penalties": Decimal("1.00")}
    assert debt_line_on(viewer=viewer_of(first), day=D(2015, 1, 1))["as_of"] is None


def test_contract_plans_with_terms_and_the_last_invoices_accrual():
    contract = ContractFactory(contract_amount=None)
    PaymentTermFactory(contract=contract, day=18)
    BillingDocumentFactory(contract=contract, doc_type="invoice", period=D(2015, 3, 1), accrued=Decimal("1.00"))
    BillingDocumentFactory(contract=contract, doc_type="invoice", period=D(2015, 4, 1), accrued=Decimal("2.00"))
    BillingDocumentFactory(contract=contract, doc_type="bill", period=D(2015, 5, 1), accrued=Decimal("3.00"))
    ContractFactory()  # another abonent's
    (plan,) = contract_plans(viewer=viewer_of(contract))
    assert (plan.contract, [t.day for t in plan.terms], plan.last_accrued) == (contract, [18], Decimal("2.00"))


def test_unpaid_reads_and_last_payments_are_the_viewers():
    contract = ContractFactory()
    viewer = viewer_of(contract)
    old = BillingDocumentFactory(contract=contract, due_date=D(2015, 5, 10))
    due = BillingDocumentFactory(contract=contract, due_date=D(2015, 9, 18))
    BillingDocumentFactory(contract=contract, due_date=D(2015, 4, 10), debt=Decimal("0.00"))
    BillingDocumentFactory(contract=ContractFactory(), due_date=D(2015, 1, 10))
    assert oldest_overdue_document(viewer=viewer, today=D(2015, 9, 7)) == old
    assert documents_due_between(viewer=viewer, first=D(2015, 9, 7), last=D(2015, 10, 31)) == [due]
    payments = [PaymentFactory(contract=contract, date=D(2015, 4, n)) for n in range(1, 8)]
    PaymentFactory(contract=ContractFactory(), date=D(2015, 5, 1))
    assert last_payments(viewer=viewer, limit=5) == payments[::-1][:5]


def test_sums_by_month_count_invoices_and_payments_of_the_viewer_only():
    contract = ContractFactory()
    viewer = viewer_of(contract)
    BillingDocumentFactory(contract=contract, doc_type="invoice", period=D(2015, 3, 1), accrued=Decimal("10.00"))
    BillingDocumentFactory(contract=contract, doc_type="invoice", period=D(2015, 3, 1), accrued=Decimal("5.50"))
    BillingDocumentFactory(contract=contract, doc_type="bill", period=D(2015, 3, 1), accrued=Decimal("100.00"))
    BillingDocumentFactory(contract=contract, doc_type="invoice", period=D(2014, 1, 1), accrued=Decimal("1.00"))
    BillingDocumentFactory(contract=ContractFactory(), doc_type="invoice", period=D(2015, 3, 1))
    PaymentFactory(contract=contract, period=D(2015, 4, 1), amount=Decimal("7220.27"))
    PaymentFactory(contract=ContractFactory(), period=D(2015, 4, 1))
    first, last = D(2015, 1, 1), D(2015, 12, 1)
    assert accrued_by_month(viewer=viewer, first=first, last=last) == {D(2015, 3, 1): Decimal("15.50")}
    assert paid_by_month(viewer=viewer, first=first, last=last) == {D(2015, 4, 1): Decimal("7220.27")}
