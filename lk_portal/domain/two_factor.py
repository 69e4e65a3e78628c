"""What a typed second-step code is: the app's six digits or a recovery code of eight letters and digits."""

import re

TOTP_DIGITS = 6
RECOVERY_CODE_LENGTH = 8
TOTP_CODE = re.compile(rf"\d{{{TOTP_DIGITS}}}")
# django-otp's StaticToken.random_token(): base32 of five random bytes, in lower case.
RECOVERY_CODE = re.compile(rf"[a-z2-7]{{{RECOVERY_CODE_LENGTH}}}")


def code_normalise(raw: str) -> str:
    """What a person typed, without spaces and dashes, recovery codes in lower case."""
    return re.sub(r"[\s-]+", "", raw or "").lower()


def code_kind(code: str) -> str | None:
    """«totp», «recovery» or None for a normalised code."""
    if TOTP_CODE.fullmatch(code):
        return "totp"
    if RECOVERY_CODE.fullmatch(code):
        return "recovery"
    return None


WRONG_CODE = "Неверный код. Введите новый код из приложения или неиспользованный резервный код."


def wrong_code_text(wait_seconds: int = 0) -> str:
    """Why a code did not open the door: wrong, or tried too soon after wrong ones."""
    if wait_seconds > 0:
        return (
            f"Слишком много неверных кодов подряд. Следующий код можно ввести через {wait_seconds} с "
            "(пауза растет с каждым неверным кодом)."
        )
    return WRONG_CODE
