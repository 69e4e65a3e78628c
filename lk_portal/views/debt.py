"""/lk/debt/: the breakdown of the header's debt by contract and by unpaid document."""

from django.utils import timezone

from lk_portal.domain.debt import unpaid_document_rows
from lk_portal.selectors.debt import debt_latest_snapshots
from lk_portal.selectors.payment_documents import unpaid_document_list, unpaid_documents_totals

from .kit import ListPageView


class DebtView(ListPageView):
    template_name = "lk_portal/debt.html"
    contract_param = None  # the whole abonent's debt

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        documents, pager = self.paginate(unpaid_document_list(viewer=self.viewer))
        context.update(
            today=today,
            snapshots=list(debt_latest_snapshots(viewer=self.viewer).order_by("contract__number")),
            pager=pager,
            rows=unpaid_document_rows(documents=documents, today=today),
            totals=unpaid_documents_totals(viewer=self.viewer),
        )
        return context
