"""Tombstones are kept LK_API_TOMBSTONE_KEEP_DAYS, purged by the nightly job, and /deleted refuses a sync older."""

import datetime

import pytest
from django.utils import timezone

from lk_portal.models import Tombstone
from lk_portal.services.tombstones import tombstones_purge
from lk_portal.tasks.api import tombstones_purge_task
from tests.factories import PaymentFactory

pytestmark = pytest.mark.django_db


def _stone(member, days_ago: int) -> Tombstone:
    payment = PaymentFactory(contract=member.abonent.contracts.get())
    pk = payment.pk
    payment.delete()
    stone = Tombstone.objects.get(table="payments", object_id=pk)
    Tombstone.objects.filter(pk=stone.pk).update(deleted_at=timezone.now() - datetime.timedelta(days=days_ago))
    return stone


def test_the_job_purges_only_tombstones_older_than_the_setting(member, settings):
    settings.LK_API_TOMBSTONE_KEEP_DAYS = 30
    old, recent = _stone(member, 31), _stone(member, 29)
    assert tombstones_purge_task.call_local() == 1
    assert list(Tombstone.objects.values_list("pk", flat=True)) == [recent.pk]
    assert old.pk not in Tombstone.objects.values_list("pk", flat=True)


def test_zero_keeps_them_forever(member, settings):
    settings.LK_API_TOMBSTONE_KEEP_DAYS = 0
    _stone(member, 5000)
    assert tombstones_purge() == 0 and Tombstone.objects.count() == 1


def test_a_sync_older_than_what_is_kept_is_told_to_sync_in_full(client, member, auth, settings):
    settings.LK_API_TOMBSTONE_KEEP_DAYS = 30
    stale = (timezone.now() - datetime.timedelta(days=31)).isoformat()
    answer = client.get("/api/v1/deleted", {"updated_since": stale}, **auth)
    assert answer.status_code == 410
    assert answer.json()["code"] == "sync_expired" and "полную синхронизацию" in answer.json()["message"]
    fresh = (timezone.now() - datetime.timedelta(days=29)).isoformat()
    assert client.get("/api/v1/deleted", {"updated_since": fresh}, **auth).status_code == 200
    assert client.get("/api/v1/payments", {"updated_since": stale}, **auth).status_code == 200
