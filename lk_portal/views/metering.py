"""«Узлы учета»: the viewer's heat metering units, and per unit its consumption by month."""

from django.utils import timezone

from lk_portal.domain.metering import VERIFICATION_WARNING_DAYS, readings_window_now, verification_state
from lk_portal.domain.roles import Capability
from lk_portal.selectors.metering import consumption_queryset, metering_unit_find, metering_unit_queryset

from .kit import ListPageView


def _unit_row(unit, today):
    return {
        "unit": unit,
        "window": readings_window_now(today=today, window_from=unit.window_from, window_to=unit.window_to),
        "verification": verification_state(due=unit.verification_due, today=today),
    }


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
        today = timezone.localdate()
        context.update(
            row=_unit_row(unit, today),
            today=today,
            unit=unit,
            months=months,
            pager=pager,
            warning_days=VERIFICATION_WARNING_DAYS,
        )
        return context
