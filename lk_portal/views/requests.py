"""«Обращения» (issue 18): the list, the form (pre-filled by shortcuts), a request's page, its files."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Case, CharField, F, Value, When
from django.db.models.functions import Cast, Concat
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views import View
from django.views.generic import TemplateView

from lk_portal.domain.requests import (
    STATUS_LABELS,
    Actor,
    RequestError,
    Status,
    is_overdue,
    reopen_allowed,
    transition_allowed,
)
from lk_portal.domain.roles import Capability
from lk_portal.downloads import attachment_response
from lk_portal.grid import DATE, DATETIME, Column, GridDefinition
from lk_portal.grid.columns import CHOICE
from lk_portal.request_forms import FILES_AGAIN, ReplyForm, RequestForm, error_field
from lk_portal.selectors.contracts import contract_choices, contract_find
from lk_portal.selectors.requests import (
    attachment_find,
    request_files,
    request_find,
    request_kinds,
    request_messages,
    request_queryset,
)
from lk_portal.services.requests import reopen_days, request_close, request_create, request_reopen, request_reply

from .base import CabinetMixin
from .kit import GridPageView

REQUESTS_GRID = GridDefinition(
    slug="obrashcheniya",
    title="Обращения",
    columns=(
        Column("number", "№ обращения", "number", link_field="url", groupable=False),
        Column("kind", "Тип", "kind__name", filter=CHOICE),
        Column("contract", "№ договора", "contract__number", filter=""),
        Column("subject", "Тема", "subject", groupable=False, width=2.5, css="grid-wide"),
        Column("status", "Статус", "status_title", filter=CHOICE),
        Column("created", "Подано", "created_at", kind=DATETIME, width=1.3),
        Column("due", "Срок ответа", "due_date", kind=DATE),
        Column("reply_at", "Последний ответ", "last_reply_at", kind=DATETIME, width=1.3),
        Column("reply", "Текст ответа", "last_reply_text", groupable=False, width=3),
    ),
    default_sort=("-created",),
)


def _grid_rows(queryset):
    status_title = Case(
        *(When(status=code, then=Value(label)) for code, label in STATUS_LABELS.items()),
        default=F("status"),
        output_field=CharField(),
    )
    url = Concat(Value("/lk/requests/"), Cast("pk", CharField()), Value("/"), output_field=CharField())
    return queryset.annotate(status_title=status_title, url=url)


class RequestListView(GridPageView):
    template_name = "lk_portal/requests.html"
    tab = "requests"
    capability = Capability.VIEW_REQUESTS
    grid = REQUESTS_GRID

    def get_grid_queryset(self):
        rows = request_queryset(viewer=self.viewer)
        if self.contract is not None:
            rows = rows.filter(contract=self.contract)
        return _grid_rows(rows)


def _apply_error(form, error: RequestError) -> None:
    form.add_error(error_field(error.code, form), error.message)


class RequestCreateView(CabinetMixin, TemplateView):
    """The form; `?kind=…&contract=…&subject=…` fill it in (the shortcuts beside documents and units)."""

    template_name = "lk_portal/request_form.html"
    tab = "requests"
    capability = Capability.FILE_REQUESTS

    def make_form(self, data=None, files=None, initial=None):
        self.contracts = contract_choices(viewer=self.viewer)
        return RequestForm(
            data,
            files,
            initial=initial,
            kinds=list(request_kinds()),
            contracts=self.contracts,
            allow_none=not self.viewer.scoped,
        )

    def prefill(self) -> dict:
        get = self.request.GET
        form = self.make_form()
        contract = contract_find(contracts=self.contracts, raw_id=get.get("contract"))  # another's id: 404
        kinds = {code for code, _ in form.fields["kind"].choices}
        return {
            "kind": get.get("kind") if get.get("kind") in kinds else "",
            "contract": str(contract.pk) if contract else "",
            "subject": get.get("subject", "")[:255],
            "text": get.get("text", "")[:2000],
        }

    def get(self, request, *args, **kwargs):
        form = self.make_form(initial=self.prefill())
        return self.render_to_response(self.get_context_data(form=form))

    def post(self, request, *args, **kwargs):
        form = self.make_form(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            try:
                req = request_create(
                    viewer=self.viewer,
                    kind_code=data["kind"],
                    contract=data["contract"] or None,
                    subject=data["subject"],
                    text=data["text"],
                    attachments=data["files"],
                    http_request=request,
                )
            except RequestError as error:
                _apply_error(form, error)
            else:
                messages.success(
                    request, f"Обращение № {req.number} отправлено. Срок ответа — {req.due_date:%d.%m.%Y}."
                )
                return redirect("lk:request", req.pk)
        files_lost = bool(request.FILES)
        return self.render_to_response(self.get_context_data(form=form, files_lost=files_lost), status=400)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["files_again"] = FILES_AGAIN
        return context


def _abonent_actions(req, viewer) -> dict:
    """What the page offers this member: reply, close, reopen (within the window)."""
    files = viewer.can(Capability.FILE_REQUESTS)
    finished = req.status in (Status.RESOLVED, Status.CLOSED)
    in_window = reopen_allowed(
        actor=Actor.ABONENT, finished_at=req.finished_at, now=timezone.now(), reopen_days=reopen_days()
    )
    return {
        "can_reply": files and (not finished or in_window),
        "can_close": files and transition_allowed(req.status, Status.CLOSED, Actor.ABONENT),
        "can_reopen": files and finished and in_window,
        "reopen_days": reopen_days(),
    }


class RequestDetailView(CabinetMixin, TemplateView):
    """The request, its files, the thread both ways (no internal notes), the status history; a reply."""

    template_name = "lk_portal/request_detail.html"
    tab = "requests"
    capability = Capability.VIEW_REQUESTS

    def page(self, form, status=200):
        req = self.req
        context = self.get_context_data(
            req=req,
            form=form,
            files=list(request_files(request=req)),
            thread=list(request_messages(request=req)),
            history=list(req.status_changes.select_related("by")),
            overdue=is_overdue(status=req.status, due=req.due_date, today=timezone.localdate()),
            **_abonent_actions(req, self.viewer),
        )
        return render(self.request, self.template_name, context, status=status)

    def get(self, request, pk):
        self.req = request_find(viewer=self.viewer, pk=pk)
        return self.page(ReplyForm())

    def post(self, request, pk):
        self.viewer.require(Capability.FILE_REQUESTS)
        self.req = request_find(viewer=self.viewer, pk=pk)
        form = ReplyForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                request_reply(
                    req=self.req,
                    text=form.cleaned_data["text"],
                    attachments=form.cleaned_data["files"],
                    viewer=self.viewer,
                    http_request=request,
                )
            except RequestError as error:
                _apply_error(form, error)
            else:
                messages.success(request, "Сообщение отправлено.")
                return redirect("lk:request", self.req.pk)
        return self.page(form, status=400)


class _RequestActionView(CabinetMixin, View):
    capability = Capability.FILE_REQUESTS
    tab = "requests"

    def act(self, req):
        raise NotImplementedError

    def post(self, request, pk):
        req = request_find(viewer=self.viewer, pk=pk)
        try:
            self.act(req)
        except RequestError as error:
            messages.error(request, error.message)
        return redirect("lk:request", req.pk)


class RequestCloseView(_RequestActionView):
    def act(self, req):
        request_close(req=req, viewer=self.viewer, http_request=self.request)
        messages.success(self.request, f"Обращение № {req.number} закрыто.")


class RequestReopenView(_RequestActionView):
    def act(self, req):
        request_reopen(req=req, viewer=self.viewer, http_request=self.request)
        messages.success(self.request, f"Обращение № {req.number} возобновлено.")


class RequestFileView(CabinetMixin, View):
    """A file of one of the member's requests; anyone else's (another organisation, another contract) is a 404."""

    capability = Capability.VIEW_REQUESTS
    tab = "requests"

    def get(self, request, pk):
        return attachment_response(attachment_find(viewer=self.viewer, pk=pk))
