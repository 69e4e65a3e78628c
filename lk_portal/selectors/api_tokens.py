"""The API tokens a member sees in «Профиль» → «Ключи API»: its own, or (MANAGE_TOKENS) the organisation's."""

from django.db.models import Max, QuerySet, Sum

from lk_portal.domain.roles import Capability
from lk_portal.models import ApiToken

from .viewer import Viewer


def api_token_list(*, viewer: Viewer) -> QuerySet[ApiToken]:
    """Tokens with their member, calls in all and the last day used — one query."""
    tokens = ApiToken.objects.filter(member__abonent=viewer.abonent)
    if not viewer.can(Capability.MANAGE_TOKENS):
        tokens = tokens.filter(member=viewer.user)
    return (
        tokens.select_related("member")
        .annotate(calls=Sum("usage__calls"), last_day=Max("usage__day"))
        .order_by("-created_at", "-id")
    )
