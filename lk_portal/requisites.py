"""Validation of an organisation's requisites (ИНН, КПП) with Russian messages."""

import re

from django.core.exceptions import ValidationError
from stdnum.exceptions import InvalidChecksum, InvalidLength
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.ru import inn as stdnum_inn

# КПП: 4 digits (tax office code), 2 digits or capital Latin letters (reason), 3 digits (number).
KPP_RE = re.compile(r"^\d{4}[\dA-Z]{2}\d{3}$")


def validate_inn(value: str) -> None:
    value = (value or "").strip()
    if not value.isdigit():
        raise ValidationError("ИНН состоит только из цифр.", code="inn_format")
    try:
        stdnum_inn.validate(value)
    except InvalidLength:
        raise ValidationError(
            "ИНН должен содержать 10 цифр (организация) или 12 цифр (индивидуальный предприниматель).",
            code="inn_length",
        ) from None
    except InvalidChecksum:
        raise ValidationError(
            "Неверный ИНН: не сходится контрольное число. Проверьте, не пропущена ли или не переставлена ли цифра.",
            code="inn_checksum",
        ) from None
    except StdnumError:
        raise ValidationError("Неверный ИНН.", code="inn_invalid") from None


def validate_kpp(value: str) -> None:
    if not KPP_RE.match((value or "").strip()):
        raise ValidationError(
            "КПП — 9 символов: 4 цифры, затем 2 цифры или заглавные латинские буквы, затем 3 цифры "
            "(например, 165501001).",
            code="kpp_format",
        )
