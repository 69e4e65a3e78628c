"""The debt page's rules: days overdue of an unpaid document."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lk_portal.models import BillingDocument


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
