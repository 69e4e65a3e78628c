from lk_portal.domain.roles import Capability
from lk_portal.grids import CONTRACTS_GRID
from lk_portal.selectors.contracts import contract_list

from .kit import GridPageView


class ContractListView(GridPageView):
    """«Договоры»: a short list, on the same grid (sort, filters, exports)."""

    capability = Capability.VIEW_CONTRACTS
    template_name = "lk_portal/contracts.html"
    tab = "contracts"
    grid = CONTRACTS_GRID
    contract_selector = False

    def get_grid_queryset(self):
        return contract_list(viewer=self.viewer)
