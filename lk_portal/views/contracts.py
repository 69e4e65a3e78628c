from django.views.generic import TemplateView

from lk_portal.selectors.contracts import contract_list

from .base import CabinetMixin


class ContractListView(CabinetMixin, TemplateView):
    template_name = "lk_portal/contracts.html"
    tab = "contracts"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["contracts"] = contract_list(abonent=self.abonent)
        return context
