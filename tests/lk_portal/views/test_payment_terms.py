import datetime
from decimal import Decimal

import pytest
import time_machine

from tests.factories import ContractFactory, PaymentTermFactory

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
    assert (
        '<th scope="col">Дата оплаты</th><th scope="col">%% по договору</th><th scope="col">Виды платежей</th>' in html
    )
    assert "<tr><td>18</td><td>35</td><td>Аванс, % от договорных</td></tr>" in html
    assert "<tr><td>10</td><td></td><td>10 -е число следующего отчетного периода (т.е. +1 месяц)</td></tr>" in html
    assert "Суммы рассчитаны от договорной суммы 20 000,00 руб. в месяц." in html
    calendar = html[html.index("payment-calendar") :]
    assert calendar.index("27.12.2015") < calendar.index("10.01.2016") < calendar.index("18.01.2016")
    assert "<td>2015,12</td>" in calendar
    assert "10 000,00" in calendar and "3 000,00" in calendar and "7 000,00" in calendar


def test_contract_selector_checks_the_owner(abonent_client, guide_terms):
    second = ContractFactory(abonent=guide_terms.abonent)
    html = abonent_client.get(f"/lk/payment-terms/?contract={second.pk}").content.decode()
    assert "Условия оплаты по договору не заданы." in html
    assert abonent_client.get(f"/lk/payment-terms/?contract={ContractFactory().pk}").status_code == 404
    assert abonent_client.get("/lk/payment-terms/?contract=abc").status_code == 404
