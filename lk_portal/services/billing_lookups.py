"""The dictionaries that resolve a billing file's references (exchange.columns.Reference).

Each reference's dictionary is loaded once, on first use, from its model: the values of the fields
it is matched by → the values of the fields it gives. A reference with `known` records creates one
the first time a row names it (the company's branches).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from lk_portal.exchange.columns import Reference

__all__ = ["Lookups"]


class Lookups:
    """The dictionaries of one file's references."""

    def __init__(self) -> None:
        self._tables: dict[Reference, dict] = {}

    def table(self, reference: Reference) -> dict:
        """Matched value (a tuple of them for several columns) → the given values, as a tuple."""
        found = self._tables.get(reference)
        if found is None:
            found = self._tables[reference] = _load(reference)
        return found

    def finder(self, reference: Reference) -> Callable[[dict], tuple | None]:
        """`find` for one reference, as a function of the row (the dictionary loaded now)."""
        table = self.table(reference)
        if reference.normalize is None and not reference.known and len(reference.columns) == 1:
            column = reference.columns[0]
            return lambda record: table.get(record.get(column))  # the common case, made quick
        return partial(self.find, reference)

    def find(self, reference: Reference, record: dict) -> tuple | None:
        """What the reference gives for the row's values (None: no such record)."""
        columns = reference.columns
        key = record.get(columns[0]) if len(columns) == 1 else tuple(record.get(c) for c in columns)
        if reference.normalize is not None:
            key = reference.normalize(key)
        found = self.table(reference).get(key)
        if found is None and reference.known:
            found = self._create_known(reference, key)
        return found

    def _create_known(self, reference: Reference, key: str) -> tuple | None:
        normalize = reference.normalize
        for known in reference.known:
            if key in {normalize(known[field]) for field in reference.match}:
                first, *others = reference.match
                record, _ = reference.model.objects.get_or_create(
                    **{first: known[first]}, defaults={field: known[field] for field in others}
                )
                found = tuple(getattr(record, field) for field in reference.gives.values())
                table = self.table(reference)
                for field in reference.match:
                    table[normalize(known[field])] = found
                return found
        return None


def _load(reference: Reference) -> dict:
    match, gives = reference.match, tuple(reference.gives.values())
    rows = reference.model.objects.order_by().values_list(*match, *gives)
    width = len(match)
    if reference.normalize is not None:  # the one column matches any of the fields
        normalize = reference.normalize
        return {normalize(row[i]): row[width:] for row in rows for i in range(width)}
    if width == 1:
        return {row[0]: row[1:] for row in rows}
    return {row[:width]: row[width:] for row in rows}
