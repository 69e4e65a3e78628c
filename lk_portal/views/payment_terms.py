"""«Условия оплаты по договору»: the contract's terms and the resulting payment calendar."""

from django.conf import settings
from django.utils import timezone
from django.views.generic import TemplateView

from lk_portal.services.payment_calendar import contract_base_amount, payment_calendar, percent_text

from .base import CabinetMixin
from .contract_filter import contract_choices, selected_contract


class PaymentTermsView(CabinetMixin, TemplateView):
    template_name = "lk_portal/payment_terms.html"
    tab = "payment_terms"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        contracts = contract_choices(abonent=self.abonent)
        contract = selected_contract(self.request, abonent=self.abonent) or (contracts[0] if contracts else None)
        context.update(contracts=contracts, selected_contract=contract, allow_all=False)
        if contract is not None:
            terms = list(contract.payment_terms.all())
            base = contract_base_amount(contract=contract)
            context.update(
                terms=terms,
                term_rows=[(t.day, percent_text(t.percent), t.kind) for t in terms],
                base_amount=base,
                base_is_contractual=contract.contract_amount is not None,
                calendar=payment_calendar(contract=contract, today=timezone.localdate(), terms=terms, base=base),
                reminder_days=settings.LK_REMINDER_DAYS_BEFORE,
                reminders_on=self.request.user.payment_reminders,
            )
        return context
