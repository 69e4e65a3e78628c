"""Обращения (issue 18): filing a request, replies both ways, status moves, assignment.

    from lk_portal.services.requests import request_create

    req = request_create(
        viewer=viewer,                 # lk_portal.selectors.viewer.Viewer of the member filing it
        kind_code="act",               # a RequestKind.code: billing, copies, act, metering, instalment, requisites, other
        contract=contract,             # a Contract of the viewer's (or its id), or None for the whole organisation
        subject="Расхождения в акте сверки",
        text="…",
        attachments=[("sravnenie.xlsx", data)],  # UploadedFile or (name, bytes); checked by content
    )

Errors: `lk_portal.domain.roles.NotAllowed` when the member's role may not file requests (→ 403), and
`lk_portal.domain.requests.RequestError` (`.code` for machines, `.message` in Russian) for everything else:
kind_unknown, contract_required, contract_not_found, subject_empty, text_empty, too_long, too_many_files,
file_empty, file_too_large, file_type, transition_not_allowed, reopen_expired, not_yours, closed.

`request_reply` (the abonent's or staff's message, staff's internal note, with files and a status move),
`request_close`, `request_reopen`, `request_set_status`, `request_assign` lock the request's row
(`SELECT … FOR UPDATE`) while they write. Each new request is one letter to its branch's mailbox; each staff
answer or status move tells the submitter (and the members who opted in) once (request_letters.py).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from lk_portal.domain.requests import (
    Actor,
    RequestError,
    Status,
    abonent_reply_target,
    add_working_days,
    request_number,
    transition_check,
)
from lk_portal.domain.roles import Capability
from lk_portal.models import Contract, Request, RequestAttachment, RequestKind, RequestMessage, RequestSequence
from lk_portal.models import RequestStatusChange as StatusChange
from lk_portal.selectors.requests import staff_can_see
from lk_portal.selectors.viewer import Viewer, owned
from lk_portal.services import request_letters
from lk_portal.services.journal import journal_record
from lk_portal.services.request_files import files_guard, files_prepare, files_write

SUBJECT_MAX = 255
TEXT_MAX = 20000
EXCERPT_MAX = 300


def reopen_days() -> int:
    return settings.LK_REQUESTS_REOPEN_DAYS


# --- Filing --------------------------------------------------------------------------------------


def _kind(code: str) -> RequestKind:
    kind = RequestKind.objects.filter(code=str(code or ""), active=True).first()
    if kind is None:
        raise RequestError("kind_unknown", "Выберите тип обращения из списка.")
    return kind


def _contract(viewer: Viewer, contract) -> Contract | None:
    """The viewer's contract the request is about; None (the whole organisation) only for an unscoped member."""
    if contract in (None, ""):
        if viewer.scoped:
            raise RequestError("contract_required", "Выберите договор, к которому относится обращение.")
        return None
    try:
        pk = contract.pk if isinstance(contract, Contract) else int(contract)
    except (TypeError, ValueError):
        raise RequestError("contract_not_found", "Договор не найден среди договоров вашей организации.") from None
    found = owned(Contract.objects, viewer=viewer).filter(pk=pk).first()
    if found is None:
        raise RequestError("contract_not_found", "Договор не найден среди договоров вашей организации.")
    return found


def _texts(subject: str, text: str) -> tuple[str, str]:
    subject, text = " ".join(str(subject or "").split()), str(text or "").strip()
    if not subject:
        raise RequestError("subject_empty", "Укажите тему обращения.")
    if len(subject) > SUBJECT_MAX:
        raise RequestError("too_long", f"Тема обращения — не больше {SUBJECT_MAX} символов.")
    if not text:
        raise RequestError("text_empty", "Напишите текст обращения.")
    if len(text) > TEXT_MAX:
        raise RequestError("too_long", f"Текст — не больше {TEXT_MAX} символов.")
    return subject, text


def _next_seq(year: int) -> int:
    """The year's next number: the UPDATE locks the year's row until the commit, so two filings never share one."""
    if not RequestSequence.objects.filter(year=year).update(last=F("last") + 1):
        try:
            with transaction.atomic():
                RequestSequence.objects.create(year=year, last=1)
            return 1
        except IntegrityError:  # another filing created the year's row first
            RequestSequence.objects.filter(year=year).update(last=F("last") + 1)
    return RequestSequence.objects.get(year=year).last


