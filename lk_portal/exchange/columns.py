"""The words the billing kinds are declared in (exchange/kinds.py declares the kinds with them).

A `Column` holds all the portal knows of one column of a billing file, as pretix's ImportColumn
does: its key and Russian titles, how its cells read (`Value`: the parser, and how the COPY fast
path writes them), whether it is required, the model field it fills and a note for the docs.
A `FileKind` adds what the file as a whole means: its model, the key rows are upserted by, the
`Reference`s (columns that name an abonent, a contract, a branch …), the rules over a row's
values together, and how it is written. The readers, the writers, the admin lists and the docs'
column table read these; none of them lists columns of its own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import partial
from typing import Any, Protocol

from django.db import models

from . import values as v
from .problems import RowRejected

__all__ = [
    "AMOUNT",
    "BATCH",
    "COPY",
    "DATE",
    "DAY",
    "EMAIL",
    "FLAG",
    "GCAL",
    "HOURS",
    "INN_CODE",
    "KPP_CODE",
    "PERCENT",
    "PERIOD",
    "RESOURCES",
    "SNAPSHOT",
    "STAGED",
    "RECORD_ID",
    "TEMPERATURE",
    "UPDATE",
    "URL",
    "WATER",
    "Column",
    "DatesInOrder",
    "FileKind",
    "Reference",
    "RequiredWhen",
    "SameRecord",
    "UpdateOnly",
    "Value",
    "choice",
    "quantity",
    "text",
]

# How a kind is written (FileKind.write).
BATCH = "batch"  # upserts through the ORM in batches (the kinds other rows of a package refer to)
STAGED = "staged"  # PostgreSQL: a staging table and one upsert per chunk; elsewhere as BATCH
COPY = "copy"  # PostgreSQL: a clean CSV by the COPY fast path (services/billing_fast.py); else as STAGED
SNAPSHOT = "snapshot"  # the rows for a contract replace all the portal held for it
UPDATE = "update"  # rows change records the portal holds (FileKind.update says which may change); never create


@dataclass(frozen=True)
class Value:
    """How the cells of a column read.

    `parse` takes the raw cell (text from CSV, or the typed value openpyxl gives for an XLSX cell) and
    returns the value, or raises ValueError with the reason in Russian. `fast` says how the COPY fast
    path writes it: "text" (the cell as written, trimmed, at most `max_length` characters), "amount",
    "parsed" (each distinct text parsed once, written as str(value)), or None: a file with such a column
    takes the Python path (a kind of value is made fast once the fast path's property test covers it).
    """

    parse: Callable[[Any], Any]
    fast: str | None = None
    max_length: int | None = None


def text(max_length: int) -> Value:
    """Plain text of at most `max_length` characters."""
    return Value(partial(v.parse_text, max_length=max_length), "text", max_length)


def choice(choices: dict[str, str], hint: str) -> Value:
    """One of `choices` (a name in any case and spacing → the stored value); anything else is refused with `hint`."""
    normalized = {v.normalize_title(name): stored for name, stored in choices.items()}
    return Value(partial(v.parse_choice, choices=normalized, hint=hint), "parsed")


AMOUNT = Value(v.parse_amount, "amount")
DATE = Value(v.parse_date, "parsed")
PERIOD = Value(v.parse_period, "parsed")
PERCENT = Value(v.parse_percent, "parsed")
DAY = Value(v.parse_day)
FLAG = Value(v.parse_bool)
INN_CODE = Value(v.parse_inn)
KPP_CODE = Value(v.parse_kpp)
EMAIL = Value(v.parse_email)
URL = Value(v.parse_url)
RESOURCES = Value(v.parse_resources)
RECORD_ID = Value(v.parse_record_id)


def quantity(places: int, low: str, high: str, hint: str) -> Value:
    """A measured quantity: at most `places` decimals, within [low, high] (Гкал, т, ч, °C)."""
    return Value(partial(v.parse_number, places=places, low=Decimal(low), high=Decimal(high), hint=hint))


GCAL = quantity(
    3, "0", "999999999.999", "ожидается количество Гкал не меньше нуля, не больше трех знаков после запятой: 125,403"
)
WATER = quantity(
    3, "0", "999999999.999", "ожидается количество не меньше нуля, не больше трех знаков после запятой: 1 250,5"
)
HOURS = quantity(1, "0", "744", "ожидается число часов за месяц от 0 до 744, не больше одного знака после запятой")
TEMPERATURE = quantity(
    1, "-60", "50", "ожидается температура от -60 до 50 °C, не больше одного знака после запятой: -11,3"
)


@dataclass(frozen=True)
class Column:
    """One column of a billing file."""

    key: str
    titles: tuple[str, ...]  # the Russian titles it may carry instead of its key; the first is shown
    value: Value
    required: bool = False
    field: str | None = ""  # the model field it fills: "" the one named as its key; None none (a reference reads it)
    doc: str = ""  # a note for the docs' column table

    def __post_init__(self):
        if self.field == "":
            object.__setattr__(self, "field", self.key)

    @property
    def label(self) -> str:
        return self.titles[0] if self.titles else self.key

    @property
    def parse(self) -> Callable[[Any], Any]:
        return self.value.parse

    @property
    def max_length(self) -> int | None:
        return self.value.max_length

    def filling(self, field: str | None) -> Column:
        """The same column filling another model field (None: none)."""
        return replace(self, field=field)

    def doc_text(self, *, key: bool) -> str:
        """The column as the docs' table shows it: `**key***` (titles: note)."""
        name = (f"**{self.key}**" if key else self.key) + ("*" if self.required else "")
        about = " / ".join(self.titles)
        if self.doc:
            about = f"{about}: {self.doc}" if about else self.doc
        return f"{name} ({about})" if about else name


@dataclass(frozen=True, eq=False)
class Reference:
    """Columns of a row that name a record the portal holds (or the same package creates first).

    The row's values of `columns` are matched with the record's fields `match`; the record found fills
    the row's fields `gives` (row field → the record's field). When none is found the row is refused
    with `message`, shown on the first column. With `normalize`, the one column matches any of the
    fields `match`, both normalized, and the records `known` (their field values) are created on their
    first mention. An optional column left empty gives no record (the fields are None).
    """

    columns: tuple[str, ...]
    model: type[models.Model]
    match: tuple[str, ...]
    gives: dict[str, str]
    message: str
    normalize: Callable[[str], str] | None = None
    known: tuple[dict[str, str], ...] = ()

    @property
    def fields(self) -> tuple[str, ...]:
        return tuple(self.gives)


Find = Callable[[Reference, dict], tuple | None]


class Rule(Protocol):
    """A rule over a row's values together, checked once its references are resolved.

    `find(reference, record)` gives the values a reference gives for the row (None: not found).
    A rule raises RowRejected for a row it refuses.
    """

    references: tuple[Reference, ...]

    def __call__(self, record: dict, values: dict, find: Find) -> None: ...


@dataclass(frozen=True)
class DatesInOrder:
    """A row whose date `last` (when given) is before its date `first` is refused with `message`."""

    first: str
    last: str
    message: str
    references: tuple[Reference, ...] = ()

    def __call__(self, record: dict, values: dict, find: Find) -> None:
        start, end = record.get(self.first), record.get(self.last)
        if start is not None and end is not None and end < start:
            raise RowRejected(self.last, f"{end:%d.%m.%Y}", self.message)


@dataclass(frozen=True)
class SameRecord:
    """The record `reference` names must be the one the row's field `field` already holds.

    Otherwise (or when it names none) the row is refused on `column`, with `message` formatted
    with the row's values.
    """

    reference: Reference
    field: str
    column: str
    message: str

    @property
    def references(self) -> tuple[Reference, ...]:
        return (self.reference,)

    def __call__(self, record: dict, values: dict, find: Find) -> None:
        if find(self.reference, record) != (values[self.field],):
            raise RowRejected(self.column, record[self.column], self.message.format(**record))


@dataclass(frozen=True)
class RequiredWhen:
    """A row whose column `when` holds `value` must fill `column` (a rejected reading's reason)."""

    column: str
    when: str
    value: str
    message: str
    references: tuple[Reference, ...] = ()

    def __call__(self, record: dict, values: dict, find: Find) -> None:
        if record.get(self.when) == self.value and not record.get(self.column):
            raise RowRejected(self.column, "", self.message)


@dataclass(frozen=True)
class UpdateOnly:
    """What an UPDATE kind's rows may change: records the portal holds, in one of the states `allowed`.

    A row whose key names no record is refused with `missing`; one whose record's `field` is in
    another state with `refused` (formatted with `state`, that state's label). A row that changes
    its record sets the record's `stamp` field to the time of the write.
    """

    field: str
    allowed: tuple[str, ...]
    missing: str
    refused: str
    stamp: str | None = None


DELETED = Column("deleted", ("Удален", "Удалено", "Удалить", "Признак удаления"), FLAG, field=None)


@dataclass(frozen=True)
class FileKind:
    """One kind of billing file: its columns and what its rows mean."""

    name: str
    title: str  # what the file holds, in Russian, for messages
    model: type[models.Model]
    columns: tuple[Column, ...]
    key: tuple[str, ...] = ()  # the columns a row is upserted by; empty for per-contract snapshots
    upsert_on: tuple[str, ...] = ()  # the model's fields of that key, where they are not the key columns' fields
    references: tuple[Reference, ...] = ()
    rules: tuple[Rule, ...] = ()
    write: str = BATCH
    update: UpdateOnly | None = None  # for write=UPDATE: which held records its rows may change

    def __post_init__(self):
        if (self.write == UPDATE) != (self.update is not None):
            raise ValueError(f"{self.name}: write=UPDATE and `update` go together")

    @property
    def snapshot_by_contract(self) -> bool:
        return self.write == SNAPSHOT

    @property
    def deletable(self) -> bool:
        return self.write not in (SNAPSHOT, UPDATE)

    def all_columns(self) -> tuple[Column, ...]:
        return (*self.columns, DELETED) if self.deletable else self.columns

    def column(self, key: str) -> Column:
        return next(column for column in self.all_columns() if column.key == key)

    def header_map(self) -> dict[str, Column]:
        """Normalized column name → column; `deleted` is known wherever a row can be removed."""
        result: dict[str, Column] = {}
        for column in self.all_columns():
            for name in (column.key, *column.titles):
                result[v.normalize_title(name)] = column
        return result

    def plain_columns(self) -> tuple[Column, ...]:
        """The columns that fill a model field of their own (the others are read by a reference)."""
        referenced = {key for reference in self.references for key in reference.columns}
        return tuple(c for c in self.columns if c.field is not None and c.key not in referenced)

    @property
    def upsert_key(self) -> tuple[str, ...]:
        """The model's fields a row is upserted by."""
        return self.upsert_on or tuple(self.column(key).field for key in self.key)

    def model_fields(self) -> list[str]:
        """The model fields the file fills, in its columns' order; a reference as the relation it fills first."""
        fields = []
        for column in self.columns:
            reference = next((r for r in self.references if r.columns[0] == column.key), None)
            if reference is not None:
                fields.append(self.model._meta.get_field(reference.fields[0]).name)
            elif column in self.plain_columns():
                fields.append(column.field)
        return fields

    def doc_row(self) -> str:
        """The kind's row of the docs' column table (billing-exchange.md, «Columns»)."""
        cells = " · ".join(column.doc_text(key=column.key in self.key) for column in self.columns)
        return f"| {self.name} | {cells} |"
