"""The member's uploaded acts (lk_portal.models.ActComparison): each is its uploader's, inside the viewer's scope."""

from lk_portal.domain.errors import NotFound
from lk_portal.models import ActComparison

from .viewer import Viewer, owned


def act_comparison_get(*, viewer: Viewer, pk: int) -> ActComparison:
    """One comparison of the viewer's own upload; another member's or organisation's, or out of scope: NotFound."""
    rows = owned(ActComparison.objects, viewer=viewer).select_related("contract")
    if viewer.user is not None:
        rows = rows.filter(user=viewer.user)
    found = rows.filter(pk=pk).first()
    if found is None:
        raise NotFound("Сравнение актов не найдено.")
    return found
