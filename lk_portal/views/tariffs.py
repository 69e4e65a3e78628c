from django.utils import timezone

from lk_portal.domain.roles import Capability
from lk_portal.grids import TARIFFS_ARCHIVE_GRID
from lk_portal.selectors.tariffs import tariff_current_by_contract, tariff_queryset

from .kit import GridPageView


class TariffListView(GridPageView):
    """«Тарифы»: the tariffs in force for the abonent's contracts, and the archive on the grid."""

    capability = Capability.VIEW_TARIFFS
    template_name = "lk_portal/tariffs.html"
    tab = "tariffs"
    grid = TARIFFS_ARCHIVE_GRID

    def selected_contracts(self):
        return [self.contract] if self.contract else self.contracts

    def get_grid_queryset(self):
        return tariff_queryset(viewer=self.viewer, contracts=self.selected_contracts())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["today"] = timezone.localdate()
        context["current_tariffs"] = tariff_current_by_contract(
            viewer=self.viewer, contracts=self.selected_contracts(), on=context["today"]
        )
        return context
