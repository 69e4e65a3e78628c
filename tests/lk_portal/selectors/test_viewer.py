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
