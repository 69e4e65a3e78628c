"""What the payment calendar of a contract is computed from: its terms and its monthly amount.

The contract is one the viewer already owns (lk_portal.selectors.contracts chose it).
"""

from decimal import Decimal

from lk_portal.models import BillingDocument, Contract, PaymentTerm


def payment_term_list(*, contract: Contract) -> list[PaymentTerm]:
    """The contract's terms in the model's order (sort order, this month before the next, by day)."""
    return list(contract.payment_terms.all())


def contract_base_amount(*, contract: Contract) -> Decimal | None:
    """The contractual monthly amount, else the last invoice's accrual, else None."""
    if contract.contract_amount is not None:
        return contract.contract_amount
    return (
        BillingDocument.objects.filter(contract=contract, doc_type=BillingDocument.INVOICE, accrued__isnull=False)
        .order_by("-period", "-date", "-id")
        .values_list("accrued", flat=True)
        .first()
    )
