"""A fast path for large CSV files of payments and billing documents on PostgreSQL.

The raw bytes of the file (re-encoded to UTF-8 when Windows-1251, without the header line) are
COPYed into a temporary table of TEXT columns; SQL then converts and checks every cell in one
pass with the same rules as lk_portal/exchange/values.py, resolves contracts by a join, looks for
duplicate keys and upserts with INSERT … ON CONFLICT … DO UPDATE … WHERE … IS DISTINCT FROM.

The SQL accepts a subset of what the Python reader accepts, and gives the same values for it.
Whenever it finds a bad row or anything unusual (quotes in the file, a `deleted` column, rows
of the wrong width, a COPY error …) `try_fast_csv` returns None and rolls its work back, and the
caller reads the file with the Python path, which produces the exact messages.
"""

from __future__ import annotations

import codecs
import logging
import sys
from dataclasses import dataclass
from pathlib import Path

from django.db import DatabaseError, connection, transaction

from lk_portal.exchange import values as v
from lk_portal.exchange.columns import DOC_TYPES, FileKind
from lk_portal.exchange.readers import (
    CSV_FIELD_LIMIT,
    FileRefused,
    TableFile,
    _check_not_binary,
    _map_header,
    detect_delimiter,
    detect_encoding,
)
from lk_portal.models import BillingDocument, Contract, Payment

from .billing_apply import LARGE_LOAD_ROWS, LARGE_LOAD_SHARE, Counts

try:
    from psycopg import Error as _PsycopgError
except ImportError:  # SQLite-only installs
    _PsycopgError = DatabaseError

logger = logging.getLogger(__name__)

ENABLED = True
READ_SIZE = 1024 * 1024
MAX_HEADER_BYTES = 64 * 1024

# Every character str.strip() removes: the SQL trims exactly what the Python reader trims.
WHITESPACE = "".join(ch for ch in map(chr, range(sys.maxunicode + 1)) if ch.isspace())
GROUP_SPACES = " \u00a0\u202f\u2009"  # as values._GROUP_SPACES
AMOUNT_RE = rf"^-?([0-9]{{1,3}}([{GROUP_SPACES}][0-9]{{3}})+|[0-9]+)([.,][0-9]{{1,2}})?$"
MAX_AMOUNT = str(v.MAX_AMOUNT)

# (column key → (how to read it, max length for text)); model field = column key.
KIND_COLUMNS: dict[str, dict[str, tuple[str, int | None]]] = {
    "payments": {
        "external_id": ("text", 64),
        "contract_no": ("text", 50),
        "number": ("text", 50),
        "date": ("date", None),
        "period": ("period", None),
        "amount": ("amount", None),
        "kind": ("text", 100),
        "purpose": ("text", 10_000),
    },
    "documents": {
        "external_id": ("text", 64),
        "contract_no": ("text", 50),
        "doc_type": ("doc_type", None),
        "name": ("text", 255),
        "number": ("text", 100),
        "date": ("date", None),
        "period": ("period", None),
        "accrued": ("amount", None),
        "paid": ("amount", None),
        "debt": ("amount", None),
        "kind": ("text", 100),
        "vat_rate": ("percent", None),
        "due_date": ("date", None),
    },
}
MODELS = {"payments": Payment, "documents": BillingDocument}

# The functions the checks use; pg_temp, so they vanish with the session (or the savepoint).
DIGITS = "'0123456789', '0000000000'"
# A date is read in two steps, so that no conversion is repeated when PostgreSQL inlines the
# functions: the text becomes the number yyyymmdd (NULL when its shape is none of the formats),
# then the number becomes a date (NULL when there is no such day in the calendar).
FUNCTIONS = (
    """CREATE OR REPLACE FUNCTION pg_temp.lk_ymd(n int) RETURNS date LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN n / 10000 BETWEEN 1 AND 9999 AND n / 100 % 100 BETWEEN 1 AND 12 AND n % 100 BETWEEN 1 AND CASE
            WHEN n / 100 % 100 IN (4, 6, 9, 11) THEN 30
            WHEN n / 100 % 100 = 2 THEN CASE
                WHEN n / 10000 % 4 = 0 AND (n / 10000 % 100 <> 0 OR n / 10000 % 400 = 0) THEN 29 ELSE 28 END
            ELSE 31 END
        THEN make_date(n / 10000, n / 100 % 100, n % 100) END $$""",
    # translate() maps every ASCII digit to 0: the shape of the text picks the format, as the
    # regular expressions of values.py do (other digits than ASCII ones go to the Python path).
    f"""CREATE OR REPLACE FUNCTION pg_temp.lk_date_n(t text) RETURNS int LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE translate(t, {DIGITS})
        WHEN '00.00.0000' THEN (substr(t, 7, 4) || substr(t, 4, 2) || substr(t, 1, 2))::int
        WHEN '00.00.00' THEN (CASE WHEN substr(t, 7, 2)::int < 69 THEN '20' ELSE '19' END
                              || substr(t, 7, 2) || substr(t, 4, 2) || substr(t, 1, 2))::int
        WHEN '0000-00-00' THEN (substr(t, 1, 4) || substr(t, 6, 2) || substr(t, 9, 2))::int
    END $$""",
    f"""CREATE OR REPLACE FUNCTION pg_temp.lk_period_n(t text) RETURNS int LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE translate(t, {DIGITS})
        WHEN '0000,00' THEN (substr(t, 1, 4) || substr(t, 6, 2) || '01')::int
        WHEN '0000-00' THEN (substr(t, 1, 4) || substr(t, 6, 2) || '01')::int
        WHEN '00.0000' THEN (substr(t, 4, 4) || substr(t, 1, 2) || '01')::int
    END $$""",
    f"""CREATE OR REPLACE FUNCTION pg_temp.lk_amount(t text) RETURNS numeric LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN t ~ '{AMOUNT_RE}'
        THEN translate(t, ',{GROUP_SPACES}', '.')::numeric END $$""",
)


