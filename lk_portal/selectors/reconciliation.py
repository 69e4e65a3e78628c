"""The reconciliation act's numbers read from the viewer's invoices and payments (lk_portal.domain.reconciliation)."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, F, Q, Sum, Value

from lk_portal.domain.reconciliation import INVOICE, PAYMENT, ZERO, ActLine, ReconciliationAct, act_make
from lk_portal.models import BillingDocument, Contract, Payment

from .viewer import Viewer, owned

KOPECK = Decimal("0.01")


def _invoices(*, viewer: Viewer, contract: Contract | None):
    qs = owned(BillingDocument.objects, viewer=viewer).filter(doc_type=BillingDocument.INVOICE, accrued__isnull=False)
    return qs.filter(contract=contract) if contract is not None else qs


def _payments(*, viewer: Viewer, contract: Contract | None):
    qs = owned(Payment.objects, viewer=viewer)
    return qs.filter(contract=contract) if contract is not None else qs


def reconciliation_balance(*, viewer: Viewer, contract: Contract | None, before: datetime.date) -> Decimal:
    """Debit − credit of everything dated strictly before `before` (two aggregate queries)."""
    debit = _invoices(viewer=viewer, contract=contract).filter(date__lt=before).aggregate(s=Sum("accrued"))["s"]
    credit = _payments(viewer=viewer, contract=contract).filter(date__lt=before).aggregate(s=Sum("amount"))["s"]
    # SQLite sums decimals with extra digits (5200.870000000): back to kopecks.
    return ((debit or ZERO) - (credit or ZERO)).quantize(KOPECK)


def reconciliation_act(
    *, viewer: Viewer, contract: Contract | None, date_from: datetime.date, date_to: datetime.date
) -> ReconciliationAct:
    """The act for [date_from, date_to] (both inclusive); lines in date order, invoices before payments."""
    opening = reconciliation_balance(viewer=viewer, contract=contract, before=date_from)
    in_period = {"date__gte": date_from, "date__lte": date_to}
    invoices = _invoices(viewer=viewer, contract=contract).filter(**in_period).select_related("contract")
    payments = _payments(viewer=viewer, contract=contract).filter(**in_period).select_related("contract")
    lines = [
        ActLine(INVOICE, d.date, d.number, d.contract.number, debit=d.accrued, credit=None)
        for d in invoices.order_by("date", "id")
    ]
    lines += [
        ActLine(PAYMENT, p.date, p.number, p.contract.number, debit=None, credit=p.amount)
        for p in payments.order_by("date", "id")
    ]
    return act_make(
        abonent=viewer.abonent, contract=contract, date_from=date_from, date_to=date_to, opening=opening, lines=lines
    )


# --- The act of any length: a page at a time, or every line streamed (issue 14 item 5) -------------

LINE_FIELDS = ("date", "kind_order", "id", "number", "contract_number", "line_amount")


def _line_rows(*, viewer: Viewer, contract: Contract | None, date_from: datetime.date, date_to: datetime.date):
    """The period's invoices and payments as one query (UNION ALL) in the act's order: date, invoices
    first, then by id — the order of `act_lines_order` over the two ordered lists."""
    in_period = {"date__gte": date_from, "date__lte": date_to}
    invoices = (
        _invoices(viewer=viewer, contract=contract)
        .filter(**in_period)
        .annotate(kind_order=Value(0), contract_number=F("contract__number"), line_amount=F("accrued"))
        .values_list(*LINE_FIELDS)
        .order_by()
    )
    payments = (
        _payments(viewer=viewer, contract=contract)
        .filter(**in_period)
        .annotate(kind_order=Value(1), contract_number=F("contract__number"), line_amount=F("amount"))
        .values_list(*LINE_FIELDS)
        .order_by()
    )
    return invoices.union(payments, all=True).order_by("date", "kind_order", "id")


def _act_line(row) -> ActLine:
    date, kind_order, _, number, contract_number, amount = row
    amount = Decimal(amount).quantize(KOPECK)
    if kind_order == 0:
        return ActLine(INVOICE, date, number, contract_number, debit=amount, credit=None)
    return ActLine(PAYMENT, date, number, contract_number, debit=None, credit=amount)


@dataclass(frozen=True)
class ActTotals:
    opening: Decimal
    debit_total: Decimal
    credit_total: Decimal
    count: int


def reconciliation_totals(
    *, viewer: Viewer, contract: Contract | None, date_from: datetime.date, date_to: datetime.date
) -> ActTotals:
    """The period's opening balance, turnovers and number of lines (four aggregate queries)."""
    opening = reconciliation_balance(viewer=viewer, contract=contract, before=date_from)
    in_period = {"date__gte": date_from, "date__lte": date_to}
    debit = _invoices(viewer=viewer, contract=contract).filter(**in_period).aggregate(s=Sum("accrued"), n=Count("id"))
    credit = _payments(viewer=viewer, contract=contract).filter(**in_period).aggregate(s=Sum("amount"), n=Count("id"))
    return ActTotals(
        opening=opening,
        debit_total=(debit["s"] or ZERO).quantize(KOPECK),
        credit_total=(credit["s"] or ZERO).quantize(KOPECK),
        count=debit["n"] + credit["n"],
    )


