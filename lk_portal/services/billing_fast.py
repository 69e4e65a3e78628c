"""The COPY fast path: large clean CSV files of the COPY kinds (payments, documents) on PostgreSQL.

The file comes opened by exchange/fast_csv.open_fast_csv (its head checked, its header mapped). Its
bytes go through its `RowConverter`, which checks and converts them block by block with the rules of
the Python reader, and stream by `COPY` into PostgreSQL, which reads one block from its socket while
the next is converted:

- into the table itself when it is empty (the first load): it is truncated (COPY FREEZE), its
  foreign keys, unique constraints and indexes are dropped and built again after, one sort
  each, and a duplicate key fails the unique constraint;
- otherwise into a staging table, which one join with the table (in parallel) reduces to the
  rows that are new or changed; one UPDATE and one INSERT write those.

Whenever anything is unusual (a value the converter does not accept, an unknown contract, a key
twice, a COPY error …) `copy_load` raises NotFast with its work rolled back, and the caller reads
the file with the Python path, which produces the exact messages.
"""

from __future__ import annotations

import gc
from pathlib import Path
from queue import Queue

from django.db import connection, models, transaction
from psycopg.copy import QueuedLibpqWriter

from lk_portal.exchange.columns import COPY, FileKind
from lk_portal.exchange.fast_csv import FastCsv, NotFast, RowConverter

from . import bulk_schema, payment_summary
from .billing_lookups import Lookups
from .billing_spec import Counts

__all__ = ["ENABLED", "copy_load", "suits"]

ENABLED = True
DELTA_SHARE = 10  # a file of under a tenth of the table's rows is a delta: its keys looked up by index
COPY_ENCODINGS = {"utf-8": "UTF8", "utf-8-sig": "UTF8", "cp1251": "WIN1251"}
# A delta's rows are written in the order of the indexes led by the abonent (three of the payments'
# seven): their inserts go through each index's pages once, in order, not at random.
DELTA_ORDER = ("abonent_id", "date")
TOUCHED = "updated_at"  # moved on every UPDATE (the lk_touch trigger, 0018) unless the writer sets it


def suits(kind: FileKind, path: Path) -> bool:
    """Whether the fast path may try the file: a CSV of a COPY kind, on PostgreSQL."""
    return ENABLED and connection.vendor == "postgresql" and kind.write == COPY and path.suffix.casefold() == ".csv"


def copy_load(source: FastCsv) -> tuple[int, Counts]:
    """Load the file by COPY in a savepoint: (rows, counts); NotFast, the savepoint rolled back, otherwise."""
    try:
        with transaction.atomic():
            return _load(source)
    except bulk_schema.DATABASE_ERRORS as error:
        raise NotFast(f"database: {error}") from error


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _load(source: FastCsv) -> tuple[int, Counts]:
    kind = source.table.kind
    model = kind.model
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL synchronous_commit = off")
        cursor.execute("SET LOCAL work_mem = '256MB'")
        cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
        cursor.execute("SET LOCAL jit = off")
        referenced = Lookups().table(kind.references[0])
        direct = _empty(cursor, model)
        cursor.execute("SELECT current_setting('transaction_isolation') = 'read committed'")
        freeze = cursor.fetchone()[0]  # COPY FREEZE refuses to run past older snapshots; read committed holds none
        # Loading directly, the table's unique constraint finds a repeated key.
        converter = source.converter(referenced, keep_keys=not direct)
        written = [model._meta.get_field(name).column for name in converter.columns]
        absent = bulk_schema.absent_fields(model, written)
        if direct:
            _load_directly(cursor, source, converter, model, written, absent, freeze=freeze)
            return converter.rows, Counts(created=converter.rows)
        staging = _staging_table(cursor, model, written)
        _copy(cursor, source, converter, staging, written, freeze=freeze)
        key = model._meta.get_field(kind.upsert_key[0]).column
        if not converter.keys_checked:
            cursor.execute(f"SELECT 1 FROM {quote(staging)} GROUP BY {quote(key)} HAVING count(*) > 1 LIMIT 1")
            if cursor.fetchone():
                raise NotFast("a key twice")
        counts = _upsert(cursor, model, staging, written, key, converter.rows, absent)
        cursor.execute(f"DROP TABLE {quote(staging)}")
    return converter.rows, counts


