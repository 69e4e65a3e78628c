"""The fast path for large CSV files of payments and billing documents on PostgreSQL.

The file's bytes go through `RowConverter` (lk_portal/exchange/fast_csv.py), which checks and
converts them block by block with the rules of the Python reader, and stream by `COPY` into
PostgreSQL, which reads one block from its socket while the next is converted:

- into the table itself when it is empty (the first load): it is truncated (COPY FREEZE), its
  foreign keys, unique constraints and indexes are dropped and built again after, one sort
  each, and a duplicate key fails the unique constraint;
- otherwise into a staging table, which one join with the table (in parallel) reduces to the
  rows that are new or changed; one UPDATE and one INSERT write those.

Whenever anything is unusual (a value the converter does not accept, quotes, a `deleted`
column, an unknown contract, a COPY error …) `try_fast_csv` returns None and rolls its work back,
and the caller reads the file with the Python path, which produces the exact messages.
"""

from __future__ import annotations

import codecs
import gc
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.db import DatabaseError, connection, models, transaction

from lk_portal.exchange.columns import FileKind
from lk_portal.exchange.fast_csv import FAST_KINDS, NULL, NotFast, RowConverter
from lk_portal.exchange.readers import (
    SAMPLE_SIZE,
    FileRefused,
    TableFile,
    _check_not_binary,
    _map_header,
    detect_delimiter,
)
from lk_portal.models import BillingDocument, Contract, Payment

from . import bulk_schema
from .billing_apply import LARGE_LOAD_ROWS, LARGE_LOAD_SHARE, Counts

try:
    from psycopg import Error as _PsycopgError
except ImportError:  # SQLite-only installs
    _PsycopgError = DatabaseError

logger = logging.getLogger(__name__)

ENABLED = True
READ_SIZE = 256 * 1024  # about a thousand lines a block: measured a little faster than 1 MiB blocks
MAX_HEADER_BYTES = 64 * 1024
MODELS = {"payments": Payment, "documents": BillingDocument}
COPY_ENCODINGS = {"utf-8": "UTF8", "utf-8-sig": "UTF8", "cp1251": "WIN1251"}


class _Fallback(Exception):
    """Roll the fast path back and let the Python path read the file."""


@dataclass
class FastResult:
    table: TableFile
    rows: int
    counts: Counts


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _sniff_encoding(path: Path) -> str:
    """As readers.detect_encoding, from the file's head only.

    The head decides between UTF-8 and Windows-1251; a UTF-8 file with a wrong byte further on
    is refused by COPY (which checks every byte it is sent) or by the converter (which decodes
    the cells it does not send), and the Python path then reads it in the whole file's encoding.
    """
    with open(path, "rb") as handle:
        head = handle.read(SAMPLE_SIZE)
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        return "cp1251"
    return "utf-8"


def _header(path: Path, encoding: str) -> tuple[bytes, str]:
    with open(path, "rb") as handle:
        head = handle.read(MAX_HEADER_BYTES)
    end = head.find(b"\n")
    if end < 0:
        raise _Fallback("no header line")
    raw = head[: end + 1]
    text = raw.decode(encoding).removesuffix("\n").removesuffix("\r")
    if "\r" in text:
        raise _Fallback("carriage return in the header")
    return raw, text


def try_fast_csv(*, path: Path, kind: FileKind, name: str) -> FastResult | None:
    """Import a clean CSV file of payments or documents by COPY; None = use the Python path."""
    if not ENABLED or connection.vendor != "postgresql" or kind.name not in FAST_KINDS:
        return None
    if path.suffix.casefold() != ".csv":
        return None
    try:
        _check_not_binary(path)
        encoding = _sniff_encoding(path)
        header_raw, header_text = _header(path, encoding)
        if '"' in header_text:
            raise _Fallback("quotes in the header")
        delimiter = detect_delimiter(header_text)
        table = TableFile(name=name, kind=kind)
        _map_header(table, header_text.split(delimiter))
        with transaction.atomic():
            rows, counts = _load(path, table, encoding, len(header_raw), delimiter)
    except (_Fallback, NotFast, FileRefused, UnicodeDecodeError) as reason:
        logger.info("billing import of %s: fast path not taken (%s)", name, reason)
        return None
    except (DatabaseError, _PsycopgError) as error:
        logger.info("billing import of %s: fast path not taken (database: %s)", name, error)
        return None
    logger.info("billing import of %s: fast path, %s rows", name, rows)
    return FastResult(table, rows, counts)


def _absent_fields(model, written: list[str]) -> list[models.Field]:
    """Columns the file lacks: new rows get the model's default, existing rows keep theirs."""
    return [f for f in model._meta.concrete_fields if not f.primary_key and f.column not in written and not f.null]


def _copy_text(field: models.Field, encoding: str) -> bytes:
    """The field's default as COPY's text format reads it."""
    value = field.get_db_prep_save(field.get_default(), connection)
    return NULL if value is None else str(value).replace("\\", "\\\\").encode(encoding)


