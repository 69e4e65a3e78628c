import re

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError


class LatinLettersAndDigitsValidator:
    """The guide's rule: a password combines Latin letters and digits."""

    def validate(self, password, user=None):
        if not re.search(r"[A-Za-z]", password or "") or not re.search(r"\d", password or ""):
            raise ValidationError(
                "Пароль должен содержать и латинские буквы, и цифры.", code="password_latin_and_digits"
            )

    def get_help_text(self):
        return "Пароль должен содержать и латинские буквы, и цифры."


KPP_RE = re.compile(r"^\d{4}[\dA-Z]{2}\d{3}$")


def validate_inn(value: str) -> str:
    """An organisation's (10 digits) or a person's (12 digits) ИНН with its official check digits."""
    from stdnum.exceptions import InvalidChecksum, InvalidFormat, InvalidLength
    from stdnum.ru import inn

    value = (value or "").strip()
    if not value.isdigit():
        raise ValidationError("ИНН должен состоять только из цифр.", code="inn_digits")
    try:
        return inn.validate(value)
    except InvalidLength:
        raise ValidationError(
            "ИНН должен содержать 10 цифр (организация) или 12 цифр (индивидуальный предприниматель).",
            code="inn_length",
        ) from None
    except InvalidChecksum:
        raise ValidationError(
            "ИНН не прошел проверку контрольного числа. Проверьте, нет ли опечатки.", code="inn_checksum"
        ) from None
    except InvalidFormat:
        raise ValidationError("ИНН должен состоять только из цифр.", code="inn_digits") from None


def validate_kpp(value: str) -> str:
    """КПП: 9 characters NNNNXXNNN, where XX are digits or Latin capitals."""
    value = (value or "").strip()
    if len(value) != 9:
        raise ValidationError("КПП должен содержать 9 символов.", code="kpp_length")
    if not KPP_RE.match(value):
        raise ValidationError(
            "КПП указан неверно: 4 цифры, затем 2 цифры или заглавные латинские буквы, затем 3 цифры "
            "(например, 165501001).",
            code="kpp_format",
        )
    return value


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django's rule with a plainer Russian message than its translation («состоять из как минимум»)."""

    def get_error_message(self):
        return f"Пароль слишком короткий: нужно не менее {self.min_length} символов."

    def get_help_text(self):
        return f"Пароль должен содержать не менее {self.min_length} символов."
