import datetime
from decimal import Decimal

import pytest
from django.http import QueryDict

from lk_portal.grid import grid_export, grid_page, grid_state_parse
from lk_portal.grid.engine import GroupHeader
from lk_portal.grids import PAYMENTS_GRID
from lk_portal.models import Payment
from tests.factories import ContractFactory, PaymentFactory

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def payments():
    contract = ContractFactory(number="05 Т")
    rows = [
        ("1", D(2015, 3, 1), "100.00", "Аванс", "аванс за март"),
        ("2", D(2015, 3, 1), "200.00", "Основная реализация", "за тепло"),
        ("3", D(2015, 4, 1), "300.00", "Аванс", "аванс за апрель"),
        ("4", D(2015, 4, 1), "-17.51", "Аванс", "возврат"),
    ]
    for number, period, amount, kind, purpose in rows:
        PaymentFactory(
            contract=contract,
            number=number,
            period=period,
            date=period,
            amount=Decimal(amount),
            kind=kind,
            purpose=purpose,
        )
    return Payment.objects.filter(contract=contract)


def page(queryset, query):
    return grid_page(
        queryset, definition=PAYMENTS_GRID, state=grid_state_parse(QueryDict(query), definition=PAYMENTS_GRID)
    )


def test_totals_count_and_sum_the_filter_not_the_page(payments):
    result = page(payments, "q=аванс за&per_page=10&sort=number")
    assert [r["number"] for r in result.rows] == ["1", "3"]  # every word of the search in some text column
    assert (result.totals.count, result.totals.sums["amount"]) == (2, Decimal("400.00"))
    assert result.choices["kind"] == ["Аванс", "Основная реализация"]


def test_group_headers_come_before_their_rows_with_counts_beyond_the_page(payments):
    result = page(payments, "group=period&sort=number&per_page=10")
    kinds = [
        ("g", i.value_display, i.count, i.sums["amount"]) if isinstance(i, GroupHeader) else i["number"]
        for i in result.items
    ]
    assert kinds == [
        ("g", "2015,03", 2, Decimal("300.00")),
        "1",
        "2",
        ("g", "2015,04", 2, Decimal("282.49")),
        "3",
        "4",
    ]
    assert result.items[0].label == "Отчетный период: 2015,03"


def test_sort_then_a_stable_tiebreak_and_the_page_slice(payments):
    result = page(payments, "sort=-amount&per_page=10")
    assert [r["number"] for r in result.rows] == ["3", "2", "1", "4"]
    tied = page(payments, "sort=kind&per_page=10")
    assert [r["number"] for r in tied.rows] == ["4", "3", "1", "2"]  # default sort (-date) then -pk


def test_an_export_streams_every_row_of_the_filter_in_its_groups(payments):
    state = grid_state_parse(QueryDict("group=kind&per_page=10&page=2"), definition=PAYMENTS_GRID)
    export = grid_export(payments, definition=PAYMENTS_GRID, state=state)
    items = list(export.items)
    assert sum(1 for i in items if isinstance(i, dict)) == 4
    assert export.group_count == 2 and export.totals.count == 4