def _load(path: Path, table: TableFile, encoding: str, skip: int, delimiter: str) -> tuple[int, Counts]:
    model = MODELS[table.kind.name]
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL synchronous_commit = off")
        cursor.execute("SET LOCAL work_mem = '256MB'")
        cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
        cursor.execute("SET LOCAL jit = off")
        cursor.execute(f"SELECT number, id, abonent_id FROM {quote(Contract._meta.db_table)}")
        contracts = {number: (contract_id, abonent_id) for number, contract_id, abonent_id in cursor.fetchall()}
        direct = _empty(cursor, model)
        cursor.execute("SELECT current_setting('transaction_isolation') = 'read committed'")
        freeze = cursor.fetchone()[0]  # COPY FREEZE refuses to run past older snapshots; read committed holds none
        converter = RowConverter(
            table,
            encoding=encoding,
            delimiter=delimiter,
            contracts=contracts,
            keep_keys=not direct,  # loading directly, the table's unique constraint finds a repeated key
        )
        written = converter.columns
        absent = _absent_fields(model, written)
        if direct:
            converter.defaults = tuple(_copy_text(f, converter.encoding) for f in absent)
            columns = [*written, *(f.column for f in absent)]
            _load_directly(cursor, path, skip, converter, model, columns, freeze=freeze)
            return converter.rows, Counts(created=converter.rows)
        staging = _staging_table(cursor, model, written)
        _copy(cursor, path, skip, converter, staging, written, freeze=freeze)
        if not converter.keys_checked:
            cursor.execute(f"SELECT 1 FROM {quote(staging)} GROUP BY external_id HAVING count(*) > 1 LIMIT 1")
            if cursor.fetchone():
                raise _Fallback("a key twice")
        counts = _upsert(cursor, model, staging, written, converter.rows, absent)
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


def _chunks(path: Path, skip: int) -> Iterator[bytes]:
    """The file after its header in pieces of whole lines (fast_csv.blocks then copies nothing)."""
    with open(path, "rb") as handle:
        handle.seek(skip)
        while chunk := handle.read(READ_SIZE):
            if not chunk.endswith(b"\n"):
                chunk += handle.readline()
            yield chunk


def _copy(
    cursor, path: Path, skip: int, converter: RowConverter, into: str, columns: list[str], *, freeze: bool
) -> None:
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
        with raw.copy(statement) as copy:
            for block in converter.convert(_chunks(path, skip)):
                if block:
                    copy.write(block)
    finally:
        if collecting:
            gc.enable()


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
    except DatabaseError:  # a role that may not create tables in the schema: a temporary one, read by one core
        cursor.execute(f"CREATE TEMP TABLE {quote(name)} ({definition}) ON COMMIT DROP")
    return name


def _load_directly(
    cursor, path: Path, skip: int, converter: RowConverter, model, columns: list[str], *, freeze: bool
) -> None:
    """COPY into the empty table with its constraints and indexes dropped; each is built again after.

    When no other table refers to it, the table is truncated first (it is empty: only its storage
    is new) so that COPY may write the rows frozen, as VACUUM would leave them: nothing reads or
    rewrites them again to mark them visible. The ids are numbered here from the table's sequence,
    which no one else draws from while the table is locked.
    """
    target = model._meta.db_table
    quote = connection.ops.quote_name
    dropped = bulk_schema.constraints(cursor, target, "fu")
    indexes = bulk_schema.secondary_indexes(cursor, target)
    bulk_schema.drop_constraints(cursor, target, dropped)
    freeze = freeze and not _referenced(cursor, target)
    if freeze:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # TRUNCATE refuses to run past a pending check
        cursor.execute(f"TRUNCATE {quote(target)}")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    for name, _ in indexes:
        cursor.execute(f"DROP INDEX {name}")
    pk = model._meta.pk.column
    sequence = _own_sequence(cursor, target, pk)
    if sequence:
        cursor.execute("SELECT nextval(%s)", [sequence])
        converter.next_id = cursor.fetchone()[0]
        columns = [pk, *columns]
    _copy(cursor, path, skip, converter, target, columns, freeze=freeze)
    if sequence and converter.rows:
        cursor.execute("SELECT setval(%s, %s)", [sequence, converter.next_id - 1])
    # Unique constraints first (a repeated key fails here), then indexes, then the foreign keys.
    unique = [constraint for constraint in dropped if constraint[1].startswith("UNIQUE")]
    bulk_schema.add_constraints(cursor, target, unique)
    for _, definition in indexes:
        cursor.execute(definition)
    bulk_schema.add_constraints(cursor, target, [constraint for constraint in dropped if constraint not in unique])
    if converter.rows >= LARGE_LOAD_ROWS:
        cursor.execute(f"ANALYZE {quote(target)}")  # the next load and the cabinet's queries plan with it


