"""Tariffs for the viewer's contracts: a tariff applies when its branch is the abonent's (or
empty = every branch) and its tariff group is the contract's (or empty = every group).

Tariffs are public prices, not the abonent's rows: the contracts passed in come from
contract_list(viewer=…), which is what keeps another abonent's groups out."""

import datetime
from collections.abc import Iterable

from django.db.models import Q, QuerySet

from lk_portal.models import Abonent, Contract, Tariff

from .viewer import Viewer


def _applies_q(*, abonent: Abonent, contracts: Iterable[Contract]) -> Q:
    groups = {c.tariff_group for c in contracts if c.tariff_group}
    group_q = Q(tariff_group="")
    if groups:
        group_q |= Q(tariff_group__in=sorted(groups))
    return (Q(branch__isnull=True) | Q(branch_id=abonent.branch_id)) & group_q


def tariff_queryset(*, viewer: Viewer, contracts: list[Contract]) -> QuerySet[Tariff]:
    """Every tariff (current and archived) that applies to any of the given contracts of the viewer's."""
    if not contracts:
        return Tariff.objects.none()
    return Tariff.objects.filter(_applies_q(abonent=viewer.abonent, contracts=contracts))


def tariff_applies(tariff: Tariff, *, abonent: Abonent, contract: Contract) -> bool:
    return (tariff.branch_id is None or tariff.branch_id == abonent.branch_id) and (
        not tariff.tariff_group or tariff.tariff_group == contract.tariff_group
    )


def tariff_current_by_contract(
    *, viewer: Viewer, contracts: list[Contract], on: datetime.date
) -> list[tuple[Contract, list[Tariff]]]:
    """Per contract, the tariffs in force on `on` — one query for all contracts."""
    abonent = viewer.abonent
    current = list(
        tariff_queryset(viewer=viewer, contracts=contracts)
        .filter(valid_from__lte=on)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on))
        .order_by("name", "-valid_from")
    )
    return [(c, [t for t in current if tariff_applies(t, abonent=abonent, contract=c)]) for c in contracts]
