"""What a printed payment document («Документы на оплату») carries: VAT, purpose, QR payload.

Pure: the document, the abonent and the branch's bank details come in as objects (read by
lk_portal.selectors.payment_documents); nothing is queried here.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from lk_portal.formatting import format_date, format_money, format_percent, format_period

from .amount_words import amount_in_words
from .payment_qr import LIMITS, PaymentQrData, clean_value, payment_qr_data_uri, payment_qr_payload

if TYPE_CHECKING:
    from lk_portal.models import Abonent, BillingDocument, SupplierBankDetails

KOPECK = Decimal("0.01")
PURPOSE_LIMIT = LIMITS["Purpose"]


class BankDetailsMissing(LookupError):
    """The abonent's branch has no bank details: the document cannot be printed."""

    def __init__(self, branch_name: str):
        super().__init__(
            f"Банковские реквизиты филиала «{branch_name}» не заполнены, поэтому документ на оплату "
            "нельзя сформировать. Обратитесь к ответственному за ведение договора сотруднику филиала."
        )


def vat_amount(*, amount: Decimal, rate: Decimal | None) -> Decimal | None:
    """VAT inside a gross amount: amount × rate / (100 + rate), to the kopeck, half up."""
    if rate is None:
        return None
    return (amount * rate / (Decimal(100) + rate)).quantize(KOPECK, rounding=ROUND_HALF_UP)


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
        tail = f" Сумма {_money_dash(amount)} В т.ч. НДС ({format_percent(document.vat_rate)}%) {_money_dash(vat)}"
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


def payment_document_print(
    *, abonent: Abonent, bank: SupplierBankDetails, document: BillingDocument
) -> PrintedPaymentDocument:
    """Everything the printed payment document shows; raises PaymentQrError for details a QR cannot hold."""
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
        vat_rate=format_percent(document.vat_rate),
        title=document_title(document),
        amount_words=amount_in_words(amount),
        purpose=purpose,
        qr_payload=payload,
        qr_data_uri=payment_qr_data_uri(payload),
    )
