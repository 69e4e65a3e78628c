"""Uploaded acts (lk_portal.models.ActComparison): the organisation's, limited to the member's contract scope
(an act of all contracts is seen only by members who see all of them)."""

from lk_portal.domain.errors import NotFound
from lk_portal.models import ActComparison

from .viewer import Viewer, owned


def act_comparison_get(*, viewer: Viewer, pk: int) -> ActComparison:
    """One comparison of the viewer's organisation within its scope; another organisation's or contract's: NotFound."""
    rows = owned(ActComparison.objects, viewer=viewer).select_related("contract")
    found = rows.filter(pk=pk).first()
    if found is None:
        raise NotFound("Сравнение актов не найдено.")
    return found
