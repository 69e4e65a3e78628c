"""«Акт сверки взаимных расчетов»: the supplier's side of the mutual settlements for a period.

Definitions (the supplier's books, seen from ОАО «Генерирующая компания»):
- debit  = what the abonent was charged: `BillingDocument.accrued` of documents of type `invoice`
  (счета-фактуры), dated by the document date; bills (счета на оплату, авансы) are requests to pay,
  not charges, and do not enter the act;
- credit = what the abonent paid: `Payment.amount`, dated by the payment date;
- balance = debit − credit: positive — the abonent owes, negative — overpayment.
Opening balance at the first day = all debit − all credit dated before it; closing = opening +
period debit − period credit, so the closing balance of a period is the opening of the next one.

The act holds numbers and references only; its wording is lk_portal.presentation.reconciliation.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lk_portal.models import Abonent, Contract

ZERO = Decimal("0.00")
INVOICE = "invoice"  # a line of the debit: an invoice
PAYMENT = "payment"  # a line of the credit: a payment order


@dataclass(frozen=True)
class ActLine:
    kind: str  # INVOICE or PAYMENT
    date: datetime.date
    number: str  # the document's or the payment order's number, as the billing system wrote it
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
    def opening_debit(self) -> Decimal | None:
        return _debit_side(self.opening)

    @property
    def opening_credit(self) -> Decimal | None:
        return _debit_side(-self.opening)

    @property
    def closing_debit(self) -> Decimal | None:
        return _debit_side(self.closing)

    @property
    def closing_credit(self) -> Decimal | None:
        return _debit_side(-self.closing)


def _debit_side(balance: Decimal) -> Decimal | None:
    """A balance written in its column: the debit shows a positive one, the credit (given −balance) a negative."""
    return balance if balance > 0 else None


def act_lines_order(lines: list[ActLine]) -> list[ActLine]:
    """By date; on one day the charges before the payments (the order of their queries kept otherwise)."""
    return sorted(lines, key=lambda line: (line.date, line.credit is not None))


def act_make(
    *,
    abonent: Abonent,
    contract: Contract | None,
    date_from: datetime.date,
    date_to: datetime.date,
    opening: Decimal,
    lines: list[ActLine],
) -> ReconciliationAct:
    lines = act_lines_order(lines)
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
