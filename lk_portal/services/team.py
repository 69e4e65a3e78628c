"""Writes of an organisation's team (issue 15): invitations, roles and scopes, blocking.

The cabinet's «Пользователи» page (administrators, Capability.MANAGE_TEAM) and staff in Wagtail admin call
the same functions; each change of members runs under a lock of the abonent's row, so two administrators
demoting each other at once cannot leave the organisation without one (domain.team.administrator_remains).
"""

import secrets
from collections.abc import Collection

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from lk_portal.domain.roles import Role
from lk_portal.domain.team import (
    InvitationStatus,
    MemberState,
    TeamError,
    administrator_remains,
    invitation_expires_at,
    invitation_status,
)
from lk_portal.models import Abonent, Contract, Invitation, User
from lk_portal.selectors.team import email_in_use, invitation_by_key, invitation_key_hash, team_member_states
from lk_portal.services.outbox import letter_enqueue, site_url


def _lock(abonent: Abonent) -> Abonent:
    return Abonent.objects.select_for_update().get(pk=abonent.pk)


def _scope(*, abonent: Abonent, role: str, contract_ids: Collection[int]) -> list[Contract]:
    """The contracts a member of `role` is limited to: none for an administrator (it sees all)."""
    if role not in set(Role):
        raise TeamError("Выберите роль из списка.", field="role")
    if role == Role.ADMIN or not contract_ids:
        return []
    contracts = list(Contract.objects.filter(abonent=abonent, pk__in=set(contract_ids)))
    if len(contracts) != len(set(contract_ids)):
        raise TeamError("Выберите договоры вашей организации из списка.", field="contracts")
    return contracts


def invitation_link(key: str) -> str:
    return site_url(reverse("lk:invitation_accept", args=[key]))


@transaction.atomic
def invitation_create(
    *,
    abonent: Abonent,
    email: str,
    role: str,
    contract_ids: Collection[int] = (),
    full_name: str = "",
    by: User | None = None,
) -> Invitation:
    """Invite a person by e-mail: the letter with a single-use link valid for five days goes through the outbox.

    An open invitation to the same address in this organisation is replaced by the new one.
    """
    email = email.strip()
    abonent = _lock(abonent)
    if email_in_use(abonent=abonent, email=email):
        raise TeamError(
            f"Адрес {email} уже используется для входа в личный кабинет. Укажите другой адрес.", field="email"
        )
    contracts = _scope(abonent=abonent, role=role, contract_ids=contract_ids)
    now = timezone.now()
    Invitation.objects.filter(
        abonent=abonent, email__iexact=email, accepted_at__isnull=True, revoked_at__isnull=True
    ).update(revoked_at=now)
    key = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        abonent=abonent,
        email=email,
        full_name=full_name.strip(),
        role=role,
        key_hash=invitation_key_hash(key),
        invited_by=by,
        created_at=now,
        expires_at=invitation_expires_at(now),
    )
    invitation.contracts.set(contracts)
    letter_enqueue(
        kind="invitation",
        template="invitation",
        to=email,
        context={
            "abonent": abonent,
            "invitation": invitation,
            "role": Role(role).label,
            "contracts": contracts,
            "link": invitation_link(key),
            "by": by,
        },
        abonent=abonent,
        confidential=True,
    )
    return invitation


@transaction.atomic
def invitation_revoke(*, invitation: Invitation) -> Invitation:
    if invitation.accepted_at is not None:
        raise TeamError("Приглашение уже принято: пользователя можно заблокировать в списке.")
    if invitation.revoked_at is None:
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
    return invitation


def invitation_check(key: str) -> tuple[InvitationStatus | None, Invitation | None]:
    """What an invitation link can do now; (None, None) for a link that names no invitation."""
    invitation = invitation_by_key(key)
    if invitation is None:
        return None, None
    status = invitation_status(
        expires_at=invitation.expires_at,
        accepted_at=invitation.accepted_at,
        revoked_at=invitation.revoked_at,
        now=timezone.now(),
    )
    return status, invitation


@transaction.atomic
def invitation_accept(*, invitation: Invitation, password: str) -> User:
    """The invited person's account: active, logging in with the invitation's e-mail and this password."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    status = invitation_status(
        expires_at=invitation.expires_at,
        accepted_at=invitation.accepted_at,
        revoked_at=invitation.revoked_at,
        now=timezone.now(),
    )
    if status is not InvitationStatus.OPEN:
        raise TeamError(INVITATION_REFUSED[status])
    login = invitation.email.lower()
    if User.objects.filter(username__iexact=login).exists():
        raise TeamError(f"Адрес {invitation.email} уже используется для входа. Попросите прислать новое приглашение.")
    last, _, first = invitation.full_name.partition(" ")
    user = User(
        username=login,
        email=invitation.email,
        abonent_id=invitation.abonent_id,
        role=invitation.role,
        state=User.ACTIVE,
        activated_at=timezone.now(),
        last_name=last[:150],
        first_name=first[:150],
    )
    user.set_password(password)
    user.save()
    user.contracts.set(invitation.contracts.all())
    invitation.accepted_at = timezone.now()
    invitation.member = user
    invitation.save(update_fields=["accepted_at", "member"])
    return user


INVITATION_REFUSED = {
    InvitationStatus.ACCEPTED: "Приглашение уже принято. Войдите в личный кабинет с адресом электронной почты и паролем.",
    InvitationStatus.REVOKED: "Приглашение отозвано администратором организации.",
    InvitationStatus.EXPIRED: "Срок действия приглашения истек. Попросите администратора организации прислать новое.",
}


def _member_change(*, abonent: Abonent, member: User, role: str, active: bool) -> None:
    if member.abonent_id != abonent.pk:
        raise TeamError("Пользователь не найден.")
    states = team_member_states(abonent=abonent)
    administrator_remains(states, change=MemberState(id=member.pk, role=role, active=active))


@transaction.atomic
def member_update(*, abonent: Abonent, member: User, role: str, contract_ids: Collection[int] = ()) -> User:
    """A member's new role and contract scope (an administrator sees every contract)."""
    abonent = _lock(abonent)
    contracts = _scope(abonent=abonent, role=role, contract_ids=contract_ids)
    _member_change(abonent=abonent, member=member, role=role, active=member.state == User.ACTIVE)
    member.role = role
    member.save(update_fields=["role"])
    member.contracts.set(contracts)
    return member


@transaction.atomic
def member_block(*, abonent: Abonent, member: User, by: User | None = None) -> User:
    """The member can no longer log in; its open sessions end at their next request."""
    abonent = _lock(abonent)
    if by is not None and by.pk == member.pk:
        raise TeamError("Свою учетную запись заблокировать нельзя.")
    _member_change(abonent=abonent, member=member, role=member.role, active=False)
    member.state = User.BLOCKED
    member.blocked_at = timezone.now()
    member.save(update_fields=["state", "blocked_at"])
    return member


@transaction.atomic
def member_unblock(*, abonent: Abonent, member: User) -> User:
    abonent = _lock(abonent)
    if member.abonent_id != abonent.pk:
        raise TeamError("Пользователь не найден.")
    if member.state != User.BLOCKED:
        return member
    if not member.has_usable_password():
        raise TeamError(
            "Учетная запись еще не была активирована: разблокировать ее может только филиал, "
            "зарегистрировав ее повторно."
        )
    member.state = User.ACTIVE
    member.blocked_at = None
    member.save(update_fields=["state", "blocked_at"])
    return member
