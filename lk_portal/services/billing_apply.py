"""Writing the checked rows of one billing file into the database (billing-exchange.md, «Semantics»).

An applier receives the parsed records of one file in order, resolves references
(abonents, contracts, branches) through dictionaries loaded once, checks what only the
database can tell (unknown references, duplicate keys), and writes in batches. Once any
problem is found it stops writing and only goes on checking; the caller's transaction is
then rolled back, so a refused file leaves nothing behind.

Big files (payments, documents, debts) on PostgreSQL go through a staging table:
COPY into a temporary table, then one INSERT … ON CONFLICT … DO UPDATE … WHERE … IS DISTINCT
FROM, so unchanged rows are counted and not rewritten. Elsewhere a batched ORM path does
the same.
"""

from __future__ import annotations

import datetime
import queue
import threading
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db import DatabaseError, connection, models

from lk_portal.exchange.columns import normalize_title

try:
    from psycopg import Error as _PsycopgError
except ImportError:  # SQLite-only installs
    _PsycopgError = DatabaseError
from lk_portal.exchange.readers import Problem, TableFile
from lk_portal.models import (
    Abonent,
    BillingDocument,
    Branch,
    Contract,
    Curator,
    DebtSnapshot,
    Payment,
    PaymentTerm,
    Tariff,
)

from . import bulk_schema

BATCH_SIZE = 2000
# A staged load at least this large, and at least this share of the table, drops and re-adds the
# table's foreign keys instead of checking them row by row (see StagingApplier).
LARGE_LOAD_ROWS = 50_000
LARGE_LOAD_SHARE = 0.2

# The three branches of the company (product.md); created on first mention if missing.
KNOWN_BRANCHES = {
    "kazan": "Казанские тепловые сети",
    "chelny": "Набережночелнинские тепловые сети",
    "nizhnekamsk": "Нижнекамские тепловые сети",
}


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    deleted: int = 0
    unchanged: int = 0

    def as_dict(self) -> dict[str, int]:
        return {"created": self.created, "updated": self.updated, "deleted": self.deleted, "unchanged": self.unchanged}


class Lookups:
    """Dictionaries that resolve the file's references in one step per row."""

    def __init__(self) -> None:
        self._contracts: dict[str, tuple[int, int]] | None = None
        self._abonents: dict[tuple[str, str], int] | None = None
        self._branches: dict[str, int] | None = None

    @property
    def contracts(self) -> dict[str, tuple[int, int]]:
        if self._contracts is None:
            self._contracts = {
                number: (pk, abonent_id)
                for pk, number, abonent_id in Contract.objects.values_list("pk", "number", "abonent_id")
            }
        return self._contracts

    @property
    def abonents(self) -> dict[tuple[str, str], int]:
        if self._abonents is None:
            self._abonents = {(inn, kpp): pk for pk, inn, kpp in Abonent.objects.values_list("pk", "inn", "kpp")}
        return self._abonents

    def branch_id(self, value: str) -> int | None:
        if self._branches is None:
            self._branches = {}
            for pk, code, name in Branch.objects.values_list("pk", "code", "name"):
                self._branches[normalize_title(code)] = pk
                self._branches[normalize_title(name)] = pk
        key = normalize_title(value)
        if key in self._branches:
            return self._branches[key]
        for code, name in KNOWN_BRANCHES.items():
            if key in (code, normalize_title(name)):
                branch, _ = Branch.objects.get_or_create(code=code, defaults={"name": name})
                self._branches[code] = self._branches[normalize_title(name)] = branch.pk
                return branch.pk
        return None


class RowRejected(Exception):
    def __init__(self, column: str | None, value: str | None, message: str):
        super().__init__(message)
        self.column, self.value, self.message = column, value, message


# --- What each kind writes -------------------------------------------------------------------


