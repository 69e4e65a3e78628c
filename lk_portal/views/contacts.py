from django.views.generic import TemplateView

from lk_portal.selectors.contacts import contract_curators

from .base import CabinetMixin
from .grid import ContractSelectorMixin


class ContactListView(ContractSelectorMixin, CabinetMixin, TemplateView):
    """«Контакты»: the curators of each contract in the branch."""

    template_name = "lk_portal/contacts.html"
    tab = "contacts"

    def get(self, request, *args, **kwargs):
        self.setup_contract(request)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(self.contract_context())
        context["contract_curators"] = contract_curators(abonent=self.abonent, contract=self.contract)
        return context