def _attach(req: Request, message: RequestMessage | None, prepared, written: list[str]) -> list[RequestAttachment]:
    rows = [
        RequestAttachment(
            request=req,
            message=message,
            name=item.name,
            content_type=item.kind.content_type,
            size=len(item.data),
            path=relative,
        )
        for item, relative in files_write(req.pk, prepared, written)
    ]
    return RequestAttachment.objects.bulk_create(rows)


def request_create(
    *,
    viewer: Viewer,
    kind_code: str,
    contract,
    subject: str,
    text: str,
    attachments: Iterable = (),
    http_request=None,
) -> Request:
    """File a request for the viewer's organisation; the branch's mailbox gets a letter (once)."""
    viewer.require(Capability.FILE_REQUESTS)
    kind = _kind(kind_code)
    chosen = _contract(viewer, contract)
    subject, text = _texts(subject, text)
    prepared = files_prepare(attachments)
    now = timezone.now()
    today = timezone.localdate(now)
    with files_guard() as written, transaction.atomic():
        seq = _next_seq(today.year)
        req = Request.objects.create(
            year=today.year,
            seq=seq,
            number=request_number(today.year, seq),
            abonent=viewer.abonent,
            contract=chosen,
            kind=kind,
            subject=subject,
            text=text,
            author=viewer.user,
            created_at=now,
            updated_at=now,
            due_date=add_working_days(today, kind.due_days),
        )
        StatusChange.objects.create(request=req, from_status="", to_status=Status.NEW, by=viewer.user, at=now)
        _attach(req, None, prepared, written)
        request_letters.branch_letter(req)
        if viewer.user is not None:
            journal_record(
                "request_create",
                request=http_request,
                user=viewer.user,
                abonent=viewer.abonent,
                object=f"Обращение № {req.number}",
                details={"contract": chosen.number if chosen else "все договоры"},
            )
    return req


# --- Moves and replies ---------------------------------------------------------------------------


def _locked(req: Request) -> Request:
    return (
        Request.objects.select_for_update(of=("self",))
        .select_related("abonent", "contract", "kind", "author")
        .get(pk=req.pk)
    )


def _move(req: Request, target: Status, *, actor: Actor, by, now: datetime.datetime) -> StatusChange | None:
    """Move a locked request to `target` (nothing when it is there already); the row is saved by the caller."""
    if req.status == target:
        return None
    transition_check(
        current=req.status, target=target, actor=actor, finished_at=req.finished_at, now=now, reopen_days=reopen_days()
    )
    change = StatusChange.objects.create(
        request=req, from_status=req.status, to_status=target, by=by, by_staff=actor is Actor.STAFF, at=now
    )
    req.status = target
    req.finished_at = now if target in (Status.RESOLVED, Status.CLOSED) else None
    return change


def _check_viewer(req: Request, viewer: Viewer) -> None:
    viewer.require(Capability.FILE_REQUESTS)
    if not owned(Request.objects, viewer=viewer).filter(pk=req.pk).exists():
        raise RequestError("not_yours", "Обращение не найдено.")


def _check_staff(req: Request, staff) -> None:
    if staff is None or not staff.is_staff or not staff_can_see(user=staff, request=req):
        raise RequestError("not_yours", "Обращение относится к другому филиалу.")


def _check(req: Request, actor: Actor, viewer: Viewer | None, staff) -> None:
    if actor is Actor.ABONENT:
        _check_viewer(req, viewer)
    else:
        _check_staff(req, staff)


def _actor(viewer: Viewer | None, staff) -> Actor:
    if (viewer is None) == (staff is None):
        raise ValueError("Give either the abonent's viewer or the staff member")
    return Actor.ABONENT if viewer is not None else Actor.STAFF


def _reply_target(req: Request, actor: Actor, status, internal: bool) -> Status | None:
    if actor is Actor.ABONENT:
        if internal or status not in (None, ""):
            raise RequestError("transition_not_allowed", "Абонент не может менять статус ответом.")
        return abonent_reply_target(req.status)
    return Status(status) if status else None


