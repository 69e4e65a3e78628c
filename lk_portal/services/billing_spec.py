"""The rows of one billing file as the writers take them, derived from its kind's declaration.

`WriteSpec` says what a file writes: the model's key and fields (an upsert writes only the columns
the file has; a snapshot whole rows), and for each checked record its key and its values, with its
references resolved (`Lookups`) and the kind's rules applied. `Applier` is what every Python-path
writer shares: it refuses a row whose references or rules fail or whose key came before, and once
any row is refused it writes nothing more (the caller rolls the file's transaction back).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

from django.db import models

from lk_portal.exchange.columns import Reference
from lk_portal.exchange.header import TableFile
from lk_portal.exchange.problems import Problem, RowRejected

from .billing_lookups import Lookups

__all__ = ["Applier", "Counts", "WriteSpec"]


@dataclass
class Counts:
    """What a writer did with a file's rows."""

    created: int = 0
    updated: int = 0
    deleted: int = 0
    unchanged: int = 0


def _empty(field: models.Field) -> Any:
    """What a field holds for "no value": NULL where it may, else its default ('' for text)."""
    return None if field.null else field.get_default()


class WriteSpec:
    """What one file writes into its kind's model."""

    def __init__(self, table: TableFile, lookups: Lookups):
        kind = table.kind
        self.table = table
        self.lookups = lookups
        self.model = kind.model
        self.key_fields = kind.upsert_key
        self.references = kind.references
        self.rules = kind.rules
        meta = self.model._meta
        # A snapshot replaces whole rows; an upsert touches only the columns the file has.
        plain = [c for c in kind.plain_columns() if kind.snapshot_by_contract or c.key in table.titles]
        self.plan = [(c.key, c.field, _empty(meta.get_field(c.field))) for c in plain]  # (column, field, empty)
        self.fields = [*(f for r in self.references for f in r.fields), *(c.field for c in plain)]
        self._optional = {r for r in self.references if not all(kind.column(c).required for c in r.columns)}
        self._key_plan = [_key_source(kind, field) for field in self.key_fields]
        self._finders: list | None = None  # (reference, its fields, its finder), made on first use
        plain_key = _plain_key(self._key_plan)
        if plain_key is not None:
            self.key = plain_key

    def title(self, key: str) -> str:
        return self.table.title(key)

    def key(self, record: dict) -> tuple:
        """The row's values of the model's key (its references resolved as needed)."""
        return tuple(
            record[column] if reference is None else self.resolve(reference, record)[index]
            for column, reference, index in self._key_plan
        )

    def values(self, record: dict) -> dict[str, Any]:
        """The model's field values for the row; RowRejected when a reference or a rule refuses it."""
        values: dict[str, Any] = {}
        for reference, fields, find in self._finders or self._make_finders():
            found = find(record)
            if found is None:
                found = self.resolve(reference, record)
            for field, value in zip(fields, found, strict=True):
                values[field] = value
        get = record.get
        for column, field, empty in self.plan:
            value = get(column)
            values[field] = empty if value is None else value
        for rule in self.rules:
            rule(record, values, self.lookups.find)
        return values

    def _make_finders(self) -> list:
        self._finders = [(r, r.fields, self.lookups.finder(r)) for r in self.references]
        return self._finders

    def resolve(self, reference: Reference, record: dict) -> tuple:
        """What the reference gives for the row; RowRejected when it names no record."""
        found = self.lookups.find(reference, record)
        if found is not None:
            return found
        written = [record.get(column) for column in reference.columns]
        if reference in self._optional and all(value is None for value in written):
            return (None,) * len(reference.gives)  # an optional reference left empty
        raise RowRejected(reference.columns[0], " / ".join(map(str, written)), reference.message)


def _plain_key(key_plan: list) -> Callable[[dict], tuple] | None:
    """A quick `key` for a key of plain columns only (None for one a reference gives, or none)."""
    if not key_plan or any(reference is not None for _, reference, _ in key_plan):
        return None
    columns = [column for column, _, _ in key_plan]
    return (lambda record: (record[columns[0]],)) if len(columns) == 1 else itemgetter(*columns)


def _key_source(kind, field: str) -> tuple[str | None, Reference | None, int]:
    """Where a key field's value comes from: (column, None, 0) or (None, reference, index of what it gives)."""
    for column in kind.plain_columns():
        if column.field == field:
            return column.key, None, 0
    reference = next(r for r in kind.references if field in r.gives)
    return None, reference, reference.fields.index(field)


def _show(value) -> str:
    if isinstance(value, datetime.date):
        return f"{value:%d.%m.%Y}"
    return str(value)


class Applier:
    """Takes the checked records of one file in order; a subclass writes them (`take`, `finish`)."""

    expected_rows = 0  # an estimate from the file's size, for a writer that decides on it early

    def __init__(self, spec: WriteSpec):
        self.spec = spec
        self.failed = False
        self.counts = Counts()
        self.seen: dict[Any, int] = {}

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def problem(self, number: int, error: RowRejected) -> Problem:
        self.failed = True
        column = None if error.column is None else self.spec.title(error.column)
        return Problem(self.spec.table.name, number, column, error.value, error.message)

    def add(self, number: int, record: dict) -> Problem | None:
        """Take one record; the problem when it is refused (then nothing more is written)."""
        spec = self.spec
        try:
            key = spec.key(record)
            values = None if record["deleted"] else spec.values(record)
        except RowRejected as error:
            return self.problem(number, error)
        seen_key = key[0] if len(key) == 1 else key  # a bare string takes less memory than a tuple
        first = self.seen.get(seen_key)
        if first is not None:
            self.failed = True
            shown = " / ".join(_show(part) for part in key)
            titles = ", ".join(spec.title(column) for column in spec.table.kind.key)
            return Problem(spec.table.name, number, titles, shown, f"этот ключ уже был в строке {first}")
        self.seen[seen_key] = number
        self.take(key, values)
        return None

    def take(self, key: tuple, values: dict | None) -> None:
        raise NotImplementedError

    def late_problems(self) -> list[Problem]:
        """Rows refused only once the table was read for them (after the last row; UpdateApplier)."""
        return []

    def finish(self) -> Counts:
        return self.counts
