"""PostgreSQL schema steps of a bulk load: the constraints and indexes dropped before it and rebuilt after.

PostgreSQL's own advice for populating a database: per-row foreign-key triggers and index inserts cost
far more than one validating join and one sort per index. Used by the staged applier
(billing_apply.py) and the fast path (billing_fast.py). Each ALTER locks the table until the
transaction ends.
"""

from django.db import connection

__all__ = ["add_constraints", "constraints", "drop_constraints", "secondary_indexes", "table_rows"]


def table_rows(cursor, table: str) -> float:
    """The planner's estimate of the table's rows; from its size when it was never analyzed."""
    cursor.execute(
        "SELECT CASE WHEN reltuples >= 0 THEN reltuples ELSE pg_relation_size(oid) / 200 END "
        "FROM pg_class WHERE oid = %s::regclass",
        [table],
    )
    return float(cursor.fetchone()[0])


def constraints(cursor, table: str, types: str) -> list[tuple[str, str]]:
    """(name, definition) of the table's constraints of `types` ('f' foreign keys, 'u' unique), by name."""
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


def secondary_indexes(cursor, table: str) -> list[tuple[str, str]]:
    """(name, definition) of the table's indexes that no constraint needs."""
    cursor.execute(
        "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i "
        "WHERE i.indrelid = %s::regclass AND NOT i.indisprimary AND NOT i.indisunique "
        "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid) ORDER BY 1",
        [table],
    )
    return cursor.fetchall()
