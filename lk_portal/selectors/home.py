"""Reads for «Главная»: each block's rows from the viewer's own, in a fixed number of queries."""

import datetime
from decimal import Decimal

from django.db.models import Max, OuterRef, Prefetch, QuerySet, Subquery, Sum

from lk_portal.domain.home import ContractPlan
from lk_portal.models import BillingDocument, DebtSnapshot, Payment, PaymentTerm

from .contracts import contract_list
from .payment_documents import unpaid_document_list
from .viewer import Viewer, owned


def debt_line_on(*, viewer: Viewer, day: datetime.date) -> dict:
    """The debt line as it stood on `day`: each contract's latest snapshot dated on or before it, summed (one query).

    `as_of` is None when no contract had a line by then.
    """
    latest = (
        DebtSnapshot.objects.filter(contract=OuterRef("contract"), as_of__lte=day).order_by("-as_of").values("as_of")
    )[:1]
    rows = owned(DebtSnapshot.objects, viewer=viewer).filter(as_of=Subquery(latest))
    return rows.aggregate(as_of=Max("as_of"), debt=Sum("debt"), penalties=Sum("penalties"))


def contract_plans(*, viewer: Viewer) -> list[ContractPlan]:
    """Every contract of the viewer's with its payment terms and its last invoice's accrual (two queries)."""
    last_accrued = (
        BillingDocument.objects.filter(
            contract=OuterRef("pk"), doc_type=BillingDocument.INVOICE, accrued__isnull=False
        ).order_by("-period", "-date", "-id")
    ).values("accrued")[:1]
    contracts = (
        contract_list(viewer=viewer)
        .annotate(last_accrued=Subquery(last_accrued))
        .prefetch_related(Prefetch("payment_terms", queryset=PaymentTerm.objects.all()))
    )
    return [
        ContractPlan(
            contract=c,
            terms=list(c.payment_terms.all()),
            contract_amount=c.contract_amount,
            last_accrued=c.last_accrued,
        )
        for c in contracts
    ]


def documents_due_between(*, viewer: Viewer, first: datetime.date, last: datetime.date) -> list[BillingDocument]:
    """Unpaid documents due from `first` to `last` inclusive (one query)."""
    return list(unpaid_document_list(viewer=viewer).filter(due_date__gte=first, due_date__lte=last))


def oldest_overdue_document(*, viewer: Viewer, today: datetime.date) -> BillingDocument | None:
    """The unpaid document whose due date passed the longest ago (one query)."""
    return unpaid_document_list(viewer=viewer).filter(due_date__lt=today).order_by("due_date", "date", "id").first()


def last_payments(*, viewer: Viewer, limit: int = 5) -> list[Payment]:
    return list(owned(Payment.objects, viewer=viewer).select_related("contract").order_by("-date", "-id")[:limit])


def _sums_by_period(queryset: QuerySet, field: str, *, first: datetime.date, last: datetime.date) -> dict:
    rows = (
        queryset.filter(period__gte=first, period__lte=last)
        .order_by()
        .values("period")
        .annotate(total=Sum(field))
        .values_list("period", "total")
    )
    return {period: total or Decimal("0.00") for period, total in rows}


def accrued_by_month(*, viewer: Viewer, first: datetime.date, last: datetime.date) -> dict[datetime.date, Decimal]:
    """Invoices' (счета-фактуры) accruals by reporting month; advance bills are not charges (one query)."""
    invoices = owned(BillingDocument.objects, viewer=viewer).filter(doc_type=BillingDocument.INVOICE)
    return _sums_by_period(invoices, "accrued", first=first, last=last)


def paid_by_month(*, viewer: Viewer, first: datetime.date, last: datetime.date) -> dict[datetime.date, Decimal]:
    """Payments by the reporting month they pay for (one query)."""
    return _sums_by_period(owned(Payment.objects, viewer=viewer), "amount", first=first, last=last)