def _referenced(cursor, target: str) -> bool:
    """Whether another table's foreign key refers to the table (TRUNCATE without CASCADE refuses it)."""
    cursor.execute(
        "SELECT EXISTS (SELECT 1 FROM pg_constraint WHERE confrelid = %s::regclass AND conrelid <> confrelid)",
        [target],
    )
    return cursor.fetchone()[0]


def _own_sequence(cursor, target: str, column: str) -> str | None:
    """The sequence that numbers the column, unless the column refuses given values (GENERATED ALWAYS)."""
    cursor.execute(
        "SELECT pg_get_serial_sequence(%s, %s) FROM pg_attribute "
        "WHERE attrelid = %s::regclass AND attname = %s AND attidentity <> 'a'",
        [target, column, target, column],
    )
    found = cursor.fetchone()
    return found[0] if found else None


def _upsert(cursor, model, staging: str, columns: list[str], rows: int, absent: list[models.Field]) -> Counts:
    quote = connection.ops.quote_name
    target = model._meta.db_table
    pk = model._meta.pk.column
    insert_cols = ", ".join([*map(quote, columns), *(quote(f.column) for f in absent)])
    select_cols = ", ".join([*(f"s.{quote(c)}" for c in columns), *(["%s"] * len(absent))])
    params = [f.get_db_prep_save(f.get_default(), connection) for f in absent]
    value_cols = [c for c in columns if c != "external_id"]
    sets = ", ".join(f"{quote(c)} = s.{quote(c)}" for c in value_cols)
    old = ", ".join(f"t.{quote(c)}" for c in value_cols)
    new = ", ".join(f"s.{quote(c)}" for c in value_cols)
    # One hash join of the file's rows with the table keeps the rows that are new or changed:
    # an unchanged row is compared once and written nowhere. Its output is small (or goes to a
    # table): the join runs in parallel whenever the tables are big enough for it to pay.
    cursor.execute("SET LOCAL parallel_setup_cost = 100")
    cursor.execute("SET LOCAL parallel_tuple_cost = 0.01")
    cursor.execute(
        f"CREATE TEMP TABLE lk_fast_diff ON COMMIT DROP AS SELECT s.*, t.{quote(pk)} AS lk_existing_id "
        f"FROM {quote(staging)} AS s LEFT JOIN {quote(target)} AS t ON t.external_id = s.external_id "
        f"WHERE t.{quote(pk)} IS NULL OR ({old}) IS DISTINCT FROM ({new})"
    )
    cursor.execute("SELECT count(*) FILTER (WHERE lk_existing_id IS NULL), count(*) FROM lk_fast_diff")
    created, changed = cursor.fetchone()
    updated = changed - created
    foreign_keys = _drop_foreign_keys(cursor, target, created)  # their checks fire for inserted rows
    indexes = _drop_secondary_indexes(cursor, target, changed)
    if updated:
        # The statistics of the ids tell the planner how few rows change: then it updates them through
        # the primary key rather than by a join with the whole table.
        cursor.execute("ANALYZE lk_fast_diff (lk_existing_id)")
        cursor.execute(
            f"UPDATE {quote(target)} AS t SET {sets} FROM lk_fast_diff AS s WHERE t.{quote(pk)} = s.lk_existing_id"
        )
    if created:
        cursor.execute(
            f"INSERT INTO {quote(target)} ({insert_cols}) SELECT {select_cols} FROM lk_fast_diff AS s "
            f"WHERE s.lk_existing_id IS NULL",
            params,
        )
    cursor.execute("DROP TABLE lk_fast_diff")
    for definition in indexes:
        cursor.execute(definition)
    if changed >= LARGE_LOAD_ROWS:
        cursor.execute(f"ANALYZE {quote(target)}")  # the next load and the cabinet's queries plan with it
    bulk_schema.add_constraints(cursor, target, foreign_keys)
    return Counts(created=created, updated=updated, unchanged=rows - changed)


def _drop_foreign_keys(cursor, target: str, rows: int) -> list[tuple[str, str]]:
    """As StagingApplier: a load large against the table drops its foreign keys and re-adds them."""
    if rows < LARGE_LOAD_ROWS or rows < LARGE_LOAD_SHARE * max(bulk_schema.table_rows(cursor, target), 0):
        return []
    foreign_keys = bulk_schema.constraints(cursor, target, "f")
    bulk_schema.drop_constraints(cursor, target, foreign_keys)
    return foreign_keys


def _drop_secondary_indexes(cursor, target: str, rows: int) -> list[str]:
    """A load over twice the table drops the indexes no constraint needs; one sort rebuilds each after."""
    if rows < LARGE_LOAD_ROWS or bulk_schema.table_rows(cursor, target) * 2 > rows:
        return []  # rebuilding a big table's indexes costs more than updating them
    found = bulk_schema.secondary_indexes(cursor, target)
    for name, _ in found:
        cursor.execute(f"DROP INDEX {name}")
    return [definition for _, definition in found]
