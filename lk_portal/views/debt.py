"""/lk/debt/: the breakdown of the header's debt by contract and by unpaid document."""

from django.core.paginator import Paginator
from django.utils import timezone
from django.views.generic import TemplateView

from lk_portal.selectors.debt import debt_latest_snapshots
from lk_portal.selectors.debt_breakdown import unpaid_document_rows, unpaid_documents_totals
from lk_portal.selectors.payment_documents import unpaid_document_list

from .base import CabinetMixin

PAGE_SIZE = 50


class DebtView(CabinetMixin, TemplateView):
    template_name = "lk_portal/debt.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        page = Paginator(unpaid_document_list(abonent=self.abonent), PAGE_SIZE).get_page(self.request.GET.get("page"))
        context.update(
            today=today,
            snapshots=list(debt_latest_snapshots(abonent=self.abonent).order_by("contract__number")),
            page_obj=page,
            rows=unpaid_document_rows(documents=page.object_list, today=today),
            totals=unpaid_documents_totals(abonent=self.abonent),
        )
        return context
