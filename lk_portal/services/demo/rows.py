"""Building blocks of the demo data: dates, money, generated monthly history, bulk writes."""

import datetime
import random
from collections import Counter
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db import connection
from django.utils import timezone

from lk_portal.models import BillingDocument

D = Decimal
KOP = D("0.01")
INV = BillingDocument.INVOICE
BILL = BillingDocument.BILL

SEASON = {1: 1.9, 2: 1.75, 3: 1.5, 4: 1.0, 5: 0.45, 6: 0.3, 7: 0.28, 8: 0.3, 9: 0.5, 10: 1.0, 11: 1.45, 12: 1.8}


def money(value: float | Decimal) -> Decimal:
    return D(str(value)).quantize(KOP, rounding=ROUND_HALF_UP)


def month_start(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, 1)


def add_months(day: datetime.date, months: int) -> datetime.date:
    index = day.year * 12 + day.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def month_end(first: datetime.date) -> datetime.date:
    return add_months(first, 1) - datetime.timedelta(days=1)


def inn_with_checksum(nine_digits: str) -> str:
    weights = (2, 4, 10, 3, 5, 9, 4, 6, 8)
    check = sum(int(d) * w for d, w in zip(nine_digits, weights, strict=True)) % 11 % 10
    return nine_digits + str(check)


@dataclass
class DemoReport:
    """What a load wrote, by kind of row (Russian genitive plural: «оплат», «документов»)."""

    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    deleted: Counter = field(default_factory=Counter)

    def add(self, label: str, count: int, *, updated: bool = False, deleted: bool = False) -> None:
        (self.deleted if deleted else self.updated if updated else self.created)[label] += count

    def summary(self) -> str:
        parts = []
        for title, counter in (("новых", self.created), ("изменено", self.updated), ("удалено", self.deleted)):
            items = ", ".join(f"{label} {count}" for label, count in counter.items() if count)
            if items:
                parts.append(f"{title}: {items}")
        return "; ".join(parts) or "ничего не изменилось"


# ----------------------------------------------------------------------------------------------
# Branches, the guide's abonent and rows


@dataclass
class MonthlyRows:
    payments: list[tuple]
    documents: list[tuple]


def history_rows(
    *,
    rng: random.Random,
    abonent_id: int,
    contract_id: int,
    key: str,
    base: Decimal,
    first_month: datetime.date,
    last_month: datetime.date,
    skip_months: set[datetime.date] = frozenset(),
) -> MonthlyRows:
    """Monthly invoices and two or three advance payments a month, all paid, as tuples in column order."""
    payments, documents = [], []
    month = first_month
    seq = 0
    while month <= last_month:
        if month not in skip_months:
            accrued = money(float(base) * SEASON[month.month] * rng.uniform(0.9, 1.1))
            advances = [money(float(accrued) * 0.35), money(float(accrued) * 0.50)]
            rest = accrued - sum(advances)
            seq += 1
            inv_no = f"Счет-фактура №7{contract_id % 1000:03d}{seq:05d}/70"
            documents.append(
                (f"G-{key}-I{seq}", abonent_id, contract_id, INV, "за тепло", inv_no, month_end(month), month)
                + (accrued, accrued, D("0.00"), "Основная реализация", D("18"), None, None)
            )
            for n, (day, amount, label) in enumerate(((18, advances[0], "1"), (27, advances[1], "2"))):
                bill_no = f"{(seq * 2 + n) % 9000 + 100}"
                bill_date = datetime.date(month.year, month.month, 1) + datetime.timedelta(days=rng.randint(0, 4))
                documents.append(
                    (f"G-{key}-B{seq}-{n}", abonent_id, contract_id, BILL, "за тепло", bill_no, bill_date, month)
                    + (None, amount, None, "Аванс", D("18"), datetime.date(month.year, month.month, day), None)
                )
                pay_day = datetime.date(month.year, month.month, day) - datetime.timedelta(days=rng.randint(0, 3))
                purpose = (
                    f"Оплата услуг подачи теплоэнергии аванс за {label} пол. {month:%m.%Y} по сч.{bill_no} "
                    f"Сумма {amount} В т.ч. НДС (18%)"
                )
                payments.append(
                    (f"G-{key}-P{seq}-{n}", abonent_id, contract_id, f"{rng.randint(10, 999)}", pay_day, month)
                    + (amount, "Аванс", purpose)
                )
            if rest > 0:
                next_month = add_months(month, 1)
                payments.append(
                    (
                        f"G-{key}-P{seq}-r",
                        abonent_id,
                        contract_id,
                        f"{rng.randint(10, 999)}",
                        datetime.date(next_month.year, next_month.month, 10)
                        - datetime.timedelta(days=rng.randint(0, 2)),
                        month,
                        rest,
                        "Основная реализация",
                        f"Оплата по счету-фактуре {inv_no} за {month:%m.%Y} Сумма {rest} В т.ч. НДС (18%)",
                    )
                )
        month = add_months(month, 1)
    return MonthlyRows(payments=payments, documents=documents)


PAYMENT_COLUMNS = ["external_id", "abonent_id", "contract_id", "number", "date", "period", "amount", "kind", "purpose"]
DOCUMENT_COLUMNS = [
    "external_id",
    "abonent_id",
    "contract_id",
    "doc_type",
    "name",
    "number",
    "date",
    "period",
    "accrued",
    "paid",
    "debt",
    "kind",
    "vat_rate",
    "due_date",
    "penalties",
]


def bulk_write(model, columns: list[str], rows: list[tuple], *, skip_existing: bool) -> int:
    """Insert rows (tuples in `columns` order); return how many were new. COPY on
    PostgreSQL, else bulk_create; `skip_existing` leaves the rows whose code (the first column) exists."""
    if not rows:
        return 0
    if skip_existing:
        keys = [row[0] for row in rows]
        existing = set()
        for start in range(0, len(keys), 2000):
            chunk = keys[start : start + 2000]
            existing.update(model.objects.filter(external_id__in=chunk).values_list("external_id", flat=True))
        rows = [row for row in rows if row[0] not in existing]
        if not rows:
            return 0
    if connection.vendor == "postgresql":
        table = model._meta.db_table
        if "updated_at" not in columns and any(f.name == "updated_at" for f in model._meta.concrete_fields):
            now = timezone.now()  # COPY skips the field's Python default; the API's sync reads it
            columns = [*columns, "updated_at"]
            rows = [(*row, now) for row in rows]
        # psycopg formats each row for COPY itself (in C with psycopg[binary]), escaping included.
        with connection.cursor() as cursor, cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return len(rows)
    model.objects.bulk_create([model(**dict(zip(columns, row, strict=True))) for row in rows], batch_size=2000)
    return len(rows)


def tables_analyze(models) -> None:
    """After bulk writes, fresh statistics for PostgreSQL's planner: with a table it has never
    analyzed it plans the next load's look-ups by contract as scans of millions of rows."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE " + ", ".join(connection.ops.quote_name(m._meta.db_table) for m in models))
