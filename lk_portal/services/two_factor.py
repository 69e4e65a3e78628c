"""Two-factor login (issue 15, item 4): a TOTP device from an authenticator app and ten recovery codes.

django-otp keeps the devices and checks the codes (its throttling makes every wrong code double the
wait before the next one); this module decides which device a typed code is for, what turning the
second step on or off writes, and when the cabinet or the admin requires it.
"""

from __future__ import annotations

import math
import time
from base64 import b32encode
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_otp import verify_token
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

from lk_portal.domain.two_factor import TOTP_DIGITS, code_kind, code_normalise, wrong_code_text

RECOVERY_CODES = 10
# The code a person confirms the app with may be one step (30 s) early or late.
SETUP_TOLERANCE = 1


@dataclass(frozen=True)
class Enabled:
    device: TOTPDevice
    recovery_codes: list[str]


def totp_pending_key(session, slot: str) -> str:
    """The key being set up: made once and kept in the session under `slot` until a first code confirms it."""
    key = session.get(slot)
    if not key:
        key = session[slot] = totp_new_key()
    return key


def totp_new_key() -> str:
    """A fresh secret (hex, 20 bytes as RFC 4226 recommends) for a device not yet confirmed."""
    return random_hex(20)


def totp_config_url(user, key: str) -> str:
    """The otpauth:// address an authenticator app reads from the QR code."""
    return TOTPDevice(user=user, key=key, digits=TOTP_DIGITS).config_url


def totp_secret_text(key: str) -> str:
    """The secret in base32, in groups of four, for typing into an app by hand."""
    text = b32encode(bytes.fromhex(key)).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def two_factor_enabled(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def two_factor_enable(*, user, key: str, code: str) -> Enabled | None:
    """Confirm the app with its first code: the device is saved, old devices and codes are replaced.

    None when the code does not match the key (nothing is written).
    """
    code = code_normalise(code)
    if code_kind(code) != "totp":
        return None
    totp = TOTP(bytes.fromhex(key), digits=TOTP_DIGITS)
    totp.time = time.time()
    if not totp.verify(int(code), tolerance=SETUP_TOLERANCE):
        return None
    with transaction.atomic():
        _devices_delete(user)
        device = TOTPDevice.objects.create(
            user=user, name="Приложение-аутентификатор", key=key, digits=TOTP_DIGITS, confirmed=True, last_t=totp.t()
        )
        codes = _recovery_codes_create(user)
    return Enabled(device=device, recovery_codes=codes)


def recovery_codes_renew(user) -> list[str]:
    """Ten new recovery codes; the old ones stop working."""
    with transaction.atomic():
        StaticDevice.objects.filter(user=user).delete()
        return _recovery_codes_create(user)


def two_factor_disable(user) -> None:
    _devices_delete(user)


@dataclass(frozen=True)
class CodeCheck:
    device: object | None  # the device that accepted the code
    wait_seconds: int = 0  # > 0: the code was not even tried, django-otp's throttling asks to wait

    @property
    def refusal(self) -> str:
        return wrong_code_text(self.wait_seconds)


def two_factor_verify(*, user, code: str) -> CodeCheck:
    """Try `code` (the app's six digits, or an unused recovery code, which is spent) on the user's devices."""
    code = code_normalise(code)
    kind = code_kind(code)
    model = {"totp": TOTPDevice, "recovery": StaticDevice}.get(kind)
    if model is None:
        return CodeCheck(None)
    devices = list(model.objects.filter(user=user, confirmed=True))
    wait = _throttle_wait(devices)
    if wait:
        return CodeCheck(None, wait)
    for device in devices:
        verified = verify_token(user, device.persistent_id, code)
        if verified is not None:
            return CodeCheck(verified)
    return CodeCheck(None)


def _throttle_wait(devices) -> int:
    """Seconds until one of the devices takes a code again (0: one takes it now, or there are none)."""
    waits = []
    for device in devices:
        allowed, info = device.verify_is_allowed()
        if allowed:
            return 0
        until = (info or {}).get("locked_until")
        if until is not None:
            waits.append(max(1, math.ceil((until - timezone.now()).total_seconds())))
    return min(waits, default=0)


def cabinet_requires_two_factor(user) -> bool:
    """The member's organisation requires the second step of everyone."""
    abonent = getattr(user, "abonent", None)
    return bool(abonent and abonent.require_two_factor)


def admin_requires_two_factor(user) -> bool:
    return bool(settings.LK_STAFF_REQUIRE_2FA and user.is_authenticated)


def abonent_require_two_factor_set(*, abonent, required: bool) -> None:
    abonent.require_two_factor = required
    abonent.save(update_fields=["require_two_factor"])


def _devices_delete(user) -> None:
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()


def _recovery_codes_create(user) -> list[str]:
    device = StaticDevice.objects.create(user=user, name="Резервные коды", confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=token) for token in codes)
    return codes
