from lk_portal.domain.roles import Capability
from lk_portal.selectors.contacts import contract_curators

from .kit import ListPageView


class ContactListView(ListPageView):
    """«Контакты»: the curators of each contract in the branch."""

    capability = Capability.VIEW_CONTRACTS
    template_name = "lk_portal/contacts.html"
    tab = "contacts"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["contract_curators"] = contract_curators(viewer=self.viewer, contract=self.contract)
        return context
