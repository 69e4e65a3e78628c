"""The rules of an organisation's team: at least one active administrator; an invitation's life.

Pure functions over plain values; lk_portal.services.team applies them under a lock of the abonent.
"""

from __future__ import annotations

import datetime
import enum
from collections.abc import Iterable
from dataclasses import dataclass

from .roles import Role

INVITATION_DAYS = 5


class TeamError(Exception):
    """A change of the team the rules forbid; `message` is for the person who tried it."""

    def __init__(self, message: str, *, field: str | None = None):
        self.message = message
        self.field = field
        super().__init__(message)


class LastAdministrator(TeamError):
    def __init__(self):
        super().__init__(
            "В организации должен остаться хотя бы один действующий администратор. "
            "Сначала назначьте администратором другого пользователя."
        )


@dataclass(frozen=True)
class MemberState:
    id: int
    role: str
    active: bool


def administrators_after(members: Iterable[MemberState], *, change: MemberState) -> int:
    """How many active administrators the organisation has once `change` (a member's new role and state) is made."""
    count = 0
    for member in members:
        member = change if member.id == change.id else member
        count += member.active and member.role == Role.ADMIN
    return count


def administrator_remains(members: Iterable[MemberState], *, change: MemberState) -> None:
    """Raise LastAdministrator when the change would leave no active administrator."""
    if administrators_after(members, change=change) < 1:
        raise LastAdministrator()


def invitation_expires_at(created_at: datetime.datetime) -> datetime.datetime:
    return created_at + datetime.timedelta(days=INVITATION_DAYS)


class InvitationStatus(enum.Enum):
    OPEN = "open"
    ACCEPTED = "accepted"
    REVOKED = "revoked"
    EXPIRED = "expired"

    @property
    def label(self) -> str:
        return INVITATION_LABELS[self]


INVITATION_LABELS = {
    InvitationStatus.OPEN: "ожидает принятия",
    InvitationStatus.ACCEPTED: "принято",
    InvitationStatus.REVOKED: "отозвано",
    InvitationStatus.EXPIRED: "срок истек",
}


def invitation_status(
    *,
    expires_at: datetime.datetime,
    accepted_at: datetime.datetime | None,
    revoked_at: datetime.datetime | None,
    now: datetime.datetime,
) -> InvitationStatus:
    if accepted_at is not None:
        return InvitationStatus.ACCEPTED
    if revoked_at is not None:
        return InvitationStatus.REVOKED
    if now >= expires_at:
        return InvitationStatus.EXPIRED
    return InvitationStatus.OPEN
