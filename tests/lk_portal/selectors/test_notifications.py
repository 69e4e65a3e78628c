import pytest

from lk_portal.domain.errors import NotFound
from lk_portal.models import Notification
from lk_portal.selectors.notifications import notification_ids, notification_list
from tests.factories import UserFactory
from tests.support.viewers import viewer_of

pytestmark = pytest.mark.django_db


def _one(user, key):
    return Notification.objects.create(user=user, kind="document_issued", title=key, dedup_key=key)


def test_a_person_reads_only_their_own():
    mine, theirs = UserFactory(), UserFactory()
    a, b = _one(mine, "a"), _one(mine, "b")
    foreign = _one(theirs, "c")
    viewer = viewer_of(mine)
    assert list(notification_list(viewer=viewer)) == [b, a]
    assert notification_ids(viewer=viewer, raw_ids=[str(a.pk), str(b.pk)]) == sorted([a.pk, b.pk])
    for raw in ([str(foreign.pk)], [str(a.pk), str(foreign.pk)], ["x"], ["999999"]):
        with pytest.raises(NotFound):
            notification_ids(viewer=viewer, raw_ids=raw)
