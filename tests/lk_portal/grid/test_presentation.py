import datetime
from decimal import Decimal

import pytest
from django.http import QueryDict

from lk_portal.grid import grid_page, grid_state_parse
from lk_portal.grid.presentation import grid_context
from lk_portal.grids import PAYMENTS_GRID, TARIFFS_ARCHIVE_GRID
from lk_portal.models import Payment, Tariff
from tests.factories import ContractFactory, PaymentFactory, TariffFactory

pytestmark = pytest.mark.django_db
D = datetime.date


def context(queryset, query, definition=PAYMENTS_GRID):
    state = grid_state_parse(QueryDict(query), definition=definition)
    return grid_context(grid_page(queryset, definition=definition, state=state))


@pytest.fixture
def payments():
    contract = ContractFactory(number="05 Т")
    PaymentFactory(contract=contract, number="86", period=D(2015, 4, 1), amount=Decimal("7220.27"))
    PaymentFactory(contract=contract, number="74", period=D(2015, 3, 1), amount=Decimal("16503.48"))
    return Payment.objects.all()


def test_headers_sort_and_group_links(payments):
    ctx = context(payments, "sort=-amount&group=period")
    amount = next(h for h in ctx["headers"] if h["column"].key == "amount")
    assert (amount["sorted"], amount["descending"], amount["sort_url"], amount["css"]) == (
        True,
        True,
        "?group=period&sort=amount",
        "num",
    )
    assert amount["group_url"] == ""  # money columns are not grouped
    kind = next(h for h in ctx["headers"] if h["column"].key == "kind")
    assert kind["group_url"] == "?sort=-amount&group=period%2Ckind"
    assert [g["column"].key for g in ctx["groups"]] == ["period"] and ctx["groups"][0]["remove_url"] == "?sort=-amount"


def test_rows_and_group_lines_as_cells(payments):
    ctx = context(payments, "group=period&sort=period")
    group, row = ctx["items"][0], ctx["items"][1]
    assert (group["label"], group["count"], group["span"]) == ("Отчетный период: 2015,03", 1, 4)
    assert [(c.text, c.css) for c in group["sum_cells"]] == [("16 503,48", "num"), ("", ""), ("", "")]
    assert [c.text for c in row["cells"]][:5] == ["05 Т", "74", "17.04.2015", "2015,03", "16 503,48"]
    assert row["cells"][4].css == "num " and row["cells"][6].css == "grid-wide"
    assert [c.text for c in ctx["total_cells"]][0] == "23 723,75"


def test_forms_carry_the_rest_of_the_state(payments):
    ctx = context(payments, "q=аванс&f_kind=Аванс&sort=-date&per_page=50&page=1")
    assert ctx["filter_hidden"] == [("sort", "-date"), ("per_page", "50")]
    assert ctx["reset_url"] == "?sort=-date&per_page=50"
    assert ctx["pager"].sizes == (10, 20, 50, 100) and ctx["pager"].per_page == 50
    assert [link.url for link in ctx["export_bar"].links][0] == (
        "?q=%D0%B0%D0%B2%D0%B0%D0%BD%D1%81&f_kind=%D0%90%D0%B2%D0%B0%D0%BD%D1%81&sort=-date&export=pdf"
    )


def test_a_link_column_shows_its_url():
    TariffFactory(decree="Постановление № 5", decree_url="https://example.ru/5")
    ctx = context(Tariff.objects.all(), "", TARIFFS_ARCHIVE_GRID)
    decree = ctx["items"][0]["cells"][-1]
    assert (decree.text, decree.link) == ("Постановление № 5", "https://example.ru/5")
