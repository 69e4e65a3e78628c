"""The column filters, declared once per kind (HackSoft's FilterSet, pretix's ImportColumn): each kind
knows its query-string names, how what was typed is read, how it narrows the rows, how it reads in
an export's heading and what the filter row shows.

    f_date_from=2015-01-01  f_date_to=31.12.2015   date range   (ISO or ДД.ММ.ГГГГ)
    f_period_from=2015-01   f_period_to=2015,12    period range (ГГГГ-ММ, ГГГГ,ММ or ММ.ГГГГ)
    f_amount_from=100       f_amount_to=7 220,27   amount range
    f_kind=Аванс                                   choice (a select of the column's values)
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db.models import QuerySet

from lk_portal.formatting import DATE, format_value

from .columns import AMOUNT_RANGE, CHOICE, DATE_RANGE, DAY_RANGE, PERIOD_RANGE, Column

_DATE_RE = re.compile(r"^\s*(\d{1,2})\.(\d{1,2})\.(\d{2}|\d{4})\s*$")
_PERIOD_RE = re.compile(r"^\s*(\d{4})\s*[-,.]\s*(\d{1,2})\s*$")
_PERIOD_RU_RE = re.compile(r"^\s*(\d{1,2})\s*[.,]\s*(\d{4})\s*$")


def parse_date(text: str) -> datetime.date | None:
    text = text.strip()
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        pass
    match = _DATE_RE.match(text)
    if not match:
        return None
    day, month, year = (int(g) for g in match.groups())
    try:
        return datetime.date(year + 2000 if year < 100 else year, month, day)
    except ValueError:
        return None


def parse_period(text: str) -> datetime.date | None:
    match = _PERIOD_RE.match(text)
    if match:
        year, month = int(match.group(1)), int(match.group(2))
    else:
        match = _PERIOD_RU_RE.match(text)
        if not match:
            return None
        month, year = int(match.group(1)), int(match.group(2))
    if not 1 <= month <= 12 or year < 1900:
        return None
    return datetime.date(year, month, 1)


def parse_amount(text: str) -> Decimal | None:
    cleaned = text.replace("\u00a0", "").replace(" ", "").replace(",", ".")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        return None
    return value if value.is_finite() and -16 < value.adjusted() < 15 else None  # 1e999999 overflows numeric


@dataclass
class FilterValue:
    """What one column's filter took from the query string."""

    bounds: dict[str, object] = field(default_factory=dict)  # {"value": …} or {"from": …, "to": …}
    raw: dict[str, str] = field(default_factory=dict)  # parameter → what was typed, to show it back
    errors: list[str] = field(default_factory=list)


Reader = Callable[[str], str]  # parameter name → its stripped value ('' when absent)


@dataclass(frozen=True)
class ChoiceFilter:
    """`f_<key>=<value>`: rows whose column equals one of the values offered in a select."""

    kind: str = CHOICE

    def names(self, column: Column) -> tuple[str, ...]:
        return (f"f_{column.key}",)

    def parse(self, column: Column, get: Reader) -> FilterValue:
        (name,) = self.names(column)
        raw = get(name)
        return FilterValue(bounds={"value": raw}, raw={name: raw}) if raw else FilterValue()

    def apply(self, queryset: QuerySet, column: Column, bounds: dict) -> QuerySet:
        return queryset.filter(**{column.field: bounds["value"]})

    def describe(self, column: Column, bounds: dict) -> str:
        return f"{column.title}: {bounds['value']}"

    def inputs(self, column: Column, state, choices: list[str]) -> dict:
        (name,) = self.names(column)
        return {
            "column": column,
            "kind": self.kind,
            "input_type": "text",
            "name": name,
            "value": state.raw.get(name, ""),
            "choices": choices,
        }


