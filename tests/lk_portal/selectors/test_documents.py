import pytest

from lk_portal.models import BillingDocument
from lk_portal.selectors.documents import document_queryset
from tests.factories import BillingDocumentFactory, ContractFactory
from tests.support.viewers import viewer_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def documents():
    invoice = BillingDocumentFactory(doc_type=BillingDocument.INVOICE)
    bill = BillingDocumentFactory(contract=ContractFactory(abonent=invoice.abonent), doc_type=BillingDocument.BILL)
    BillingDocumentFactory()  # another abonent's
    return invoice, bill


def test_invoices_bills_or_both(documents):
    invoice, bill = documents
    viewer = viewer_of(invoice.abonent)
    assert set(document_queryset(viewer=viewer)) == {invoice, bill}
    assert list(document_queryset(viewer=viewer, lists=["invoice"])) == [invoice]
    assert list(document_queryset(viewer=viewer, lists=["payment"])) == [bill]
    assert set(document_queryset(viewer=viewer, lists=["invoice", "payment", "bogus"])) == {invoice, bill}
    assert list(document_queryset(viewer=viewer, contract=bill.contract)) == [bill]