def _empty(cursor, model) -> bool:
    """Whether the table is empty, and stays so for this transaction: then it is loaded directly."""
    table = connection.ops.quote_name(model._meta.db_table)
    cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {table})")
    if cursor.fetchone()[0]:
        return False
    # Loading directly takes this lock anyway (to drop the constraints); taken now, no other
    # transaction can insert a row between the look and the load.
    cursor.execute(f"LOCK TABLE {table} IN ACCESS EXCLUSIVE MODE")
    cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {table})")
    return not cursor.fetchone()[0]


def _copy(cursor, source: FastCsv, converter: RowConverter, into: str, columns: list[str], *, freeze: bool) -> None:
    quote = connection.ops.quote_name
    # The text format: PostgreSQL reads it faster than csv, and the converter writes no quotes.
    delim = "E'\\t'" if converter.delimiter == b"\t" else _literal(converter.delimiter.decode())
    options = f"FORMAT text, DELIMITER {delim}, ENCODING {_literal(COPY_ENCODINGS[converter.encoding])}"
    if freeze:
        options += ", FREEZE"
    statement = f"COPY {quote(into)} ({', '.join(map(quote, columns))}) FROM STDIN ({options})"
    raw = cursor.cursor
    collecting = gc.isenabled()
    gc.disable()  # the blocks make many short-lived objects and no cycles
    try:
        with raw.copy(statement, writer=_QueuedWriter(raw)) as copy:
            for block in converter.convert(source.chunks()):
                if block:
                    copy.write(block)
    finally:
        if collecting:
            gc.enable()


class _QueuedWriter(QueuedLibpqWriter):
    """psycopg's writer that sends the blocks from a thread of its own, so the converter (Python, holding
    the GIL) works on the next block while PostgreSQL reads this one (the thread waits on the socket
    without the GIL); at most QUEUED pieces of psycopg's 128 KB wait, a few MB whatever the file.

    The queue's bound replaces psycopg's own (1 024 pieces) through its `_queue` attribute: psycopg is
    pinned (requirements.txt), and tests/lk_portal/services/test_billing_fast.py sends files of many
    blocks through it, a server error among them too. First pass of 1 M rows 3.96× → 3.53× COPY, the
    second 1.98× → 1.50× (issue 14, item 8)."""

    QUEUED = 64

    def __init__(self, cursor):
        super().__init__(cursor)
        self._queue = Queue(maxsize=self.QUEUED)


def _staging_table(cursor, model, columns: list[str]) -> str:
    """A table for the file's rows, created in this (sub)transaction and dropped before it ends.

    No other session ever sees it. Unlogged rather than temporary: PostgreSQL's parallel workers
    may read it, and the join with the table then runs on every core. Created in this
    subtransaction, it takes the rows frozen (COPY FREEZE).
    """
    quote = connection.ops.quote_name
    fields = {f.column: f for f in model._meta.concrete_fields}
    types = {
        c: fields[c].rel_db_type(connection) if fields[c].is_relation else fields[c].db_type(connection)
        for c in columns
    }
    cursor.execute("SELECT pg_backend_pid()")
    name = f"lk_fast_rows_{cursor.fetchone()[0]}"  # one import at a time per connection
    definition = ", ".join(f"{quote(c)} {types[c]}" for c in columns)
    try:
        with transaction.atomic():
            cursor.execute(f"CREATE UNLOGGED TABLE {quote(name)} ({definition})")
    except (
        bulk_schema.DATABASE_ERRORS
    ):  # a role that may not create tables in the schema: a temporary one, read by one core
        cursor.execute(f"CREATE TEMP TABLE {quote(name)} ({definition}) ON COMMIT DROP")
    return name


