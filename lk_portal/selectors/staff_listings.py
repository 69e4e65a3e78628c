"""Reads behind the staff's Wagtail listings of the big billing tables (issue 14, item 6).

The listings of payments and documents hold millions of rows: a search goes to indexed columns
only (the row's number; the contracts and abonents it names, found in their small tables first),
and a count the planner estimates above `ESTIMATE_ABOVE` rows is taken from its estimate rather
than from a scan.
"""

from __future__ import annotations

import json

from django.db import connection
from django.db.models import Q, QuerySet

from lk_portal.models import Abonent, Contract

ESTIMATE_ABOVE = 20_000  # rows: below, an exact count is cheap enough
NAMED_LIMIT = 500  # contracts or abonents a search term may name (more: the term is too vague for them)
RANKED_BRANCHES = 100  # things named beyond which a search page is read by one OR (and a sort) instead


def row_estimate(queryset: QuerySet) -> int | None:
    """The planner's estimate of the queryset's rows (PostgreSQL's statistics); None elsewhere."""
    if connection.vendor != "postgresql":
        return None
    plan = json.loads(queryset.order_by().explain(format="json"))
    return int(plan[0]["Plan"]["Plan Rows"])


def _named_ids(queryset: QuerySet) -> list[int]:
    ids = list(queryset.values_list("pk", flat=True)[: NAMED_LIMIT + 1])
    return ids if len(ids) <= NAMED_LIMIT else []


def billing_search_branches(term: str) -> list[Q]:
    """The rows a term names, one condition per thing it names: the rows numbered so, those of each
    contract whose number holds it, those of the abonent with that ИНН.

    Two small queries (contracts, abonents) turn the term into ids, so the big table is read by
    its indexes: (number), (contract, date, id), (abonent, date, id).
    """
    term = term.strip()
    if not term:
        return []
    contracts = _named_ids(Contract.objects.filter(number__icontains=term).order_by("pk"))
    abonents = _named_ids(Abonent.objects.filter(inn=term).order_by("pk")) if term.isdigit() else []
    return [
        Q(number=term),
        *(Q(contract_id=pk) for pk in contracts),
        *(Q(abonent_id=pk) for pk in abonents),
    ]


def ranked_page_ids(queryset: QuerySet, branches: list[Q], *, top: int) -> list[int] | None:
    """The ids of the first `top` rows of the ordered queryset, from one query: each branch's own
    first `top` rows (a walk of its index in the listing's order, LIMIT `top`) united.

    An OR of the branches would make PostgreSQL sort every matching row (the 200 000 rows of a big
    abonent) to show 50; each branch alone is read in index order and stops at `top`. None where
    this does not pay or cannot be said (SQLite, a single branch, too many branches).
    """
    if connection.vendor != "postgresql" or not 1 < len(branches) <= RANKED_BRANCHES or top <= 0:
        return None
    parts = [queryset.filter(branch).values_list("pk", flat=True)[:top] for branch in branches]
    return list(parts[0].union(*parts[1:], all=True))
