import datetime
from decimal import Decimal

import pytest
from django.http import QueryDict

from lk_portal.grid import grid_state_parse
from lk_portal.grid.filters import column_filter, filter_names, parse_amount, parse_date, parse_period
from lk_portal.grids import PAYMENTS_GRID
from lk_portal.models import Payment
from tests.factories import PaymentFactory

D = datetime.date
AMOUNT = PAYMENTS_GRID.column("amount")
PERIOD = PAYMENTS_GRID.column("period")
KIND = PAYMENTS_GRID.column("kind")


def get(**values):
    return lambda name: values.get(name, "")


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


def test_which_filter_each_column_offers():
    kinds = {c.key: (column_filter(c).kind if column_filter(c) else None) for c in PAYMENTS_GRID.columns}
    assert kinds == {
        "contract": None,  # the contract selector above the grid filters by contract
        "number": None,
        "date": "date_range",
        "period": "period_range",
        "amount": "amount_range",
        "kind": "choice",
        "purpose": None,
    }
    assert filter_names(PAYMENTS_GRID.columns) == [
        "f_date_from",
        "f_date_to",
        "f_period_from",
        "f_period_to",
        "f_amount_from",
        "f_amount_to",
        "f_kind",
    ]


def test_a_range_reads_both_bounds_swaps_them_and_names_what_it_cannot_read():
    taken = column_filter(AMOUNT).parse(AMOUNT, get(f_amount_from="100", f_amount_to="7 220,27"))
    assert (taken.bounds, taken.errors) == ({"from": Decimal("100"), "to": Decimal("7220.27")}, [])
    swapped = column_filter(PERIOD).parse(PERIOD, get(f_period_from="2015-05", f_period_to="2015,01"))
    assert swapped.bounds == {"from": D(2015, 1, 1), "to": D(2015, 5, 1)}
    assert swapped.errors == ["«Отчетный период»: начало диапазона позже конца — границы поменяны местами."]
    wrong = column_filter(AMOUNT).parse(AMOUNT, get(f_amount_to="много"))
    assert wrong.bounds == {} and wrong.raw == {"f_amount_to": "много"}
    assert wrong.errors == ["«Сумма оплаты» по: «много» не распознано — укажите сумму числом, например 7 220,27."]


def test_a_choice_reads_its_value():
    assert column_filter(KIND).parse(KIND, get(f_kind="Аванс")).bounds == {"value": "Аванс"}
    assert column_filter(KIND).parse(KIND, get()).bounds == {}


@pytest.mark.django_db
def test_filters_narrow_the_rows_with_inclusive_bounds():
    for number, amount, kind in (("1", "100.00", "Аванс"), ("2", "200.00", "Аванс"), ("3", "300.00", "Прочее")):
        PaymentFactory(number=number, amount=Decimal(amount), kind=kind)
    rows = column_filter(AMOUNT).apply(Payment.objects.all(), AMOUNT, {"from": Decimal("200"), "to": Decimal("300")})
    assert sorted(rows.values_list("number", flat=True)) == ["2", "3"]
    rows = column_filter(KIND).apply(Payment.objects.all(), KIND, {"value": "Аванс"})
    assert sorted(rows.values_list("number", flat=True)) == ["1", "2"]


def test_filters_in_words_for_an_export_heading():
    assert column_filter(PERIOD).describe(PERIOD, {"from": D(2015, 1, 1), "to": D(2015, 12, 1)}) == (
        "Отчетный период: с 2015,01 по 2015,12"
    )
    assert column_filter(AMOUNT).describe(AMOUNT, {"to": Decimal("7220.27")}) == "Сумма оплаты: по 7 220,27"
    assert column_filter(KIND).describe(KIND, {"value": "Аванс"}) == "Вид реализации: Аванс"


def test_the_filter_row_shows_readable_bounds_natively_and_unreadable_ones_as_typed():
    state = grid_state_parse(QueryDict("f_date_from=17.04.2015&f_period_to=2015-13"), definition=PAYMENTS_GRID)
    date = PAYMENTS_GRID.column("date")
    entry = column_filter(date).inputs(date, state, [])
    assert (entry["input_type"], entry["value_from"], entry["value_to"]) == ("date", "2015-04-17", "")
    entry = column_filter(PERIOD).inputs(PERIOD, state, [])
    assert (entry["input_type"], entry["name_to"], entry["value_to"]) == ("text", "f_period_to", "2015-13")
    entry = column_filter(KIND).inputs(KIND, state, ["Аванс", "Прочее"])
    assert (entry["name"], entry["value"], entry["choices"]) == ("f_kind", "", ["Аванс", "Прочее"])
