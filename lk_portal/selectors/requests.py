"""Reads of requests (issue 18): the viewer's requests, a thread, an attachment; and what staff may see.

The abonent side starts from `owned(…)`: another organisation's request, or one on a contract outside the
member's scope, is «not found». Internal notes and their files are never in what the abonent side reads.
Staff see the requests of their branches (`Branch.staff`) or, with `lk_portal.view_all_requests`, all.
"""

from __future__ import annotations

from django.contrib.auth.models import Permission
from django.db.models import Prefetch, Q, QuerySet

from lk_portal.domain.errors import NotFound
from lk_portal.models import Request, RequestAttachment, RequestKind, RequestMessage, User

from .viewer import Viewer, owned

VIEW_ALL_PERMISSION = "lk_portal.view_all_requests"


class RequestNotFound(NotFound):
    """The request or attachment asked for is not the viewer's (or staff member's) to see."""


def request_kinds() -> QuerySet[RequestKind]:
    """The types offered in the form, in staff's order."""
    return RequestKind.objects.filter(active=True).order_by("sort_order", "name")


def request_queryset(*, viewer: Viewer) -> QuerySet[Request]:
    """The viewer's requests (its contract scope: a request of another contract is not among them)."""
    return owned(Request.objects, viewer=viewer).select_related("kind", "contract")


def request_find(*, viewer: Viewer, pk) -> Request:
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise RequestNotFound("Обращение не найдено.") from None
    found = request_queryset(viewer=viewer).select_related("author").filter(pk=pk).first()
    if found is None:
        raise RequestNotFound("Обращение не найдено.")
    return found


def request_messages(*, request: Request, internal: bool = False) -> QuerySet[RequestMessage]:
    """The thread, oldest first, with each message's files (one query for messages, one for the files)."""
    messages = request.messages.select_related("author").prefetch_related(
        Prefetch("attachments", queryset=RequestAttachment.objects.order_by("id"))
    )
    return messages if internal else messages.filter(internal=False)


def request_files(*, request: Request) -> QuerySet[RequestAttachment]:
    """The files given with the request itself (not with a message)."""
    return request.attachments.filter(message__isnull=True).order_by("id")


def attachment_find(*, viewer: Viewer, pk) -> RequestAttachment:
    """A file of one of the viewer's requests that the abonent may see (not of an internal note)."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise RequestNotFound("Файл не найден.") from None
    requests = request_queryset(viewer=viewer).values("pk")
    found = (
        RequestAttachment.objects.filter(pk=pk, request__in=requests)
        .filter(Q(message__isnull=True) | Q(message__internal=False))
        .first()
    )
    if found is None:
        raise RequestNotFound("Файл не найден.")
    return found


# --- Staff ---------------------------------------------------------------------------------------


def staff_sees_all(user) -> bool:
    return user.has_perm(VIEW_ALL_PERMISSION)


def staff_request_queryset(*, user) -> QuerySet[Request]:
    """The requests a staff member may see: its branches' abonents', or all with the permission."""
    rows = Request.objects.select_related("kind", "contract", "abonent__branch", "assignee", "author")
    if staff_sees_all(user):
        return rows
    return rows.filter(abonent__branch__in=user.staff_branches.values("pk"))


def staff_request_find(*, user, pk) -> Request:
    found = staff_request_queryset(user=user).filter(pk=pk).first()
    if found is None:
        raise RequestNotFound("Обращение не найдено или относится к другому филиалу.")
    return found


def staff_attachment_find(*, user, pk) -> RequestAttachment:
    found = RequestAttachment.objects.filter(pk=pk, request__in=staff_request_queryset(user=user).values("pk")).first()
    if found is None:
        raise RequestNotFound("Файл не найден.")
    return found


def staff_can_see(*, user, request: Request) -> bool:
    return staff_request_queryset(user=user).filter(pk=request.pk).exists()


def branch_staff(*, request: Request):
    """Who may be assigned a request: active staff of its branch, and those who see every branch."""
    perm = Permission.objects.filter(codename="view_all_requests", content_type__app_label="lk_portal")
    return (
        User.objects.filter(is_staff=True, is_active=True)
        .filter(
            Q(staff_branches=request.abonent.branch_id)
            | Q(is_superuser=True)
            | Q(user_permissions__in=perm)
            | Q(groups__permissions__in=perm)
        )
        .distinct()
        .order_by("last_name", "first_name", "username")
    )
