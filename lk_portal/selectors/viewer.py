"""Who looks at the cabinet, and the one place where a query is limited to what they may see.

Every cabinet selector takes the `Viewer` first and starts its query with `owned(…)`. A viewer is a
member of an abonent: its role (what it may do, lk_portal.domain.roles) and its contract scope (the
contracts it sees; None = all of the abonent's). `owned` limits a query to the abonent and, for rows
that hang off a contract, to the scope; a row outside it is «not found», exactly as another abonent's.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from django.core.exceptions import FieldDoesNotExist
from django.db.models import QuerySet

from lk_portal.domain.roles import Capability, Role, role_can, role_require
from lk_portal.models import Abonent, Contract, User


@dataclass(frozen=True)
class Viewer:
    abonent: Abonent
    user: User | None = None
    role: Role = Role.ADMIN  # a viewer made for the whole abonent (a job, a test) may do everything
    contract_ids: frozenset[int] | None = None  # the member's scope; None: every contract of the abonent
    # The scope's contracts in the selector's order (contract_list), when read with the scope from the
    # member's cache; None: not read (selectors/contracts.contract_choices reads them).
    contracts: tuple[Contract, ...] | None = dataclasses.field(default=None, compare=False, repr=False)

    def can(self, capability: Capability) -> bool:
        return role_can(self.role, capability)

    def require(self, capability: Capability) -> None:
        """Raise NotAllowed (→ 403) unless the role has the capability."""
        role_require(self.role, capability)

    @property
    def scoped(self) -> bool:
        return self.contract_ids is not None

    def whole_abonent(self) -> Viewer:
        """The same member seeing every contract: what all members share (the debt header)."""
        return dataclasses.replace(self, contract_ids=None, contracts=None)


def viewer_for(user, *, figures=None) -> Viewer | None:
    """The member behind a logged-in account; None for staff or anonymous.

    Its scope costs one query; with the member's cached figures (services/header_cache.ScopeFigures)
    the scope and its contracts come from the cache while no contract or member scope changed.
    """
    if not getattr(user, "is_authenticated", False) or not getattr(user, "abonent_id", None):
        return None
    if figures is None:
        scope = frozenset(user.contracts.values_list("pk", flat=True))
        return Viewer(abonent=user.abonent, user=user, role=Role(user.role), contract_ids=scope or None)
    contract_ids, contracts = figures.scope(lambda: _scope_read(user))
    return Viewer(abonent=user.abonent, user=user, role=Role(user.role), contract_ids=contract_ids, contracts=contracts)


def _scope_read(user) -> tuple[frozenset[int] | None, tuple[Contract, ...]]:
    from lk_portal.selectors.contracts import contract_list

    scope = frozenset(user.contracts.values_list("pk", flat=True)) or None
    viewer = Viewer(abonent=user.abonent, user=user, role=Role(user.role), contract_ids=scope)
    return scope, tuple(contract_list(viewer=viewer))


def _contract_path(model) -> str | None:
    """How a model's rows reach their contract: the contract itself, a `contract` field, or none."""
    if model is Contract:
        return "pk"
    try:
        model._meta.get_field("contract")
    except FieldDoesNotExist:
        return None
    return "contract"


def owned(queryset, *, viewer: Viewer, path: str = "abonent", contract_path: str | None = None) -> QuerySet:
    """`queryset` (a model's manager or a queryset) limited to the viewer's rows.

    `path` leads to the abonent; rows that hang off a contract (found by the model's `contract` field, or
    `contract_path`) are limited to the viewer's contract scope as well.
    """
    rows = queryset.filter(**{path: viewer.abonent})
    if viewer.contract_ids is not None:
        to_contract = contract_path or _contract_path(rows.model)
        if to_contract is not None:
            rows = rows.filter(**{f"{to_contract}__in": sorted(viewer.contract_ids)})
    return rows
