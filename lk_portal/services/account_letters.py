"""The letters of the account's life, rendered from templates/emails/ and stored in the outbox.

Each is called inside the action's transaction; the outbox sends the letter after the commit.
"""

from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from config.site import site_host, site_url
from lk_portal.domain.accounts import activation_window
from lk_portal.models import OutgoingLetter, User
from lk_portal.services.outbox import letter_enqueue
from lk_portal.tokens import activation_key_make, email_change_token_make

__all__ = [
    "activation_letter_enqueue",
    "activation_link",
    "email_change_letter_enqueue",
    "password_reset_letter_enqueue",
    "password_reset_link",
    "site_host",
    "site_url",
]


def _enqueue(*, kind: str, user: User, to: str, context: dict) -> OutgoingLetter:
    # Each letter holds a link that sets a password or the login address: staff see its state, not its text,
    # and a newer letter of the kind replaces the account's unsent one (its link is older or void).
    return letter_enqueue(
        kind=kind, template=kind, to=to, context=context, user=user, supersede=True, confidential=True
    )


def activation_link(*, user: User) -> str:
    return site_url(reverse("lk:activate", args=[activation_key_make(user)]))


def activation_letter_enqueue(*, user: User) -> OutgoingLetter | None:
    if user.state != User.PENDING or not user.email or not user.activation_sent_on:
        return None
    return _enqueue(
        kind="activation",
        user=user,
        to=user.email,
        context={
            "user": user,
            "abonent": user.abonent,
            "link": activation_link(user=user),
            "window": activation_window(sent_on=user.activation_sent_on),
        },
    )


def password_reset_link(*, user: User) -> str:
    uidb64 = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return site_url(reverse("lk:password_reset_confirm", args=[uidb64, token]))


def password_reset_letter_enqueue(*, user: User) -> OutgoingLetter | None:
    if user.state != User.ACTIVE or not user.email:
        return None
    return _enqueue(
        kind="password_reset",
        user=user,
        to=user.email,
        context={"user": user, "abonent": user.abonent, "link": password_reset_link(user=user)},
    )


def email_change_letter_enqueue(*, user: User, new_email: str) -> OutgoingLetter | None:
    if user.pending_email != new_email:
        return None  # superseded by a later request
    token = email_change_token_make(user_id=user.pk, new_email=new_email, old_email=user.email)
    return _enqueue(
        kind="email_change",
        user=user,
        to=new_email,
        context={
            "user": user,
            "abonent": user.abonent,
            "new_email": new_email,
            "link": site_url(reverse("lk:email_confirm", args=[token])),
        },
    )
