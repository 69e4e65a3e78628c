"""One pager for every list: «Записи 21–40 из 130 « Назад 1 2 3 … из 7 Вперед »», paginated in the database."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from django.db.models import QuerySet

from .state import PageState

WINDOW = 3  # page links shown on each side of the current one


@dataclass(frozen=True)
class Pager:
    page: int
    page_count: int
    total: int
    per_page: int
    pages: list[dict]  # {"number", "url", "current"} around the current page
    prev_url: str = ""
    next_url: str = ""
    sizes: tuple[int, ...] = ()  # the «Строк на странице» choice; () = a fixed page size, no choice
    size_hidden: list[tuple[str, str]] = field(default_factory=list)  # what the size form carries along

    @property
    def first_index(self) -> int:
        return (self.page - 1) * self.per_page + 1 if self.total else 0

    @property
    def last_index(self) -> int:
        return min(self.page * self.per_page, self.total)


def page_clamp(state: PageState, *, total: int) -> int:
    """Move `state.page` within the pages `total` rows make and return the number of pages."""
    page_count = max(1, math.ceil(total / state.per_page))
    state.page = min(state.page, page_count)
    return page_count


def page_offset(state: PageState) -> int:
    return (state.page - 1) * state.per_page


def pager_make(state: PageState, *, total: int, page_count: int, sizes: tuple[int, ...] = ()) -> Pager:
    page = state.page
    window = range(max(1, page - WINDOW), min(page_count, page + WINDOW) + 1)
    return Pager(
        page=page,
        page_count=page_count,
        total=total,
        per_page=state.per_page,
        pages=[{"number": n, "url": state.page_query(n), "current": n == page} for n in window],
        prev_url=state.page_query(page - 1) if page > 1 else "",
        next_url=state.page_query(page + 1) if page < page_count else "",
        sizes=sizes,
        size_hidden=state.hidden_inputs(exclude=("per_page",)) if sizes else [],
    )


def paginate(queryset: QuerySet, *, state: PageState, total: int | None = None) -> tuple[list, Pager]:
    """The rows of the state's page (two queries: count and slice; one when the caller knows the `total`)
    and the pager above them."""
    total = queryset.count() if total is None else total
    page_count = page_clamp(state, total=total)
    offset = page_offset(state)
    return list(queryset[offset : offset + state.per_page]), pager_make(state, total=total, page_count=page_count)
