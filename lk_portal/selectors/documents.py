from collections.abc import Collection

from django.db.models import QuerySet

from lk_portal.models import BillingDocument, Contract

from .viewer import Viewer, owned

# «показать список: счетов-фактур / оплат»
DOCUMENT_LISTS = {"invoice": BillingDocument.INVOICE, "payment": BillingDocument.BILL}


def document_queryset(
    *, viewer: Viewer, contract: Contract | None = None, lists: Collection[str] = ()
) -> QuerySet[BillingDocument]:
    """The viewer's billing documents: invoices (счета-фактуры), advance bills (оплаты), or both."""
    documents = owned(BillingDocument.objects, viewer=viewer)
    if contract is not None:
        documents = documents.filter(contract=contract)
    doc_types = [DOCUMENT_LISTS[name] for name in lists if name in DOCUMENT_LISTS]
    if doc_types and len(doc_types) < len(DOCUMENT_LISTS):
        documents = documents.filter(doc_type__in=doc_types)
    return documents
