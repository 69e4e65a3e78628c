"""The grid on a summary table (GridDefinition.summary_keys, issue 14 item 4): the same figures as from
the rows, from the summary whenever it can answer, from the rows when it cannot."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext

from lk_portal.grid import grid_page, grid_state_parse
from lk_portal.grid.engine import GroupHeader
from lk_portal.grids import PAYMENTS_GRID
from lk_portal.models import Payment, PaymentSummary
from tests.factories import ContractFactory, PaymentFactory

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def contract():
    contract = ContractFactory(number="S-05 Т")
    other = ContractFactory(number="S-06 Т", abonent=contract.abonent)
    rows = [
        (contract, D(2015, 3, 1), "100.00", "Аванс", "аванс за март"),
        (contract, D(2015, 3, 1), "200.00", "Основная реализация", "за тепло"),
        (contract, D(2015, 4, 1), "300.00", "Аванс", "аванс за апрель"),
        (other, D(2015, 4, 1), "-17.51", "Пени", "пени"),
    ]
    for n, (owner, period, amount, kind, purpose) in enumerate(rows):
        PaymentFactory(
            contract=owner,
            number=str(n),
            period=period,
            date=period,
            amount=Decimal(amount),
            kind=kind,
            purpose=purpose,
        )
    PaymentFactory(amount=Decimal("999.99"), kind="Чужой вид")  # another abonent's
    return contract


def both(contract, query):
    """The page from the rows alone, and with the summary: (without, with, the SQL run with it)."""
    abonent = contract.abonent
    rows = Payment.objects.filter(abonent=abonent)
    summary = PaymentSummary.objects.filter(abonent=abonent)

    def state():
        return grid_state_parse(QueryDict(query), definition=PAYMENTS_GRID)

    plain = grid_page(rows, definition=PAYMENTS_GRID, state=state())
    with CaptureQueriesContext(connection) as ctx:
        summed = grid_page(rows, definition=PAYMENTS_GRID, state=state(), summary=summary)
    return plain, summed, [q["sql"] for q in ctx.captured_queries]


def figures(page):
    headers = [(i.level, i.value, i.count, i.sums) for i in page.items if isinstance(i, GroupHeader)]
    return page.choices, page.totals, headers, [r["pk"] for r in page.rows]


@pytest.mark.parametrize(
    "query",
    ["", "f_kind=Аванс", "group=kind", "group=contract,kind&f_kind=Пени", "group=period", "f_kind=Нет такого"],
)
def test_the_summary_answers_choices_totals_and_groups_on_its_keys(contract, query):
    plain, summed, sql = both(contract, query)
    assert figures(summed) == figures(plain)
    from_rows = [s for s in sql if '"lk_portal_payment"' in s and ("COUNT(" in s or "DISTINCT" in s)]
    aggregated_by_period = "group=period" in query  # a key the summary does not hold: from the page's groups
    assert len(from_rows) == (1 if aggregated_by_period else 0), from_rows
    assert summed.choices["kind"] == ["Аванс", "Основная реализация", "Пени"]


@pytest.mark.parametrize("query", ["q=аванс", "f_date_from=01.04.2015", "f_amount_to=150&group=kind"])
def test_a_search_or_a_filter_the_summary_does_not_hold_is_answered_from_the_rows(contract, query):
    plain, summed, sql = both(contract, query)
    assert figures(summed) == figures(plain)
    assert any('"lk_portal_payment"' in s and "COUNT(" in s for s in sql)


def test_totals_of_an_abonent_without_payments_are_zero():
    contract = ContractFactory()
    _, summed, _ = both(contract, "")
    assert (summed.totals.count, summed.totals.sums["amount"], summed.choices["kind"]) == (0, None, [])
