"""«Условия оплаты по договору»: the contract's terms and the resulting payment calendar."""

from django.conf import settings
from django.utils import timezone

from lk_portal.domain.payment_calendar import payment_calendar
from lk_portal.domain.roles import Capability
from lk_portal.selectors.payment_terms import contract_base_amount, payment_term_list

from .kit import ListPageView


class PaymentTermsView(ListPageView):
    capability = Capability.VIEW_FINANCIAL
    template_name = "lk_portal/payment_terms.html"
    tab = "payment_terms"
    contract_allow_all = False

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        contract = self.contract
        context["selected_contract"] = contract
        if contract is not None:
            terms = payment_term_list(contract=contract)
            base = contract_base_amount(contract=contract)
            context.update(
                terms=terms,
                base_amount=base,
                base_is_contractual=contract.contract_amount is not None,
                calendar=payment_calendar(contract=contract, today=timezone.localdate(), terms=terms, base=base),
                reminder_days=settings.LK_REMINDER_DAYS_BEFORE,
                reminders_on=self.request.user.payment_reminders,
            )
        return context
