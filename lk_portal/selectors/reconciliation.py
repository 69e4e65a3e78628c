"""«Акт сверки взаимных расчетов»: the supplier's side of the mutual settlements for a period.

Definitions (the supplier's books, seen from ОАО «Генерирующая компания»):
- debit  = what the abonent was charged: `BillingDocument.accrued` of documents of type `invoice`
  (счета-фактуры), dated by the document date; bills (счета на оплату, авансы) are requests to pay,
  not charges, and do not enter the act;
- credit = what the abonent paid: `Payment.amount`, dated by the payment date;
- balance = debit − credit: positive — the abonent owes, negative — overpayment.
Opening balance at the first day = all debit − all credit dated before it; closing = opening +
period debit − period credit, so the closing balance of a period is the opening of the next one.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Sum

from lk_portal.formatting import format_date, format_money
from lk_portal.models import Abonent, BillingDocument, Contract, Payment
from lk_portal.services.amount_words import amount_in_words

ZERO = Decimal("0.00")
KOPECK = Decimal("0.01")
SUPPLIER = "ОАО «Генерирующая компания»"


@dataclass(frozen=True)
class ActLine:
    date: datetime.date
    title: str  # «Счет-фактура №… от …» / «Оплата № … от …»
    contract_number: str
    debit: Decimal | None
    credit: Decimal | None


@dataclass(frozen=True)
class ReconciliationAct:
    abonent: Abonent
    contract: Contract | None  # None: all contracts
    date_from: datetime.date
    date_to: datetime.date
    opening: Decimal
    lines: list[ActLine] = field(default_factory=list)
    debit_total: Decimal = ZERO
    credit_total: Decimal = ZERO

    @property
    def closing(self) -> Decimal:
        return self.opening + self.debit_total - self.credit_total

    @property
    def subject(self) -> str:
        """«по договору № 05 Т от 01.10.2004» / «по всем договорам»."""
        if self.contract is None:
            return "по всем договорам"
        return f"по договору № {self.contract.number} от {format_date(self.contract.start_date)}"

    @property
    def conclusion(self) -> str:
        """The sentence under the table: who owes whom at the end of the period."""
        head = f"По данным {SUPPLIER} на {format_date(self.date_to)}"
        closing = self.closing
        if closing == 0:
            return f"{head} задолженность отсутствует."
        creditor = SUPPLIER if closing > 0 else self.abonent.name
        amount = abs(closing)
        words = amount_in_words(amount)
        return f"{head} задолженность в пользу {creditor} составляет {format_money(amount)} руб. ({words[0].lower()}{words[1:]})."

    @property
    def opening_debit(self) -> Decimal | None:
        return self.opening if self.opening > 0 else None

    @property
    def opening_credit(self) -> Decimal | None:
        return -self.opening if self.opening < 0 else None

    @property
    def closing_debit(self) -> Decimal | None:
        return self.closing if self.closing > 0 else None

    @property
    def closing_credit(self) -> Decimal | None:
        return -self.closing if self.closing < 0 else None


def _invoices(*, abonent: Abonent, contract: Contract | None):
    qs = BillingDocument.objects.filter(abonent=abonent, doc_type=BillingDocument.INVOICE, accrued__isnull=False)
    return qs.filter(contract=contract) if contract is not None else qs


def _payments(*, abonent: Abonent, contract: Contract | None):
    qs = Payment.objects.filter(abonent=abonent)
    return qs.filter(contract=contract) if contract is not None else qs


def _invoice_title(document: BillingDocument) -> str:
    """The billing system often writes «Счет-фактура №…» in the number itself; do not repeat it."""
    number = document.number if document.number.lower().startswith("счет") else f"Счет-фактура № {document.number}"
    return f"{number} от {format_date(document.date)}"


def reconciliation_balance(*, abonent: Abonent, contract: Contract | None, before: datetime.date) -> Decimal:
    """Debit − credit of everything dated strictly before `before` (two aggregate queries)."""
    debit = _invoices(abonent=abonent, contract=contract).filter(date__lt=before).aggregate(s=Sum("accrued"))["s"]
    credit = _payments(abonent=abonent, contract=contract).filter(date__lt=before).aggregate(s=Sum("amount"))["s"]
    # SQLite sums decimals with extra digits (5200.870000000): back to kopecks.
    return ((debit or ZERO) - (credit or ZERO)).quantize(KOPECK)


def reconciliation_act(
    *, abonent: Abonent, contract: Contract | None, date_from: datetime.date, date_to: datetime.date
) -> ReconciliationAct:
    """The act for [date_from, date_to] (both inclusive); lines in date order, invoices before payments."""
    opening = reconciliation_balance(abonent=abonent, contract=contract, before=date_from)
    invoices = (
        _invoices(abonent=abonent, contract=contract)
        .filter(date__gte=date_from, date__lte=date_to)
        .select_related("contract")
        .order_by("date", "id")
    )
    payments = (
        _payments(abonent=abonent, contract=contract)
        .filter(date__gte=date_from, date__lte=date_to)
        .select_related("contract")
        .order_by("date", "id")
    )
    lines = [
        ActLine(
            date=d.date,
            title=_invoice_title(d),
            contract_number=d.contract.number,
            debit=d.accrued,
            credit=None,
        )
        for d in invoices
    ]
    lines += [
        ActLine(
            date=p.date,
            title=f"Оплата (платежное поручение № {p.number} от {format_date(p.date)})",
            contract_number=p.contract.number,
            debit=None,
            credit=p.amount,
        )
        for p in payments
    ]
    lines.sort(key=lambda line: (line.date, line.credit is not None))
    return ReconciliationAct(
        abonent=abonent,
        contract=contract,
        date_from=date_from,
        date_to=date_to,
        opening=opening,
        lines=lines,
        debit_total=sum((line.debit for line in lines if line.debit is not None), ZERO),
        credit_total=sum((line.credit for line in lines if line.credit is not None), ZERO),
    )
