from lk_portal.domain.roles import Capability
from lk_portal.grids import PAYMENTS_GRID
from lk_portal.selectors.payments import payment_queryset, payment_summary_queryset

from .kit import GridPageView


class PaymentListView(GridPageView):
    """«Оплата»: every payment received from the abonent, on the data grid."""

    capability = Capability.VIEW_FINANCIAL
    template_name = "lk_portal/payments.html"
    tab = "payments"
    grid = PAYMENTS_GRID
    grid_choices_cached = True

    def get_grid_queryset(self):
        return payment_queryset(viewer=self.viewer, contract=self.contract)

    def get_grid_summary_queryset(self):
        return payment_summary_queryset(viewer=self.viewer, contract=self.contract)
