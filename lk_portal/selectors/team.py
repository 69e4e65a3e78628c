"""Reads of an organisation's team: its members, its open invitations, an invitation by its link's key."""

import hashlib

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from lk_portal.domain.errors import NotFound
from lk_portal.domain.team import MemberState
from lk_portal.models import Abonent, Contract, Invitation, User

_CONTRACTS = Prefetch("contracts", queryset=Contract.objects.order_by("start_date", "number"))


def invitation_key_hash(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


def team_member_list(*, abonent: Abonent) -> QuerySet[User]:
    """The organisation's members in the order they joined, each with its contract scope prefetched."""
    return User.objects.filter(abonent=abonent).prefetch_related(_CONTRACTS).order_by("pk")


def team_member_get(*, abonent: Abonent, pk) -> User:
    """A member of this organisation; NotFound for another organisation's or a missing one."""
    member = User.objects.filter(abonent=abonent, pk=pk).prefetch_related(_CONTRACTS).first()
    if member is None:
        raise NotFound("Пользователь не найден.")
    return member


def team_member_states(*, abonent: Abonent) -> list[MemberState]:
    """Each member's role and whether it is active, for the rule «at least one active administrator»."""
    rows = User.objects.filter(abonent=abonent).values_list("pk", "role", "state")
    return [MemberState(id=pk, role=role, active=state == User.ACTIVE) for pk, role, state in rows]


def team_invitation_list(*, abonent: Abonent) -> QuerySet[Invitation]:
    """Invitations not yet accepted, revoked or expired, newest first."""
    return Invitation.objects.filter(
        abonent=abonent, accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
    ).prefetch_related(_CONTRACTS)


def team_invitation_get(*, abonent: Abonent, pk) -> Invitation:
    invitation = Invitation.objects.filter(abonent=abonent, pk=pk).first()
    if invitation is None:
        raise NotFound("Приглашение не найдено.")
    return invitation


def invitation_by_key(key: str) -> Invitation | None:
    if not key or len(key) > 200:
        return None
    return (
        Invitation.objects.select_related("abonent__branch")
        .prefetch_related(_CONTRACTS)
        .filter(key_hash=invitation_key_hash(key))
        .first()
    )


def email_in_use(*, abonent: Abonent, email: str) -> bool:
    """Does an account log in with this address already, or a member of this organisation have it?"""
    email = email.strip()
    return (
        User.objects.filter(username__iexact=email).exists()
        or User.objects.filter(abonent=abonent, email__iexact=email).exists()
    )
