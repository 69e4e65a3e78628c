"""«Документы на оплату» and «Задолженность»: the viewer's unpaid documents and the bank details to print them."""

from decimal import Decimal

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Count, QuerySet, Sum

from lk_portal.domain.errors import NotFound
from lk_portal.domain.payment_documents import BankDetailsMissing
from lk_portal.models import Abonent, BillingDocument, Contract, SupplierBankDetails

from .viewer import Viewer, owned


def unpaid_document_list(*, viewer: Viewer, contract: Contract | None = None) -> QuerySet[BillingDocument]:
    """Documents with a debt left to pay, the oldest due first."""
    documents = owned(BillingDocument.objects, viewer=viewer).filter(debt__gt=0)
    if contract is not None:
        documents = documents.filter(contract=contract)
    return documents.select_related("contract").order_by("date", "id")


def unpaid_document_get(*, viewer: Viewer, pk: int) -> BillingDocument:
    """One unpaid document of the viewer's; NotFound for another's, a paid or a missing one."""
    document = unpaid_document_list(viewer=viewer).filter(pk=pk).first()
    if document is None:
        raise NotFound("Документ не найден или уже оплачен.")
    return document


def unpaid_documents_totals(*, viewer: Viewer) -> dict:
    """Count, debt and reported penalties of all unpaid documents (one query)."""
    totals = unpaid_document_list(viewer=viewer).aggregate(
        count=Count("id"), debt=Sum("debt"), penalties=Sum("penalties")
    )
    return {"count": totals["count"], "debt": totals["debt"] or Decimal("0.00"), "penalties": totals["penalties"]}


def payee_bank_details(*, viewer: Viewer) -> tuple[Abonent, SupplierBankDetails]:
    """The viewer's abonent with its branch, and the branch's bank details (one query); raises BankDetailsMissing."""
    abonent = Abonent.objects.select_related("branch__bank_details").get(pk=viewer.abonent.pk)
    try:
        return abonent, abonent.branch.bank_details
    except ObjectDoesNotExist as exc:
        raise BankDetailsMissing(abonent.branch.name) from exc
