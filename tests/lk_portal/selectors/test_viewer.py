import pytest
from django.contrib.auth.models import AnonymousUser

from lk_portal.models import Payment
from lk_portal.selectors.viewer import owned, viewer_for
from tests.factories import ContractFactory, CuratorFactory, PaymentFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_viewer_is_an_abonents_login_and_nobody_else():
    user = UserFactory()
    viewer = viewer_for(user)
    assert (viewer.abonent, viewer.user) == (user.abonent, user)
    assert viewer_for(UserFactory(abonent=None, username="operator", is_staff=True)) is None
    assert viewer_for(AnonymousUser()) is None


def test_owned_keeps_only_the_viewers_rows_along_any_path():
    mine, theirs = PaymentFactory(), PaymentFactory()
    viewer = viewer_for(UserFactory(abonent=mine.abonent))
    assert list(owned(Payment.objects, viewer=viewer)) == [mine]
    assert theirs not in owned(Payment.objects.all(), viewer=viewer)
    curator = CuratorFactory(contract=ContractFactory(abonent=mine.abonent))
    CuratorFactory()
    assert list(owned(curator.__class__.objects, viewer=viewer, path="contract__abonent")) == [curator]


def test_a_member_brings_its_role_and_contract_scope():
    alpha = ContractFactory()
    beta = ContractFactory(abonent=alpha.abonent)
    everything = viewer_for(UserFactory(abonent=alpha.abonent))
    assert (everything.role, everything.contract_ids, everything.scoped) == ("admin", None, False)
    member = UserFactory(abonent=alpha.abonent, username="buh@example.ru", role="accountant", contracts=[beta])
    viewer = viewer_for(member)
    assert (viewer.role, viewer.contract_ids, viewer.scoped) == ("accountant", frozenset({beta.pk}), True)
    assert viewer.whole_abonent().contract_ids is None


def test_owned_limits_contracts_and_what_hangs_off_them_to_the_scope():
    alpha = ContractFactory()
    beta = ContractFactory(abonent=alpha.abonent)
    on_alpha, on_beta = PaymentFactory(contract=alpha), PaymentFactory(contract=beta)
    curator = CuratorFactory(contract=alpha)
    CuratorFactory(contract=beta)
    member = UserFactory(abonent=alpha.abonent, username="eng@example.ru", role="engineer", contracts=[alpha])
    viewer = viewer_for(member)
    assert list(owned(alpha.__class__.objects, viewer=viewer)) == [alpha]
    assert list(owned(Payment.objects, viewer=viewer)) == [on_alpha]
    assert on_beta not in owned(Payment.objects, viewer=viewer)
    assert list(owned(curator.__class__.objects, viewer=viewer, path="contract__abonent")) == [curator]


def test_a_scope_naming_another_abonents_contract_shows_nothing_of_it():
    mine, foreign = ContractFactory(), ContractFactory()
    PaymentFactory(contract=foreign)
    member = UserFactory(abonent=mine.abonent, username="x@example.ru", role="observer", contracts=[foreign])
    viewer = viewer_for(member)
    assert list(owned(mine.__class__.objects, viewer=viewer)) == []
    assert list(owned(Payment.objects, viewer=viewer)) == []
