import datetime
from decimal import Decimal

import pytest

from lk_portal.domain.errors import NotFound
from lk_portal.domain.payment_documents import BankDetailsMissing
from lk_portal.selectors.payment_documents import (
    payee_bank_details,
    unpaid_document_get,
    unpaid_document_list,
    unpaid_documents_totals,
)
from tests.factories import BillingDocumentFactory, ContractFactory, SupplierBankDetailsFactory
from tests.support.viewers import viewer_of

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def documents():
    old = BillingDocumentFactory(date=D(2015, 3, 31), debt=Decimal("100.00"), penalties=Decimal("1.50"))
    new = BillingDocumentFactory(contract=ContractFactory(abonent=old.abonent), date=D(2015, 4, 30), debt=Decimal("5"))
    paid = BillingDocumentFactory(contract=old.contract, debt=Decimal("0.00"))
    foreign = BillingDocumentFactory(debt=Decimal("9.00"))
    return old, new, paid, foreign


def test_unpaid_documents_oldest_first_and_their_totals(documents):
    old, new, _, _ = documents
    viewer = viewer_of(old.abonent)
    assert list(unpaid_document_list(viewer=viewer)) == [old, new]
    assert list(unpaid_document_list(viewer=viewer, contract=new.contract)) == [new]
    assert unpaid_documents_totals(viewer=viewer) == {
        "count": 2,
        "debt": Decimal("105.00"),
        "penalties": Decimal("1.50"),
    }


def test_one_unpaid_document_of_the_viewers_or_not_found(documents):
    old, _, paid, foreign = documents
    viewer = viewer_of(old.abonent)
    assert unpaid_document_get(viewer=viewer, pk=old.pk) == old
    for pk in (paid.pk, foreign.pk, 0):
        with pytest.raises(NotFound):
            unpaid_document_get(viewer=viewer, pk=pk)


def test_bank_details_of_the_viewers_branch(documents):
    old, *_ = documents
    with pytest.raises(BankDetailsMissing):
        payee_bank_details(viewer=viewer_of(old.abonent))
    bank = SupplierBankDetailsFactory(branch=old.abonent.branch)
    abonent, found = payee_bank_details(viewer=viewer_of(old.abonent))
    assert (abonent, found) == (old.abonent, bank)
