"""The Viewer a selector takes, made from what a test has at hand."""

from lk_portal.models import Abonent, Contract, User
from lk_portal.selectors.viewer import Viewer


def viewer_of(owner: Abonent | Contract | User) -> Viewer:
    """The viewer of an abonent, of a contract's abonent, or of an account."""
    if isinstance(owner, User):
        return Viewer(abonent=owner.abonent, user=owner)
    if isinstance(owner, Contract):
        return Viewer(abonent=owner.abonent)
    return Viewer(abonent=owner)