def _load_directly(
    cursor,
    source: FastCsv,
    converter: RowConverter,
    model,
    columns: list[str],
    absent: list[models.Field],
    *,
    freeze: bool,
) -> None:
    """COPY into the empty table with its constraints and indexes dropped; each is built again after.

    When no other table refers to it, the table is truncated first (it is empty: only its storage
    is new) so that COPY may write the rows frozen, as VACUUM would leave them: nothing reads or
    rewrites them again to mark them visible. The ids are numbered here from the table's sequence,
    which no one else draws from while the table is locked. The columns the file lacks (`absent`)
    take the model's defaults as the table's column defaults for the COPY's length; the payments'
    summary is added after the COPY, its trigger off meanwhile (payment_summary.py).
    """
    target = model._meta.db_table
    quote = connection.ops.quote_name
    referenced = bulk_schema.referenced(cursor, target)
    # The primary key too, unless another table's foreign key needs its index: built after by one
    # sort of ids already in order, it costs a third of what its inserts cost the COPY (issue 14, item 8).
    dropped = bulk_schema.constraints(cursor, target, "fu" if referenced else "pfu")
    indexes = bulk_schema.secondary_indexes(cursor, target)
    bulk_schema.drop_constraints(cursor, target, dropped)
    freeze = freeze and not referenced
    if freeze:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # TRUNCATE refuses to run past a pending check
        cursor.execute(f"TRUNCATE {quote(target)}")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    bulk_schema.drop_indexes(cursor, indexes)
    pk = model._meta.pk.column
    sequence = _own_sequence(cursor, target, pk)
    if sequence:
        cursor.execute("SELECT nextval(%s)", [sequence])
        converter.next_id = cursor.fetchone()[0]
        columns = [pk, *columns]
    restore = bulk_schema.set_defaults(cursor, target, absent)
    summary = payment_summary.kept_for(model)
    if summary:
        payment_summary.switch_trigger_off(cursor)
    _copy(cursor, source, converter, target, columns, freeze=freeze)
    if summary:
        payment_summary.add_whole_table(cursor)
    bulk_schema.restore_defaults(cursor, target, restore)
    if sequence and converter.rows:
        cursor.execute("SELECT setval(%s, %s)", [sequence, converter.next_id - 1])
    # The primary key and unique constraints first (a repeated key fails here), then indexes, then the foreign keys.
    unique = [constraint for constraint in dropped if constraint[1].startswith(("PRIMARY KEY", "UNIQUE"))]
    bulk_schema.add_constraints(cursor, target, unique)
    bulk_schema.add_indexes(cursor, indexes)
    bulk_schema.add_constraints(cursor, target, [constraint for constraint in dropped if constraint not in unique])
    bulk_schema.analyze_if_large(cursor, target, converter.rows)


def _own_sequence(cursor, target: str, column: str) -> str | None:
    """The sequence that numbers the column, unless the column refuses given values (GENERATED ALWAYS)."""
    cursor.execute(
        "SELECT pg_get_serial_sequence(%s, %s) FROM pg_attribute "
        "WHERE attrelid = %s::regclass AND attname = %s AND attidentity <> 'a'",
        [target, column, target, column],
    )
    found = cursor.fetchone()
    return found[0] if found else None


def _upsert(cursor, model, staging: str, columns: list[str], key: str, rows: int, absent: list[models.Field]) -> Counts:
    """Write the staged rows that are new or changed (`key`: the key's column)."""
    quote = connection.ops.quote_name
    target = model._meta.db_table
    insert_cols = ", ".join([*map(quote, columns), *(quote(f.column) for f in absent)])
    select_cols = ", ".join([*(f"s.{quote(c)}" for c in columns), *(["%s"] * len(absent))])
    # A nightly delta (a file far smaller than the table) is looked up row by row in the key's
    # unique index: 20 000 probes rather than a read of the 1 M-row table (issue 14, item 8).
    nightly = rows * DELTA_SHARE < bulk_schema.table_rows(cursor, target)
    _join_settings(cursor, nightly=nightly)
    created, changed = _diff(cursor, model, staging, columns, key, nightly=nightly)
    updated = changed - created
    foreign_keys = bulk_schema.drop_foreign_keys_if_large(cursor, target, created)  # their checks fire for inserts
    indexes = _drop_indexes_for(cursor, target, changed)
    if updated:
        _update(cursor, model, columns, key, absent, nightly=nightly)
    if nightly:  # the UPDATE too goes through the primary key, not a hash join with the whole table
        cursor.execute("RESET enable_hashjoin")
        cursor.execute("RESET enable_mergejoin")
    if created:
        cursor.execute(
            f"INSERT INTO {quote(target)} ({insert_cols}) SELECT {select_cols} FROM lk_fast_diff AS s "
            f"WHERE s.lk_existing_id IS NULL",
            bulk_schema.default_values(absent),
        )
    cursor.execute("DROP TABLE lk_fast_diff")
    bulk_schema.add_indexes(cursor, indexes)
    bulk_schema.analyze_if_large(cursor, target, changed)
    bulk_schema.add_constraints(cursor, target, foreign_keys)
    return Counts(created=created, updated=updated, unchanged=rows - changed)


