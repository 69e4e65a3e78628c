"""The «Договор:» selector of the financial pages: ?contract=<id> among the abonent's own contracts.

Thin wrappers over lk_portal.selectors.contracts, which the grid pages use too.
"""

from lk_portal.models import Abonent, Contract
from lk_portal.selectors.contracts import contract_choose, contract_list


def contract_choices(*, abonent: Abonent) -> list[Contract]:
    return list(contract_list(abonent=abonent))


def selected_contract(request, *, abonent: Abonent, param: str = "contract") -> Contract | None:
    """None for «все договоры»; another abonent's or a malformed id is a 404."""
    return contract_choose(abonent=abonent, contracts=contract_choices(abonent=abonent), raw_id=request.GET.get(param))
