"""«Узлы учета»: the viewer's heat metering units, and per unit its consumption by month."""

from dataclasses import dataclass

from django.utils import timezone

from lk_portal.domain.metering import VERIFICATION_WARNING_DAYS, readings_window_now, verification_state
from lk_portal.domain.roles import Capability
from lk_portal.grid.pager import paginate
from lk_portal.grid.state import PageState
from lk_portal.selectors.metering import consumption_queryset, metering_unit_find, metering_unit_queryset
from lk_portal.selectors.reading_history import reading_history_queryset

from .kit import ListPageView


def _unit_row(unit, today):
    return {
        "unit": unit,
        "window": readings_window_now(today=today, window_from=unit.window_from, window_to=unit.window_to),
        "verification": verification_state(due=unit.verification_due, today=today),
    }


READINGS_PAGE = "readings_page"  # the readings history's own page parameter, beside the consumption's `page`
READINGS_PAGE_SIZE = 12


@dataclass
class _ReadingsPageState(PageState):
    """The readings history's pages: its own parameter, links back to its section."""

    def page_query(self, page: int) -> str:
        return self.query(**{READINGS_PAGE: page if page > 1 else None}) + "#readings"


def _readings_page(request, unit):
    """One page of the unit's readings (sliced in the database) and its pager."""
    raw = request.GET.get(READINGS_PAGE, "1")
    page = int(raw) if raw.isdigit() and 0 < len(raw) < 7 else 1
    params = [(k, v) for k in request.GET for v in request.GET.getlist(k) if k != "export"]
    state = _ReadingsPageState(page=max(page, 1), per_page=READINGS_PAGE_SIZE, params=params)
    return paginate(reading_history_queryset(unit=unit), state=state)


class MeteringUnitListView(ListPageView):
    """The units of the chosen contract (or of all), each with its window and its verification date."""

    template_name = "lk_portal/metering.html"
    tab = "metering"
    capability = Capability.VIEW_METERING
    page_size = 25

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        units, pager = self.paginate(metering_unit_queryset(viewer=self.viewer, contract=self.contract))
        context.update(
            rows=[_unit_row(unit, today) for unit in units],
            pager=pager,
            today=today,
            warning_days=VERIFICATION_WARNING_DAYS,
        )
        return context


class MeteringUnitDetailView(ListPageView):
    """One unit: its details and its consumption by month as billing took it, the newest first."""

    template_name = "lk_portal/metering_unit.html"
    tab = "metering"
    capability = Capability.VIEW_METERING
    contract_param = None
    page_size = 36

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        unit = metering_unit_find(viewer=self.viewer, pk=self.kwargs["pk"])
        months, pager = self.paginate(consumption_queryset(unit=unit))
        readings, readings_pager = _readings_page(self.request, unit)
        today = timezone.localdate()
        context.update(
            row=_unit_row(unit, today),
            today=today,
            unit=unit,
            months=months,
            pager=pager,
            readings=readings,
            readings_pager=readings_pager,
            warning_days=VERIFICATION_WARNING_DAYS,
        )
        return context
