"""A search reads a window of the newest rows of the filter (issue 14, item 4): the rows, totals and
export of a search over an abonent of any size read at most `search_window` rows, and say so."""

import dataclasses
import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext

from lk_portal.grid import grid_export, grid_page, grid_state_parse
from lk_portal.grid.export import grid_export_table
from lk_portal.grid.presentation import grid_context
from lk_portal.grids import PAYMENTS_GRID
from lk_portal.models import Payment
from tests.factories import ContractFactory, PaymentFactory

pytestmark = pytest.mark.django_db
WINDOWED = dataclasses.replace(PAYMENTS_GRID, search_window=3)


@pytest.fixture
def payments():
    contract = ContractFactory(number="05 Т")
    for n in range(1, 7):  # one a month, January to June; «аванс» in each
        day = datetime.date(2015, n, 10)
        PaymentFactory(contract=contract, number=str(n), date=day, period=day, amount=Decimal(n), purpose="аванс")
    return Payment.objects.filter(contract=contract)


def state(query: str):
    return grid_state_parse(QueryDict(query), definition=WINDOWED)


def test_a_search_reads_the_newest_rows_of_the_filter_and_says_from_when(payments):
    page = grid_page(payments, definition=WINDOWED, state=state("q=аванс&sort=number"))
    assert [r["number"] for r in page.rows] == ["4", "5", "6"]
    assert (page.totals.count, page.totals.sums["amount"]) == (3, Decimal(15))
    assert page.search_window.since == datetime.date(2015, 4, 10)
    assert grid_context(page)["search_window_note"] == "Поиск среди последних 3 записей (с 10.04.2015)"


def test_a_date_filter_moves_the_window_to_older_rows(payments):
    page = grid_page(payments, definition=WINDOWED, state=state("q=аванс&f_date_to=28.02.2015"))
    assert [r["number"] for r in page.rows] == ["2", "1"]
    assert page.search_window is None  # the filter holds fewer rows than the window: all were searched


def test_without_a_search_or_a_window_every_row_counts(payments):
    assert grid_page(payments, definition=WINDOWED, state=state("")).totals.count == 6
    plain = grid_page(
        payments, definition=PAYMENTS_GRID, state=grid_state_parse(QueryDict("q=аванс"), definition=PAYMENTS_GRID)
    )
    assert plain.totals.count == 6 and plain.search_window is None


def test_the_export_of_a_search_holds_the_window_the_page_counted(payments):
    export = grid_export(payments, definition=WINDOWED, state=state("q=аванс"))
    assert [row["number"] for row in export.items] == ["6", "5", "4"]
    table = grid_export_table(payments, definition=WINDOWED, state=state("q=аванс"), heading=[])
    assert "Поиск среди последних 3 записей (с 10.04.2015)" in table.heading


def test_a_search_costs_one_query_more_whatever_the_rows(payments):
    def queries():
        with CaptureQueriesContext(connection) as ctx:
            grid_page(payments, definition=WINDOWED, state=state("q=аванс"))
        return len(ctx.captured_queries)

    few = queries()
    for n in range(20):
        PaymentFactory(contract=payments.first().contract, date=datetime.date(2014, 1, 1 + n), purpose="аванс")
    assert queries() == few
    with CaptureQueriesContext(connection) as ctx:
        grid_page(payments, definition=WINDOWED, state=state(""))
    assert len(ctx.captured_queries) == few - 1