class KindSpec:
    """How one kind of file maps to its model: the key, the fields and the references."""

    model: type[models.Model]
    key_fields: tuple[str, ...]
    column_fields: dict[str, str] = {}  # file column key → model field, for plain values
    derived_fields: tuple[str, ...] = ()  # fields computed from references (always written)

    def __init__(self, table: TableFile, lookups: Lookups):
        self.table = table
        self.lookups = lookups
        # A snapshot replaces whole rows; an upsert touches only the columns the file has.
        present = set(self.column_fields) if table.kind.snapshot_by_contract else set(table.titles)
        self.present = present
        self.fields = [
            *self.derived_fields,
            *(field for column, field in self.column_fields.items() if column in present),
        ]
        self.nullable = {field: self.model._meta.get_field(field).null for field in self.fields}
        # (column, field, value for "no value") of the plain columns this file writes
        self.plan = [
            (column, field, None if self.model._meta.get_field(field).null else "")
            for column, field in self.column_fields.items()
            if column in present
        ]

    def title(self, key: str) -> str:
        return self.table.title(key)

    def key(self, record: dict) -> tuple:
        raise NotImplementedError

    def values(self, record: dict) -> dict[str, Any]:
        values = self.derived(record)
        get = record.get
        for column, field, empty in self.plan:
            value = get(column)
            values[field] = empty if value is None else value
        return values

    def derived(self, record: dict) -> dict[str, Any]:
        return {}

    def contract(self, record: dict) -> tuple[int, int]:
        number = record["contract_no"]
        found = self.lookups.contracts.get(number)
        if found is None:
            raise RowRejected(
                self.title("contract_no"),
                number,
                "договор с таким номером не найден: его нет на портале и в загружаемом пакете",
            )
        return found


class AbonentSpec(KindSpec):
    model = Abonent
    key_fields = ("inn", "kpp")
    derived_fields = ("inn", "kpp")
    column_fields = {"name": "name", "email": "email", "contact_person": "contact_person", "phone": "phone"}

    def __init__(self, table, lookups):
        super().__init__(table, lookups)
        self.fields.append("branch_id")
        self.nullable["branch_id"] = False

    def key(self, record):
        return (record["inn"], record["kpp"])

    def derived(self, record):
        branch_id = self.lookups.branch_id(record["branch"])
        if branch_id is None:
            raise RowRejected(
                self.title("branch"),
                record["branch"],
                "филиал не найден: ожидается kazan, chelny, nizhnekamsk или название филиала",
            )
        return {"inn": record["inn"], "kpp": record["kpp"], "branch_id": branch_id}


class ContractSpec(KindSpec):
    model = Contract
    key_fields = ("number",)
    derived_fields = ("number", "abonent_id")
    column_fields = {
        "goods": "goods",
        "start_date": "start_date",
        "end_date": "end_date",
        "status": "status",
        "tariff_group": "tariff_group",
    }

    def key(self, record):
        return (record["contract_no"],)

    def derived(self, record):
        abonent_id = self.lookups.abonents.get((record["inn"], record["kpp"]))
        if abonent_id is None:
            raise RowRejected(
                self.title("inn"),
                f"{record['inn']} / {record['kpp']}",
                "абонент с такими ИНН и КПП не найден: его нет на портале и в загружаемом пакете",
            )
        end = record.get("end_date")
        if end is not None and end < record["start_date"]:
            raise RowRejected(self.title("end_date"), f"{end:%d.%m.%Y}", "дата окончания раньше даты начала")
        return {"number": record["contract_no"], "abonent_id": abonent_id}


class PaymentSpec(KindSpec):
    model = Payment
    key_fields = ("external_id",)
    derived_fields = ("external_id", "abonent_id", "contract_id")
    column_fields = {
        "number": "number",
        "date": "date",
        "period": "period",
        "amount": "amount",
        "kind": "kind",
        "purpose": "purpose",
    }

    def key(self, record):
        return (record["external_id"],)

    def derived(self, record):
        contract_id, abonent_id = self.contract(record)
        return {"external_id": record["external_id"], "abonent_id": abonent_id, "contract_id": contract_id}


class DocumentSpec(PaymentSpec):
    model = BillingDocument
    column_fields = {
        "doc_type": "doc_type",
        "name": "name",
        "number": "number",
        "date": "date",
        "period": "period",
        "accrued": "accrued",
        "paid": "paid",
        "debt": "debt",
        "kind": "kind",
        "vat_rate": "vat_rate",
        "due_date": "due_date",
    }


