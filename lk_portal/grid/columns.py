"""Column definitions: one per table, shared by the page and all five exports."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from lk_portal.formatting import DATE, DATETIME, MONEY, PERIOD, TEXT, format_datetime, format_period, format_value

# Filter kinds a column can offer.
DATE_RANGE = "date_range"
PERIOD_RANGE = "period_range"
AMOUNT_RANGE = "amount_range"
CHOICE = "choice"
DAY_RANGE = "day_range"  # the days of a DATETIME column, in Moscow time
FILTER_FOR_KIND = {DATE: DATE_RANGE, PERIOD: PERIOD_RANGE, MONEY: AMOUNT_RANGE, DATETIME: DAY_RANGE}


@dataclass(frozen=True)
class Column:
    key: str  # the short name used in the query string: sort=-date, group=period, f_date_from=…
    title: str  # the guide's column title, on the page and in every export
    field: str  # ORM path from the grid's model, e.g. "contract__number"
    kind: str = TEXT
    searchable: bool | None = None  # default: text columns are searched
    filter: str | None = None  # default: derived from kind (text columns have none)
    sortable: bool = True
    groupable: bool | None = None  # default: every column except money ones
    link_field: str | None = None  # ORM path of a URL shown as a link on the page
    css: str = ""
    total: bool = True  # money columns are summed in group headers and the totals row unless False
    width: float = 0  # relative width in PDF/RTF/XLSX; 0 = by kind

    @property
    def export_width(self) -> float:
        return self.width or {MONEY: 1.3, DATE: 1.0, PERIOD: 0.9}.get(self.kind, 1.4)

    @property
    def is_money(self) -> bool:
        return self.kind == MONEY

    @property
    def is_searchable(self) -> bool:
        return self.kind == TEXT if self.searchable is None else self.searchable

    @property
    def filter_kind(self) -> str | None:
        return FILTER_FOR_KIND.get(self.kind) if self.filter is None else (self.filter or None)

    @property
    def is_groupable(self) -> bool:
        return self.kind not in (MONEY, DATETIME) if self.groupable is None else self.groupable

    def display(self, value) -> str:
        """The value as the page writes it (lk_portal.formatting.format_value, as the RTF and PDF exports do)."""
        return format_value(self.kind, value)

    def typed(self, value):
        """The value for spreadsheets: Decimal for money, date for dates, text otherwise."""
        if value is None:
            return None
        if self.kind == MONEY:
            return Decimal(value)
        if self.kind == DATE:
            return value if isinstance(value, datetime.date) else None
        if self.kind == PERIOD:
            return format_period(value)
        if self.kind == DATETIME:
            return format_datetime(value)  # spreadsheets take no time zone: the Moscow time as text
        return str(value)


@dataclass(frozen=True)
class GridDefinition:
    slug: str  # transliterated page name for export file names: "oplata"
    title: str  # the page title, for export headings
    columns: tuple[Column, ...]
    default_sort: tuple[str, ...] = ()  # e.g. ("-date",)
    max_group_levels: int = 3
    page_sizes: tuple[int, ...] = (10, 20, 50, 100)
    default_page_size: int = 20
    extra_fields: tuple[str, ...] = field(default_factory=tuple)
    # A summary table beside the rows (issue 14, item 4): the column keys it holds (by the same field
    # paths as the rows, money columns summed under their own names) and its row-count field. The
    # page takes its choices, and its totals and group sums while it filters and groups by those
    # keys only, from the summary the view hands it.
    summary_keys: tuple[str, ...] = ()
    summary_count: str = "row_count"
    # A search reads at most this many of the newest rows of the filter (by `search_window_field`,
    # then id), so its cost does not grow with the abonent's rows (issue 14, item 4); the page says
    # so when older rows were left out. None: the search reads every row of the filter.
    search_window: int | None = None
    search_window_field: str = "date"

    def column(self, key: str) -> Column | None:
        for column in self.columns:
            if column.key == key:
                return column
        return None

    @property
    def money_columns(self) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if c.is_money and c.total)

    @property
    def value_fields(self) -> tuple[str, ...]:
        fields = []
        for c in self.columns:
            for f in (c.field, c.link_field):
                if f and f not in fields:
                    fields.append(f)
        for f in self.extra_fields:
            if f not in fields:
                fields.append(f)
        return tuple(fields)
