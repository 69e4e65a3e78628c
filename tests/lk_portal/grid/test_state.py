import datetime
from decimal import Decimal

import pytest
from django.http import QueryDict

from lk_portal.grid import grid_state_parse
from lk_portal.grid.state import parse_amount, parse_date, parse_period
from lk_portal.grids import PAYMENTS_GRID


def parse(query: str):
    return grid_state_parse(QueryDict(query), definition=PAYMENTS_GRID)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2015-04-17", datetime.date(2015, 4, 17)),
        ("17.04.2015", datetime.date(2015, 4, 17)),
        ("17.04.15", datetime.date(2015, 4, 17)),
        ("31.02.2015", None),
        ("вчера", None),
    ],
)
def test_parse_date(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2015-04", datetime.date(2015, 4, 1)),
        ("2015,04", datetime.date(2015, 4, 1)),
        ("04.2015", datetime.date(2015, 4, 1)),
        ("2015-13", None),
        ("апрель", None),
    ],
)
def test_parse_period(text, expected):
    assert parse_period(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("7 220,27", Decimal("7220.27")),
        ("7\u00a0220.27", Decimal("7220.27")),
        ("-17,51", Decimal("-17.51")),
        ("NaN", None),
        ("1e", None),
    ],
)
def test_parse_amount(text, expected):
    assert parse_amount(text) == expected


def test_full_state_round_trip():
    state = parse(
        "sort=-amount,date,bogus&q=+аванс+&group=period,purpose,kind&page=2&per_page=50"
        "&f_date_from=01.01.2015&f_amount_to=100&f_kind=Аванс&contract=5"
    )
    assert state.sort == [("amount", True), ("date", False)]
    assert state.q == "аванс"
    assert state.group == ["period", "kind"]  # purpose is not groupable
    assert (state.page, state.per_page) == (2, 50)
    assert state.filters == {
        "date": {"from": datetime.date(2015, 1, 1)},
        "amount": {"to": Decimal("100")},
        "kind": {"value": "Аванс"},
    }
    assert state.errors == []
    assert state.page_query(1) == state.query(page=None)
    assert "contract=5" in state.export_query("pdf") and "page=" not in state.export_query("pdf")


def test_bad_values_fall_back_with_messages():
    state = parse("per_page=1000000&page=-3&f_period_from=2015-05&f_period_to=2015-01")
    assert state.per_page == PAYMENTS_GRID.default_page_size and state.page == 1
    assert state.filters["period"] == {"from": datetime.date(2015, 1, 1), "to": datetime.date(2015, 5, 1)}
    assert state.errors == ["«Отчетный период»: начало диапазона позже конца — границы поменяны местами."]


def test_group_commands_give_a_redirect_query():
    assert parse("group=period&group_add=kind").redirect_query == "?group=period%2Ckind"
    assert parse("group=period&group_add=purpose").redirect_query == "?group=period"
    assert parse("group=period,kind&group_remove=period").redirect_query == "?group=kind"
    assert parse("group=period").redirect_query is None


def test_header_click_toggles_sort():
    assert parse("").sort_query("amount") == "?sort=amount"
    assert parse("sort=amount").sort_query("amount") == "?sort=-amount"
    assert parse("sort=-amount").sort_query("amount") == "?sort=amount"
    assert parse("sort=-amount&page=3").sort_query("date") == "?sort=date"
