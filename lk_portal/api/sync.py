"""Cursor pagination over (updated_at, id) for every collection, with `updated_since` for incremental sync.

The cursor is opaque to clients: base64 of `[updated_at, id, since]`, where `since` is the moment the
sync began (its first page's request time less LK_API_SYNC_OVERLAP_SECONDS, so rows written by a
transaction still open then are seen again next time). The last page returns it as
`next_updated_since`: the value to pass as `updated_since` in the next sync. A page is one query
(limit + 1 rows) whatever its size, read in the order an (abonent, updated_at, id) index holds.
"""

from __future__ import annotations

import base64
import binascii
import datetime
import json
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone

from .errors import bad_request

BAD_CURSOR = "Неверное значение cursor: передайте next_cursor из ответа без изменений."


@dataclass(frozen=True)
class Cursor:
    moment: datetime.datetime
    pk: int
    since: datetime.datetime


def cursor_encode(cursor: Cursor) -> str:
    raw = json.dumps([cursor.moment.isoformat(), cursor.pk, cursor.since.isoformat()]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def cursor_decode(text: str) -> Cursor:
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
        moment, pk, since = json.loads(raw)
        return Cursor(datetime.datetime.fromisoformat(moment), int(pk), datetime.datetime.fromisoformat(since))
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError):
        raise bad_request(BAD_CURSOR, "bad_cursor") from None


def aware(moment: datetime.datetime) -> datetime.datetime:
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)


def sync_page(
    rows: QuerySet,
    *,
    params,
    item: Callable,
    field: str = "updated_at",
) -> dict:
    """One page of `rows` after the cursor (or from `updated_since`): items, next_cursor, next_updated_since."""
    if params.cursor:
        cursor = cursor_decode(params.cursor)
        since = cursor.since
        rows = rows.filter(Q(**{f"{field}__gt": cursor.moment}) | Q(**{field: cursor.moment, "pk__gt": cursor.pk}))
    else:
        since = timezone.now() - datetime.timedelta(seconds=int(settings.LK_API_SYNC_OVERLAP_SECONDS))
    if params.updated_since is not None:
        rows = rows.filter(**{f"{field}__gte": aware(params.updated_since)})
    found = list(rows.order_by(field, "pk")[: params.limit + 1])
    more = len(found) > params.limit
    found = found[: params.limit]
    next_cursor = None
    if more:
        last = found[-1]
        next_cursor = cursor_encode(Cursor(getattr(last, field), last.pk, since))
    return {
        "items": [item(row) for row in found],
        "next_cursor": next_cursor,
        "next_updated_since": None if more else since,
    }
