from django.db.models import QuerySet

from lk_portal.models import Abonent, Contract, Payment


def payment_queryset(*, abonent: Abonent, contract: Contract | None = None) -> QuerySet[Payment]:
    """The abonent's payments (one contract's, when given), for the Оплата grid."""
    payments = Payment.objects.filter(abonent=abonent)
    if contract is not None:
        payments = payments.filter(contract=contract)
    return payments
