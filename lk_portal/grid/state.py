"""The grid's whole state lives in the query string, so a view is bookmarkable and Back works.

    sort=-date,number   q=аванс   group=period,kind   page=2   per_page=50
    f_date_from=2015-01-01  f_date_to=2015-12-31      (date range: ISO or ДД.ММ.ГГГГ)
    f_period_from=2015-01   f_period_to=2015-12       (period range: ГГГГ-ММ or ГГГГ,ММ)
    f_amount_from=100       f_amount_to=7 220,27      (amount range)
    f_kind=Аванс                                      (kind select)

`group_add` / `group_remove` / `group_up` are one-shot commands from the no-JS form and the
drag-and-drop script; the view redirects them to the canonical URL.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from urllib.parse import urlencode

from .columns import AMOUNT_RANGE, CHOICE, DATE_RANGE, PERIOD_RANGE, GridDefinition

GRID_PARAMS = ("sort", "q", "group", "page", "per_page")
COMMANDS = ("group_add", "group_remove")


@dataclass
class GridState:
    sort: list[tuple[str, bool]] = field(default_factory=list)  # (column key, descending)
    q: str = ""
    group: list[str] = field(default_factory=list)
    page: int = 1
    per_page: int = 20
    filters: dict[str, dict[str, object]] = field(default_factory=dict)  # key → {"from": …, "to": …} / {"value": …}
    raw: dict[str, str] = field(default_factory=dict)  # what was typed, to show back in the form
    errors: list[str] = field(default_factory=list)
    params: list[tuple[str, str]] = field(default_factory=list)  # the query string as given (minus export)
    redirect_query: str | None = None  # set when a one-shot command must be turned into a canonical URL

    @property
    def sort_map(self) -> dict[str, bool]:
        return dict(self.sort)

    @property
    def has_filters(self) -> bool:
        return bool(self.filters or self.q)

    def query(self, drop: tuple[str, ...] = (), **changes) -> str:
        """The current query string with some parameters changed (None removes one)."""
        params = [(k, v) for k, v in self.params if k not in changes and k not in drop]
        for key, value in changes.items():
            if value is None or value == "" or value == []:
                continue
            params.append((key, str(value)))
        return "?" + urlencode(params) if params else "?"

    def sort_query(self, key: str) -> str:
        """Clicking a header sorts by it; clicking the sorted header again reverses it."""
        current = self.sort_map
        descending = not current[key] if key in current and self.sort and self.sort[0][0] == key else False
        return self.query(sort=("-" if descending else "") + key, page=None)

    def group_query(self, keys: list[str]) -> str:
        return self.query(group=",".join(keys) or None, page=None)

    def page_query(self, page: int) -> str:
        return self.query(page=page if page > 1 else None)

    def export_query(self, fmt: str) -> str:
        return self.query(drop=("page", "per_page"), export=fmt)

    def hidden_inputs(self, exclude: tuple[str, ...]) -> list[tuple[str, str]]:
        """The parameters a form must carry along so it changes only its own part of the state."""
        return [(k, v) for k, v in self.params if k not in exclude and k != "page"]


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
    if match:
        day, month, year = (int(g) for g in match.groups())
        year = year + 2000 if year < 100 else year
        try:
            return datetime.date(year, month, day)
        except ValueError:
            return None
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
    return value if value.is_finite() else None


_PARSERS = {
    DATE_RANGE: (parse_date, "дату в виде ДД.ММ.ГГГГ"),
    PERIOD_RANGE: (parse_period, "период в виде ГГГГ,ММ"),
    AMOUNT_RANGE: (parse_amount, "сумму числом, например 7 220,27"),
}


def _first(get, key: str) -> str:
    value = get(key)
    return value.strip() if isinstance(value, str) else ""


def grid_state_parse(querydict, *, definition: GridDefinition) -> GridState:
    """Read the grid's state from request.GET; wrong values are reported in Russian and ignored."""
    get = querydict.get
    state = GridState(per_page=definition.default_page_size)
    state.params = [(k, v) for k in querydict for v in querydict.getlist(k) if k != "export" and k not in COMMANDS]

    # Sort
    for token in _first(get, "sort").split(","):
        token = token.strip()
        descending = token.startswith("-")
        key = token.lstrip("-")
        column = definition.column(key)
        if column and column.sortable and key not in state.sort_map:
            state.sort.append((key, descending))

    state.q = _first(get, "q")[:200]

    # Grouping, then the one-shot commands of the group panel
    for key in _first(get, "group").split(","):
        column = definition.column(key.strip())
        if column and column.is_groupable and column.key not in state.group:
            state.group.append(column.key)
    add, remove = _first(get, "group_add"), _first(get, "group_remove")
    if add or remove or "group_add" in querydict or "group_remove" in querydict:
        group = list(state.group)
        column = definition.column(add)
        if column and column.is_groupable and add not in group:
            group.append(add)
        if remove in group:
            group.remove(remove)
        group = group[: definition.max_group_levels]
        state.redirect_query = state.group_query(group)
    if len(state.group) > definition.max_group_levels:
        state.group = state.group[: definition.max_group_levels]
        state.errors.append(f"Группировать можно не более чем по {definition.max_group_levels} колонкам.")

    # Paging
    try:
        state.per_page = int(_first(get, "per_page") or definition.default_page_size)
    except ValueError:
        state.per_page = definition.default_page_size
    if state.per_page not in definition.page_sizes:
        state.per_page = definition.default_page_size
    try:
        state.page = max(1, int(_first(get, "page") or 1))
    except ValueError:
        state.page = 1

    # Filters
    for column in definition.columns:
        kind = column.filter_kind
        if kind == CHOICE:
            raw = _first(get, f"f_{column.key}")
            if raw:
                state.raw[f"f_{column.key}"] = raw
                state.filters[column.key] = {"value": raw}
            continue
        if kind not in _PARSERS:
            continue
        parser, hint = _PARSERS[kind]
        bounds = {}
        for end, word in (("from", "с"), ("to", "по")):
            name = f"f_{column.key}_{end}"
            raw = _first(get, name)
            if not raw:
                continue
            state.raw[name] = raw
            value = parser(raw)
            if value is None:
                state.errors.append(f"«{column.title}» {word}: «{raw}» не распознано — укажите {hint}.")
            else:
                bounds[end] = value
        if "from" in bounds and "to" in bounds and bounds["from"] > bounds["to"]:
            state.errors.append(f"«{column.title}»: начало диапазона позже конца — границы поменяны местами.")
            bounds["from"], bounds["to"] = bounds["to"], bounds["from"]
        if bounds:
            state.filters[column.key] = bounds
    return state
