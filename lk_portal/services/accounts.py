"""The abonent account's life: registration by staff, the activation window, activation, blocking.

Dates of the window are Moscow calendar days: a letter sent on day D opens the link on
D+1 … D+5; an account still pending after D+5 is blocked (by the daily task and also at the
moment the link or the login is used).
"""

import copy
import datetime
import enum
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from lk_portal.domain.accounts import ACTIVATION_DAYS, ActivationWindow, RegistrationError, activation_window
from lk_portal.domain.roles import Role
from lk_portal.models import Abonent, Branch, User
from lk_portal.selectors.accounts import abonent_registration_conflict
from lk_portal.tokens import activation_key_split, activation_token

MOSCOW = ZoneInfo("Europe/Moscow")


def moscow_today() -> datetime.date:
    return timezone.now().astimezone(MOSCOW).date()


def account_login_for(*, inn: str, kpp: str) -> str:
    """The ИНН; `ИНН-КПП` where the ИНН already belongs to another abonent or login."""
    shared = Abonent.objects.filter(inn=inn).exclude(kpp=kpp).exists()
    if shared or User.objects.filter(username=inn).exists():
        return f"{inn}-{kpp}"
    return inn


@transaction.atomic
def abonent_register(
    *,
    inn: str,
    kpp: str,
    email: str,
    name: str = "",
    branch: Branch | None = None,
    contract_number: str = "",
    contact_person: str = "",
    phone: str = "",
) -> User:
    """Create the pending account of an abonent (taken from the billing import when it is there).

    The activation letter is stored in the outbox and sent after the transaction commits.
    """
    conflict = abonent_registration_conflict(inn=inn, kpp=kpp, contract_number=contract_number)
    if conflict:
        raise conflict
    abonent = Abonent.objects.select_for_update().filter(inn=inn, kpp=kpp).first()
    if abonent is None:
        if not name:
            raise RegistrationError("Укажите полное наименование абонента.", field="name")
        if branch is None:
            raise RegistrationError("Выберите филиал.", field="branch")
        abonent = Abonent.objects.create(
            inn=inn, kpp=kpp, name=name, branch=branch, email=email, contact_person=contact_person, phone=phone
        )
    else:
        # The billing system stays the master of the name and branch; the application gives contacts.
        abonent.email = email
        abonent.contact_person = contact_person or abonent.contact_person
        abonent.phone = phone or abonent.phone
        abonent.save(update_fields=["email", "contact_person", "phone"])
    user = User(
        username=account_login_for(inn=inn, kpp=kpp),
        email=email,
        abonent=abonent,
        role=Role.ADMIN,  # the account from the signed application: the organisation's first administrator
        state=User.PENDING,
        is_active=True,
    )
    user.set_unusable_password()
    user.save()
    activation_letter_send(user=user, new_window=True)
    return user


@transaction.atomic
def activation_letter_send(*, user: User, new_window: bool = False) -> User:
    """Store the activation letter in the outbox (sent after the commit). A new window starts today;
    otherwise the letter repeats the old one."""
    if user.state != User.PENDING and not new_window:
        raise RegistrationError("Письмо активации отправляется только учетной записи, ожидающей активации.")
    if new_window or user.activation_sent_on is None:
        user.activation_sent_on = moscow_today()
        user.save(update_fields=["activation_sent_on"])
    from lk_portal.services.account_letters import activation_letter_enqueue

    activation_letter_enqueue(user=user)
    return user


@transaction.atomic
def account_reregister(*, user: User) -> User:
    """«Зарегистрировать повторно»: pending again, a new letter and a new window from today."""
    user.state = User.PENDING
    user.blocked_at = None
    user.activated_at = None
    user.activation_sent_on = moscow_today()
    user.save(update_fields=["state", "blocked_at", "activated_at", "activation_sent_on"])
    return activation_letter_send(user=user)


def account_block(*, user: User) -> User:
    user.state = User.BLOCKED
    user.blocked_at = timezone.now()
    user.save(update_fields=["state", "blocked_at"])
    return user


