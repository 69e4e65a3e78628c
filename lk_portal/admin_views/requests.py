"""Staff screens «Обращения» (issue 18, item 2): the queue, a request's work page, its files; «Типы обращений».

The queue is the requests staff may see (`selectors.requests.staff_request_queryset`: their branches',
or every branch's with `lk_portal.view_all_requests`), with filters by status, type, branch, overdue and
«мои», and search by number, subject, abonent, ИНН and contract. A request's page («work») shows the thread
with the internal notes, answers (with files, a status move, or as an internal note), moves the status by
the table in domain/requests.py and assigns a staff member. Reading needs `view_request`; acting,
`change_request`. Requests are filed by abonents only: staff add, edit or delete none.
"""

from __future__ import annotations

import django_filters
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path, reverse, reverse_lazy
from django.utils import timezone
from django.utils.html import format_html
from django.views.generic import TemplateView
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.model import ModelViewSetGroup

from lk_portal.admin_views.permissions import ViewOnlyPermissionPolicy
from lk_portal.admin_views.wording import MASCULINE, NEUTER, NamedIndexView, NamedModelViewSet, Noun
from lk_portal.domain.errors import NotFound
from lk_portal.domain.requests import OPEN_STATUSES, STATUS_CHOICES, Actor, RequestError, is_overdue, transitions_from
from lk_portal.downloads import attachment_response
from lk_portal.models import Branch, Request, RequestKind
from lk_portal.request_forms import AssignForm, StaffReplyForm, StatusForm
from lk_portal.selectors.requests import (
    branch_staff,
    request_files,
    request_messages,
    staff_attachment_find,
    staff_request_find,
    staff_request_queryset,
)
from lk_portal.services.requests import request_assign, request_reply, request_set_status

CHANGE_PERMISSION = "lk_portal.change_request"
VIEW_PERMISSION = "lk_portal.view_request"


class RequestPermissionPolicy(ViewOnlyPermissionPolicy):
    viewing = ("view", "change")


def _overdue_filter(queryset, name, value):
    late = Q(status__in=[s.value for s in OPEN_STATUSES], due_date__lt=timezone.localdate())
    if value is None:
        return queryset
    return queryset.filter(late) if value else queryset.exclude(late)


def _mine_filter(queryset, name, value):
    return queryset.filter(assignee=value) if value else queryset


class RequestFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label="Статус", choices=STATUS_CHOICES, empty_label="Все", widget=forms.RadioSelect
    )
    kind = django_filters.ModelChoiceFilter(label="Тип", queryset=RequestKind.objects.all(), empty_label="Все")
    branch = django_filters.ModelChoiceFilter(
        label="Филиал", field_name="abonent__branch", queryset=Branch.objects.all(), empty_label="Все"
    )
    overdue = django_filters.BooleanFilter(
        label="Срок прошел",
        method=_overdue_filter,
        widget=forms.NullBooleanSelect(attrs={"aria-label": "Срок прошел"}),
    )

    class Meta:
        model = Request
        fields = ["status", "kind", "branch", "overdue"]


def _due_cell(req) -> str:
    text = f"{req.due_date:%d.%m.%Y}"
    if is_overdue(status=req.status, due=req.due_date, today=timezone.localdate()):
        return format_html('<span class="lk-overdue">{} (просрочено)</span>', text)
    return text


def _number_cell(req) -> str:
    return format_html('<a href="{}">№ {}</a>', reverse("requests:work", args=[req.pk]), req.number)


def _created_cell(req) -> str:
    return f"{timezone.localtime(req.created_at):%d.%m.%Y %H:%M}"


def _assignee_cell(req) -> str:
    return (req.assignee.get_full_name() or req.assignee.username) if req.assignee else "—"


class RequestIndexView(NamedIndexView):
    def get_base_queryset(self):
        return staff_request_queryset(user=self.request.user).order_by("-created_at", "-id")


class RequestViewSet(NamedModelViewSet):
    model = Request
    noun = Noun("обращение", "обращение", "обращений", NEUTER)
    icon = "help"
    menu_label = "Очередь обращений"
    url_prefix = "requests"
    copy_view_enabled = False
    inspect_view_enabled = False
    index_view_class = RequestIndexView
    search_backend_name = None
    search_fields = ["number", "subject", "abonent__name", "abonent__inn", "contract__number"]
    filterset_class = RequestFilterSet
    list_per_page = 50
    form_fields = ["subject"]  # required by ModelViewSet; the edit views are closed by the permission policy
    list_display = [
        Column("number", label="№", accessor=_number_cell),
        Column("abonent", label="Абонент"),
        Column("branch", label="Филиал", accessor="abonent.branch"),
        Column("kind", label="Тип"),
        Column("contract", label="Договор", accessor=lambda r: r.contract.number if r.contract else "все"),
        Column("subject", label="Тема"),
        Column("status", label="Статус", accessor="status_label"),
        Column("created_at", label="Подано", accessor=_created_cell, sort_key="created_at"),
        Column("due_date", label="Срок", accessor=_due_cell, sort_key="due_date"),
        Column("assignee", label="Исполнитель", accessor=_assignee_cell),
    ]
    list_export = ["number", "abonent", "kind", "subject", "status_label", "created_at", "due_date", "assignee"]
    export_headings = {
        "number": "№",
        "abonent": "Абонент",
        "kind": "Тип",
        "subject": "Тема",
        "status_label": "Статус",
        "created_at": "Подано",
        "due_date": "Срок",
        "assignee": "Исполнитель",
    }
    export_filename = "obrashcheniya"

    @property
    def permission_policy(self):
        return RequestPermissionPolicy(self.model)

    @property
    def menu_url(self):
        return reverse_lazy(self.get_url_name("index"))

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("work/<int:pk>/", RequestWorkView.as_view(), name="work"),
            path("files/<int:pk>/", self.file_view, name="file"),
        ]

    def file_view(self, request, pk):
        if not request.user.has_perm(VIEW_PERMISSION) and not request.user.has_perm(CHANGE_PERMISSION):
            raise PermissionDenied
        try:
            return attachment_response(staff_attachment_find(user=request.user, pk=pk))
        except NotFound as error:
            raise Http404(str(error)) from error