@dataclass(frozen=True)
class RangeFilter:
    """`f_<key>_from` / `f_<key>_to`: rows with the column within the bounds, both inclusive."""

    kind: str
    read: Callable[[str], object | None]
    hint: str  # what a person should type, for the error message
    input_type: str  # the <input type> of the filter row
    native: Callable[[object], str] | None = None  # a bound as that input wants its value
    lookup: str = ""  # between the field and gte/lte: «__date» compares a moment's day (Moscow time)
    shown_kind: str | None = None  # the kind a bound is written as in words (default: the column's)

    ENDS = (("from", "с", "gte"), ("to", "по", "lte"))

    def names(self, column: Column) -> tuple[str, ...]:
        return tuple(f"f_{column.key}_{end}" for end, _, _ in self.ENDS)

    def parse(self, column: Column, get: Reader) -> FilterValue:
        taken = FilterValue()
        for (end, word, _), name in zip(self.ENDS, self.names(column), strict=True):
            raw = get(name)
            if raw:
                taken.raw[name] = raw
                self._take(taken, column, end, word, raw)
        bounds = taken.bounds
        if "from" in bounds and "to" in bounds and bounds["from"] > bounds["to"]:
            taken.errors.append(f"«{column.title}»: начало диапазона позже конца — границы поменяны местами.")
            bounds["from"], bounds["to"] = bounds["to"], bounds["from"]
        return taken

    def _take(self, taken: FilterValue, column: Column, end: str, word: str, raw: str) -> None:
        value = self.read(raw)
        if value is None:
            taken.errors.append(f"«{column.title}» {word}: «{raw}» не распознано — укажите {self.hint}.")
        else:
            taken.bounds[end] = value

    def apply(self, queryset: QuerySet, column: Column, bounds: dict) -> QuerySet:
        for end, _, lookup in self.ENDS:
            if end in bounds:
                queryset = queryset.filter(**{f"{column.field}{self.lookup}__{lookup}": bounds[end]})
        return queryset

    def describe(self, column: Column, bounds: dict) -> str:
        kind = self.shown_kind or column.kind
        words = [f"{word} {format_value(kind, bounds[end])}" for end, word, _ in self.ENDS if end in bounds]
        return f"{column.title}: {' '.join(words)}"

    def inputs(self, column: Column, state, choices: list[str]) -> dict:
        entry = {"column": column, "kind": self.kind, "input_type": self.input_type}
        parsed = state.filters.get(column.key, {})
        for (end, _, _), name in zip(self.ENDS, self.names(column), strict=True):
            raw = state.raw.get(name, "")
            value = self.native(parsed[end]) if self.native and end in parsed else None
            if raw and value is None:
                # Unreadable input stays visible as typed, in a text box, next to its error.
                entry["input_type"] = "text"
            entry[f"name_{end}"] = name
            entry[f"value_{end}"] = value if value is not None else raw
        return entry


FILTERS = {
    f.kind: f
    for f in (
        RangeFilter(DATE_RANGE, parse_date, "дату в виде ДД.ММ.ГГГГ", "date", native=lambda d: d.isoformat()),
        RangeFilter(
            PERIOD_RANGE,
            parse_period,
            "период в виде ГГГГ,ММ",
            "month",
            native=lambda d: f"{d.year:04d}-{d.month:02d}",
        ),
        RangeFilter(
            DAY_RANGE,
            parse_date,
            "дату в виде ДД.ММ.ГГГГ",
            "date",
            native=lambda d: d.isoformat(),
            lookup="__date",
            shown_kind=DATE,
        ),
        RangeFilter(AMOUNT_RANGE, parse_amount, "сумму числом, например 7 220,27", "text"),
        ChoiceFilter(),
    )
}


def column_filter(column: Column) -> ChoiceFilter | RangeFilter | None:
    """The filter a column offers (by its kind unless it names one; none for plain text)."""
    return FILTERS.get(column.filter_kind)


def filter_names(columns) -> list[str]:
    """Every filter parameter of the columns, in column order."""
    return [name for column in columns if (f := column_filter(column)) for name in f.names(column)]
