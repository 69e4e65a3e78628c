"""Signed, stateless tokens for the links the portal mails.

Activation: a PasswordResetTokenGenerator with its own salt and the activation state in the
hash, so a link stops working once it is used, or once staff re-register the account. The
D+1 … D+5 window is checked on top of it (lk_portal.services.accounts).

E-mail change: a signed value naming the account, the new and the current address.
"""

from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core import signing
from django.utils.crypto import constant_time_compare
from django.utils.encoding import force_bytes, force_str
from django.utils.http import base36_to_int, urlsafe_base64_decode, urlsafe_base64_encode


class ActivationTokenGenerator(PasswordResetTokenGenerator):
    key_salt = "lk_portal.tokens.ActivationTokenGenerator"
    # Long enough to cover the D+1 … D+5 window from any hour of day D; the window itself is
    # checked against the Moscow calendar.
    timeout = 8 * 24 * 3600

    def _make_hash_value(self, user, timestamp):
        return (
            f"{user.pk}|{user.password}|{user.state}|{user.activated_at}|{user.activation_sent_on}"
            f"|{user.email}|{timestamp}"
        )

    def signature_timestamp(self, user, token) -> int | None:
        """The token's timestamp if it was made by us for this user in its current state."""
        if not (user and token):
            return None
        try:
            ts_b36, _ = token.split("-")
            ts = base36_to_int(ts_b36)
        except ValueError:
            return None
        for secret in [self.secret, *self.secret_fallbacks]:
            if constant_time_compare(self._make_token_with_timestamp(user, ts, secret), token):
                return ts
        return None

    def check_token(self, user, token):
        # The parent compares the age against PASSWORD_RESET_TIMEOUT (recovery links); ours differs.
        ts = self.signature_timestamp(user, token)
        return ts is not None and (self._num_seconds(self._now()) - ts) <= self.timeout


activation_token = ActivationTokenGenerator()


def activation_key_make(user) -> str:
    """One path segment: "<uidb64>-<token>" (uidb64 of a numeric pk never contains "-")."""
    return f"{urlsafe_base64_encode(force_bytes(user.pk))}-{activation_token.make_token(user)}"


def activation_key_split(key: str) -> tuple[int | None, str]:
    uidb64, _, token = (key or "").partition("-")
    try:
        return int(force_str(urlsafe_base64_decode(uidb64))), token
    except (TypeError, ValueError, OverflowError):
        return None, token


EMAIL_CHANGE_SALT = "lk_portal.tokens.email_change"
EMAIL_CHANGE_MAX_AGE = 3 * 24 * 3600


def email_change_token_make(*, user_id: int, new_email: str, old_email: str) -> str:
    return signing.dumps({"u": user_id, "n": new_email, "o": old_email}, salt=EMAIL_CHANGE_SALT, compress=True)


def email_change_token_read(token: str) -> dict | None:
    """The signed payload, or None when tampered or older than three days."""
    try:
        return signing.loads(token, salt=EMAIL_CHANGE_SALT, max_age=EMAIL_CHANGE_MAX_AGE)
    except signing.BadSignature:
        return None
