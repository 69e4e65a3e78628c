"""«Обращения» by machine: the types, the member's requests (synced like every collection), one request with
its thread and files, filing a request and answering in its thread — through services/requests.py, so the
checks, numbers, due dates, letters and journal are the page's.

Filing and answers are `multipart/form-data` (fields and `files`, as the page's form sends them), so files
travel as files, not as base64 in JSON; each is checked by content as on the page (LK_REQUEST_MAX_FILES,
LK_REQUEST_MAX_FILE_BYTES). A refusal is 422 `{code, message}` with the service's code: kind_unknown,
contract_required, subject_empty, file_type, too_many_files, reopen_expired …
"""

from __future__ import annotations

from django.urls import reverse
from ninja import File, Form, Query, Router, UploadedFile

from lk_portal.domain.roles import Capability
from lk_portal.downloads import attachment_response
from lk_portal.selectors.requests import (
    attachment_find,
    request_files,
    request_find,
    request_kinds,
    request_messages,
    request_queryset,
)
from lk_portal.services.requests import request_create, request_reply

from . import schemas as S
from .collections import ERRORS, _by_contract, _contract
from .sync import sync_page
from .writes import require_write

router = Router(tags=["Обращения"])


def _person(user) -> str:
    if user is None:
        return "Абонент"
    return user.get_full_name() or user.email or user.username


def _file(attachment) -> dict:
    return {
        "id": attachment.pk,
        "name": attachment.name,
        "content_type": attachment.content_type,
        "size": attachment.size,
        "url": reverse("api_v1:request_file", kwargs={"file_id": attachment.pk}),
    }


def request_row(req) -> dict:
    return {
        "id": req.pk,
        "number": req.number,
        "kind": req.kind.code,
        "kind_title": req.kind.name,
        "contract_id": req.contract_id,
        "subject": req.subject,
        "text": req.text,
        "status": req.status,
        "status_title": req.status_label,
        "created_at": req.created_at,
        "due_date": req.due_date,
        "finished_at": req.finished_at,
        "last_reply_at": req.last_reply_at,
        "last_reply_text": req.last_reply_text,
        "updated_at": req.updated_at,
    }


def _detail(viewer, pk: int) -> dict:
    req = request_find(viewer=viewer, pk=pk)
    thread = [
        {
            "id": m.pk,
            "from_staff": m.from_staff,
            "author": "Ответ поставщика" if m.from_staff else _person(m.author),
            "text": m.text,
            "created_at": m.created_at,
            "attachments": [_file(a) for a in m.attachments.all()],
        }
        for m in request_messages(request=req)
    ]
    return {**request_row(req), "attachments": [_file(a) for a in request_files(request=req)], "messages": thread}


@router.get("/request-kinds", response={200: list[S.RequestKindOut], **ERRORS}, summary="Типы обращений")
def kinds(request):
    request.viewer.require(Capability.VIEW_REQUESTS)
    return [{"code": k.code, "name": k.name, "due_days": k.due_days} for k in request_kinds()]


@router.get("/requests", response={200: S.Page[S.RequestOut], **ERRORS}, summary="Обращения")
def requests_list(request, params: Query[S.ListParams]):
    viewer = request.viewer
    viewer.require(Capability.VIEW_REQUESTS)
    rows = _by_contract(request_queryset(viewer=viewer), _contract(viewer, params.contract))
    return sync_page(rows, params=params, item=request_row)


@router.get("/requests/{request_id}", response={200: S.RequestDetailOut, **ERRORS}, summary="Обращение с перепиской")
def request_detail(request, request_id: int):
    request.viewer.require(Capability.VIEW_REQUESTS)
    return _detail(request.viewer, request_id)


@router.get(
    "/request-files/{file_id}",
    response={200: None, **ERRORS},
    summary="Файл обращения",
    url_name="request_file",
)
def request_file(request, file_id: int):
    request.viewer.require(Capability.VIEW_REQUESTS)
    return attachment_response(attachment_find(viewer=request.viewer, pk=file_id))


@router.post(
    "/requests",
    response={201: S.RequestDetailOut, **ERRORS},
    summary="Подать обращение",
    description=(
        "multipart/form-data: kind, contract, subject, text и файлы в поле files (до LK_REQUEST_MAX_FILES). "
        "Те же проверки, что у формы «Новое обращение»; ответ — обращение с номером и сроком. "
        "Нужен ключ с правом записи."
    ),
)
def request_post(request, data: Form[S.RequestIn], files: File[list[UploadedFile]] = None):
    require_write(request, Capability.FILE_REQUESTS)
    req = request_create(
        viewer=request.viewer,
        kind_code=data.kind,
        contract=data.contract,
        subject=data.subject,
        text=data.text,
        attachments=files or [],
        http_request=request,
    )
    return 201, _detail(request.viewer, req.pk)


@router.post(
    "/requests/{request_id}/messages",
    response={201: S.RequestDetailOut, **ERRORS},
    summary="Ответить в переписке по обращению",
    description=(
        "multipart/form-data: text и файлы в поле files. Ответ на «ожидает ответа абонента» возвращает "
        "обращение в работу, ответ на решенное — открывает его снова (в пределах LK_REQUESTS_REOPEN_DAYS)."
    ),
)
def request_answer(request, request_id: int, data: Form[S.ReplyIn], files: File[list[UploadedFile]] = None):
    require_write(request, Capability.FILE_REQUESTS)
    req = request_find(viewer=request.viewer, pk=request_id)
    request_reply(req=req, text=data.text, attachments=files or [], viewer=request.viewer, http_request=request)
    return 201, _detail(request.viewer, req.pk)