class RequestWorkView(WagtailAdminTemplateMixin, TemplateView):
    """One request for staff: details, files, the thread with internal notes, answer, status, assignment."""

    template_name = "lk_portal/admin/request_work.html"
    header_icon = "help"

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if not (user.has_perm(VIEW_PERMISSION) or user.has_perm(CHANGE_PERMISSION)):
            raise PermissionDenied
        try:
            self.req = staff_request_find(user=user, pk=kwargs["pk"])
        except NotFound as error:
            raise Http404(str(error)) from error
        self.can_change = user.has_perm(CHANGE_PERMISSION)
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return f"Обращение № {self.req.number}"

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("requests:index"), "label": "Обращения"},
            {"url": "", "label": f"№ {self.req.number}"},
        ]

    def forms(self, data=None, files=None, which: str = ""):
        statuses = transitions_from(self.req.status, Actor.STAFF)
        staff = branch_staff(request=self.req)
        bound = {"which": which}
        return {
            "reply_form": StaffReplyForm(
                data if which == "reply" else None, files if which == "reply" else None, statuses=statuses
            ),
            "status_form": StatusForm(data if which == "status" else None, statuses=statuses),
            "assign_form": AssignForm(
                data if which == "assign" else None, staff=staff, initial={"assignee": self.req.assignee_id}
            ),
            **bound,
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        req = self.req
        context.update(
            req=req,
            files=list(request_files(request=req)),
            thread=list(request_messages(request=req, internal=True)),
            history=list(req.status_changes.select_related("by")),
            overdue=is_overdue(status=req.status, due=req.due_date, today=timezone.localdate()),
            can_change=self.can_change,
        )
        for key, value in kwargs.items():
            context[key] = value
        if "reply_form" not in context:
            context.update(self.forms())
        return context

    def post(self, request, pk):
        if not self.can_change:
            raise PermissionDenied
        which = request.POST.get("action", "")
        bound = self.forms(request.POST, request.FILES, which=which)
        handler = {"reply": self._reply, "status": self._status, "assign": self._assign}.get(which)
        form = bound.get(f"{which}_form")
        if handler is None or form is None:
            messages.error(request, "Неизвестное действие.")
            return redirect("requests:work", self.req.pk)
        if form.is_valid():
            try:
                handler(form.cleaned_data)
            except RequestError as error:
                form.add_error(None, error.message)
            else:
                return redirect("requests:work", self.req.pk)
        return self.render_to_response(self.get_context_data(**bound), status=400)

    def _reply(self, data):
        request_reply(
            req=self.req,
            text=data["text"],
            attachments=data["files"],
            staff=self.request.user,
            internal=data["internal"],
            status=data["status"] or None,
        )
        messages.success(self.request, "Заметка сохранена." if data["internal"] else "Ответ отправлен абоненту.")

    def _status(self, data):
        request_set_status(req=self.req, status=data["status"], staff=self.request.user)
        messages.success(self.request, f"Статус обращения: «{self.req.status_label}».")

    def _assign(self, data):
        request_assign(req=self.req, assignee=data["assignee"], staff=self.request.user)
        who = data["assignee"]
        messages.success(
            self.request, f"Исполнитель: {who.get_full_name() or who.username}." if who else "Исполнитель снят."
        )


class RequestKindViewSet(NamedModelViewSet):
    model = RequestKind
    noun = Noun("тип обращения", "тип обращения", "типов обращений", MASCULINE)
    icon = "list-ul"
    menu_label = "Типы обращений"
    url_prefix = "request-kinds"
    copy_view_enabled = False
    search_backend_name = None
    search_fields = ["name", "code"]
    list_display = ["name", "code", "due_days", "active", "sort_order"]
    form_fields = ["name", "code", "due_days", "active", "sort_order"]


class RequestViewSetGroup(ModelViewSetGroup):
    menu_label = "Обращения"
    menu_icon = "help"
    menu_order = 251
    items = (RequestViewSet("requests"), RequestKindViewSet("request_kinds"))
