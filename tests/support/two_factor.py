"""TOTP codes as an authenticator app would show them, and a user with the second step on."""

import time

from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

RECOVERY = ["abcdefgh", "ijklmnop"]


def totp_code(key: str, *, at: float | None = None) -> str:
    """The six digits an app shows for `key` (hex) now, or at the Unix time `at`."""
    totp = TOTP(bytes.fromhex(key), digits=6)
    totp.time = time.time() if at is None else at
    return f"{totp.token():06d}"


def two_factor_on(user) -> TOTPDevice:
    """A confirmed app device (never used yet) and two recovery codes, RECOVERY."""
    device = TOTPDevice.objects.create(user=user, name="app", key=random_hex(20), confirmed=True)
    static = StaticDevice.objects.create(user=user, name="codes", confirmed=True)
    StaticToken.objects.bulk_create(StaticToken(device=static, token=t) for t in RECOVERY)
    return device
