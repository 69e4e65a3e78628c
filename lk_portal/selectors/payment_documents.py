"""«Документы на оплату»: the abonent's unpaid documents and what a printed one carries."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import QuerySet
from django.utils import timezone

from lk_portal.formatting import format_date, format_money, format_period
from lk_portal.models import Abonent, BillingDocument, Contract, SupplierBankDetails
from lk_portal.services.amount_words import amount_in_words
from lk_portal.services.payment_qr import LIMITS, PaymentQrData, clean_value, payment_qr_data_uri, payment_qr_payload

KOPECK = Decimal("0.01")
PURPOSE_LIMIT = LIMITS["Purpose"]


class BankDetailsMissing(LookupError):
    """The abonent's branch has no bank details: the document cannot be printed."""

    def __init__(self, branch_name: str):
        super().__init__(
            f"Банковские реквизиты филиала «{branch_name}» не заполнены, поэтому документ на оплату "
            "нельзя сформировать. Обратитесь к ответственному за ведение договора сотруднику филиала."
        )


def unpaid_document_list(*, abonent: Abonent, contract: Contract | None = None) -> QuerySet[BillingDocument]:
    """Documents with a debt left to pay, the oldest due first."""
    documents = BillingDocument.objects.filter(abonent=abonent, debt__gt=0)
    if contract is not None:
        documents = documents.filter(contract=contract)
    return documents.select_related("contract").order_by("date", "id")


def vat_amount(*, amount: Decimal, rate: Decimal | None) -> Decimal | None:
    """VAT inside a gross amount: amount × rate / (100 + rate), to the kopeck, half up."""
    if rate is None:
        return None
    return (amount * rate / (Decimal(100) + rate)).quantize(KOPECK, rounding=ROUND_HALF_UP)


def vat_rate_text(rate: Decimal | None) -> str:
    """Decimal('18.00') → '18', Decimal('10.50') → '10,5'."""
    if rate is None:
        return ""
    return f"{rate.normalize():f}".replace(".", ",")


def _money_dash(value: Decimal) -> str:
    """7 220,27 → «7220-27», the way payment purposes write sums."""
    return format_money(value).replace(" ", "").replace(",", "-")


def document_title(document: BillingDocument) -> str:
    """«Счет-фактура №702227301/70» as the billing system writes it, or the type and the bare number."""
    if document.number.lower().startswith("сч"):
        return document.number
    return f"{document.get_doc_type_display()} № {document.number}"


def payment_purpose(*, document: BillingDocument, amount: Decimal, vat: Decimal | None) -> str:
    """«Оплата по дог. №05 Т от 01.10.2004 за 2015,04 по Счет-фактура №… от 30.04.2015. Сумма 18902-27 В т.ч. НДС (18%) 2883-39».

    The VAT clause is kept whole; the head is shortened if the whole would pass the limit.
    """
    contract = document.contract
    head = (
        f"Оплата по дог. №{contract.number} от {format_date(contract.start_date)} "
        f"за {format_period(document.period)} по {document_title(document)} от {format_date(document.date)}."
    )
    if vat is None:
        tail = f" Сумма {_money_dash(amount)} Без НДС"
    else:
        tail = f" Сумма {_money_dash(amount)} В т.ч. НДС ({vat_rate_text(document.vat_rate)}%) {_money_dash(vat)}"
    tail = clean_value(tail, limit=PURPOSE_LIMIT)
    head = clean_value(head, limit=PURPOSE_LIMIT - len(tail) - 1)
    return f"{head} {tail}"


@dataclass(frozen=True)
class PrintedPaymentDocument:
    document: BillingDocument
    bank: SupplierBankDetails
    amount: Decimal
    vat: Decimal | None
    vat_rate: str
    title: str
    amount_words: str
    purpose: str
    qr_payload: str
    qr_data_uri: str


def payment_document_build(*, abonent: Abonent, document: BillingDocument) -> PrintedPaymentDocument:
    """Everything the printed payment document shows; raises BankDetailsMissing."""
    try:
        bank = abonent.branch.bank_details
    except ObjectDoesNotExist as exc:
        raise BankDetailsMissing(abonent.branch.name) from exc
    amount = document.debt
    vat = vat_amount(amount=amount, rate=document.vat_rate)
    purpose = payment_purpose(document=document, amount=amount, vat=vat)
    payload = payment_qr_payload(
        data=PaymentQrData(
            name=bank.payee_name,
            personal_acc=bank.account,
            bank_name=bank.bank_name,
            bic=bank.bic,
            corresp_acc=bank.corr_account,
            payee_inn=bank.inn,
            kpp=bank.kpp,
            amount=amount,
            purpose=purpose,
            payer_inn=abonent.inn,
        )
    )
    return PrintedPaymentDocument(
        document=document,
        bank=bank,
        amount=amount,
        vat=vat,
        vat_rate=vat_rate_text(document.vat_rate),
        title=document_title(document),
        amount_words=amount_in_words(amount),
        purpose=purpose,
        qr_payload=payload,
        qr_data_uri=payment_qr_data_uri(payload),
    )


def payment_documents_context(*, abonent: Abonent, documents) -> dict:
    """The context of templates/documents/payment_document.html for one or many documents."""
    abonent = Abonent.objects.select_related("branch__bank_details").get(pk=abonent.pk)
    return {
        "abonent": abonent,
        "printed": [payment_document_build(abonent=abonent, document=d) for d in documents],
        "printed_on": timezone.localdate(),
    }
