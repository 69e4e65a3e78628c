import pytest

from lk_portal.selectors.payments import payment_queryset
from tests.factories import ContractFactory, PaymentFactory
from tests.support.viewers import viewer_of

pytestmark = pytest.mark.django_db


def test_the_viewers_payments_or_one_contracts():
    first = PaymentFactory()
    second = PaymentFactory(contract=ContractFactory(abonent=first.abonent))
    PaymentFactory()  # another abonent's
    viewer = viewer_of(first.abonent)
    assert set(payment_queryset(viewer=viewer)) == {first, second}
    assert list(payment_queryset(viewer=viewer, contract=second.contract)) == [second]
