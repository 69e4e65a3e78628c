import datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lk_portal.exchange.values import (
    cell_text,
    normalize_title,
    parse_amount,
    parse_bool,
    parse_choice,
    parse_date,
    parse_day,
    parse_kpp,
    parse_percent,
    parse_period,
)
from lk_portal.formatting import format_money


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("7 220,27", "7220.27"),
        ("7220,27", "7220.27"),
        ("7220.27", "7220.27"),
        ("7\u00a0220,27", "7220.27"),
        ("7\u202f220,27", "7220.27"),
        ("-17,51", "-17.51"),
        ("16 503,48", "16503.48"),
        ("1 234 567,8", "1234567.80"),
        ("0", "0.00"),
        ("-0,00", "0.00"),
        ("  100  ", "100.00"),
        (7220, "7220.00"),
        (7220.27, "7220.27"),
        (Decimal("7220.27"), "7220.27"),
    ],
)
def test_amount_variants_become_exact_decimals(text, expected):
    value = parse_amount(text)
    assert isinstance(value, Decimal)
    assert value == Decimal(expected)
    assert str(value) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "abc",
        "7 220,275",
        "7,220.27",
        "72 20,27",
        "7220,",
        ",27",
        "1e3",
        "7220,27 руб",
        "--1",
        "+5",
        "NaN",
        "1" * 20,
    ],
)
def test_amount_refuses_what_it_cannot_read_exactly(text):
    with pytest.raises(ValueError):
        parse_amount(text)


def test_amount_from_float_cell_with_binary_noise_is_exact_or_refused():
    assert parse_amount(0.1 + 0.2) == Decimal("0.30")
    with pytest.raises(ValueError):
        parse_amount(0.125)
    with pytest.raises(ValueError):
        parse_amount(float("nan"))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("17.04.15", datetime.date(2015, 4, 17)),
        ("17.04.2015", datetime.date(2015, 4, 17)),
        ("2015-04-17", datetime.date(2015, 4, 17)),
        ("01.10.04", datetime.date(2004, 10, 1)),
        ("01.10.98", datetime.date(1998, 10, 1)),
        (datetime.datetime(2015, 4, 17), datetime.date(2015, 4, 17)),
        (datetime.date(2015, 4, 17), datetime.date(2015, 4, 17)),
    ],
)
def test_date_variants(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    "text", ["", "17/04/2015", "2015.04.17", "31.02.2015", "17.4.15", "17.04.015", "2015-4-17", "завтра", 42.0]
)
def test_date_refusals(text):
    with pytest.raises(ValueError):
        parse_date(text)


def test_date_with_time_is_refused():
    with pytest.raises(ValueError):
        parse_date(datetime.datetime(2015, 4, 17, 10, 30))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2015,04", datetime.date(2015, 4, 1)),
        ("2015-04", datetime.date(2015, 4, 1)),
        ("04.2015", datetime.date(2015, 4, 1)),
        (2015.04, datetime.date(2015, 4, 1)),
        (2015.1, datetime.date(2015, 10, 1)),
        (datetime.datetime(2015, 4, 1), datetime.date(2015, 4, 1)),
    ],
)
def test_period_variants(text, expected):
    assert parse_period(text) == expected


@pytest.mark.parametrize(
    "text", ["2015,13", "2015,4", "4.2015", "2015", "апрель 2015", "2015.04", datetime.date(2015, 4, 2)]
)
def test_period_refusals(text):
    with pytest.raises(ValueError):
        parse_period(text)


def test_small_parsers():
    assert parse_bool("1") is True and parse_bool("0") is False and parse_bool("") is False
    with pytest.raises(ValueError):
        parse_bool("да")
    assert parse_day("18") == 18
    with pytest.raises(ValueError):
        parse_day("32")
    assert parse_percent("35") == Decimal("35.00") and parse_percent("18%") == Decimal("18.00")
    with pytest.raises(ValueError):
        parse_percent("101")
    assert parse_kpp(16550100) == "016550100"  # an XLSX number lost its leading zero
    with pytest.raises(ValueError):
        parse_kpp("1655")


