from lk_portal.domain.two_factor import code_kind, code_normalise


def test_typed_codes_are_normalised_and_told_apart():
    assert code_normalise(" 123 456 ") == "123456"
    assert code_normalise("ABCD-EFGH") == "abcdefgh"
    assert code_kind("123456") == "totp"
    assert code_kind("abcdefgh") == "recovery"
    assert code_kind("12345") is None
    assert code_kind("abcdefg1") is None  # 1 is not in base32
    assert code_kind("") is None


def test_a_refusal_says_how_long_to_wait_when_throttled():
    from lk_portal.domain.two_factor import WRONG_CODE, wrong_code_text

    assert wrong_code_text(0) == WRONG_CODE
    assert "через 4 с" in wrong_code_text(4)
