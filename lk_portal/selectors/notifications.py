"""Reads of a person's notifications: they belong to the account, not to the abonent (viewer.user)."""

from django.db.models import QuerySet

from lk_portal.domain.errors import NotFound
from lk_portal.models import Notification

from .viewer import Viewer


def notification_list(*, viewer: Viewer) -> QuerySet[Notification]:
    """The viewer's own notifications, newest first."""
    return Notification.objects.filter(user=viewer.user).order_by("-created_at", "-id")


def notification_ids(*, viewer: Viewer, raw_ids: list[str]) -> list[int]:
    """The ids of a form's «прочитано» that are the viewer's; another's, a missing or a malformed id: NotFound."""
    try:
        wanted = {int(raw) for raw in raw_ids}
    except (TypeError, ValueError):
        raise NotFound("Уведомление не найдено.") from None
    found = set(notification_list(viewer=viewer).filter(pk__in=wanted).values_list("pk", flat=True))
    if found != wanted:
        raise NotFound("Уведомление не найдено.")
    return sorted(found)
