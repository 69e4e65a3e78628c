from django.db.models import QuerySet

from lk_portal.domain.errors import NotFound
from lk_portal.models import Contract

from .viewer import Viewer, owned


class ContractNotFound(NotFound):
    """`?contract=` names no contract of the viewer's."""


def contract_list(*, viewer: Viewer) -> QuerySet[Contract]:
    return owned(Contract.objects, viewer=viewer).order_by("start_date", "number")


def contract_choices(*, viewer: Viewer) -> list[Contract]:
    """The viewer's contracts as contract_list orders them: read with its scope if it was, else a query."""
    if viewer.contracts is not None:
        return list(viewer.contracts)
    return list(contract_list(viewer=viewer))


def contract_find(*, contracts: list[Contract], raw_id: str | None) -> Contract | None:
    """The contract a `?contract=<id>` asks for among the viewer's `contracts` (from contract_list); blank = all.

    Anything else — another abonent's id, a missing or malformed one — raises ContractNotFound, never data.
    """
    if raw_id is None or raw_id.strip() == "":
        return None
    try:
        wanted = int(raw_id)
    except ValueError:
        raise ContractNotFound("Договор не найден.") from None
    for contract in contracts:
        if contract.pk == wanted:
            return contract
    raise ContractNotFound("Договор не найден.")
