from django.db.models import QuerySet
from django.http import Http404

from lk_portal.models import Abonent, Contract


def contract_list(*, abonent: Abonent) -> QuerySet[Contract]:
    return Contract.objects.filter(abonent=abonent).order_by("start_date", "number")


def contract_choose(*, abonent: Abonent, contracts: list[Contract], raw_id: str | None) -> Contract | None:
    """The contract a `?contract=<id>` asks for, among the abonent's own; blank = all contracts.

    Anything else — another abonent's id, a missing or malformed one — is a 404, never data.
    """
    if raw_id is None or raw_id.strip() == "":
        return None
    try:
        wanted = int(raw_id)
    except ValueError:
        raise Http404("Договор не найден.") from None
    for contract in contracts:
        if contract.pk == wanted and contract.abonent_id == abonent.pk:
            return contract
    raise Http404("Договор не найден.")
