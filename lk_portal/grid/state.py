"""A list's whole state lives in the query string, so a view is bookmarkable and Back works.

    sort=-date,number   q=аванс   group=period,kind   page=2   per_page=50   (+ the column filters,
    lk_portal.grid.filters)

`group` may also be repeated (`group=period&group=kind` is `group=period,kind`); the page's own links
write the comma form.

`group_add` / `group_remove` are one-shot commands from the no-JS form and the drag-and-drop
script; the view redirects them to the canonical URL. A plain list (no grid) reads only `page`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlencode

from .columns import GridDefinition
from .filters import column_filter

GRID_PARAMS = ("sort", "q", "group", "page", "per_page")
COMMANDS = ("group_add", "group_remove")
SEARCH_LIMIT = 200


@dataclass
class PageState:
    """The page of a list and the query string it came with: what every list page's links are built from."""

    page: int = 1
    per_page: int = 20
    params: list[tuple[str, str]] = field(default_factory=list)  # the query string as given (minus export)
    # `params` each as `key=value`, encoded once for the page's many links (sort, pager, groups), with the
    # params they were encoded from (a list changed afterwards is encoded again).
    _encoded_params: tuple | None = field(default=None, init=False, repr=False, compare=False)

    def query(self, drop: tuple[str, ...] = (), **changes) -> str:
        """The current query string with some parameters changed (None removes one)."""
        encoded = self._encoded()
        parts = [
            pair for (key, _), pair in zip(self.params, encoded, strict=True) if key not in changes and key not in drop
        ]
        for key, value in changes.items():
            if value is None or value == "" or value == []:
                continue
            parts.append(urlencode([(key, str(value))]))
        return "?" + "&".join(parts) if parts else "?"

    def _encoded(self) -> list[str]:
        if self._encoded_params is None or self._encoded_params[0] != self.params:
            self._encoded_params = (list(self.params), [urlencode([pair]) for pair in self.params])
        return self._encoded_params[1]

    def page_query(self, page: int) -> str:
        return self.query(page=page if page > 1 else None)

    def export_query(self, fmt: str) -> str:
        return self.query(drop=("page", "per_page"), export=fmt)

    def hidden_inputs(self, exclude: tuple[str, ...]) -> list[tuple[str, str]]:
        """The parameters a form must carry along so it changes only its own part of the state."""
        return [(k, v) for k, v in self.params if k not in exclude and k != "page"]


@dataclass
class GridState(PageState):
    sort: list[tuple[str, bool]] = field(default_factory=list)  # (column key, descending)
    q: str = ""
    group: list[str] = field(default_factory=list)
    filters: dict[str, dict[str, object]] = field(default_factory=dict)  # key → {"from": …, "to": …} / {"value": …}
    raw: dict[str, str] = field(default_factory=dict)  # what was typed, to show it back in the form
    errors: list[str] = field(default_factory=list)
    redirect_query: str | None = None  # set when a one-shot command must be turned into a canonical URL

    @property
    def sort_map(self) -> dict[str, bool]:
        return dict(self.sort)

    @property
    def has_filters(self) -> bool:
        return bool(self.filters or self.q)

    def sort_query(self, key: str) -> str:
        """Clicking a header sorts by it; clicking the sorted header again reverses it."""
        current = self.sort_map
        descending = not current[key] if key in current and self.sort and self.sort[0][0] == key else False
        return self.query(sort=("-" if descending else "") + key, page=None)

    def group_query(self, keys: list[str]) -> str:
        return self.query(group=",".join(keys) or None, page=None)


def _reader(querydict):
    def get(key: str) -> str:
        value = querydict.get(key)
        return value.strip() if isinstance(value, str) else ""

    return get


def _carried(querydict) -> list[tuple[str, str]]:
    return [(k, v) for k in querydict for v in querydict.getlist(k) if k != "export" and k not in COMMANDS]


def _number(raw: str, *, default: int) -> int:
    try:
        return int(raw or default)
    except ValueError:
        return default


def _page_size(raw: str, *, sizes: tuple[int, ...], default: int) -> int:
    size = _number(raw, default=default)
    return size if size in sizes else default


def page_state_parse(querydict, *, page_sizes: tuple[int, ...], default_page_size: int) -> PageState:
    """A plain list's state: the page (1 when unreadable) and the page size among `page_sizes`."""
    get = _reader(querydict)
    return PageState(
        page=max(1, _number(get("page"), default=1)),
        per_page=_page_size(get("per_page"), sizes=page_sizes, default=default_page_size),
        params=_carried(querydict),
    )


def _sort_parse(raw: str, definition: GridDefinition) -> list[tuple[str, bool]]:
    """`-amount,date` → [("amount", True), ("date", False)]; unknown, unsortable and repeated keys dropped."""
    sort: list[tuple[str, bool]] = []
    for token in raw.split(","):
        key = token.strip().lstrip("-")
        column = definition.column(key)
        if column and column.sortable and key not in dict(sort):
            sort.append((key, token.strip().startswith("-")))
    return sort


def _group_parse(raw: str, definition: GridDefinition) -> list[str]:
    """`period,kind` (the repeated parameter's values joined) → the groupable known keys, once each, in order."""
    group: list[str] = []
    for key in raw.split(","):
        column = definition.column(key.strip())
        if column and column.is_groupable and column.key not in group:
            group.append(column.key)
    return group


def _group_command(querydict, get, state: GridState, definition: GridDefinition) -> str | None:
    """The canonical query of a `group_add` / `group_remove` command, or None without one."""
    if not any(name in querydict for name in COMMANDS):
        return None
    add, remove = get("group_add"), get("group_remove")
    group = list(state.group)
    column = definition.column(add)
    if column and column.is_groupable and add not in group:
        group.append(add)
    if remove in group:
        group.remove(remove)
    return state.group_query(group[: definition.max_group_levels])


def _group_limit(state: GridState, definition: GridDefinition) -> None:
    limit = definition.max_group_levels
    if len(state.group) > limit:
        state.group = state.group[:limit]
        state.errors.append(f"Группировать можно не более чем по {limit} колонкам.")


def _filters_parse(state: GridState, get, definition: GridDefinition) -> None:
    for column in definition.columns:
        kind = column_filter(column)
        if kind is None:
            continue
        taken = kind.parse(column, get)
        state.raw.update(taken.raw)
        state.errors += taken.errors
        if taken.bounds:
            state.filters[column.key] = taken.bounds


def grid_state_parse(querydict, *, definition: GridDefinition) -> GridState:
    """Read the grid's state from request.GET; wrong values are reported in Russian and ignored."""
    get = _reader(querydict)
    page = page_state_parse(querydict, page_sizes=definition.page_sizes, default_page_size=definition.default_page_size)
    state = GridState(
        page=page.page,
        per_page=page.per_page,
        params=page.params,
        sort=_sort_parse(get("sort"), definition),
        q=get("q")[:SEARCH_LIMIT],
        group=_group_parse(",".join(querydict.getlist("group")), definition),
    )
    state.redirect_query = _group_command(querydict, get, state, definition)
    _group_limit(state, definition)
    _filters_parse(state, get, definition)
    return state
