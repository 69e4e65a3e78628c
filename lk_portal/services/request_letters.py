"""Who is told about a request, through the outbox and the notifications (issue 18, item 3).

- A new request: one letter to its branch's mailbox (`Branch.email`; none set, no letter), keyed by the
  request, so filing it is told once however often this is called.
- A staff answer or status move: a notification of kind «request_status» (the cabinet's list and, by the
  person's settings, e-mail through the outbox) to the member who filed it and to the organisation's members
  who opted in to others' requests («Настройка уведомлений») — members whose role reads requests and whose
  contracts include the request's. Keyed by the message or the status move: each is told once.
"""

from __future__ import annotations

from django.db.models import Q
from django.urls import NoReverseMatch, reverse

from lk_portal.domain import notifications as kinds
from lk_portal.domain.roles import Capability, role_can
from lk_portal.models import Request, RequestMessage, RequestStatusChange, User
from lk_portal.services.notifications import Candidate, notify_all, settings_of
from lk_portal.services.outbox import letter_enqueue

EXCERPT = 500


def request_link(req: Request) -> str:
    return reverse("lk:request", args=[req.pk])


def staff_link(req: Request) -> str:
    """The request's page in Wagtail admin (admin_views/requests.py)."""
    try:
        return reverse("requests:work", args=[req.pk])
    except NoReverseMatch:
        return "/"


def branch_letter(req: Request) -> None:
    """The letter to the branch about a new request (once per request)."""
    branch = req.abonent.branch
    if not branch.email:
        return
    letter_enqueue(
        kind="request_new",
        to=branch.email,
        template="request_new",
        context={
            "req": req,
            "abonent": req.abonent,
            "files": list(req.attachments.all()),
            "admin_link": staff_link(req),
        },
        abonent=req.abonent,
        dedup_key=f"request_new:{req.pk}",
    )


def _members_told(req: Request) -> list[User]:
    """The submitter, and the members who opted in to others' requests, who may read this request."""
    members = (
        User.objects.filter(abonent=req.abonent_id, is_active=True, state=User.ACTIVE)
        .filter(Q(pk=req.author_id) | Q(notification_settings__requests_of_others=True))
        .select_related("notification_settings")
        .prefetch_related("contracts")
        .order_by("pk")
    )
    told = []
    for member in members:
        if not role_can(member.role, Capability.VIEW_REQUESTS):
            continue
        scope = {c.pk for c in member.contracts.all()}
        if scope and req.contract_id not in scope:
            continue
        if member.pk != req.author_id and not settings_of(member).requests_of_others:
            continue
        told.append(member)
    return told


def _words(req: Request, message: RequestMessage | None, change: RequestStatusChange | None) -> tuple[str, str]:
    if message is not None:
        title = f"Ответ по обращению № {req.number}"
        text = message.text[:EXCERPT] + ("…" if len(message.text) > EXCERPT else "")
        if change is not None:
            text = f"Статус: {change.to_label}.\n{text}"
        return title, text
    return f"Обращение № {req.number}: статус «{change.to_label}»", f"Тема: {req.subject}"


def abonent_told(req: Request, *, message: RequestMessage | None, change: RequestStatusChange | None) -> int:
    """Tell the members of a staff answer (`message`) and/or a status move (`change`); returns how many were told."""
    if message is None and change is None:
        return 0
    event = ("m", message.pk) if message is not None else ("s", change.pk)
    title, text = _words(req, message, change)
    link = request_link(req)
    candidates = [
        Candidate(user=member, kind=kinds.REQUEST_STATUS, key_parts=(req.pk, *event), title=title, text=text, link=link)
        for member in _members_told(req)
    ]
    return notify_all(candidates).total
