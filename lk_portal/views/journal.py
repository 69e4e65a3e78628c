"""/lk/team/journal/: the organisation's journal of actions on the data grid (filters, exports)."""

from django.conf import settings

from lk_portal.domain.journal import keep_period_text
from lk_portal.domain.roles import Capability
from lk_portal.grid import DATETIME, Column, GridDefinition
from lk_portal.grid.columns import CHOICE
from lk_portal.selectors.journal import journal_queryset

from .kit import GridPageView

JOURNAL_GRID = GridDefinition(
    slug="zhurnal",
    title="Журнал действий",
    columns=(
        Column("at", "Время", "at", kind=DATETIME, width=1.3),
        Column("member", "Пользователь", "login", filter=CHOICE),
        Column("action", "Действие", "action_title", filter=CHOICE),
        Column("object", "Объект", "object", groupable=True),
        Column("summary", "Подробности", "summary", groupable=False, width=3, css="grid-wide"),
        Column("ip", "IP-адрес", "ip", filter="", searchable=False, groupable=False),
        Column("browser", "Браузер", "browser", filter=""),
    ),
    default_sort=("-at",),
)


class JournalListView(GridPageView):
    """Who did what in the cabinet: logins, exports, printed documents, changes, staff visits."""

    template_name = "lk_portal/journal.html"
    tab = "profile"
    grid = JOURNAL_GRID
    capability = Capability.VIEW_JOURNAL  # administrators
    contract_param = None  # the journal is the organisation's, not a contract's

    def get_grid_queryset(self):
        return journal_queryset(viewer=self.viewer)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["keep_years"] = keep_period_text(settings.LK_JOURNAL_KEEP_DAYS)
        return context
