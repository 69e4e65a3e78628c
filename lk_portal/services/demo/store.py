"""Writing generated histories: a new contract's rows in bulk (COPY on PostgreSQL); for a contract
that has them, the months that can have changed since are compared with what is stored, and only
the difference is written (inserted, updated in place — ids stay — or deleted)."""

import datetime
from dataclasses import dataclass

from django.db import connection

from lk_portal.models import BillingDocument, DebtSnapshot, Payment

from .present import ContractPlan, History, history_build
from .rows import DOCUMENT_COLUMNS, PAYMENT_COLUMNS, DemoReport, bulk_write

SNAPSHOT_COLUMNS = ["abonent_id", "contract_id", "as_of", "debt", "penalties"]
GENERATED = "DM-"


@dataclass(frozen=True)
class Span:
    """A contract's months to write: from `first` to the current month."""

    plan: ContractPlan
    first: datetime.date
    fresh: bool  # nothing generated is stored for the contract: insert without comparing
    lines_from: datetime.date  # the first day a generated debt line of the contract may have


def _snapshot_rows(plan: ContractPlan, history: History) -> list[tuple]:
    return [(plan.abonent_id, plan.contract_id, as_of, debt, fine) for as_of, debt, fine in history.lines]


def histories_write(spans: list[Span], *, today: datetime.date, report: DemoReport) -> None:
    """Bring the stored rows of the spans' months to what the generator says on `today`."""
    built = [(span, history_build(span.plan, first=span.first, today=today)) for span in spans]
    fresh = [(s, h) for s, h in built if s.fresh]
    if fresh:
        report.add(
            "оплат",
            bulk_write(Payment, PAYMENT_COLUMNS, [r for _, h in fresh for r in h.payments], skip_existing=False),
        )
        report.add(
            "документов",
            bulk_write(
                BillingDocument, DOCUMENT_COLUMNS, [r for _, h in fresh for r in h.documents], skip_existing=False
            ),
        )
        report.add(
            "строк задолженности",
            bulk_write(
                DebtSnapshot,
                SNAPSHOT_COLUMNS,
                [r for s, h in fresh for r in _snapshot_rows(s.plan, h)],
                skip_existing=False,
            ),
        )
    existing = [(s, h) for s, h in built if not s.fresh]
    if existing:
        _compare_and_write(existing, report=report)


def _keyed(model, columns: list[str], spans_histories, rows_of) -> tuple[dict, dict]:
    """The generated rows by key, and the stored generated rows of the same contracts and months."""
    wanted = {row[0]: row for _, h in spans_histories for row in rows_of(h)}
    first = {s.plan.contract_id: s.first for s, _ in spans_histories}
    stored = {}
    # A month's rows are dated from its 1st on: the (contract, date) index finds them. (Asked by the
    # code's prefix instead, PostgreSQL walks the codes' index: all the millions of them match.)
    period, contract = columns.index("period"), columns.index("contract_id")
    queryset = model.objects.filter(contract_id__in=list(first), date__gte=min(first.values()))
    for pk, *row in queryset.values_list("id", *columns):
        if row[0].startswith(GENERATED) and row[period] >= first[row[contract]]:
            stored[row[0]] = (pk, tuple(row))
    return wanted, stored


def _apply(model, columns, wanted: dict, stored: dict, *, label: str, report: DemoReport) -> None:
    """`wanted`: key → row in `columns` order; `stored`: key → (id, row). Insert, update, delete the difference."""
    new = [row for key, row in wanted.items() if key not in stored]
    changed = [
        (stored[key][0], stored[key][1], row) for key, row in wanted.items() if key in stored and stored[key][1] != row
    ]
    gone = [pk for key, (pk, _) in stored.items() if key not in wanted]
    report.add(label, bulk_write(model, columns, new, skip_existing=False))
    if changed:
        _update(model, columns, changed)
        report.add(label, len(changed), updated=True)
    for start in range(0, len(gone), 1000):
        model.objects.filter(id__in=gone[start : start + 1000]).delete()
    report.add(label, len(gone), deleted=True)


def _update(model, columns: list[str], changed: list[tuple[int, tuple, tuple]]) -> None:
    """UPDATE the columns that differ, one statement run for many rows (`bulk_update`'s CASE per
    row and column costs minutes at the benchmarks' size)."""
    differ = sorted({i for _, old, new in changed for i, (a, b) in enumerate(zip(old, new, strict=True)) if a != b})
    quote = connection.ops.quote_name
    sets = ", ".join(f"{quote(columns[i])} = %s" for i in differ)
    sql = f"UPDATE {quote(model._meta.db_table)} SET {sets} WHERE id = %s"
    with connection.cursor() as cursor:
        cursor.executemany(sql, [[new[i] for i in differ] + [pk] for pk, _, new in changed])


def _compare_and_write(spans_histories, *, report: DemoReport) -> None:
    for model, columns, rows_of, label in (
        (Payment, PAYMENT_COLUMNS, lambda h: h.payments, "оплат"),
        (BillingDocument, DOCUMENT_COLUMNS, lambda h: h.documents, "документов"),
    ):
        wanted, stored = _keyed(model, columns, spans_histories, rows_of)
        _apply(model, columns, wanted, stored, label=label, report=report)

    lines_from = {s.plan.contract_id: max(s.lines_from, s.first) for s, _ in spans_histories}
    wanted = {(r[1], r[2]): r for s, h in spans_histories for r in _snapshot_rows(s.plan, h)}
    stored = {
        (row[1], row[2]): (pk, tuple(row))
        for pk, *row in DebtSnapshot.objects.filter(
            contract_id__in=list(lines_from), as_of__gte=min(lines_from.values())
        ).values_list("id", *SNAPSHOT_COLUMNS)
        if row[2] >= lines_from[row[1]]
    }
    _apply(DebtSnapshot, SNAPSHOT_COLUMNS, wanted, stored, label="строк задолженности", report=report)
