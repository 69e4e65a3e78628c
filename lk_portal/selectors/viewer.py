"""Who looks at the cabinet, and the one place where a query is limited to what they may see.

Every cabinet selector takes the `Viewer` first and starts its query with `owned(…)`. Today a
viewer is an abonent's login and sees the whole abonent; the team issue makes it a member with
a role and a set of contracts, and only `Viewer` and `owned` change.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from lk_portal.models import Abonent, User


@dataclass(frozen=True)
class Viewer:
    abonent: Abonent
    user: User | None = None


def viewer_for(user) -> Viewer | None:
    """The viewer behind a logged-in account; None for staff without an abonent or an anonymous user."""
    if not getattr(user, "is_authenticated", False) or not getattr(user, "abonent_id", None):
        return None
    return Viewer(abonent=user.abonent, user=user)


def owned(queryset, *, viewer: Viewer, path: str = "abonent") -> QuerySet:
    """`queryset` (a model's manager or a queryset) limited to the viewer's rows; `path` leads to the abonent."""
    return queryset.filter(**{path: viewer.abonent})
