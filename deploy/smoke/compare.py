"""Two databases compared table by table: row counts, rows themselves, sequences."""

import hashlib
from pathlib import Path

import psycopg
from psycopg import sql

FULL_DIGEST_MAX_ROWS = 200_000
SAMPLE_ROWS = 200


def _tables(conn) -> list[str]:
    rows = conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename").fetchall()
    return [name for (name,) in rows]


def _primary_key(conn, table: str) -> list[str]:
    rows = conn.execute(
        """SELECT a.attname FROM pg_index i
           JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
           WHERE i.indrelid = %s::regclass AND i.indisprimary ORDER BY a.attnum""",
        (f'public."{table}"',),
    ).fetchall()
    return [name for (name,) in rows]


def _content(conn, table: str, count: int) -> str:
    """The digest of every row (small tables) or of the first and last rows by primary key."""
    ident = sql.Identifier(table)
    if count <= FULL_DIGEST_MAX_ROWS:
        query = sql.SQL("SELECT md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '')) FROM {} t").format(
            ident
        )
        return conn.execute(query).fetchone()[0]
    key = sql.SQL(", ").join(sql.Identifier(c) for c in _primary_key(conn, table)) or sql.SQL("1")
    digest = hashlib.md5()
    for direction in (sql.SQL("ASC"), sql.SQL("DESC")):
        query = sql.SQL("SELECT t::text FROM {} t ORDER BY {} {} LIMIT {}").format(
            ident, key, direction, sql.Literal(SAMPLE_ROWS)
        )
        for (row,) in conn.execute(query):
            digest.update(row.encode() + b"\n")
    return digest.hexdigest()


def snapshot(url: str) -> dict:
    with psycopg.connect(url, autocommit=True) as conn:
        tables = {}
        for table in _tables(conn):
            count = conn.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table))).fetchone()[0]
            tables[table] = (count, _content(conn, table, count))
        sequences = dict(
            conn.execute(
                "SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = 'public' ORDER BY 1"
            ).fetchall()
        )
    return {"tables": tables, "sequences": sequences}


def differences(original: dict, restored: dict) -> list[str]:
    problems = []
    for table in sorted(set(original["tables"]) | set(restored["tables"])):
        a, b = original["tables"].get(table), restored["tables"].get(table)
        if a is None or b is None:
            problems.append(f"table {table}: only in the {'restored' if a is None else 'original'} database")
        elif a[0] != b[0]:
            problems.append(f"table {table}: {a[0]} rows, restored {b[0]}")
        elif a[1] != b[1]:
            problems.append(f"table {table}: the same {a[0]} rows counted, different contents")
    for name in sorted(set(original["sequences"]) | set(restored["sequences"])):
        if original["sequences"].get(name) != restored["sequences"].get(name):
            problems.append(
                f"sequence {name}: {original['sequences'].get(name)}, restored {restored['sequences'].get(name)}"
            )
    return problems


def files_digest(folder: Path) -> dict[str, str]:
    if not folder.is_dir():
        return {}
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }
