import datetime
from decimal import Decimal

import pytest

from lk_portal.formatting import format_date, format_money, format_period, format_quantity


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Decimal("7220.27"), "7 220,27"),
        (Decimal("-17.51"), "-17,51"),
        (Decimal("0"), "0,00"),
        (Decimal("1000000"), "1 000 000,00"),
        (Decimal("999.995"), "1 000,00"),
        (None, ""),
    ],
)
def test_money_is_written_the_russian_way(value, text):
    assert format_money(value) == text


def test_dates_and_periods():
    assert format_date(datetime.date(2015, 4, 17)) == "17.04.2015"
    assert format_period(datetime.date(2015, 4, 1)) == "2015,04"
    assert format_date(None) == ""


def test_a_moment_is_written_in_moscow_time():
    import datetime as dt

    from lk_portal.formatting import DATETIME, format_datetime, format_value

    moment = dt.datetime(2026, 11, 30, 23, 30, 5, tzinfo=dt.UTC)
    assert format_datetime(moment) == "01.12.2026 02:30:05"
    assert format_value(DATETIME, moment) == "01.12.2026 02:30:05"
    assert format_datetime(None) == ""


def test_quantities_read_as_russian_numbers():
    assert format_quantity(Decimal("1110.5")) == "1 110,500"
    assert format_quantity(Decimal("-13.2"), places=1) == "-13,2"
    assert format_quantity(Decimal("1234567.0004")) == "1 234 567,000"
    assert format_quantity(None) == "" and format_quantity(Decimal("744"), places=1) == "744,0"
