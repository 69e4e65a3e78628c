"""The payment calendar is pure: terms and the base amount in, due items out — no database."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

import pytest

from lk_portal.domain.payment_calendar import add_months, day_in_month, payment_calendar, term_percents

D = datetime.date
CONTRACT = object()  # the calendar only carries the contract along


@dataclass(frozen=True)
class Term:
    day: int
    percent: Decimal | None
    next_month: bool = False
    kind: str = "Аванс, % от договорных"


def calendar(terms, *, base, today):
    return payment_calendar(contract=CONTRACT, today=today, terms=terms, base=base)


@pytest.fixture
def guide_contract():
    """The guide's terms: 18th 35 %, 27th 50 %, 10th of the next month the rest; 10 000,00 a month."""
    return [
        Term(18, Decimal("35")),
        Term(27, Decimal("50")),
        Term(10, None, next_month=True, kind="10 -е число следующего отчетного периода (т.е. +1 месяц)"),
    ]


def _rows(items):
    return [(i.due_date, i.period, i.percent, i.amount) for i in items]


def test_three_months_from_the_guide_terms(guide_contract):
    items = calendar(guide_contract, base=Decimal("10000.00"), today=D(2015, 4, 17))
    assert _rows(items) == [
        (D(2015, 4, 18), D(2015, 4, 1), Decimal("35"), Decimal("3500.00")),
        (D(2015, 4, 27), D(2015, 4, 1), Decimal("50"), Decimal("5000.00")),
        (D(2015, 5, 10), D(2015, 4, 1), Decimal("15"), Decimal("1500.00")),
        (D(2015, 5, 18), D(2015, 5, 1), Decimal("35"), Decimal("3500.00")),
        (D(2015, 5, 27), D(2015, 5, 1), Decimal("50"), Decimal("5000.00")),
        (D(2015, 6, 10), D(2015, 5, 1), Decimal("15"), Decimal("1500.00")),
        (D(2015, 6, 18), D(2015, 6, 1), Decimal("35"), Decimal("3500.00")),
        (D(2015, 6, 27), D(2015, 6, 1), Decimal("50"), Decimal("5000.00")),
        (D(2015, 7, 10), D(2015, 6, 1), Decimal("15"), Decimal("1500.00")),
    ]


def test_the_previous_months_rest_term_is_still_coming(guide_contract):
    items = calendar(guide_contract, base=Decimal("10000.00"), today=D(2015, 4, 5))
    assert _rows(items)[0] == (D(2015, 4, 10), D(2015, 3, 1), Decimal("15"), Decimal("1500.00"))
    assert items[-1].due_date == D(2015, 6, 27)  # 10.07 is past the three months


def test_december_terms_move_into_january_of_next_year(guide_contract):
    items = calendar(guide_contract, base=Decimal("10000.00"), today=D(2015, 12, 20))
    dates = [(i.due_date, i.period) for i in items]
    assert dates[:3] == [
        (D(2015, 12, 27), D(2015, 12, 1)),
        (D(2016, 1, 10), D(2015, 12, 1)),
        (D(2016, 1, 18), D(2016, 1, 1)),
    ]
    assert dates[-1][0] < D(2016, 3, 20)


@pytest.mark.parametrize(
    ("year", "last_day"),
    [(2015, 28), (2016, 29), (2100, 28), (2000, 29)],
)
def test_a_day_past_the_month_end_is_the_last_day_february(year, last_day):
    terms = [Term(31, Decimal("100"))]
    items = calendar(terms, base=Decimal("300.00"), today=D(year, 1, 31))
    # The window is [today, the same day three months later): 31.01 → up to 30.04, exclusive.
    assert [i.due_date for i in items] == [D(year, 1, 31), D(year, 2, last_day), D(year, 3, 31)]
    later = calendar(terms, base=Decimal("300.00"), today=D(year, 2, 1))
    assert [i.due_date for i in later] == [D(year, 2, last_day), D(year, 3, 31), D(year, 4, 30)]


def test_next_month_day_30_from_january_lands_on_end_of_february():
    items = calendar([Term(30, None, next_month=True)], base=Decimal("100.00"), today=D(2016, 2, 1))
    assert (items[0].due_date, items[0].period, items[0].amount) == (D(2016, 2, 29), D(2016, 1, 1), Decimal("100.00"))


def test_amounts_add_up_to_the_base_to_the_kopeck():
    terms = [Term(5, Decimal("33.33")), Term(15, Decimal("33.33")), Term(25, None)]
    items = [i for i in calendar(terms, base=Decimal("1000.01"), today=D(2015, 3, 1)) if i.period == D(2015, 3, 1)]
    assert [i.amount for i in items] == [Decimal("333.30"), Decimal("333.30"), Decimal("333.41")]
    assert sum(i.amount for i in items) == Decimal("1000.01")
    assert items[2].percent == Decimal("33.34")
    assert items[2].percent_text == "33,34"


def test_two_rest_terms_share_what_the_others_leave():
    assert term_percents([Term(5, Decimal("50")), Term(10, None), Term(20, None)]) == [
        Decimal("50"),
        Decimal("25.00"),
        Decimal("25.00"),
    ]


def test_no_base_amount_gives_dates_without_sums():
    items = calendar([Term(18, Decimal("35"))], base=None, today=D(2015, 5, 1))
    assert [i.due_date for i in items] == [D(2015, 5, 18), D(2015, 6, 18), D(2015, 7, 18)]
    assert all(i.amount is None for i in items)


def test_no_terms_no_calendar():
    assert calendar([], base=Decimal("100.00"), today=D(2015, 5, 1)) == []


def test_month_helpers():
    assert add_months(D(2015, 12, 1), 1) == D(2016, 1, 1)
    assert add_months(D(2016, 1, 1), -1) == D(2015, 12, 1)
    assert add_months(D(2015, 11, 1), 14) == D(2017, 1, 1)
    assert day_in_month(D(2015, 4, 1), 31) == D(2015, 4, 30)
    assert day_in_month(D(2024, 2, 1), 30) == D(2024, 2, 29)
