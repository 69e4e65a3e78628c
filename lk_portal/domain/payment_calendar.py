"""The payment calendar: the contract's terms («18: 35 %, 27: 50 %, 10-е следующего месяца: остаток»)
applied to the contractual amount give the coming due dates and amounts.

Reporting month M: a term with next_month falls in M+1. A day past the month's end moves to the
month's last day (the 30th in February → 28/29.02). Amounts are rounded to the kopeck; the rest
term (empty percent) takes 100 − the sum of the others, and its amount is the base minus theirs,
so the parts always add up to the base exactly.
"""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from lk_portal.formatting import format_percent

if TYPE_CHECKING:
    from lk_portal.models import Contract, PaymentTerm

KOPECK = Decimal("0.01")
HUNDRED = Decimal(100)


@dataclass(frozen=True)
class DueItem:
    contract: Contract
    period: datetime.date  # the reporting month (first day)
    due_date: datetime.date
    percent: Decimal
    amount: Decimal | None  # None when no base amount is known
    kind: str

    @property
    def percent_text(self) -> str:
        return format_percent(self.percent)


def add_months(first_day: datetime.date, months: int) -> datetime.date:
    """The first day of the month `months` after `first_day`'s month (December + 1 → January)."""
    index = first_day.year * 12 + (first_day.month - 1) + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def day_in_month(month: datetime.date, day: int) -> datetime.date:
    """`day` of `month`, or the month's last day if it has fewer days."""
    last = calendar.monthrange(month.year, month.month)[1]
    return datetime.date(month.year, month.month, min(day, last))


def term_percents(terms: Sequence[PaymentTerm]) -> list[Decimal]:
    """Each term's share; terms with an empty percent split what the others leave of 100 %."""
    fixed = sum((t.percent for t in terms if t.percent is not None), Decimal(0))
    rest_terms = [t for t in terms if t.percent is None]
    rest = max(HUNDRED - fixed, Decimal(0))
    share = (rest / len(rest_terms)).quantize(KOPECK, rounding=ROUND_HALF_UP) if rest_terms else Decimal(0)
    return [t.percent if t.percent is not None else share for t in terms]


def month_schedule(
    *, contract: Contract, terms: Sequence[PaymentTerm], period: datetime.date, base: Decimal | None
) -> list[DueItem]:
    """The due items of one reporting month; the amounts add up to `base` exactly."""
    percents = term_percents(terms)
    amounts: list[Decimal | None] = [None] * len(terms)
    if base is not None and terms:
        fixed_total = Decimal(0)
        rest_indexes = []
        for i, (term, percent) in enumerate(zip(terms, percents, strict=True)):
            if term.percent is None:
                rest_indexes.append(i)
                continue
            amounts[i] = (base * percent / HUNDRED).quantize(KOPECK, rounding=ROUND_HALF_UP)
            fixed_total += amounts[i]
        if rest_indexes:
            rest_amount = max(base - fixed_total, Decimal(0))
            each = (rest_amount / len(rest_indexes)).quantize(KOPECK, rounding=ROUND_HALF_UP)
            for i in rest_indexes[:-1]:
                amounts[i] = each
            amounts[rest_indexes[-1]] = rest_amount - each * (len(rest_indexes) - 1)
    items = []
    for term, percent, amount in zip(terms, percents, amounts, strict=True):
        month = add_months(period, 1) if term.next_month else period
        items.append(
            DueItem(
                contract=contract,
                period=period,
                due_date=day_in_month(month, term.day),
                percent=percent,
                amount=amount,
                kind=term.kind,
            )
        )
    return items


def payment_calendar(
    *,
    contract: Contract,
    today: datetime.date,
    terms: Sequence[PaymentTerm],
    base: Decimal | None,
    months: int = 3,
) -> list[DueItem]:
    """Due items from `today` (inclusive) to the same day `months` months later (exclusive), by date.

    `terms` are the contract's payment terms in order and `base` the monthly amount they share
    (lk_portal.selectors.payment_terms reads both); without a base the items have no amount.
    """
    if not terms:
        return []
    this_month = today.replace(day=1)
    end = day_in_month(add_months(this_month, months), today.day)
    items = []
    # The month before may still have next-month terms due now.
    for offset in range(-1, months + 1):
        period = add_months(this_month, offset)
        items += [i for i in month_schedule(contract=contract, terms=terms, period=period, base=base)]
    return sorted((i for i in items if today <= i.due_date < end), key=lambda i: (i.due_date, i.period))
