from django.db.models import Prefetch

from lk_portal.models import Abonent, Contract, Curator


def contract_curators(*, abonent: Abonent, contract: Contract | None = None) -> list[Contract]:
    """The abonent's contracts (or one of them), each with its curators prefetched — two queries."""
    contracts = Contract.objects.filter(abonent=abonent).order_by("start_date", "number")
    if contract is not None:
        contracts = contracts.filter(pk=contract.pk)
    return list(contracts.prefetch_related(Prefetch("curators", queryset=Curator.objects.order_by("sort_order", "id"))))