class _Fallback(Exception):
    """Roll the fast path back and let the Python path read the file."""


@dataclass
class FastResult:
    table: TableFile
    rows: int
    counts: Counts


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


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
    """Import a clean CSV file of payments or documents in SQL; None = use the Python path."""
    if not ENABLED or connection.vendor != "postgresql" or kind.name not in KIND_COLUMNS:
        return None
    if path.suffix.casefold() != ".csv":
        return None
    try:
        _check_not_binary(path)
        encoding = detect_encoding(path)
        header_raw, header_text = _header(path, encoding)
        if '"' in header_text:
            raise _Fallback("quotes in the header")
        delimiter = detect_delimiter(header_text)
        table = TableFile(name=name, kind=kind)
        _map_header(table, header_text.split(delimiter))
        handled = KIND_COLUMNS[kind.name]
        if any(column.key not in handled for _, column in table.positions):
            raise _Fallback("a column the fast path does not handle (deleted)")
        with transaction.atomic():
            rows, counts = _load(path, table, encoding, header_raw, delimiter)
    except (_Fallback, FileRefused, UnicodeDecodeError) as reason:
        logger.info("billing import of %s: fast path not taken (%s)", name, reason)
        return None
    except (DatabaseError, _PsycopgError) as error:
        logger.info("billing import of %s: fast path not taken (database: %s)", name, error)
        return None
    logger.info("billing import of %s: fast path, %s rows", name, rows)
    return FastResult(table, rows, counts)


def _copy(cursor, path: Path, encoding: str, header_raw: bytes, delimiter: str, width: int) -> int:
    """COPY the data lines into lk_fast_raw; returns the number of lines sent."""
    quote = connection.ops.quote_name
    columns = ", ".join(f"c{i} text" for i in range(width))
    cursor.execute("DROP TABLE IF EXISTS lk_fast_rows, lk_fast_raw")
    cursor.execute(f"CREATE TEMP TABLE lk_fast_raw ({columns}) ON COMMIT DROP")
    delim = "E'\\t'" if delimiter == "\t" else _literal(delimiter)
    decoder = codecs.getincrementaldecoder("cp1251")() if encoding == "cp1251" else None
    lines = 0
    last = b"\n"
    with open(path, "rb") as handle:
        handle.seek(len(header_raw))
        with cursor.cursor.copy(f"COPY {quote('lk_fast_raw')} FROM STDIN (FORMAT csv, DELIMITER {delim})") as copy:
            while chunk := handle.read(READ_SIZE):
                if b'"' in chunk:
                    raise _Fallback("quotes in the data")
                lines += chunk.count(b"\n")
                last = chunk[-1:]
                if decoder is not None:
                    chunk = decoder.decode(chunk).encode("utf-8")
                copy.write(chunk)
    if last != b"\n":
        lines += 1
    return lines


