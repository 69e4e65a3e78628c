"""/lk/debt/: the breakdown of the header's debt by contract and by unpaid document."""

from decimal import Decimal

from django.utils import timezone

from lk_portal.domain.debt import unpaid_document_rows
from lk_portal.domain.roles import Capability
from lk_portal.selectors.debt import debt_latest_snapshots
from lk_portal.selectors.payment_documents import unpaid_document_list, unpaid_documents_totals

from .kit import ListPageView

DOCUMENT_COLUMNS = ("contract__number", "name", "number", "date", "period", "debt", "due_date", "penalties")
SNAPSHOT_COLUMNS = ("contract__number", "contract__start_date", "as_of", "debt", "penalties")


class DebtView(ListPageView):
    capability = Capability.VIEW_FINANCIAL
    template_name = "lk_portal/debt.html"
    contract_param = None  # the whole abonent's debt

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        totals = unpaid_documents_totals(viewer=self.viewer)  # its count is the pager's: no COUNT of its own
        # The tables' columns only: compiling a full row of each model costs more than its query.
        documents = unpaid_document_list(viewer=self.viewer).only(*DOCUMENT_COLUMNS)
        documents, pager = self.paginate(documents, total=totals["count"])
        snapshots = debt_latest_snapshots(viewer=self.viewer).only(*SNAPSHOT_COLUMNS)
        snapshots = list(snapshots.order_by("contract__number"))
        context.update(
            today=today,
            snapshots=snapshots,
            # The member's contracts only (the header above is the whole abonent's).
            snapshot_debt=sum((s.debt for s in snapshots), Decimal("0.00")),
            snapshot_penalties=sum((s.penalties for s in snapshots), Decimal("0.00")),
            pager=pager,
            rows=unpaid_document_rows(documents=documents, today=today),
            totals=totals,
        )
        return context