def _diff(cursor, model, staging: str, columns: list[str], key: str, *, nightly: bool) -> tuple[int, int]:
    """The staged rows that are new or changed, into lk_fast_diff (with the id of the row each changes).

    One hash join of the file's rows with the table (a delta: one lookup per row in the key's index)
    keeps them: an unchanged row is compared once and written nowhere. Its output is small (or goes
    to a table): the join runs in parallel whenever the tables are big enough for it to pay. Returns
    (new rows, new and changed rows).
    """
    quote = connection.ops.quote_name
    pk = model._meta.pk.column
    value_cols = [c for c in columns if c != key]
    old = ", ".join(f"t.{quote(c)}" for c in value_cols)
    new = ", ".join(f"s.{quote(c)}" for c in value_cols)
    # Rows of the same abonent and date keep the file's order (their ids, numbered in this order, too).
    order = ", ".join([*(f"s.{quote(c)}" for c in DELTA_ORDER if c in columns), "s.ctid"]) if nightly else ""
    cursor.execute(
        f"CREATE TEMP TABLE lk_fast_diff ON COMMIT DROP AS SELECT s.*, t.{quote(pk)} AS lk_existing_id "
        f"FROM {quote(staging)} AS s LEFT JOIN {quote(model._meta.db_table)} AS t ON t.{quote(key)} = s.{quote(key)} "
        f"WHERE t.{quote(pk)} IS NULL OR ({old}) IS DISTINCT FROM ({new})" + (f" ORDER BY {order}" if order else "")
    )
    cursor.execute("SELECT count(*) FILTER (WHERE lk_existing_id IS NULL), count(*) FROM lk_fast_diff")
    return cursor.fetchone()


def _update(cursor, model, columns: list[str], key: str, absent: list[models.Field], *, nightly: bool) -> None:
    """Write the changed rows of lk_fast_diff over their rows, through the primary key."""
    quote = connection.ops.quote_name
    sets = ", ".join(f"{quote(c)} = s.{quote(c)}" for c in columns if c != key)
    if TOUCHED in (f.column for f in absent):
        # What lk_touch_updated_at would write, written here: its trigger (0021) then calls nothing per row.
        sets += f", {quote(TOUCHED)} = clock_timestamp()"
    if not nightly:  # a delta's UPDATE goes through the primary key whatever the statistics
        # The statistics of the ids tell the planner how few rows change: then it updates them through
        # the primary key rather than by a join with the whole table.
        cursor.execute("ANALYZE lk_fast_diff (lk_existing_id)")
    cursor.execute(
        f"UPDATE {quote(model._meta.db_table)} AS t SET {sets} FROM lk_fast_diff AS s "
        f"WHERE t.{quote(model._meta.pk.column)} = s.lk_existing_id"
    )


def _join_settings(cursor, *, nightly: bool) -> None:
    """A delta is joined by index lookups only; a larger file by a hash join, in parallel when it pays."""
    if nightly:
        cursor.execute("SET LOCAL enable_hashjoin = off")
        cursor.execute("SET LOCAL enable_mergejoin = off")
    else:
        cursor.execute("SET LOCAL parallel_setup_cost = 100")
        cursor.execute("SET LOCAL parallel_tuple_cost = 0.01")


def _drop_indexes_for(cursor, target: str, rows: int) -> list[tuple[str, str]]:
    """A load over twice the table drops the indexes no constraint needs; one sort rebuilds each after."""
    if rows < bulk_schema.LARGE_LOAD_ROWS or bulk_schema.table_rows(cursor, target) * 2 > rows:
        return []  # rebuilding a big table's indexes costs more than updating them
    found = bulk_schema.secondary_indexes(cursor, target)
    bulk_schema.drop_indexes(cursor, found)
    return found
