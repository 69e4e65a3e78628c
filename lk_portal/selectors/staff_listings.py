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


def row_estimate(queryset: QuerySet) -> int | None:
    """The planner's estimate of the queryset's rows (PostgreSQL's statistics); None elsewhere."""
    if connection.vendor != "postgresql":
        return None
    plan = json.loads(queryset.order_by().explain(format="json"))
    return int(plan[0]["Plan"]["Plan Rows"])


def _named_ids(queryset: QuerySet) -> list[int]:
    ids = list(queryset.values_list("pk", flat=True)[: NAMED_LIMIT + 1])
    return ids if len(ids) <= NAMED_LIMIT else []


def billing_search_q(term: str) -> Q:
    """Rows whose number is the term, of a contract whose number holds it, or of an abonent with that ИНН.

    Two small queries (contracts, abonents) turn the term into ids, so the big table is read by
    its indexes: (number), (contract, date), (abonent, date).
    """
    term = term.strip()
    if not term:
        return Q()
    contracts = _named_ids(Contract.objects.filter(number__icontains=term))
    abonents = _named_ids(Abonent.objects.filter(inn=term)) if term.isdigit() else []
    q = Q(number=term)
    if contracts:
        q |= Q(contract_id__in=contracts)
    if abonents:
        q |= Q(abonent_id__in=abonents)
    return q
