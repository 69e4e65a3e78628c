"""The letters of the account's life, rendered from templates/emails/ and sent (called by huey tasks)."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from lk_portal.domain.accounts import activation_window
from lk_portal.models import User
from lk_portal.tokens import activation_key_make, email_change_token_make


def site_url(path: str = "/") -> str:
    return settings.LK_SITE_ADDRESS.rstrip("/") + path


def site_host() -> str:
    """The site address as people read it: «lk.tatgencom.ru»."""
    parts = urlsplit(settings.LK_SITE_ADDRESS)
    return parts.netloc or settings.LK_SITE_ADDRESS


def _send(*, template: str, to: str, context: dict) -> None:
    context = {**context, "site_url": site_url("/"), "site_host": site_host()}
    subject = " ".join(render_to_string(f"emails/{template}_subject.txt", context).split())
    body = render_to_string(f"emails/{template}.txt", context)
    send_mail(subject, body, None, [to])


def activation_link(*, user: User) -> str:
    return site_url(reverse("lk:activate", args=[activation_key_make(user)]))


def activation_letter_deliver(*, user: User) -> None:
    if user.state != User.PENDING or not user.email or not user.activation_sent_on:
        return
    _send(
        template="activation",
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


def password_reset_letter_deliver(*, user: User) -> None:
    if user.state != User.ACTIVE or not user.email:
        return
    _send(
        template="password_reset",
        to=user.email,
        context={"user": user, "abonent": user.abonent, "link": password_reset_link(user=user)},
    )


def email_change_letter_deliver(*, user: User, new_email: str) -> None:
    if user.pending_email != new_email:
        return  # superseded by a later request
    token = email_change_token_make(user_id=user.pk, new_email=new_email, old_email=user.email)
    _send(
        template="email_change",
        to=new_email,
        context={
            "user": user,
            "abonent": user.abonent,
            "new_email": new_email,
            "link": site_url(reverse("lk:email_confirm", args=[token])),
        },
    )