def _balance_before_line(*, viewer: Viewer, contract: Contract | None, first: ActLine, first_id: int) -> Decimal:
    """Debit − credit of everything before a line in the act's order (two aggregate queries)."""
    invoices_before = Q(date__lt=first.date) | Q(
        date=first.date, **({} if first.kind == PAYMENT else {"id__lt": first_id})
    )
    payments_before = Q(date__lt=first.date)
    if first.kind == PAYMENT:
        payments_before |= Q(date=first.date, id__lt=first_id)
    debit = _invoices(viewer=viewer, contract=contract).filter(invoices_before).aggregate(s=Sum("accrued"))["s"]
    credit = _payments(viewer=viewer, contract=contract).filter(payments_before).aggregate(s=Sum("amount"))["s"]
    return ((debit or ZERO) - (credit or ZERO)).quantize(KOPECK)


@dataclass(frozen=True)
class ActPage:
    """One page of the act: the period's figures, the page's lines and the balances at its edges."""

    act: ReconciliationAct  # the period's opening and turnovers; `lines` are this page's
    number: int
    page_count: int
    page_opening: Decimal  # the balance before the page's first line (= the previous page's closing)
    page_closing: Decimal
    count: int  # lines in the period


def reconciliation_act_page(
    *,
    viewer: Viewer,
    contract: Contract | None,
    date_from: datetime.date,
    date_to: datetime.date,
    page: int,
    per_page: int,
) -> ActPage:
    """A page of the act (clamped to the last one), sliced in the database: a fixed seven queries."""
    totals = reconciliation_totals(viewer=viewer, contract=contract, date_from=date_from, date_to=date_to)
    page_count = max(1, -(-totals.count // per_page))
    number = min(max(1, page), page_count)
    start = (number - 1) * per_page
    rows = list(
        _line_rows(viewer=viewer, contract=contract, date_from=date_from, date_to=date_to)[start : start + per_page]
    )
    lines = [_act_line(row) for row in rows]
    if number == 1 or not rows:
        page_opening = totals.opening
    else:
        page_opening = _balance_before_line(viewer=viewer, contract=contract, first=lines[0], first_id=rows[0][2])
    moved = sum((line.debit or ZERO) - (line.credit or ZERO) for line in lines)
    act = ReconciliationAct(
        abonent=viewer.abonent,
        contract=contract,
        date_from=date_from,
        date_to=date_to,
        opening=totals.opening,
        lines=lines,
        debit_total=totals.debit_total,
        credit_total=totals.credit_total,
    )
    return ActPage(
        act=act,
        number=number,
        page_count=page_count,
        page_opening=page_opening,
        page_closing=page_opening + moved,
        count=totals.count,
    )


def reconciliation_act_streamed(
    *, viewer: Viewer, contract: Contract | None, date_from: datetime.date, date_to: datetime.date
) -> tuple[ReconciliationAct, int]:
    """The whole act with its lines read from one query as they are used (`.iterator()`), and their number."""
    totals = reconciliation_totals(viewer=viewer, contract=contract, date_from=date_from, date_to=date_to)
    rows = _line_rows(viewer=viewer, contract=contract, date_from=date_from, date_to=date_to)
    act = ReconciliationAct(
        abonent=viewer.abonent,
        contract=contract,
        date_from=date_from,
        date_to=date_to,
        opening=totals.opening,
        lines=(_act_line(row) for row in rows.iterator(chunk_size=2000)),
        debit_total=totals.debit_total,
        credit_total=totals.credit_total,
    )
    return act, totals.count