def account_is_expired(*, user: User, today: datetime.date | None = None) -> bool:
    if user.state != User.PENDING or user.activation_sent_on is None:
        return False
    today = today or moscow_today()
    return activation_window(sent_on=user.activation_sent_on).has_ended(today)


def account_block_if_expired(*, user: User, today: datetime.date | None = None) -> bool:
    """The auto-block rule applied at the moment of use; True when it blocked the account now."""
    if account_is_expired(user=user, today=today):
        account_block(user=user)
        return True
    return False


def account_block_if_expired_at_login(*, username: str, today: datetime.date | None = None) -> bool:
    """The auto-block rule when a login is tried (a stopped worker keeps nothing alive); True if it blocked now."""
    username = (username or "").strip()
    user = User.objects.filter(username=username, state=User.PENDING).first() if username else None
    return account_block_if_expired(user=user, today=today) if user else False


def accounts_block_expired(*, today: datetime.date | None = None) -> int:
    """Block every account still pending after the last day of its window; returns how many."""
    today = today or moscow_today()
    cutoff = today - datetime.timedelta(days=ACTIVATION_DAYS)
    return User.objects.filter(state=User.PENDING, activation_sent_on__lt=cutoff).update(
        state=User.BLOCKED, blocked_at=timezone.now()
    )


class ActivationStatus(enum.Enum):
    OK = "ok"
    TOO_EARLY = "too_early"
    EXPIRED = "expired"
    BLOCKED = "blocked"
    USED = "used"
    INVALID = "invalid"


@dataclass(frozen=True)
class ActivationCheck:
    status: ActivationStatus
    user: User | None = None
    window: ActivationWindow | None = None

    @property
    def ok(self) -> bool:
        return self.status is ActivationStatus.OK


def activation_check(*, key: str, today: datetime.date | None = None) -> ActivationCheck:
    """What an activation link can do now: work, wait for D+1, or explain why it no longer works."""
    user_id, token = activation_key_split(key)
    user = User.objects.select_related("abonent__branch").filter(pk=user_id).first() if user_id else None
    if user is None or user.abonent_id is None:
        return ActivationCheck(ActivationStatus.INVALID)
    today = today or moscow_today()
    window = activation_window(sent_on=user.activation_sent_on) if user.activation_sent_on else None
    if user.state == User.ACTIVE:
        # Activation changed the password and the state that the link's hash held, so it can no
        # longer be verified; for an activated account any activation link is a used one.
        return ActivationCheck(ActivationStatus.USED if user.activated_at else ActivationStatus.INVALID, user, window)
    if user.state == User.BLOCKED:
        status = ActivationStatus.EXPIRED if _issued_while_pending(user, token) else ActivationStatus.BLOCKED
        return ActivationCheck(status, user, window)
    # Pending: the link must be the one of the current window.
    if activation_token.signature_timestamp(user, token) is None or window is None:
        return ActivationCheck(ActivationStatus.INVALID, user, window)
    if account_block_if_expired(user=user, today=today):
        return ActivationCheck(ActivationStatus.EXPIRED, user, window)
    if not window.has_begun(today):
        return ActivationCheck(ActivationStatus.TOO_EARLY, user, window)
    if not activation_token.check_token(user, token):
        return ActivationCheck(ActivationStatus.EXPIRED, user, window)
    return ActivationCheck(ActivationStatus.OK, user, window)


def _issued_while_pending(user: User, token: str) -> bool:
    """Was the token made for this account while it was pending in its current window?"""
    pending = copy.copy(user)
    pending.state = User.PENDING
    pending.activated_at = None
    return activation_token.signature_timestamp(pending, token) is not None


@transaction.atomic
def account_activate(*, user: User, password: str) -> User:
    """Set the password chosen on the activation page; the account becomes active."""
    user.set_password(password)
    user.state = User.ACTIVE
    user.activated_at = timezone.now()
    user.blocked_at = None
    user.save(update_fields=["password", "state", "activated_at", "blocked_at"])
    return user
