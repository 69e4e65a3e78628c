"""«Нажмите, чтобы посмотреть задолженности»: the header's debt by contract and by unpaid document."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Sum

from lk_portal.models import Abonent, BillingDocument

from .payment_documents import unpaid_document_list


@dataclass(frozen=True)
class UnpaidDocumentRow:
    document: BillingDocument
    days_overdue: int | None  # None: the document has no due date
    penalties: Decimal | None  # None: the billing system reported none — shown as «—», never invented


def days_overdue(*, due_date: datetime.date | None, today: datetime.date) -> int | None:
    """Whole days past the due date (0 if not yet due); None without a due date."""
    if due_date is None:
        return None
    return max((today - due_date).days, 0)


def unpaid_document_rows(*, documents, today: datetime.date) -> list[UnpaidDocumentRow]:
    return [
        UnpaidDocumentRow(
            document=d, days_overdue=days_overdue(due_date=d.due_date, today=today), penalties=d.penalties
        )
        for d in documents
    ]


def unpaid_documents_totals(*, abonent: Abonent) -> dict:
    """Count, debt and reported penalties of all unpaid documents (one query)."""
    totals = unpaid_document_list(abonent=abonent).aggregate(
        count=Count("id"), debt=Sum("debt"), penalties=Sum("penalties")
    )
    return {"count": totals["count"], "debt": totals["debt"] or Decimal("0.00"), "penalties": totals["penalties"]}
