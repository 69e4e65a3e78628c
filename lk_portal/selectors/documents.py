from collections.abc import Collection

from django.db.models import QuerySet

from lk_portal.models import Abonent, BillingDocument, Contract

# «показать список: счетов-фактур / оплат»
DOCUMENT_LISTS = {"invoice": BillingDocument.INVOICE, "payment": BillingDocument.BILL}


def document_queryset(
    *, abonent: Abonent, contract: Contract | None = None, lists: Collection[str] = ()
) -> QuerySet[BillingDocument]:
    """The abonent's billing documents: invoices (счета-фактуры), advance bills (оплаты), or both."""
    documents = BillingDocument.objects.filter(abonent=abonent)
    if contract is not None:
        documents = documents.filter(contract=contract)
    doc_types = [DOCUMENT_LISTS[name] for name in lists if name in DOCUMENT_LISTS]
    if doc_types and len(doc_types) < len(DOCUMENT_LISTS):
        documents = documents.filter(doc_type__in=doc_types)
    return documents
