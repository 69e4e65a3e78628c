import datetime
from decimal import Decimal

import pytest
import time_machine

from tests.factories import ContractFactory, PaymentTermFactory
from tests.support.html import header_titles, options, table_rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def guide_terms(abonent_user):
    contract = abonent_user.abonent.contracts.get()
    contract.contract_amount = Decimal("20000.00")
    contract.save()
    PaymentTermFactory(contract=contract, day=18, percent=Decimal("35"), sort_order=1)
    PaymentTermFactory(contract=contract, day=27, percent=Decimal("50"), sort_order=2)
    PaymentTermFactory(
        contract=contract,
        day=10,
        percent=None,
        next_month=True,
        kind="10 -е число следующего отчетного периода (т.е. +1 месяц)",
        sort_order=3,
    )
    return contract


def test_terms_table_and_calendar(abonent_client, guide_terms):
    with time_machine.travel(datetime.datetime(2015, 12, 20, 9, 0, tzinfo=datetime.UTC), tick=False):
        html = abonent_client.get("/lk/payment-terms/").content.decode()
    assert header_titles(html, "table.payment-terms") == ["Дата оплаты", "%% по договору", "Виды платежей"]
    terms = table_rows(html, "table.payment-terms")
    assert terms[0] == ["18", "35", "Аванс, % от договорных"]
    assert terms[2] == ["10", "", "10 -е число следующего отчетного периода (т.е. +1 месяц)"]
    assert "Суммы рассчитаны от договорной суммы 20 000,00 руб. в месяц." in html
    calendar = table_rows(html, "table.payment-calendar")
    assert [r[0] for r in calendar[:3]] == ["27.12.2015", "10.01.2016", "18.01.2016"]
    assert calendar[0][1] == "2015,12"
    assert {r[4] for r in calendar} >= {"10 000,00", "3 000,00", "7 000,00"}


def test_contract_selector_checks_the_owner(abonent_client, guide_terms):
    second = ContractFactory(abonent=guide_terms.abonent)
    html = abonent_client.get(f"/lk/payment-terms/?contract={second.pk}").content.decode()
    assert "Условия оплаты по договору не заданы." in html
    # no «все договоры»: the terms are one contract's; without ?contract= the first one is shown
    assert [(v, selected) for v, _, selected in options(html, "contract")] == [
        (str(guide_terms.pk), False),
        (str(second.pk), True),
    ]
    first = abonent_client.get("/lk/payment-terms/").content.decode()
    assert options(first, "contract")[0][2] and "Аванс, % от договорных" in first
    assert abonent_client.get(f"/lk/payment-terms/?contract={ContractFactory().pk}").status_code == 404
    assert abonent_client.get("/lk/payment-terms/?contract=abc").status_code == 404
