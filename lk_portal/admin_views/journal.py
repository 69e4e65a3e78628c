"""Staff screen «Журнал действий»: every abonent's journal, read-only, with filters, search and export."""

import django_filters
from django import forms
from django.urls import reverse_lazy
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column

from lk_portal.admin_views.permissions import ViewOnlyPermissionPolicy
from lk_portal.admin_views.wording import FEMININE, NamedIndexView, NamedModelViewSet, Noun
from lk_portal.formatting import format_datetime
from lk_portal.models import JOURNAL_ACTIONS, JournalEntry


class JournalFilterSet(WagtailFilterSet):
    action = django_filters.ChoiceFilter(
        label="Действие", choices=lambda: list(JOURNAL_ACTIONS.items()), empty_label="Все", widget=forms.RadioSelect
    )
    at = django_filters.DateFromToRangeFilter(label="Дата", field_name="at__date", widget=DateRangePickerWidget)

    class Meta:
        model = JournalEntry
        fields = ["action", "at"]


def _at_text(entry) -> str:
    return format_datetime(entry.at)


class JournalIndexView(NamedIndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("abonent")


class JournalEntryViewSet(NamedModelViewSet):
    model = JournalEntry
    noun = Noun("запись журнала", "запись журнала", "записей журнала", FEMININE)
    icon = "list-ul"
    menu_label = "Журнал действий"
    menu_order = 254
    add_to_admin_menu = True
    url_prefix = "journal"
    copy_view_enabled = False
    index_view_class = JournalIndexView
    inspect_view_enabled = True
    inspect_view_fields = [
        "at",
        "abonent",
        "user",
        "login",
        "action",
        "object",
        "summary",
        "details",
        "ip",
        "browser",
        "user_agent",
    ]
    search_backend_name = None
    search_fields = ["login", "object", "abonent__name", "abonent__inn"]
    filterset_class = JournalFilterSet
    list_per_page = 50
    ordering = ["-at", "-id"]
    form_fields = ["login"]  # required by ModelViewSet; the edit views are closed by the permission policy
    list_display = [
        Column("at", label="Время", accessor=_at_text),
        Column("abonent", label="Абонент"),
        Column("login", label="Пользователь"),
        Column("action", label="Действие", accessor="action_title"),
        Column("object", label="Объект"),
        Column("summary", label="Подробности"),
        Column("ip", label="IP-адрес"),
        Column("browser", label="Браузер"),
    ]
    list_export = ["at", "abonent", "login", "action_title", "object", "summary", "ip", "browser", "user_agent"]
    export_headings = {
        "at": "Время",
        "abonent": "Абонент",
        "login": "Пользователь",
        "action_title": "Действие",
        "object": "Объект",
        "summary": "Подробности",
        "ip": "IP-адрес",
        "browser": "Браузер",
        "user_agent": "User-Agent",
    }
    export_filename = "zhurnal"

    @property
    def permission_policy(self):
        return ViewOnlyPermissionPolicy(self.model)

    @property
    def menu_url(self):
        return reverse_lazy(self.get_url_name("index"))


journal_viewset = JournalEntryViewSet("journal")
