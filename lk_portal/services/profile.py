"""Writes the abonent makes on its own account: profile contacts, e-mail change, password recovery."""

from django.db import transaction
from django.db.models import Q

from lk_portal.domain.roles import Capability, Role, role_require
from lk_portal.models import User
from lk_portal.tokens import email_change_token_read


def password_reset_users(*, identifier: str) -> list[User]:
    """Active abonent accounts matching an e-mail, an ИНН or a login (ИНН-КПП)."""
    identifier = (identifier or "").strip()
    if not identifier:
        return []
    if "@" in identifier:
        match = Q(email__iexact=identifier)
    else:
        # The ИНН names the organisation's first login, its administrators; other members use their e-mail.
        match = Q(username=identifier) | Q(abonent__inn=identifier, role=Role.ADMIN)
    users = User.objects.filter(match, state=User.ACTIVE, abonent__isnull=False, is_active=True)
    return [u for u in users if u.has_usable_password()]


@transaction.atomic
def password_reset_request(*, identifier: str) -> int:
    """A recovery letter to every matching account (through the outbox); the caller shows the same answer anyway."""
    from lk_portal.services.account_letters import password_reset_letter_enqueue

    users = password_reset_users(identifier=identifier)
    for user in users:
        password_reset_letter_enqueue(user=user)
    return len(users)


@transaction.atomic
def profile_update(
    *, user: User, payment_reminders: bool, contact_person: str | None = None, phone: str | None = None
) -> User:
    """The member's own settings; the organisation's contact person and phone when given (CHANGE_PROFILE)."""
    if contact_person is not None or phone is not None:
        role_require(user.role, Capability.CHANGE_PROFILE)
        abonent = user.abonent
        abonent.contact_person = abonent.contact_person if contact_person is None else contact_person
        abonent.phone = abonent.phone if phone is None else phone
        abonent.save(update_fields=["contact_person", "phone"])
    user.payment_reminders = payment_reminders
    user.save(update_fields=["payment_reminders"])
    return user


@transaction.atomic
def email_change_request(*, user: User, new_email: str) -> User:
    """Remember the new address and mail it a link; the old address stays until the link is opened."""
    from lk_portal.services.account_letters import email_change_letter_enqueue

    user.pending_email = new_email
    user.save(update_fields=["pending_email"])
    email_change_letter_enqueue(user=user, new_email=new_email)
    return user


@transaction.atomic
def email_change_confirm(*, token: str) -> User | None:
    """Apply the new address named by a valid, current link; None for a tampered, old or used link."""
    payload = email_change_token_read(token)
    if not payload:
        return None
    user = User.objects.select_for_update(of=("self",)).select_related("abonent").filter(pk=payload.get("u")).first()
    if user is None or user.pending_email != payload.get("n") or user.email != payload.get("o"):
        return None
    old_email = user.email
    user.email = user.pending_email
    user.pending_email = ""
    fields = ["email", "pending_email"]
    # An invited member logs in with its e-mail: the login follows the new address (when no one has it).
    new_login = user.email.lower()
    if user.username == old_email.lower() and not User.objects.filter(username__iexact=new_login).exists():
        user.username = new_login
        fields.append("username")
    user.save(update_fields=fields)
    # The organisation's address follows the member whose address it was (the first administrator's).
    if user.abonent_id and user.abonent.email.lower() == old_email.lower():
        user.abonent.email = user.email
        user.abonent.save(update_fields=["email"])
    return user