class DebtSpec(KindSpec):
    model = DebtSnapshot
    key_fields = ("contract_id", "as_of")
    derived_fields = ("contract_id", "as_of", "abonent_id")
    column_fields = {"debt": "debt", "penalties": "penalties"}

    def key(self, record):
        contract_id, _ = self.contract(record)
        return (contract_id, record["as_of"])

    def derived(self, record):
        contract_id, abonent_id = self.contract(record)
        if self.lookups.abonents.get((record["inn"], record["kpp"])) != abonent_id:
            raise RowRejected(
                self.title("contract_no"),
                record["contract_no"],
                f"договор не принадлежит абоненту с ИНН {record['inn']} и КПП {record['kpp']}",
            )
        return {"contract_id": contract_id, "as_of": record["as_of"], "abonent_id": abonent_id}


class TariffSpec(KindSpec):
    model = Tariff
    key_fields = ("external_id",)
    derived_fields = ("external_id", "branch_id")
    column_fields = {
        "tariff_group": "tariff_group",
        "name": "name",
        "unit": "unit",
        "rate": "rate",
        "vat_rate": "vat_rate",
        "valid_from": "valid_from",
        "valid_to": "valid_to",
        "decree": "decree",
        "decree_url": "decree_url",
    }

    def key(self, record):
        return (record["external_id"],)

    def derived(self, record):
        branch_id = None
        if record.get("branch"):
            branch_id = self.lookups.branch_id(record["branch"])
            if branch_id is None:
                raise RowRejected(self.title("branch"), record["branch"], "филиал не найден")
        end = record.get("valid_to")
        if end is not None and end < record["valid_from"]:
            raise RowRejected(self.title("valid_to"), f"{end:%d.%m.%Y}", "дата «по» раньше даты «с»")
        return {"external_id": record["external_id"], "branch_id": branch_id}


class CuratorSpec(KindSpec):
    model = Curator
    key_fields = ()
    derived_fields = ("contract_id",)
    column_fields = {"position": "position", "full_name": "full_name", "phone": "phone"}

    def derived(self, record):
        contract_id, _ = self.contract(record)
        return {"contract_id": contract_id}


class PaymentTermSpec(CuratorSpec):
    model = PaymentTerm
    column_fields = {"day": "day", "percent": "percent", "kind": "kind", "next_month": "next_month"}

    def values(self, record):
        values = super().values(record)
        if "next_month" in values and values["next_month"] in ("", None):
            values["next_month"] = False
        return values


SPECS: dict[str, type[KindSpec]] = {
    "abonents": AbonentSpec,
    "contracts": ContractSpec,
    "curators": CuratorSpec,
    "payment_terms": PaymentTermSpec,
    "payments": PaymentSpec,
    "documents": DocumentSpec,
    "debts": DebtSpec,
    "tariffs": TariffSpec,
}


# --- Appliers --------------------------------------------------------------------------------


class Applier:
    def __init__(self, spec: KindSpec):
        self.spec = spec
        self.failed = False
        self.counts = Counts()
        self.seen: dict[Any, int] = {}

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def problem(self, number: int, error: RowRejected) -> Problem:
        return Problem(self.spec.table.name, number, error.column, error.value, error.message)

    def add(self, number: int, record: dict) -> Problem | None:
        spec = self.spec
        try:
            key = spec.key(record)
            values = None if record["deleted"] else spec.values(record)
        except RowRejected as error:
            self.failed = True
            return self.problem(number, error)
        seen_key = key[0] if len(key) == 1 else key  # a bare string takes less memory than a tuple
        first = self.seen.get(seen_key)
        if first is not None:
            self.failed = True
            shown = " / ".join(_show(part) for part in key)
            return Problem(spec.table.name, number, _key_title(spec), shown, f"этот ключ уже был в строке {first}")
        self.seen[seen_key] = number
        self.take(key, values)
        return None

    def take(self, key: tuple, values: dict | None) -> None:
        raise NotImplementedError

    def finish(self) -> Counts:
        return self.counts


