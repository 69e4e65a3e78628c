import pytest
from django.core.exceptions import ValidationError

from lk_portal.requisites import validate_inn, validate_kpp


@pytest.mark.parametrize("inn", ["7707083893", "1655123453", "500100732259"])
def test_valid_inn(inn):
    validate_inn(inn)


@pytest.mark.parametrize(
    ("inn", "code", "words"),
    [
        ("7707083890", "inn_checksum", "контрольное число"),
        ("12345", "inn_length", "10 цифр"),
        ("77070838931", "inn_length", "12 цифр"),
        ("77О7083893", "inn_format", "только из цифр"),
        ("", "inn_format", "только из цифр"),
    ],
)
def test_invalid_inn_says_why_in_russian(inn, code, words):
    with pytest.raises(ValidationError) as exc:
        validate_inn(inn)
    assert exc.value.code == code
    assert words in exc.value.messages[0]


@pytest.mark.parametrize("kpp", ["165501001", "7707AB001", "772801001"])
def test_valid_kpp(kpp):
    validate_kpp(kpp)


@pytest.mark.parametrize("kpp", ["16550100", "1655010011", "16550100A", "1655ab001", "АБВГДЕЁЖЗ"])
def test_invalid_kpp(kpp):
    with pytest.raises(ValidationError) as exc:
        validate_kpp(kpp)
    assert "9 символов" in exc.value.messages[0]
