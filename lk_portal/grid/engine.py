"""The grid's database work: filter, search, sort, group, paginate, count and sum — all in SQL.

A page runs a fixed number of queries whatever the data size: one aggregate for the totals
(which also gives the row count for the pager), one for the page's rows, and one GROUP BY per
grouping level restricted to the groups that appear on the page. An export runs the totals,
one GROUP BY per level over all groups, and streams the rows with .iterator().
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import reduce
from operator import or_

from django.db.models import Count, Q, QuerySet, Sum

from .columns import CHOICE, Column, GridDefinition
from .filters import column_filter
from .pager import Pager, page_clamp, page_offset, pager_make
from .state import GridState

EXPORT_CHUNK = 2000


@dataclass
class GroupHeader:
    level: int  # 0 = outermost
    column: Column
    value: object
    count: int
    sums: dict[str, Decimal]  # money column key → sum (None when all values were empty)

    @property
    def value_display(self) -> str:
        return self.column.display(self.value) or "(пусто)"

    @property
    def label(self) -> str:
        return f"{self.column.title}: {self.value_display}"


@dataclass
class Totals:
    count: int
    sums: dict[str, Decimal | None]


@dataclass
class GridPage:
    definition: GridDefinition
    state: GridState
    items: list  # GroupHeader or row dict (field path → value), in display order
    totals: Totals
    page_count: int
    choices: dict[str, list[str]] = field(default_factory=dict)
    search_window: SearchWindow | None = None  # the search left older rows out

    @property
    def rows(self) -> list[dict]:
        return [item for item in self.items if isinstance(item, dict)]

    @property
    def group_columns(self) -> list[Column]:
        return [self.definition.column(key) for key in self.state.group]

    @property
    def pager(self) -> Pager:
        return pager_make(
            self.state, total=self.totals.count, page_count=self.page_count, sizes=self.definition.page_sizes
        )


def _sum_alias(column: Column) -> str:
    return f"sum_{column.key}"


# column key → the rows whose column holds the word, by a lookup the view knows to be cheap
# (e.g. the contract: the ids of the viewer's contracts whose number holds it, no join).
SearchLookups = dict[str, Callable[[str], Q]]


@dataclass(frozen=True)
class SearchWindow:
    """The search read only the newest rows of the filter (about `rows`): those from `since` on."""

    rows: int
    since: datetime.date | None


def _search_word_q(word: str, searchable: list[Column], lookups: SearchLookups) -> Q:
    return reduce(
        or_,
        (lookups[c.key](word) if c.key in lookups else Q(**{f"{c.field}__icontains": word}) for c in searchable),
    )


def search_window_bound(
    queryset: QuerySet, *, definition: GridDefinition, state: GridState
) -> tuple[Q, SearchWindow] | None:
    """The condition keeping a search within the definition's window of newest rows, or None when
    the filter holds no more rows than the window. One query: the window's oldest row, read from
    the (…, date, id) index."""
    if not (state.q and definition.search_window):
        return None
    field_name = definition.search_window_field
    oldest = list(
        queryset.order_by(f"-{field_name}", "-pk").values_list(field_name, "pk")[
            definition.search_window - 1 : definition.search_window
        ]
    )
    if not oldest:
        return None
    value = oldest[0][0]
    if value is None:
        return None
    # From that row's date on (a few more rows when others share it): a range of the index.
    return Q(**{f"{field_name}__gte": value}), SearchWindow(rows=definition.search_window, since=value)


def grid_filter(
    queryset: QuerySet,
    *,
    definition: GridDefinition,
    state: GridState,
    lookups: SearchLookups | None = None,
    window: Q | None = None,
) -> QuerySet:
    """Column filters and the search box; every word of the search must occur in some text column.

    `window` (from `search_window_bound`) limits a search to the newest rows of the filter."""
    for key, bounds in state.filters.items():
        column = definition.column(key)
        queryset = column_filter(column).apply(queryset, column, bounds)
    searchable = [c for c in definition.columns if c.is_searchable]
    if state.q and searchable:
        if window is not None:
            queryset = queryset.filter(window)
        for word in state.q.split():
            queryset = queryset.filter(_search_word_q(word, searchable, lookups or {}))
    return queryset


def _filtered(
    queryset: QuerySet, *, definition: GridDefinition, state: GridState, lookups: SearchLookups | None
) -> tuple[QuerySet, SearchWindow | None]:
    """The rows of the filter and search, the search kept within its window (one more query when searching)."""
    bound = None
    if state.q and definition.search_window:
        unsearched = grid_filter(queryset, definition=definition, state=replace(state, q=""))
        bound = search_window_bound(unsearched, definition=definition, state=state)
    filtered = grid_filter(
        queryset, definition=definition, state=state, lookups=lookups, window=bound[0] if bound else None
    )
    return filtered, (bound[1] if bound else None)


def grid_order(queryset: QuerySet, *, definition: GridDefinition, state: GridState) -> QuerySet:
    """Group keys first (so a group's rows are together), then the chosen sort, then a stable tiebreak."""
    order: list[str] = []
    seen: set[str] = set()

    def add(path: str, descending: bool) -> None:
        if path not in seen:
            seen.add(path)
            order.append(("-" if descending else "") + path)

    sort_map = state.sort_map
    for key in state.group:
        add(definition.column(key).field, sort_map.get(key, False))
    for key, descending in state.sort:
        add(definition.column(key).field, descending)
    for token in definition.default_sort:
        column = definition.column(token.lstrip("-"))
        add(column.field if column else token.lstrip("-"), token.startswith("-"))
    add("pk", any(o.startswith("-") for o in order[-1:]))
    return queryset.order_by(*order)


def _aggregates(definition: GridDefinition) -> dict:
    return {_sum_alias(c): Sum(c.field) for c in definition.money_columns}


def _counter(definition: GridDefinition, *, summary: bool):
    return Sum(definition.summary_count) if summary else Count("pk")


def grid_totals(queryset: QuerySet, *, definition: GridDefinition, summary: bool = False) -> Totals:
    """Row count and money sums; `summary`: the queryset is the summary's (counts summed)."""
    data = queryset.order_by().aggregate(grid_count=_counter(definition, summary=summary), **_aggregates(definition))
    sums = {c.key: data[_sum_alias(c)] for c in definition.money_columns}
    return Totals(count=data["grid_count"] or 0, sums=sums)


def summary_serves(definition: GridDefinition, state: GridState, *, groups: bool = False) -> bool:
    """Whether the summary answers the totals (no search, filters on its keys only) and, with `groups`,
    the group sums too (groups on its keys only)."""
    keys = set(definition.summary_keys)
    totals = bool(keys) and not state.q and set(state.filters) <= keys
    return totals and (not groups or set(state.group) <= keys)


def _prefix_q(fields: list[str], values: tuple) -> Q:
    q = Q()
    for path, value in zip(fields, values, strict=True):
        q &= Q(**{f"{path}__isnull": True}) if value is None else Q(**{path: value})
    return q


def grid_group_stats(
    queryset: QuerySet,
    *,
    definition: GridDefinition,
    state: GridState,
    prefixes: list[set[tuple]] | None = None,
    summary: bool = False,
) -> list[dict[tuple, tuple[int, dict]]]:
    """Per grouping level: {key tuple → (row count, sums)} from one GROUP BY query per level.

    With `prefixes` (the key tuples seen on the current page, per level) only those groups are
    counted; without, all groups are (exports). `summary`: the queryset is the summary's.
    """
    fields = [definition.column(key).field for key in state.group]
    stats = []
    for level in range(len(fields)):
        level_fields = fields[: level + 1]
        qs = queryset.order_by()
        if prefixes is not None:
            wanted = prefixes[level]
            if not wanted:
                stats.append({})
                continue
            qs = qs.filter(reduce(or_, (_prefix_q(level_fields, p) for p in wanted)))
        counter = _counter(definition, summary=summary)
        rows = qs.values(*level_fields).annotate(grid_count=counter, **_aggregates(definition))
        stats.append(
            {
                tuple(row[f] for f in level_fields): (
                    row["grid_count"],
                    {c.key: row[_sum_alias(c)] for c in definition.money_columns},
                )
                for row in rows
            }
        )
    return stats


def grid_items(rows: Iterable[dict], *, definition: GridDefinition, state: GridState, stats) -> Iterator:
    """Interleave group headers with the rows: a header whenever a level's key changes."""
    columns = [definition.column(key) for key in state.group]
    fields = [c.field for c in columns]
    previous: tuple | None = None
    for row in rows:
        key = tuple(row[f] for f in fields)
        if columns:
            changed_at = 0
            if previous is not None:
                while changed_at < len(key) and key[changed_at] == previous[changed_at]:
                    changed_at += 1
            for level in range(changed_at, len(key)):
                count, sums = stats[level].get(key[: level + 1], (0, {}))
                yield GroupHeader(level=level, column=columns[level], value=key[level], count=count, sums=sums)
            previous = key
        yield row


def grid_choices(queryset: QuerySet, *, definition: GridDefinition) -> dict[str, list[str]]:
    """The values offered by «kind» selects: one DISTINCT query per choice column."""
    choices = {}
    for column in definition.columns:
        if column.filter_kind == CHOICE:
            values = queryset.order_by(column.field).values_list(column.field, flat=True).distinct()
            choices[column.key] = [v for v in values if v not in (None, "")]
    return choices


def grid_page(
    queryset: QuerySet,
    *,
    definition: GridDefinition,
    state: GridState,
    summary: QuerySet | None = None,
    lookups: SearchLookups | None = None,
    choices_cache: Callable[[Callable[[], dict]], dict] | None = None,
) -> GridPage:
    """The page of the grid the state asks for. `queryset` is already scoped to the abonent.

    `summary` (the definition's summary table, scoped the same way) gives the choices, and the
    totals and group sums whenever `summary_serves`: the page then reads a few summary rows per
    contract, not every row of the abonent. `lookups`: cheaper searches of some columns.
    `choices_cache(compute)`: the choices kept elsewhere (the member's cache), computed by `compute`.
    """

    def compute_choices() -> dict:
        return grid_choices(queryset if summary is None else summary, definition=definition)

    choices = compute_choices() if choices_cache is None else choices_cache(compute_choices)
    filtered, window = _filtered(queryset, definition=definition, state=state, lookups=lookups)
    serves = summary is not None and summary_serves(definition, state)
    summed = grid_filter(summary, definition=definition, state=state) if serves else None
    if summed is not None:
        totals = grid_totals(summed, definition=definition, summary=True)
    else:
        totals = grid_totals(filtered, definition=definition)
    page_count = page_clamp(state, total=totals.count)
    offset = page_offset(state)
    ordered = grid_order(filtered, definition=definition, state=state)
    rows = list(ordered.values(*definition.value_fields, "pk")[offset : offset + state.per_page])
    stats = []
    if state.group:
        fields = [definition.column(key).field for key in state.group]
        prefixes = [{tuple(r[f] for f in fields[: level + 1]) for r in rows} for level in range(len(fields))]
        by_summary = summed is not None and summary_serves(definition, state, groups=True)
        stats = grid_group_stats(
            summed if by_summary else filtered,
            definition=definition,
            state=state,
            prefixes=prefixes,
            summary=by_summary,
        )
    items = list(grid_items(rows, definition=definition, state=state, stats=stats))
    return GridPage(
        definition=definition,
        state=state,
        items=items,
        totals=totals,
        page_count=page_count,
        choices=choices,
        search_window=window,
    )


@dataclass
class GridExport:
    definition: GridDefinition
    state: GridState
    items: Iterator  # GroupHeader or row dict, every row of the filter (all pages)
    totals: Totals
    group_count: int
    search_window: SearchWindow | None = None


def grid_export(
    queryset: QuerySet, *, definition: GridDefinition, state: GridState, lookups: SearchLookups | None = None
) -> GridExport:
    """Every row of the current filter/search/sort, in the grid's grouping, streamed from one query
    (a search within the same window as the page's, so the file holds what the page counted)."""
    filtered, window = _filtered(queryset, definition=definition, state=state, lookups=lookups)
    totals = grid_totals(filtered, definition=definition)
    stats = grid_group_stats(filtered, definition=definition, state=state) if state.group else []
    ordered = grid_order(filtered, definition=definition, state=state)
    rows = ordered.values(*definition.value_fields).iterator(chunk_size=EXPORT_CHUNK)
    return GridExport(
        definition=definition,
        state=state,
        items=grid_items(rows, definition=definition, state=state, stats=stats),
        totals=totals,
        group_count=sum(len(s) for s in stats),
        search_window=window,
    )
