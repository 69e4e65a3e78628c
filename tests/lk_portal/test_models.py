from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from lk_portal.models import Payment
from tests.factories import AbonentFactory, PaymentFactory, PaymentTermFactory

pytestmark = pytest.mark.django_db


def test_inn_kpp_pair_is_unique_but_inn_may_repeat_with_another_kpp():
    first = AbonentFactory(inn="1655000011", kpp="165501001")
    AbonentFactory(inn="1655000011", kpp="165502001", branch=first.branch)
    with pytest.raises(IntegrityError), transaction.atomic():
        AbonentFactory(inn="1655000011", kpp="165501001", branch=first.branch)


@pytest.mark.parametrize("day", [0, 32])
def test_payment_term_day_must_be_a_day_of_month(day):
    with pytest.raises(IntegrityError), transaction.atomic():
        PaymentTermFactory(day=day)


def test_payment_term_percent_is_0_to_100():
    with pytest.raises(IntegrityError), transaction.atomic():
        PaymentTermFactory(percent=Decimal("100.01"))


def test_money_is_exact_to_the_kopeck():
    payment = PaymentFactory(amount=Decimal("7220.27"))
    stored = Payment.objects.get(pk=payment.pk).amount
    assert isinstance(stored, Decimal)
    assert stored == Decimal("7220.27")
    assert sum([Payment.objects.get(pk=payment.pk).amount] * 3) == Decimal("21660.81")


def test_payment_external_id_is_unique():
    PaymentFactory(external_id="P-86")
    with pytest.raises(IntegrityError), transaction.atomic():
        PaymentFactory(external_id="P-86")
