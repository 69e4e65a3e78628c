"""`Authorization: Bearer <token>`: the member behind the token, its role and scope, the rate limit, the count.

One query finds the token with its member and abonent, one reads the member's contract scope
(`viewer_for`, as the pages do), one counts the call (services/api_tokens.api_usage_count). The rate
limit is a counter per token and minute in the cache (Redis in production: shared by every process).
"""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import caches
from django.utils import timezone
from ninja.security import HttpBearer

from lk_portal.models import User
from lk_portal.selectors.viewer import viewer_for
from lk_portal.services.api_tokens import api_token_find, api_usage_count

from .errors import ApiError, unauthorized


def rate_limit_check(token_id: int) -> None:
    """Raise 429 when the token has made LK_API_RATE_PER_MINUTE calls in this minute already."""
    limit = int(settings.LK_API_RATE_PER_MINUTE)
    if limit <= 0:
        return
    cache = caches[settings.LK_API_CACHE]
    now = time.time()
    window = int(now // 60)
    key = f"lk_api_rate:{token_id}:{window}"
    cache.add(key, 0, timeout=120)
    try:
        calls = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=120)
        calls = 1
    if calls > limit:
        retry = max(1, int((window + 1) * 60 - now + 0.999))
        raise ApiError(
            429,
            "rate_limited",
            f"Превышен предел обращений: {limit} в минуту для одного ключа. Повторите через {retry} с.",
            headers={"Retry-After": str(retry)},
        )


class TokenAuth(HttpBearer):
    openapi_description = "Ключ API из «Профиль» → «Ключи API»: заголовок `Authorization: Bearer <ключ>`."

    def authenticate(self, request, token):
        found = api_token_find(token.strip())
        if found is None:
            raise unauthorized("Ключ API не найден. Проверьте заголовок Authorization: Bearer <ключ>.")
        now = timezone.now()
        if found.revoked_at is not None:
            raise unauthorized("Ключ API отозван. Создайте новый в разделе «Профиль».", "token_revoked")
        if found.expires_at <= now:
            raise unauthorized("Срок действия ключа API истек. Создайте новый в разделе «Профиль».", "token_expired")
        member = found.member
        if member.state != User.ACTIVE or not member.is_active or member.abonent_id is None:
            raise unauthorized("Учетная запись владельца ключа заблокирована.", "member_blocked")
        rate_limit_check(found.pk)
        request.api_token = found
        request.user = member  # the journal's «who» for writes, as for a page's logged-in member
        request.viewer = viewer_for(member)
        api_usage_count(found, now=now)
        return found
