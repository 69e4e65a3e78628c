"""PostgreSQL steps of a bulk load shared by its two writers (billing_staging.py, billing_fast.py).

PostgreSQL's own advice for populating a database: per-row foreign-key triggers and index inserts cost
far more than one validating join and one sort per index. So a load that is large against its table
drops the table's foreign keys (and, loading into an empty table or over twice its size, its indexes)
and builds them again after. Each ALTER locks the table until the transaction ends: small files (the
admin upload) keep the per-row checks and never block readers. Also here: the model's fields a file
lacks, which new rows take the default of (as the table's column defaults while a first load's COPY runs).
"""

from django.db import DatabaseError, connection, models

try:
    from psycopg import Error as PsycopgError
except ImportError:  # SQLite-only installs
    PsycopgError = DatabaseError

__all__ = [
    "DATABASE_ERRORS",
    "LARGE_LOAD_ROWS",
    "LARGE_LOAD_SHARE",
    "absent_fields",
    "add_constraints",
    "add_indexes",
    "analyze_if_large",
    "column_defaults",
    "constraints",
    "default_values",
    "drop_constraints",
    "drop_foreign_keys_if_large",
    "drop_indexes",
    "referenced",
    "restore_defaults",
    "secondary_indexes",
    "set_defaults",
    "table_rows",
]

# Errors of a write through psycopg's own cursor (COPY) as well as through Django's.
DATABASE_ERRORS = (DatabaseError, PsycopgError)

# A load at least this large, and at least this share of the table, drops and re-adds the table's
# foreign keys instead of checking them row by row.
LARGE_LOAD_ROWS = 50_000
LARGE_LOAD_SHARE = 0.2


def table_rows(cursor, table: str) -> float:
    """The planner's estimate of the table's rows; from its size when it was never analyzed."""
    cursor.execute(
        "SELECT CASE WHEN reltuples >= 0 THEN reltuples ELSE pg_relation_size(oid) / 200 END "
        "FROM pg_class WHERE oid = %s::regclass",
        [table],
    )
    return float(cursor.fetchone()[0])


def constraints(cursor, table: str, types: str) -> list[tuple[str, str]]:
    """(name, definition) of the table's constraints of `types` ('f' foreign keys, 'u' unique, 'p' primary key), by name."""
    cursor.execute(
        "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
        "WHERE conrelid = %s::regclass AND contype = ANY(%s) ORDER BY conname",
        [table, list(types)],
    )
    return cursor.fetchall()


def drop_constraints(cursor, table: str, dropped: list[tuple[str, str]]) -> None:
    if dropped:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending trigger event may block the ALTER
        quote = connection.ops.quote_name
        cursor.execute(f"ALTER TABLE {quote(table)} " + ", ".join(f"DROP CONSTRAINT {quote(n)}" for n, _ in dropped))


def add_constraints(cursor, table: str, added: list[tuple[str, str]]) -> None:
    """Add back what drop_constraints dropped: each is validated by one join, not a trigger per row."""
    if added:
        quote = connection.ops.quote_name
        cursor.execute(f"ALTER TABLE {quote(table)} " + ", ".join(f"ADD CONSTRAINT {quote(n)} {d}" for n, d in added))
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def drop_foreign_keys_if_large(cursor, table: str, rows: int) -> list[tuple[str, str]]:
    """Drop the table's foreign keys for a load of `rows` that is large against it; returns what to add back."""
    if rows < LARGE_LOAD_ROWS or rows < LARGE_LOAD_SHARE * max(table_rows(cursor, table), 0):
        return []
    foreign_keys = constraints(cursor, table, "f")
    drop_constraints(cursor, table, foreign_keys)
    return foreign_keys


def referenced(cursor, table: str) -> bool:
    """Whether another table's foreign key refers to the table (TRUNCATE without CASCADE refuses it)."""
    cursor.execute(
        "SELECT EXISTS (SELECT 1 FROM pg_constraint WHERE confrelid = %s::regclass AND conrelid <> confrelid)",
        [table],
    )
    return cursor.fetchone()[0]


def secondary_indexes(cursor, table: str) -> list[tuple[str, str]]:
    """(name, definition) of the table's indexes that no constraint needs."""
    cursor.execute(
        "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i "
        "WHERE i.indrelid = %s::regclass AND NOT i.indisprimary AND NOT i.indisunique "
        "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid) ORDER BY 1",
        [table],
    )
    return cursor.fetchall()


def drop_indexes(cursor, indexes: list[tuple[str, str]]) -> None:
    for name, _ in indexes:
        cursor.execute(f"DROP INDEX {name}")


def add_indexes(cursor, indexes: list[tuple[str, str]]) -> None:
    """Build again what drop_indexes dropped: one sort each."""
    for _, definition in indexes:
        cursor.execute(definition)


def analyze_if_large(cursor, table: str, rows: int) -> None:
    """After a load of `rows` that large, the next load and the cabinet's queries plan with fresh statistics."""
    if rows >= LARGE_LOAD_ROWS:
        cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")


def absent_fields(model: type[models.Model], written: list[str]) -> list[models.Field]:
    """The model's columns a file lacks: new rows get the model's default, existing rows keep theirs.

    `written` are the database columns the load writes; nullable fields are left NULL.
    """
    return [f for f in model._meta.concrete_fields if not f.primary_key and f.column not in written and not f.null]


def default_values(fields: list[models.Field]) -> list:
    """The fields' defaults as the database takes them."""
    return [f.get_db_prep_save(f.get_default(), connection) for f in fields]


def set_defaults(cursor, table: str, fields: list[models.Field]) -> list[tuple[str, str | None]]:
    """Make the model's defaults of `fields` (constants, computed now) the table's own column defaults.

    A COPY that leaves those columns out then fills them in the database: no text per row to send
    and parse (a timestamp's text parsed a million times cost a fifth of the first load's COPY,
    issue 14, item 8). Needs the table locked until restore_defaults, in the same transaction;
    returns what that puts back: (column, the expression it had or None).
    """
    if not fields:
        return []
    from psycopg.sql import Literal

    quote = connection.ops.quote_name
    before = column_defaults(cursor, table)
    raw = connection.connection  # psycopg's own: its adapters write each value as a typed literal
    clauses = [
        f"ALTER COLUMN {quote(f.column)} SET DEFAULT {Literal(value).as_string(raw)}"
        for f, value in zip(fields, default_values(fields), strict=True)
    ]
    cursor.execute(f"ALTER TABLE {quote(table)} " + ", ".join(clauses))
    return [(f.column, before.get(f.column)) for f in fields]


def column_defaults(cursor, table: str) -> dict[str, str]:
    """The table's column defaults: column → its expression, for the columns that have one."""
    cursor.execute(
        "SELECT a.attname, pg_get_expr(d.adbin, d.adrelid) FROM pg_attrdef d "
        "JOIN pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum WHERE d.adrelid = %s::regclass",
        [table],
    )
    return dict(cursor.fetchall())


def restore_defaults(cursor, table: str, restore: list[tuple[str, str | None]]) -> None:
    """Put back the column defaults set_defaults replaced."""
    if restore:
        quote = connection.ops.quote_name
        clauses = [
            f"ALTER COLUMN {quote(column)} " + ("DROP DEFAULT" if expression is None else f"SET DEFAULT {expression}")
            for column, expression in restore
        ]
        cursor.execute(f"ALTER TABLE {quote(table)} " + ", ".join(clauses))
