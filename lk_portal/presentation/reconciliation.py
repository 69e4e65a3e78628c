"""The reconciliation act as it reads: line titles, subject, conclusion — shared by the page, PDF and XLSX."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from lk_portal.domain.amount_words import amount_in_words
from lk_portal.domain.reconciliation import INVOICE, ActLine, ReconciliationAct
from lk_portal.formatting import format_date, format_date_span, format_money

if TYPE_CHECKING:
    from lk_portal.models import Abonent, Contract

SUPPLIER = "ОАО «Генерирующая компания»"


def act_line_title(line: ActLine) -> str:
    """«Счет-фактура №… от …» / «Оплата (платежное поручение № … от …)».

    The billing system often writes «Счет-фактура №…» in the invoice's number itself; it is not repeated.
    """
    if line.kind == INVOICE:
        number = line.number if line.number.lower().startswith("счет") else f"Счет-фактура № {line.number}"
        return f"{number} от {format_date(line.date)}"
    return f"Оплата (платежное поручение № {line.number} от {format_date(line.date)})"


def act_subject(act: ReconciliationAct) -> str:
    """«по договору № 05 Т от 01.10.2004» / «по всем договорам»."""
    if act.contract is None:
        return "по всем договорам"
    return f"по договору № {act.contract.number} от {format_date(act.contract.start_date)}"


def act_conclusion(act: ReconciliationAct) -> str:
    """The sentence under the table: who owes whom at the end of the period."""
    head = f"По данным {SUPPLIER} на {format_date(act.date_to)}"
    closing = act.closing
    if closing == 0:
        return f"{head} задолженность отсутствует."
    creditor = SUPPLIER if closing > 0 else act.abonent.name
    amount = abs(closing)
    words = amount_in_words(amount)
    return f"{head} задолженность в пользу {creditor} составляет {format_money(amount)} руб. ({words[0].lower()}{words[1:]})."


@dataclass(frozen=True)
class ActLineText:
    date: datetime.date
    title: str
    contract_number: str
    debit: Decimal | None
    credit: Decimal | None


@dataclass(frozen=True)
class ReconciliationActText:
    """What templates/lk_portal/_reconciliation_table.html, the act's PDF and its XLSX read."""

    abonent: Abonent
    contract: Contract | None
    date_from: datetime.date
    date_to: datetime.date
    subject: str
    conclusion: str
    lines: list[ActLineText]  # or an iterator of them, read once, for a long act's file
    opening_debit: Decimal | None
    opening_credit: Decimal | None
    debit_total: Decimal
    credit_total: Decimal
    closing_debit: Decimal | None
    closing_credit: Decimal | None

    @property
    def period(self) -> str:
        """«за период с 01.01.2015 по 30.06.2015»."""
        return f"за период {format_date_span(self.date_from, self.date_to)}"


def _lines_text(lines):
    """A list for a list (the page), a generator for a stream of lines (a long act's file)."""
    texts = (
        ActLineText(line.date, act_line_title(line), line.contract_number, line.debit, line.credit) for line in lines
    )
    return list(texts) if isinstance(lines, list) else texts


def reconciliation_act_text(act: ReconciliationAct) -> ReconciliationActText:
    return ReconciliationActText(
        abonent=act.abonent,
        contract=act.contract,
        date_from=act.date_from,
        date_to=act.date_to,
        subject=act_subject(act),
        conclusion=act_conclusion(act),
        lines=_lines_text(act.lines),
        opening_debit=act.opening_debit,
        opening_credit=act.opening_credit,
        debit_total=act.debit_total,
        credit_total=act.credit_total,
        closing_debit=act.closing_debit,
        closing_credit=act.closing_credit,
    )
