"""Members' API tokens (issue 19): created, found by the secret's hash, revoked, and their use counted.

A token reads `lk_<prefix>_<secret>`; only its SHA-256 is stored. `api_usage_count` is the journal of
calls aggregated per token and day: one UPDATE of the day's counter (an INSERT at the day's first call,
which also writes one «api_use» entry in the journal of actions).
"""

from __future__ import annotations

import datetime
import hashlib
import secrets
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from lk_portal.domain.errors import NotFound
from lk_portal.domain.roles import Capability
from lk_portal.models import API_WRITE, ApiToken, ApiUsage, User
from lk_portal.selectors.viewer import Viewer

from .journal import journal_record

TOKEN_LIFETIMES = {30: "30 дней", 90: "90 дней", 180: "180 дней", 365: "1 год"}


@dataclass(frozen=True)
class NewToken:
    token: ApiToken
    secret: str  # shown once, never stored


def token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def api_token_create(*, member: User, name: str, access: str, days: int, now=None) -> NewToken:
    now = now or timezone.now()
    prefix = secrets.token_hex(4)
    secret = f"lk_{prefix}_{secrets.token_urlsafe(32)}"
    token = ApiToken.objects.create(
        member=member,
        name=name.strip()[:100],
        access=access,
        prefix=f"lk_{prefix}",
        secret_hash=token_hash(secret),
        created_at=now,
        expires_at=now + datetime.timedelta(days=days),
    )
    journal_record(
        "api_token_create",
        user=member,
        object=str(token),
        details={"token": token.prefix, "access": access, "days": days},
    )
    return NewToken(token=token, secret=secret)


def api_token_find(raw: str) -> ApiToken | None:
    """The token with this secret, its member and abonent loaded (one query); None for an unknown one."""
    return ApiToken.objects.select_related("member__abonent").filter(secret_hash=token_hash(raw)).first()


def api_token_revoke(*, viewer: Viewer, pk: int, now=None) -> ApiToken:
    """Revoke one of the member's own tokens, or (MANAGE_TOKENS) any of the organisation's; NotFound otherwise."""
    tokens = ApiToken.objects.filter(member__abonent=viewer.abonent)
    if not viewer.can(Capability.MANAGE_TOKENS):
        tokens = tokens.filter(member=viewer.user)
    token = tokens.filter(pk=pk).first()
    if token is None:
        raise NotFound("Ключ не найден.")
    if token.revoked_at is None:
        token.revoked_at = now or timezone.now()
        token.revoked_by = viewer.user
        token.save(update_fields=["revoked_at", "revoked_by"])
        journal_record("api_token_revoke", user=viewer.user, object=str(token), details={"token": token.prefix})
    return token


def api_usage_count(token: ApiToken, *, now=None) -> None:
    """Count one call: the day's row counted up (one UPDATE), created at the day's first call."""
    now = now or timezone.now()
    day = timezone.localdate(now)
    if ApiUsage.objects.filter(token=token, day=day).update(calls=F("calls") + 1, last_at=now):
        return
    try:
        with transaction.atomic():
            ApiUsage.objects.create(token=token, day=day, calls=1, last_at=now)
    except IntegrityError:  # another process created it meanwhile
        ApiUsage.objects.filter(token=token, day=day).update(calls=F("calls") + 1, last_at=now)
        return
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    journal_record(
        "api_use",
        user=token.member,
        object=str(token),
        details={"token": token.prefix, "day": day.isoformat()},
    )


def token_may_write(token: ApiToken) -> bool:
    return token.access == API_WRITE
