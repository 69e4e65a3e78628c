import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lk_portal.models import BillingDocument
from tests.factories import BillingDocumentFactory, ContractFactory, UserFactory
from tests.support.guide import guide_abonent
from tests.support.html import grid_rows, group_headers

pytestmark = pytest.mark.django_db

TITLES = [
    "Наименование",
    "№ договора",
    "№ документа",
    "Дата документа",
    "Период начислений",
    "Начислено (в т.ч. НДС), руб",
    "Оплачено (в т.ч. НДС), руб",
    "Задолженность, руб",
    "Вид реализации",
]


@pytest.fixture
def guide(client):
    user, contract = guide_abonent()
    client.force_login(user)
    return user, contract


def test_columns_and_the_guides_invoice(client, guide):
    html = client.get("/lk/documents/").content.decode()
    for title in TITLES:
        assert f">{title}</a>" in html
    rows = grid_rows(html)
    assert rows[0] == [
        "за тепло",
        "05 Т",
        "Счет-фактура №702227301/70",
        "30.04.2015",
        "2015,04",
        "18 902,27",
        "18 902,27",
        "0,00",
        "Основная реализация",
    ]
    advance = next(r for r in rows if r[2] == "375")
    assert advance[5] == "" and advance[6] == "7 220,27" and advance[8] == "Аванс"
    assert len(rows) == 7
    assert "показать список:" in html and "счетов-фактур" in html and "оплат" in html


def test_switch_invoices_or_payments(client, guide):
    invoices = grid_rows(client.get("/lk/documents/?list=invoice").content.decode())
    assert [r[2] for r in invoices] == [
        "Счет-фактура №702227301/70",
        "Счет-фактура №702222832/70",
        "Счет-фактура №702210010/70",
    ]
    payments = grid_rows(client.get("/lk/documents/?list=payment").content.decode())
    assert sorted(r[2] for r in payments) == ["1147", "1153", "375", "387"]
    both = grid_rows(client.get("/lk/documents/?list=invoice&list=payment").content.decode())
    assert len(both) == 7


def test_grouping_by_period_sums_every_amount_column(client, guide):
    html = client.get("/lk/documents/?group=period&sort=-period").content.decode()
    headers = group_headers(html)
    assert headers[0] == "Период начислений: 2015,04 (записей: 1) 18 902,27 18 902,27 0,00"
    assert headers[1] == "Период начислений: 2015,03 (записей: 3) 30 251,84 37 472,11 0,00"
    assert "Итого (записей: 7)" in html and "83 635,52" in html


def test_search_and_kind_filter(client, guide):
    rows = grid_rows(client.get("/lk/documents/?q=счет-ФАКТУРА").content.decode())
    assert len(rows) == 3
    rows = grid_rows(client.get("/lk/documents/?f_kind=Аванс&f_amount_from=x").content.decode())
    assert len(rows) == 4
    rows = grid_rows(client.get("/lk/documents/?f_accrued_from=20000").content.decode())
    assert [r[2] for r in rows] == ["Счет-фактура №702222832/70", "Счет-фактура №702210010/70"]


def test_other_abonents_documents_and_contracts(client, guide):
    foreign = BillingDocumentFactory(number="ЧУЖОЙ-1")
    html = client.get("/lk/documents/").content.decode()
    assert "ЧУЖОЙ-1" not in html
    assert client.get(f"/lk/documents/?contract={foreign.contract_id}").status_code == 404


def test_fixed_number_of_queries(client):
    contract = ContractFactory()
    client.force_login(UserFactory(abonent=contract.abonent))
    BillingDocumentFactory(contract=contract)
    url = "/lk/documents/?group=period&sort=-date&list=invoice&q=счет"

    def count():
        with CaptureQueriesContext(connection) as ctx:
            client.get(url)
        return len(ctx.captured_queries)

    count()  # the header's figures into the cache
    small = count()
    for n in range(120):
        BillingDocumentFactory(
            contract=contract,
            period=datetime.date(2014 + n % 3, 1 + n % 12, 1),
            accrued=Decimal(n),
            doc_type=BillingDocument.INVOICE,
        )
    count()  # the rows saved one by one made the cached kinds stale
    assert count() == small
