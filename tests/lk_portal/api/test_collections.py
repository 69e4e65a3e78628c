import datetime
from decimal import Decimal

import pytest

from lk_portal.models import Payment
from tests.factories import (
    BillingDocumentFactory,
    ContractFactory,
    CuratorFactory,
    DebtSnapshotFactory,
    PaymentFactory,
    UserFactory,
)
from tests.lk_portal.api.conftest import bearer

pytestmark = pytest.mark.django_db


def test_payment_86_as_on_the_page(client, member, auth):
    contract = member.abonent.contracts.get()
    PaymentFactory(contract=contract, number="86", date=datetime.date(2015, 4, 17), amount=Decimal("7220.27"))
    answer = client.get("/api/v1/payments", **auth)
    assert answer.status_code == 200, answer.content
    (row,) = answer.json()["items"]
    assert row["number"] == "86"
    assert row["amount"] == "7220.27"
    assert row["date"] == "2015-04-17"
    assert row["period"] == "2015-04"
    assert row["contract_id"] == contract.pk


def test_every_collection_answers(client, member, auth):
    contract = member.abonent.contracts.get()
    CuratorFactory(contract=contract)
    BillingDocumentFactory(contract=contract)
    DebtSnapshotFactory(contract=contract)
    for name in (
        "contracts",
        "curators",
        "payment-terms",
        "payments",
        "billing-documents",
        "documents-to-pay",
        "debts",
        "tariffs",
        "metering-units",
        "consumption",
        "readings",
        "news",
        "deleted",
    ):
        answer = client.get(f"/api/v1/{name}", **auth)
        assert answer.status_code == 200, (name, answer.content)
        assert "items" in answer.json()


def test_another_organisations_contract_is_404(client, member, auth):
    other = ContractFactory()
    PaymentFactory(contract=other)
    answer = client.get(f"/api/v1/payments?contract={other.pk}", **auth)
    assert answer.status_code == 404
    assert answer.json() == {"code": "not_found", "message": "Договор не найден."}
    assert client.get("/api/v1/payments", **auth).json()["items"] == []


def test_contract_scope_is_the_pages(client, member):
    abonent = member.abonent
    mine, hidden = abonent.contracts.get(), ContractFactory(abonent=abonent)
    PaymentFactory(contract=mine, number="1")
    PaymentFactory(contract=hidden, number="2")
    scoped = UserFactory(abonent=abonent, role="accountant", username="acc@example.ru")
    scoped.contracts.set([mine])
    headers = bearer(scoped)
    assert [p["number"] for p in client.get("/api/v1/payments", **headers).json()["items"]] == ["1"]
    assert client.get(f"/api/v1/payments?contract={hidden.pk}", **headers).status_code == 404


def test_a_role_without_the_capability_gets_403_in_russian(client, member):
    engineer = UserFactory(abonent=member.abonent, role="engineer", username="eng@example.ru")
    answer = client.get("/api/v1/payments", **bearer(engineer))
    assert answer.status_code == 403
    assert answer.json()["code"] == "forbidden"
    assert "Роль «Энергетик» не дает права" in answer.json()["message"]
    assert client.get("/api/v1/contracts", **bearer(engineer)).status_code == 200


def test_no_token_is_401_json_not_a_login_redirect(client, db):
    answer = client.get("/api/v1/payments")
    assert answer.status_code == 401
    assert answer.json()["code"] == "unauthorized"
    assert "Bearer" in answer["WWW-Authenticate"]
    assert client.get("/api/v1/payments", HTTP_AUTHORIZATION="Bearer nonsense").status_code == 401


def test_bad_input_is_a_russian_message(client, auth):
    answer = client.get("/api/v1/payments?limit=0", **auth)
    assert answer.status_code == 422
    assert answer.json()["message"].startswith("Неверные параметры запроса: limit")
    answer = client.get("/api/v1/payments?cursor=%%%", **auth)
    assert answer.status_code == 400 and answer.json()["code"] == "bad_cursor"
    answer = client.get("/api/v1/payments?updated_since=вчера", **auth)
    assert answer.status_code == 422


def test_reconciliation_act_figures(client, member, auth):
    contract = member.abonent.contracts.get()
    BillingDocumentFactory(
        contract=contract, doc_type="invoice", date=datetime.date(2015, 4, 30), accrued=Decimal("18902.27")
    )
    PaymentFactory(contract=contract, number="86", date=datetime.date(2015, 5, 5), amount=Decimal("7220.27"))
    answer = client.get("/api/v1/reconciliation-act?date_from=2015-04-01&date_to=2015-05-31", **auth)
    assert answer.status_code == 200, answer.content
    act = answer.json()
    assert (act["opening"], act["debit_total"], act["credit_total"], act["closing"]) == (
        "0.00",
        "18902.27",
        "7220.27",
        "11682.00",
    )
    assert [line["kind"] for line in act["lines"]] == ["invoice", "payment"]
    bad = client.get("/api/v1/reconciliation-act?date_from=2015-05-01&date_to=2015-04-01", **auth)
    assert bad.status_code == 400 and bad.json()["message"] == "Конец периода раньше его начала."


def test_fixed_queries_whatever_the_page_size(client, member, auth, django_assert_num_queries):
    contract = member.abonent.contracts.get()
    Payment.objects.bulk_create(
        [
            Payment(
                external_id=f"p{i}",
                abonent=member.abonent,
                contract=contract,
                number=str(i),
                date=datetime.date(2020, 1, 1),
                period=datetime.date(2020, 1, 1),
                amount=Decimal("1.00"),
                kind="Оплата",
            )
            for i in range(300)
        ]
    )
    client.get("/api/v1/payments?limit=1", **auth)  # the day's first call also creates its counter
    # token + scope + the day's counter + the page
    with django_assert_num_queries(4):
        assert len(client.get("/api/v1/payments?limit=5", **auth).json()["items"]) == 5
    with django_assert_num_queries(4):
        assert len(client.get("/api/v1/payments?limit=250", **auth).json()["items"]) == 250
