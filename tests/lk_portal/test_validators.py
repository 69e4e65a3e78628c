import pytest
from django.core.exceptions import ValidationError

from lk_portal.validators import validate_inn, validate_kpp


@pytest.mark.parametrize("value", ["7707083893", "500100732259", " 7707083893 "])
def test_valid_inn(value):
    assert validate_inn(value) == value.strip()


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("7707083894", "inn_checksum"),
        ("500100732250", "inn_checksum"),
        ("12345", "inn_length"),
        ("77O7083893", "inn_digits"),
    ],
)
def test_invalid_inn(value, code):
    with pytest.raises(ValidationError) as error:
        validate_inn(value)
    assert error.value.code == code


@pytest.mark.parametrize("value", ["773601001", "7736AB001", "165501001"])
def test_valid_kpp(value):
    assert validate_kpp(value) == value


@pytest.mark.parametrize("value", ["77360100", "7736010011", "77360100A", "A73601001", "7736ab001"])
def test_invalid_kpp(value):
    with pytest.raises(ValidationError):
        validate_kpp(value)
