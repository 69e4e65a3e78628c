from django.db.models import Prefetch

from lk_portal.models import Contract, Curator

from .viewer import Viewer, owned


def contract_curators(*, viewer: Viewer, contract: Contract | None = None) -> list[Contract]:
    """The viewer's contracts (or one of them), each with its curators prefetched — two queries."""
    contracts = owned(Contract.objects, viewer=viewer).order_by("start_date", "number")
    if contract is not None:
        contracts = contracts.filter(pk=contract.pk)
    return list(contracts.prefetch_related(Prefetch("curators", queryset=Curator.objects.order_by("sort_order", "id"))))