def test_names_match_whatever_their_case_spaces_and_yo():
    assert normalize_title("\ufeff  Отчётный\u00a0  ПЕРИОД ") == normalize_title("отчетный период") == "отчетный период"


def test_a_choice_is_named_in_any_case_and_spacing():
    choices = {"счет на оплату": "bill", "invoice": "invoice"}
    assert parse_choice("  СЧЁТ  на оплату ", choices=choices, hint="что-то") == "bill"
    with pytest.raises(ValueError, match="^ожидается счет$"):
        parse_choice("акт", choices=choices, hint="ожидается счет")


def test_cell_text_shows_a_cell_as_written():
    assert cell_text(None) == "" and cell_text(" 7,5 ") == " 7,5 " and cell_text(86) == "86"
    assert cell_text(datetime.datetime(2015, 4, 17)) == cell_text(datetime.date(2015, 4, 17)) == "17.04.2015"
    assert cell_text(datetime.datetime(2015, 4, 17, 9, 30)) == "2015-04-17 09:30:00"


# --- Properties: never crash on arbitrary text, never accept what cannot be read exactly -----

AMOUNT_ALPHABET = st.sampled_from(list("0123456789 ,.-\u00a0\u202fe+x"))


@given(st.text())
def test_amount_parser_never_crashes(text):
    try:
        value = parse_amount(text)
    except ValueError:
        return
    assert isinstance(value, Decimal)


@given(st.text(alphabet=AMOUNT_ALPHABET, max_size=20))
def test_accepted_amount_round_trips_to_its_canonical_text(text):
    try:
        value = parse_amount(text)
    except ValueError:
        return
    # The canonical form of the input: no group spaces, comma decimal, two decimals.
    canonical = text.strip()
    for space in " \u00a0\u202f":
        canonical = canonical.replace(space, "")
    canonical = canonical.replace(".", ",")
    whole, _, frac = canonical.partition(",")
    sign = "-" if whole.startswith("-") else ""
    digits = whole.lstrip("-").lstrip("0") or "0"
    if digits == "0" and not frac.strip("0"):
        sign = ""
    expected = f"{sign}{int(digits):,}".replace(",", " ") + "," + frac.ljust(2, "0")
    assert format_money(value) == expected
    assert value == value.quantize(Decimal("0.01"))


@given(st.integers(min_value=-(10**13) + 1, max_value=10**13 - 1))
def test_every_kopeck_amount_written_by_the_portal_reads_back(kopecks):
    value = Decimal(kopecks).scaleb(-2)
    assert parse_amount(format_money(value)) == value
    assert parse_amount(f"{value:.2f}") == value


@given(st.text())
def test_date_and_period_parsers_never_crash(text):
    for parser in (parse_date, parse_period):
        try:
            value = parser(text)
        except ValueError:
            continue
        assert isinstance(value, datetime.date)


@given(st.dates(min_value=datetime.date(1970, 1, 1), max_value=datetime.date(2068, 12, 31)))
def test_every_date_form_reads_back_exactly(day):
    assert parse_date(f"{day:%d.%m.%Y}") == day
    assert parse_date(f"{day:%d.%m.%y}") == day
    assert parse_date(day.isoformat()) == day
    first = day.replace(day=1)
    assert parse_period(f"{day.year},{day.month:02d}") == first
    assert parse_period(f"{day.year}-{day.month:02d}") == first
    assert parse_period(f"{day.month:02d}.{day.year}") == first


@given(st.text(alphabet=st.sampled_from(list("0123456789.-")), max_size=12))
def test_accepted_date_text_is_one_of_the_three_forms(text):
    try:
        value = parse_date(text)
    except ValueError:
        return
    assert text.strip() in {f"{value:%d.%m.%y}", f"{value:%d.%m.%Y}", value.isoformat()}