def _load(path: Path, table: TableFile, encoding: str, header_raw: bytes, delimiter: str) -> tuple[int, Counts]:
    kind = table.kind
    model = MODELS[kind.name]
    handled = KIND_COLUMNS[kind.name]
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL synchronous_commit = off")
        cursor.execute("SET LOCAL work_mem = '256MB'")
        cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
        cursor.execute("SET LOCAL jit = off")  # compiling costs more than it saves on these expressions
        for statement in FUNCTIONS:
            cursor.execute(statement)
        lines = _copy(cursor, path, encoding, header_raw, delimiter, table.width)
        ws = _literal(WHITESPACE)
        # Three levels, each kept apart by OFFSET 0 so every cell is trimmed and converted once:
        # s1 trims the cells, s2 converts them (NULL = not readable) and finds the contract, the
        # outer level checks them and casts to the model's types.
        trims, converts, selects, checks = [], [], [], []
        contract_index = next(i for i, column in table.positions if column.key == "contract_no")
        for index, column in table.positions:
            how, max_length = handled[column.key]
            value, parsed = f"v{index}", f"p{index}"
            trims.append(f"coalesce(btrim(c{index}, {ws}), '') AS {value}")
            nullable = column.key != "contract_no" and model._meta.get_field(column.key).null
            if column.required:
                checks.append(f"{value} <> ''")
            if how == "text":
                # octet_length is free; char_length walks the text, so it is only asked when needed
                checks.append(f"(octet_length({value}) <= {max_length} OR char_length({value}) <= {max_length})")
                expr = f"nullif({value}, '')" if nullable else value
            else:
                if how == "date":
                    conv = f"pg_temp.lk_date_n({value})"
                elif how == "period":
                    conv = f"pg_temp.lk_period_n({value})"
                elif how == "amount":
                    conv = f"pg_temp.lk_amount({value})"
                elif how == "percent":
                    conv = (
                        f"pg_temp.lk_amount(btrim(CASE WHEN right({value}, 1) = '%' "
                        f"THEN left({value}, -1) ELSE {value} END, {ws}))"
                    )
                else:  # doc_type, folded as normalize_title folds it
                    folded = f"lower(regexp_replace(translate({value}, 'ёЁ\ufeff', 'ее'), '[{WHITESPACE}]+', ' ', 'g'))"
                    cases = " ".join(
                        f"WHEN {_literal(title)} THEN {_literal(code)}" for title, code in DOC_TYPES.items()
                    )
                    conv = f"CASE {folded} {cases} END"
                converts.append(f"{conv} AS {parsed}")
                if how == "amount":
                    good = f"abs({parsed}) <= {MAX_AMOUNT}"
                    expr = f"CASE WHEN {good} THEN {parsed}::numeric(14, 2) END"
                elif how == "percent":
                    good = f"{parsed} BETWEEN 0 AND 100"
                    expr = f"CASE WHEN {good} THEN {parsed}::numeric(5, 2) END"
                elif how in ("date", "period"):
                    good = f"pg_temp.lk_ymd({parsed}) IS NOT NULL"
                    expr = f"pg_temp.lk_ymd({parsed})"
                else:
                    good = f"{parsed} IS NOT NULL"
                    expr = parsed
                checks.append(f"({value} = '' OR {good})")
            selects.append(f"{expr} AS {quote(column.key)}")
        # A row of empty cells is skipped, as the reader skips it; the key's cell is checked first.
        positioned = {index for index, _ in table.positions}
        others = [i for i in range(table.width) if i not in positioned]
        trims.extend(f"c{i}" for i in others)
        filled = " OR ".join(
            [*(f"v{i} <> ''" for i, _ in table.positions), *(f"btrim(coalesce(c{i}, ''), {ws}) <> ''" for i in others)]
        )
        # The reader refuses a file with a cell over its field limit, even in a column it skips.
        checks.extend(
            f"(c{i} IS NULL OR octet_length(c{i}) <= {CSV_FIELD_LIMIT} OR char_length(c{i}) <= {CSV_FIELD_LIMIT})"
            for i in others
        )
        ok = " AND ".join([*checks, "contract_id IS NOT NULL"])
        cursor.execute(
            f"CREATE TEMP TABLE lk_fast_rows ON COMMIT DROP AS "
            f"SELECT {', '.join(selects)}, contract_id, abonent_id, ({ok}) AS ok FROM ("
            f"SELECT s1.*, {', '.join([*converts, 'c.id AS contract_id', 'c.abonent_id AS abonent_id'])} FROM ("
            f"SELECT {', '.join(trims)} FROM lk_fast_raw OFFSET 0) s1 "
            f"LEFT JOIN {quote(Contract._meta.db_table)} c ON c.number = s1.v{contract_index} OFFSET 0) s2 "
            f"WHERE {filled}"
        )
        cursor.execute(
            "SELECT count(*), count(*) FILTER (WHERE NOT ok), (SELECT count(*) FROM lk_fast_raw) FROM lk_fast_rows"
        )
        rows, bad, copied = cursor.fetchone()
        if copied != lines:
            raise _Fallback(f"COPY took {copied} lines of {lines}")
        if bad:
            raise _Fallback(f"{bad} rows need the Python checks")
        cursor.execute("SELECT 1 FROM lk_fast_rows GROUP BY external_id HAVING count(*) > 1 LIMIT 1")
        if cursor.fetchone():
            raise _Fallback("duplicate keys")
        counts = _upsert(cursor, table, model, rows)
        cursor.execute("DROP TABLE lk_fast_rows, lk_fast_raw")
    return rows, counts


