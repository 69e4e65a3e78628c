"""The staged writer of the large kinds on PostgreSQL (payments, documents, debts: `STAGED`, `COPY`).

The checked rows go into a temporary table by COPY, then one INSERT … ON CONFLICT … DO UPDATE …
WHERE … IS DISTINCT FROM writes them, so unchanged rows are counted and not rewritten.
"""

from __future__ import annotations

import queue
import threading
from typing import Any

from django.db import DatabaseError, connection

from . import bulk_schema
from .billing_deletes import note
from .billing_spec import Applier, Counts, WriteSpec

__all__ = ["StagingApplier"]


class StagingApplier(Applier):
    """PostgreSQL: COPY the checked rows into a temporary table, then upsert and delete in SQL.

    Rows go in chunks to a writer thread that owns the connection while the file is read: it
    COPYs a chunk into the staging table and runs INSERT … ON CONFLICT … DO UPDATE … WHERE …
    IS DISTINCT FROM (so unchanged rows are counted, not rewritten) while the next chunk is
    being parsed. Everything stays in the file's one transaction; after the first problem no
    chunk is written and the transaction is rolled back by the caller. A load large against the
    table drops its foreign keys for the while (bulk_schema).
    """

    CHUNK_ROWS = 20_000

    def __init__(self, spec: WriteSpec):
        super().__init__(spec)
        meta = spec.model._meta
        self.target = meta.db_table
        self.stage = f"lk_stage_{spec.table.kind.name}"
        self.columns = list(dict.fromkeys([*spec.key_fields, *spec.fields]))
        self.db_columns = [meta.get_field(f).column for f in self.columns]
        self.key_columns = [meta.get_field(f).column for f in spec.key_fields]
        self.staged = 0
        self._blank_tail = (None,) * (len(self.columns) - len(spec.key_fields))
        self._chunk: list[tuple] = []
        self._queue: queue.Queue | None = None
        self._writer: threading.Thread | None = None
        self._error: BaseException | None = None
        self._foreign_keys: list[tuple[str, str]] = []
        self._statements = self._sql()

    def _sql(self) -> dict[str, Any]:
        quote = connection.ops.quote_name
        key_cols = ", ".join(map(quote, self.key_columns))
        value_cols = [c for c in self.db_columns if c not in self.key_columns]
        absent = bulk_schema.absent_fields(self.spec.model, self.db_columns)
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
            "upsert_params": bulk_schema.default_values(absent),
            "delete": f"DELETE FROM {quote(self.target)} AS t USING {self.stage} AS s WHERE s.deleted AND {match}",
        }

    def __enter__(self):
        # The writer thread owns the connection from here on: load every dictionary the rows need first.
        kind = self.spec.table.kind
        for reference in (*kind.references, *(r for rule in kind.rules for r in rule.references)):
            self.spec.lookups.table(reference)
        meta = self.spec.model._meta
        quote = connection.ops.quote_name
        column_defs = ", ".join(
            f"{quote(col)} {meta.get_field(f).db_type(connection)}"
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
                        self._foreign_keys = bulk_schema.drop_foreign_keys_if_large(
                            cursor, self.target, self._expected(len(chunk))
                        )
                    self._write_chunk(cursor, chunk)
            except BaseException as error:  # noqa: BLE001 - re-raised in the reading thread by finish()
                self._error = error

    def _expected(self, first_chunk: int) -> int:
        """The rows the file will stage, as known at its first chunk (a full one: the file's size tells)."""
        return max(first_chunk, self.expected_rows) if first_chunk >= self.CHUNK_ROWS else first_chunk

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

    def finish(self) -> Counts:
        if self._error is not None:
            if isinstance(self._error, bulk_schema.DATABASE_ERRORS):
                raise DatabaseError(str(self._error)) from self._error
            raise self._error
        with connection.cursor() as cursor:
            bulk_schema.add_constraints(cursor, self.target, self._foreign_keys)
            cursor.execute(f"DROP TABLE IF EXISTS {self.stage}")
        note({self.spec.model._meta.label: self.counts.deleted})  # counted here: the writer thread has no ledger
        return self.counts
