"""«Главная»: the rules behind its blocks, over plain values.

- the debt line's trend: today's line against the line at the end of the month before;
- «Ближайшие платежи»: the payment calendar of every contract (payment_calendar.py), the nearest
  due dates first, each with the unpaid document it is due by when the billing system issued one;
- «Начислено и оплачено по месяцам»: a run of months, a month without rows counted as zero.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from .payment_calendar import DueItem, add_months, payment_calendar

if TYPE_CHECKING:
    from lk_portal.models import BillingDocument, Contract, PaymentTerm

ZERO = Decimal("0.00")
UP, DOWN, SAME = "up", "down", "same"
BASE_CONTRACT, BASE_ACCRUED, BASE_NONE = "contract", "accrued", "none"
BASE_DOCUMENT = "document"  # a row of an issued document due on a day the calendar has no term for


@dataclass(frozen=True)
class DebtTrend:
    since: datetime.date  # the date of the earlier line
    before: Decimal  # the debt (with пени) on that date
    change: Decimal  # now − before
    penalties_change: Decimal

    @property
    def direction(self) -> str:
        return UP if self.change > 0 else DOWN if self.change < 0 else SAME

    @property
    def decrease(self) -> Decimal:
        return -self.change

    @property
    def penalties_decrease(self) -> Decimal:
        return -self.penalties_change


def month_end_before(day: datetime.date) -> datetime.date:
    """The last day of the month before `day`'s (the cut-off of the earlier debt line)."""
    return day.replace(day=1) - datetime.timedelta(days=1)


def debt_trend(
    *, debt: Decimal, penalties: Decimal, before_as_of: datetime.date | None, before_debt, before_penalties
) -> DebtTrend | None:
    """Today's line against an earlier one; None when there is no earlier line."""
    if before_as_of is None:
        return None
    before_debt = before_debt or ZERO
    return DebtTrend(
        since=before_as_of,
        before=before_debt,
        change=debt - before_debt,
        penalties_change=penalties - (before_penalties or ZERO),
    )


@dataclass(frozen=True)
class ContractPlan:
    """What a contract's calendar is computed from (selectors.home reads it in a fixed number of queries)."""

    contract: Contract
    terms: Sequence[PaymentTerm]
    contract_amount: Decimal | None
    last_accrued: Decimal | None  # the last invoice's accrual

    @property
    def base(self) -> Decimal | None:
        return self.contract_amount if self.contract_amount is not None else self.last_accrued

    @property
    def base_source(self) -> str:
        if self.contract_amount is not None:
            return BASE_CONTRACT
        return BASE_ACCRUED if self.last_accrued is not None else BASE_NONE


@dataclass(frozen=True)
class UpcomingPayment:
    item: DueItem
    base_source: str  # BASE_CONTRACT: the terms' percent of the contractual amount; BASE_ACCRUED: of the last invoice
    document: BillingDocument | None  # the unpaid document due that day (its debt, its print), if issued


def upcoming_payments(
    *,
    plans: Iterable[ContractPlan],
    today: datetime.date,
    documents: Iterable[BillingDocument],
    limit: int = 5,
    months: int = 2,
) -> list[UpcomingPayment]:
    """The `limit` nearest due dates of all contracts from today, each with its unpaid document if issued.

    A document is matched by contract and due date (the first one of a contract and day); an unpaid
    document due on a day without a term is a row of its own (BASE_DOCUMENT: no calendar amount).
    """
    by_due: dict[tuple[int, datetime.date], BillingDocument] = {}
    for document in documents:
        if document.due_date is not None:
            by_due.setdefault((document.contract_id, document.due_date), document)
    rows, matched = [], set()
    for plan in plans:
        calendar = payment_calendar(
            contract=plan.contract, today=today, terms=list(plan.terms), base=plan.base, months=months
        )
        for i in calendar:
            key = (plan.contract.pk, i.due_date)
            matched.add(key)
            rows.append(UpcomingPayment(item=i, base_source=plan.base_source, document=by_due.get(key)))
    rows += [_document_row(d) for key, d in by_due.items() if key not in matched and d.due_date >= today]
    rows.sort(key=lambda r: (r.item.due_date, r.item.contract.number, r.item.period))
    return rows[:limit]


def _document_row(document: BillingDocument) -> UpcomingPayment:
    item = DueItem(
        contract=document.contract,
        period=document.period,
        due_date=document.due_date,
        percent=Decimal(0),
        amount=None,
        kind=document.get_doc_type_display(),
    )
    return UpcomingPayment(item=item, base_source=BASE_DOCUMENT, document=document)


@dataclass(frozen=True)
class MonthTotals:
    month: datetime.date  # first day
    accrued: Decimal
    paid: Decimal


def month_run(*, last: datetime.date, months: int) -> list[datetime.date]:
    """The first days of `months` months ending with `last`'s month, oldest first."""
    end = last.replace(day=1)
    return [add_months(end, offset) for offset in range(-(months - 1), 1)]


def month_series(
    *, months: Sequence[datetime.date], accrued: Mapping[datetime.date, Decimal], paid: Mapping[datetime.date, Decimal]
) -> list[MonthTotals]:
    """Each month's totals; a month missing from a mapping counts as zero."""
    return [MonthTotals(month=m, accrued=accrued.get(m) or ZERO, paid=paid.get(m) or ZERO) for m in months]
