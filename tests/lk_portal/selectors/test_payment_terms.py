import datetime
from decimal import Decimal

import pytest

from lk_portal.selectors.payment_terms import contract_base_amount, payment_term_list
from tests.factories import BillingDocumentFactory, ContractFactory, PaymentTermFactory

pytestmark = pytest.mark.django_db
D = datetime.date


def test_terms_in_order_this_month_before_the_next():
    contract = ContractFactory()
    rest = PaymentTermFactory(contract=contract, day=10, percent=None, next_month=True, sort_order=1)
    first = PaymentTermFactory(contract=contract, day=18, sort_order=1)
    PaymentTermFactory()  # another contract's
    assert payment_term_list(contract=contract) == [first, rest]


def test_base_is_the_contractual_amount_else_the_last_invoice():
    assert contract_base_amount(contract=ContractFactory(contract_amount=Decimal("20629.34"))) == Decimal("20629.34")
    contract = ContractFactory(contract_amount=None)
    assert contract_base_amount(contract=contract) is None
    BillingDocumentFactory(contract=contract, period=D(2015, 3, 1), date=D(2015, 3, 31), accrued=Decimal("30251.84"))
    BillingDocumentFactory(contract=contract, period=D(2015, 4, 1), date=D(2015, 4, 30), accrued=Decimal("18902.27"))
    BillingDocumentFactory(
        contract=contract, doc_type="bill", period=D(2015, 5, 1), date=D(2015, 5, 2), accrued=Decimal("1.00")
    )
    assert contract_base_amount(contract=contract) == Decimal("18902.27")