def _key_title(spec: KindSpec) -> str:
    return ", ".join(spec.title(column) for column in spec.table.kind.key)


def _show(value) -> str:
    if isinstance(value, datetime.date):
        return f"{value:%d.%m.%Y}"
    return str(value)


class BatchUpsertApplier(Applier):
    """Upsert by key through the ORM in batches: fetch the batch's rows, compare, write."""

    def __init__(self, spec: KindSpec):
        super().__init__(spec)
        self.batch: list[tuple[tuple, dict | None]] = []

    def take(self, key, values):
        if self.failed:
            return
        self.batch.append((key, values))
        if len(self.batch) >= BATCH_SIZE:
            self.flush()

    def flush(self) -> None:
        batch, self.batch = self.batch, []
        if not batch or self.failed:
            return
        spec = self.spec
        model = spec.model
        first_field = spec.key_fields[0]
        existing: dict[tuple, models.Model] = {}
        lookup = {f"{first_field}__in": {key[0] for key, _ in batch}}
        for obj in model.objects.filter(**lookup):
            existing[tuple(getattr(obj, field) for field in spec.key_fields)] = obj
        to_create, to_update, to_delete = [], [], []
        for key, values in batch:
            obj = existing.get(key)
            if values is None:
                if obj is not None:
                    to_delete.append(obj.pk)
                else:
                    self.counts.unchanged += 1
                continue
            if obj is None:
                to_create.append(model(**values))
                continue
            changed = False
            for field, value in values.items():
                if getattr(obj, field) != value:
                    setattr(obj, field, value)
                    changed = True
            if changed:
                to_update.append(obj)
            else:
                self.counts.unchanged += 1
        if to_create:
            model.objects.bulk_create(to_create, batch_size=BATCH_SIZE)
        if to_update:
            model.objects.bulk_update(
                to_update, fields=[f for f in spec.fields if f not in spec.key_fields], batch_size=500
            )
        if to_delete:
            model.objects.filter(pk__in=to_delete).delete()
        self.counts.created += len(to_create)
        self.counts.updated += len(to_update)
        self.counts.deleted += len(to_delete)

    def finish(self):
        self.flush()
        return self.counts


class SnapshotApplier(Applier):
    """Curators and payment terms: the rows for a contract replace what the portal held for it."""

    def __init__(self, spec: KindSpec):
        super().__init__(spec)
        self.by_contract: dict[int, list[dict]] = defaultdict(list)

    def add(self, number, record):
        try:
            values = self.spec.values(record)
        except RowRejected as error:
            self.failed = True
            return self.problem(number, error)
        self.by_contract[values["contract_id"]].append(values)
        return None

    def finish(self):
        if self.failed:
            return self.counts
        model = self.spec.model
        fields = [f for f in self.spec.fields if f != "contract_id"] + ["sort_order"]
        contract_ids = list(self.by_contract)
        held: dict[int, list] = defaultdict(list)
        for start in range(0, len(contract_ids), 500):
            chunk = contract_ids[start : start + 500]
            for obj in model.objects.filter(contract_id__in=chunk).order_by("contract_id", "sort_order", "id"):
                held[obj.contract_id].append(obj)
        to_create, to_update, to_delete = [], [], []
        for contract_id, rows in self.by_contract.items():
            old = held.get(contract_id, [])
            for position, values in enumerate(rows):
                values = {**values, "sort_order": position}
                if position < len(old):
                    obj = old[position]
                    changed = [f for f in fields if getattr(obj, f) != values[f]]
                    if changed:
                        for f in changed:
                            setattr(obj, f, values[f])
                        to_update.append(obj)
                    else:
                        self.counts.unchanged += 1
                else:
                    to_create.append(model(**values))
            to_delete.extend(obj.pk for obj in old[len(rows) :])
        if to_create:
            model.objects.bulk_create(to_create, batch_size=BATCH_SIZE)
        if to_update:
            model.objects.bulk_update(to_update, fields=fields, batch_size=500)
        if to_delete:
            model.objects.filter(pk__in=to_delete).delete()
        self.counts.created, self.counts.updated, self.counts.deleted = len(to_create), len(to_update), len(to_delete)
        return self.counts