def _upsert(cursor, table: TableFile, model, rows: int) -> Counts:
    quote = connection.ops.quote_name
    target = model._meta.db_table
    present = [column.key for _, column in table.positions if column.key != "contract_no"]
    written = ["external_id", "abonent_id", "contract_id", *(key for key in present if key != "external_id")]
    # Columns the file lacks: new rows get the model's default, existing rows keep theirs.
    absent = [f for f in model._meta.concrete_fields if not f.primary_key and f.column not in written and not f.null]
    insert_cols = ", ".join([*map(quote, written), *(quote(f.column) for f in absent)])
    select_cols = ", ".join([*map(quote, written), *(["%s"] * len(absent))])
    params = [f.get_db_prep_save(f.get_default(), connection) for f in absent]
    value_cols = [c for c in written if c != "external_id"]
    sets = ", ".join(f"{quote(c)} = s.{quote(c)}" for c in value_cols)
    old = ", ".join(f"t.{quote(c)}" for c in value_cols)
    new = ", ".join(f"s.{quote(c)}" for c in value_cols)
    foreign_keys = _drop_foreign_keys(cursor, target, rows)
    indexes = _drop_secondary_indexes(cursor, target, rows)
    # An UPDATE by a hash join, then an INSERT of the keys the table lacks: cheaper on big loads
    # than INSERT … ON CONFLICT, which inserts speculatively row by row. Unchanged rows are not written.
    cursor.execute(
        f"UPDATE {quote(target)} AS t SET {sets} FROM lk_fast_rows AS s "
        f"WHERE t.external_id = s.external_id AND ({old}) IS DISTINCT FROM ({new})"
    )
    updated = cursor.rowcount
    cursor.execute(
        f"INSERT INTO {quote(target)} ({insert_cols}) SELECT {select_cols} FROM lk_fast_rows AS s "
        f"WHERE NOT EXISTS (SELECT 1 FROM {quote(target)} AS t WHERE t.external_id = s.external_id)",
        params,
    )
    created = cursor.rowcount
    for definition in indexes:
        cursor.execute(definition)
    if rows >= LARGE_LOAD_ROWS:
        cursor.execute(f"ANALYZE {quote(target)}")  # the next load and the cabinet's queries plan with it
    if foreign_keys:
        cursor.execute(
            f"ALTER TABLE {quote(target)} "
            + ", ".join(f"ADD CONSTRAINT {quote(name)} {definition}" for name, definition in foreign_keys)
        )
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    return Counts(created=created, updated=updated, unchanged=rows - created - updated)


def _table_rows(cursor, target: str) -> float:
    """The planner's estimate of the table's rows; from its size when it was never analyzed."""
    cursor.execute(
        "SELECT CASE WHEN reltuples >= 0 THEN reltuples ELSE pg_relation_size(oid) / 200 END "
        "FROM pg_class WHERE oid = %s::regclass",
        [target],
    )
    return float(cursor.fetchone()[0])


def _drop_foreign_keys(cursor, target: str, rows: int) -> list[tuple[str, str]]:
    """As StagingApplier: a load large against the table drops its foreign keys and re-adds them."""
    if rows < LARGE_LOAD_ROWS:
        return []
    table_rows = _table_rows(cursor, target)
    if rows < LARGE_LOAD_SHARE * max(table_rows, 0):
        return []
    cursor.execute(
        "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = %s::regclass AND contype = 'f'",
        [target],
    )
    foreign_keys = cursor.fetchall()
    if foreign_keys:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        quote = connection.ops.quote_name
        cursor.execute(
            f"ALTER TABLE {quote(target)} " + ", ".join(f"DROP CONSTRAINT {quote(name)}" for name, _ in foreign_keys)
        )
    return foreign_keys


def _drop_secondary_indexes(cursor, target: str, rows: int) -> list[str]:
    """A load over twice the table drops the indexes no constraint needs; one sort rebuilds each after."""
    if rows < LARGE_LOAD_ROWS:
        return []
    table_rows = _table_rows(cursor, target)
    if table_rows * 2 > rows:  # rebuilding a big table's indexes costs more than updating them
        return []
    cursor.execute(
        "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i "
        "WHERE i.indrelid = %s::regclass AND NOT i.indisprimary AND NOT i.indisunique "
        "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)",
        [target],
    )
    found = cursor.fetchall()
    for name, _ in found:
        cursor.execute(f"DROP INDEX {name}")
    return [definition for _, definition in found]