def request_reply(
    *,
    req: Request,
    text: str,
    attachments: Iterable = (),
    viewer: Viewer | None = None,
    staff=None,
    internal: bool = False,
    status: Status | str | None = None,
    http_request=None,
) -> RequestMessage:
    """A message in the thread: the abonent's (`viewer`; an answer to «ожидает ответа абонента» puts the request
    back to work, one to a finished request reopens it within the window) or staff's (`staff`; `internal` —
    a note the abonent never sees; `status` — the status to move it to with the answer)."""
    actor = _actor(viewer, staff)
    _check(req, actor, viewer, staff)
    text = str(text or "").strip()
    prepared = files_prepare(attachments)
    if not text and not prepared:
        raise RequestError("text_empty", "Напишите сообщение или приложите файл.")
    if len(text) > TEXT_MAX:
        raise RequestError("too_long", f"Сообщение — не больше {TEXT_MAX} символов.")
    author = viewer.user if viewer is not None else staff
    now = timezone.now()
    with files_guard() as written, transaction.atomic():
        locked = _locked(req)
        target = _reply_target(locked, actor, status, internal)
        change = _move(locked, target, actor=actor, by=author, now=now) if target else None
        message = RequestMessage.objects.create(
            request=locked, author=author, from_staff=actor is Actor.STAFF, internal=internal, text=text, created_at=now
        )
        _attach(locked, message, prepared, written)
        locked.updated_at = now
        if actor is Actor.STAFF and not internal:
            locked.last_reply_at = now
            locked.last_reply_text = (text or "Файлы: " + ", ".join(p.name for p in prepared))[:EXCERPT_MAX]
        locked.save()
        if actor is Actor.STAFF:
            request_letters.abonent_told(locked, message=None if internal else message, change=change)
        elif author is not None:
            journal_record(
                "request_reply",
                request=http_request,
                user=author,
                abonent=locked.abonent,
                object=f"Обращение № {locked.number}",
            )
    _refresh(req, locked)
    return message


def _refresh(req: Request, locked: Request) -> None:
    for name in ("status", "finished_at", "updated_at", "last_reply_at", "last_reply_text", "assignee_id"):
        setattr(req, name, getattr(locked, name))


def request_set_status(
    *, req: Request, status: Status | str, viewer: Viewer | None = None, staff=None, http_request=None
) -> Request:
    """Move the request to `status` if the table lets this side do it (and, for reopening, within the window)."""
    actor = _actor(viewer, staff)
    _check(req, actor, viewer, staff)
    try:
        target = Status(status)
    except ValueError:
        raise RequestError("transition_not_allowed", "Неизвестный статус обращения.") from None
    author = viewer.user if viewer is not None else staff
    now = timezone.now()
    with transaction.atomic():
        locked = _locked(req)
        change = _move(locked, target, actor=actor, by=author, now=now)
        if change is None:
            return req
        locked.updated_at = now
        locked.save()
        if actor is Actor.STAFF:
            request_letters.abonent_told(locked, message=None, change=change)
        elif author is not None:
            action = {Status.CLOSED: "request_close", Status.IN_WORK: "request_reopen"}.get(target)
            if action:
                journal_record(
                    action,
                    request=http_request,
                    user=author,
                    abonent=locked.abonent,
                    object=f"Обращение № {locked.number}",
                )
    _refresh(req, locked)
    return req


def request_close(*, req: Request, viewer: Viewer | None = None, staff=None, http_request=None) -> Request:
    """«Закрыть обращение»: by the abonent (withdrawn, or agreed with the solution) or by staff."""
    return request_set_status(req=req, status=Status.CLOSED, viewer=viewer, staff=staff, http_request=http_request)


def request_reopen(*, req: Request, viewer: Viewer | None = None, staff=None, http_request=None) -> Request:
    """Back to «в работе» from «решено» or «закрыто»: the abonent within LK_REQUESTS_REOPEN_DAYS, staff at any time."""
    return request_set_status(req=req, status=Status.IN_WORK, viewer=viewer, staff=staff, http_request=http_request)


def request_assign(*, req: Request, assignee, staff) -> Request:
    """Give the request to a staff member who sees its branch (None: nobody)."""
    _check_staff(req, staff)
    if assignee is not None and not (assignee.is_staff and staff_can_see(user=assignee, request=req)):
        raise RequestError("assignee_not_allowed", "Этот сотрудник не работает с обращениями филиала абонента.")
    with transaction.atomic():
        locked = _locked(req)
        locked.assignee = assignee
        locked.updated_at = timezone.now()
        locked.save(update_fields=["assignee", "updated_at"])
    _refresh(req, locked)
    req.assignee = assignee
    return req