class StagingApplier(Applier):
    """PostgreSQL: COPY the checked rows into a temporary table, then upsert and delete in SQL.

    Rows go in chunks to a writer thread that owns the connection while the file is read: it
    COPYs a chunk into the staging table and runs INSERT … ON CONFLICT … DO UPDATE … WHERE …
    IS DISTINCT FROM (so unchanged rows are counted, not rewritten) while the next chunk is
    being parsed. Everything stays in the file's one transaction; after the first problem no
    chunk is written and the transaction is rolled back by the caller.
    """

    CHUNK_ROWS = 20_000

    def __init__(self, spec: KindSpec):
        super().__init__(spec)
        model = spec.model
        self.target = model._meta.db_table
        self.stage = f"lk_stage_{spec.table.kind.name}"
        self.columns = list(dict.fromkeys([*spec.key_fields, *spec.fields]))
        self.db_columns = [model._meta.get_field(f).column for f in self.columns]
        self.key_columns = [model._meta.get_field(f).column for f in spec.key_fields]
        self.staged = 0
        self.expected_rows = 0  # an estimate from the file's size, to decide on the foreign keys early
        self._blank_tail = (None,) * (len(self.columns) - len(spec.key_fields))
        self._chunk: list[tuple] = []
        self._queue: queue.Queue | None = None
        self._writer: threading.Thread | None = None
        self._error: BaseException | None = None
        self._foreign_keys: list[tuple[str, str]] = []
        self._statements = self._sql()

    def _sql(self) -> dict[str, Any]:
        quote = connection.ops.quote_name
        model = self.spec.model
        key_cols = ", ".join(map(quote, self.key_columns))
        value_cols = [c for c in self.db_columns if c not in self.key_columns]
        # Columns the file lacks: new rows get the model's default, existing rows keep theirs.
        absent = [
            f
            for f in model._meta.concrete_fields
            if not f.primary_key and f.column not in self.db_columns and not f.null
        ]
        insert_cols = ", ".join([*map(quote, self.db_columns), *(quote(f.column) for f in absent)])
        select_cols = ", ".join([*map(quote, self.db_columns), *(["%s"] * len(absent))])
        if value_cols:
            sets = ", ".join(f"{quote(c)} = EXCLUDED.{quote(c)}" for c in value_cols)
            distinct = " OR ".join(f"t.{quote(c)} IS DISTINCT FROM EXCLUDED.{quote(c)}" for c in value_cols)
            conflict = f"DO UPDATE SET {sets} WHERE {distinct}"
        else:
            conflict = "DO NOTHING"
        match = " AND ".join(f"t.{quote(c)} = s.{quote(c)}" for c in self.key_columns)
        names = ", ".join(["deleted", *map(quote, self.db_columns)])
        return {
            "copy": f"COPY {self.stage} ({names}) FROM STDIN",
            "upsert": (
                f"WITH upsert AS (INSERT INTO {quote(self.target)} AS t ({insert_cols}) "
                f"SELECT {select_cols} FROM {self.stage} WHERE NOT deleted "
                f"ON CONFLICT ({key_cols}) {conflict} RETURNING (xmax = 0) AS inserted) "
                "SELECT count(*) FILTER (WHERE inserted), count(*) FILTER (WHERE NOT inserted) FROM upsert"
            ),
            "upsert_params": [f.get_db_prep_save(f.get_default(), connection) for f in absent],
            "delete": f"DELETE FROM {quote(self.target)} AS t USING {self.stage} AS s WHERE s.deleted AND {match}",
        }

    def __enter__(self):
        # The writer thread owns the connection from here on: load every dictionary the rows need first.
        _ = self.spec.lookups.contracts, self.spec.lookups.abonents
        model = self.spec.model
        quote = connection.ops.quote_name
        column_defs = ", ".join(
            f"{quote(col)} {model._meta.get_field(f).db_type(connection)}"
            for f, col in zip(self.columns, self.db_columns, strict=True)
        )
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {self.stage}")
            cursor.execute(f"CREATE TEMP TABLE {self.stage} (deleted boolean NOT NULL, {column_defs})")
        self._queue = queue.Queue(maxsize=1)  # back-pressure: at most three chunks in memory
        self._writer = threading.Thread(target=self._write_chunks, args=(connection.connection,), daemon=True)
        self._writer.start()
        return self

    def __exit__(self, *exc):
        if self._writer is not None:
            if self._chunk and not self.failed and not exc[0]:
                self._queue.put(self._chunk)
            self._chunk = []
            self._queue.put(None)
            self._writer.join()
            self._writer = None
        return False

    def take(self, key, values):
        if self.failed:
            return
        self.staged += 1
        if values is None:
            self._chunk.append((True, *key, *self._blank_tail))
        else:
            self._chunk.append((False, *map(values.__getitem__, self.columns)))
        if len(self._chunk) >= self.CHUNK_ROWS:
            self._queue.put(self._chunk)
            self._chunk = []

    def _write_chunks(self, raw_connection) -> None:
        first = True
        while (chunk := self._queue.get()) is not None:
            if self.failed or self._error is not None:
                continue  # keep draining so the reader never blocks
            try:
                with raw_connection.cursor() as cursor:
                    if first:
                        first = False
                        self._foreign_keys = self._drop_foreign_keys_for_bulk_load(cursor, len(chunk))
                    self._write_chunk(cursor, chunk)
            except BaseException as error:  # noqa: BLE001 - re-raised in the reading thread by finish()
                self._error = error

    def _write_chunk(self, cursor, chunk: list[tuple]) -> None:
        sql = self._statements
        cursor.execute(f"TRUNCATE {self.stage}")
        with cursor.copy(sql["copy"]) as copy:
            for row in chunk:
                copy.write_row(row)
        cursor.execute(sql["upsert"], sql["upsert_params"])
        created, updated = cursor.fetchone()
        deleted = 0
        if any(row[0] for row in chunk):
            cursor.execute(sql["delete"])
            deleted = cursor.rowcount
        self.counts.created += created
        self.counts.updated += updated
        self.counts.deleted += deleted
        self.counts.unchanged += len(chunk) - created - updated - deleted

    def _drop_foreign_keys_for_bulk_load(self, cursor, first_chunk: int) -> list[tuple[str, str]]:
        """For a load that is large against the table, drop its foreign keys (to re-add them after).

        PostgreSQL's own advice for populating a database: per-row foreign-key triggers cost far
        more than one validating join. The ALTER locks the table until the file's transaction
        ends, so small files (the admin upload) keep the per-row checks and never block readers.
        """
        expected = max(first_chunk, self.expected_rows) if first_chunk >= self.CHUNK_ROWS else first_chunk
        if expected < LARGE_LOAD_ROWS:
            return []
        if expected < LARGE_LOAD_SHARE * max(bulk_schema.table_rows(cursor, self.target), 0):
            return []
        foreign_keys = bulk_schema.constraints(cursor, self.target, "f")
        bulk_schema.drop_constraints(cursor, self.target, foreign_keys)
        return foreign_keys

    def finish(self):
        if self._error is not None:
            if isinstance(self._error, DatabaseError | _PsycopgError):
                raise DatabaseError(str(self._error)) from self._error
            raise self._error
        with connection.cursor() as cursor:
            bulk_schema.add_constraints(cursor, self.target, self._foreign_keys)
            cursor.execute(f"DROP TABLE IF EXISTS {self.stage}")
        return self.counts


# Kinds that can be large and reference only contracts/abonents (no row creates anything else).
STAGED_KINDS = {"payments", "documents", "debts"}


def applier_for(table: TableFile, lookups: Lookups) -> Applier:
    spec = SPECS[table.kind.name](table, lookups)
    if table.kind.snapshot_by_contract:
        return SnapshotApplier(spec)
    if connection.vendor == "postgresql" and table.kind.name in STAGED_KINDS:
        return StagingApplier(spec)
    return BatchUpsertApplier(spec)
