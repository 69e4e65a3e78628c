"""The reconciliation act's numbers read from the viewer's invoices and payments (lk_portal.domain.reconciliation)."""

import datetime
from decimal import Decimal

from django.db.models import Sum

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
