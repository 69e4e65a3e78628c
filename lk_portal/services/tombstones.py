"""Tombstones of deleted rows (the API's `/deleted`): kept LK_API_TOMBSTONE_KEEP_DAYS, then purged nightly.

A client whose `updated_since` is older than what is kept could miss a deletion, so `/deleted` refuses it
(410 `sync_expired`) and the client does a full sync instead (docs/api.md).
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.utils import timezone

from lk_portal.models import Tombstone


def tombstones_horizon(now: datetime.datetime | None = None) -> datetime.datetime | None:
    """The oldest moment whose deletions are still all kept; None when tombstones are kept forever."""
    days = int(settings.LK_API_TOMBSTONE_KEEP_DAYS)
    if days <= 0:
        return None
    return (now or timezone.now()) - datetime.timedelta(days=days)


def tombstones_purge(now: datetime.datetime | None = None) -> int:
    """Delete the tombstones older than the horizon; how many went."""
    horizon = tombstones_horizon(now)
    if horizon is None:
        return 0
    deleted, _ = Tombstone.objects.filter(deleted_at__lt=horizon).delete()
    return deleted
