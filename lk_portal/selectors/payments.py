from django.db.models import QuerySet

from lk_portal.models import Contract, Payment, PaymentSummary

from .viewer import Viewer, owned


def payment_queryset(*, viewer: Viewer, contract: Contract | None = None) -> QuerySet[Payment]:
    """The viewer's payments (one contract's, when given), for the Оплата grid."""
    payments = owned(Payment.objects, viewer=viewer)
    if contract is not None:
        payments = payments.filter(contract=contract)
    return payments


def payment_summary_queryset(*, viewer: Viewer, contract: Contract | None = None) -> QuerySet[PaymentSummary]:
    """The viewer's payments counted and summed per contract and kind (one contract's, when given)."""
    summary = owned(PaymentSummary.objects, viewer=viewer)
    if contract is not None:
        summary = summary.filter(contract=contract)
    return summary
