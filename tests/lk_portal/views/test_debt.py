import datetime
from decimal import Decimal

import pytest
import time_machine

from tests.factories import BillingDocumentFactory, ContractFactory, DebtSnapshotFactory

pytestmark = pytest.mark.django_db
D = datetime.date


def _cells(html: str, marker: str) -> str:
    start = html.index(marker)
    return html[start : html.index("</tr>", start)]


def test_debt_by_contract_and_by_document(abonent_client, abonent_user):
    contract = abonent_user.abonent.contracts.get()
    second = ContractFactory(abonent=contract.abonent)
    DebtSnapshotFactory(contract=contract, as_of=D(2015, 8, 1), debt=Decimal("500.00"))
    DebtSnapshotFactory(contract=contract, as_of=D(2015, 9, 7), debt=Decimal("-17.51"))
    DebtSnapshotFactory(contract=second, as_of=D(2015, 9, 7), debt=Decimal("1200.00"), penalties=Decimal("12.30"))
    BillingDocumentFactory(
        contract=second, number="ДОК-ПЕНИ", debt=Decimal("1200.00"), due_date=D(2015, 9, 1), penalties=Decimal("12.30")
    )
    BillingDocumentFactory(
        contract=second, number="ДОК-БЕЗ-ПЕНЕЙ", debt=Decimal("300.00"), due_date=D(2015, 9, 20), penalties=None
    )
    BillingDocumentFactory(contract=second, number="ДОК-БЕЗ-СРОКА", debt=Decimal("5.00"), due_date=None)
    BillingDocumentFactory(contract=second, number="ДОК-ОПЛАЧЕН", debt=Decimal("0.00"))

    # 06.09.2015 23:30 UTC is 07.09.2015 in Moscow.
    with time_machine.travel(datetime.datetime(2015, 9, 6, 21, 30, tzinfo=datetime.UTC), tick=False):
        html = abonent_client.get("/lk/debt/").content.decode()

    assert "-17,51" in _cells(html, f"{contract.number} от 01.10.2004")
    assert "500,00" not in html
    assert "12,30" in _cells(html, f"{second.number} от 01.10.2004")
    assert "Дней просрочки на 07.09.2015" in html
    with_penalties = _cells(html, "ДОК-ПЕНИ")
    assert "01.09.2015" in with_penalties and ">6<" in with_penalties and "12,30" in with_penalties
    without = _cells(html, "ДОК-БЕЗ-ПЕНЕЙ")
    assert '<td class="num">0</td>' in without and '<td class="num">—</td>' in without
    assert "—" in _cells(html, "ДОК-БЕЗ-СРОКА")
    assert "ДОК-ОПЛАЧЕН" not in html
    assert "Итого: документов 3" in html
    assert "1 505,00" in html


def test_other_abonents_debt_is_not_shown(abonent_client):
    other = ContractFactory()
    BillingDocumentFactory(contract=other, number="ЧУЖОЙ-ДОКУМЕНТ", debt=Decimal("1.00"))
    DebtSnapshotFactory(contract=other, debt=Decimal("777.77"))
    html = abonent_client.get("/lk/debt/").content.decode()
    assert "ЧУЖОЙ-ДОКУМЕНТ" not in html and "777,77" not in html
    assert "Неоплаченных документов нет." in html


def test_debt_page_runs_a_fixed_number_of_queries(abonent_client, abonent_user, django_assert_max_num_queries):
    contract = abonent_user.abonent.contracts.get()
    for _ in range(40):
        BillingDocumentFactory(contract=contract, due_date=D(2015, 1, 1))
        DebtSnapshotFactory(contract=ContractFactory(abonent=contract.abonent))
    with django_assert_max_num_queries(12):
        assert abonent_client.get("/lk/debt/").status_code == 200


def test_debt_requires_login(client):
    assert client.get("/lk/debt/").status_code == 302
