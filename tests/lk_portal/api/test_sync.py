import datetime
from decimal import Decimal

import pytest
from django.utils import timezone
from openapi_spec_validator import validate

from lk_portal.models import ApiToken, ApiUsage, JournalEntry, Payment
from tests.factories import PaymentFactory, UserFactory
from tests.lk_portal.api.conftest import bearer

pytestmark = pytest.mark.django_db


def _all(client, auth, path):
    """Every page of a collection: (rows, the next_updated_since of the last page)."""
    rows, url = [], path
    while True:
        page = client.get(url, **auth).json()
        rows += page["items"]
        if page["next_cursor"] is None:
            return rows, page["next_updated_since"]
        joiner = "&" if "?" in path else "?"
        url = f"{path}{joiner}cursor={page['next_cursor']}"


def test_pages_then_changes_and_deletions_only(client, member, auth, settings):
    settings.LK_API_SYNC_OVERLAP_SECONDS = 0
    contract = member.abonent.contracts.get()
    payments = [PaymentFactory(contract=contract, number=str(n)) for n in range(7)]
    rows, since = _all(client, auth, "/api/v1/payments?limit=3")
    assert sorted(int(r["number"]) for r in rows) == list(range(7))  # each once over three pages

    changed = payments[2]
    changed.amount = Decimal("99.99")
    changed.save()
    Payment.objects.filter(pk=payments[4].pk).update(kind="Пени")  # a bulk path: the trigger moves updated_at
    gone = payments[5].pk
    Payment.objects.filter(pk=gone).delete()

    rows, _ = _all(client, auth, f"/api/v1/payments?limit=3&updated_since={since}")
    assert {r["id"]: r["amount"] for r in rows} == {
        payments[2].pk: "99.99",
        payments[4].pk: payments[4].amount and f"{payments[4].amount:.2f}",
    }
    deleted, _ = _all(client, auth, f"/api/v1/deleted?table=payments&updated_since={since}")
    assert [(d["id"], d["deleted"], d["table"]) for d in deleted] == [(gone, True, "payments")]


def test_another_organisations_deletions_are_not_seen(client, member, auth):
    other = PaymentFactory()
    other.delete()
    assert client.get("/api/v1/deleted", **auth).json()["items"] == []


def test_etag_and_304(client, member, auth):
    PaymentFactory(contract=member.abonent.contracts.get())
    first = client.get("/api/v1/payments", **auth)
    tag = first["ETag"]
    again = client.get("/api/v1/payments", HTTP_IF_NONE_MATCH=tag, **auth)
    assert again.status_code == 304 and again["ETag"] == tag
    PaymentFactory(contract=member.abonent.contracts.get())
    assert client.get("/api/v1/payments", HTTP_IF_NONE_MATCH=tag, **auth).status_code == 200


def test_rate_limit_429_with_retry_after(client, member, auth, settings):
    settings.LK_API_RATE_PER_MINUTE = 3
    codes = [client.get("/api/v1/contracts", **auth).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    answer = client.get("/api/v1/contracts", **auth)
    assert answer.status_code == 429
    assert 1 <= int(answer["Retry-After"]) <= 60
    assert answer.json()["code"] == "rate_limited" and "Превышен предел" in answer.json()["message"]
    assert client.get("/api/v1/contracts", **bearer(member)).status_code == 200  # per token


def test_revoked_and_expired_tokens(client, member, auth):
    assert client.get("/api/v1/contracts", **auth).status_code == 200
    token = ApiToken.objects.get()
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    answer = client.get("/api/v1/contracts", **auth)
    assert answer.status_code == 401 and answer.json()["code"] == "token_expired"
    ApiToken.objects.filter(pk=token.pk).update(
        expires_at=timezone.now() + datetime.timedelta(days=1), revoked_at=timezone.now()
    )
    assert client.get("/api/v1/contracts", **auth).json()["code"] == "token_revoked"


def test_blocked_member_token_stops(client, member, auth):
    member.state = member.BLOCKED
    member.save()
    assert client.get("/api/v1/contracts", **auth).json()["code"] == "member_blocked"


def test_usage_is_one_row_per_token_and_day(client, member, auth):
    for _ in range(5):
        client.get("/api/v1/contracts", **auth)
    usage = ApiUsage.objects.get()
    assert usage.calls == 5 and usage.day == timezone.localdate()
    assert JournalEntry.objects.filter(action="api_use").count() == 1
    assert ApiToken.objects.get().last_used_at is not None


def test_only_the_hash_is_stored(member):
    from lk_portal.services.api_tokens import api_token_create, token_hash

    new = api_token_create(member=member, name="ERP", access="read", days=30)
    stored = ApiToken.objects.get(pk=new.token.pk)
    assert stored.secret_hash == token_hash(new.secret) and new.secret not in stored.secret_hash
    assert new.secret.startswith(stored.prefix + "_")


def test_openapi_document_is_valid(client, db):
    answer = client.get("/api/v1/openapi.json")
    assert answer.status_code == 200
    schema = answer.json()
    validate(schema)
    assert schema["components"]["schemas"]["PaymentOut"]["properties"]["amount"]["description"].startswith("Сумма")
    assert "/api/v1/payments" in schema["paths"]


def test_docs_page_is_self_hosted(client, db):
    answer = client.get("/api/v1/docs")
    assert answer.status_code == 200
    html = answer.content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html and "cdn" not in html.lower()
    policy = answer["Content-Security-Policy"]
    assert "unsafe-inline" not in policy and "script-src 'self'" in policy


def test_observer_token_cannot_see_tariffs_tombstones_it_may_not(client, member):
    observer = UserFactory(abonent=member.abonent, role="observer", username="obs@example.ru")
    assert client.get("/api/v1/deleted?table=metering-units", **bearer(observer)).status_code == 200


def test_triggers_keep_updated_at_and_tombstones_whoever_writes(member):
    from lk_portal.models import Curator, Tombstone
    from tests.factories import CuratorFactory

    contract = member.abonent.contracts.get()
    payment = PaymentFactory(contract=contract)
    before = Payment.objects.get(pk=payment.pk).updated_at
    payment.amount = Decimal("1.00")
    Payment.objects.bulk_update([payment], ["amount"])  # the import's ORM path: no auto_now there
    assert Payment.objects.get(pk=payment.pk).updated_at > before
    curator = CuratorFactory(contract=contract)
    contract_id, curator_id, payment_id = contract.pk, curator.pk, payment.pk
    contract.delete()  # the cascade takes curators and payments: each leaves its tombstone
    stones = {(t.table, t.object_id): t for t in Tombstone.objects.all()}
    assert set(stones) == {("contracts", contract_id), ("curators", curator_id), ("payments", payment_id)}
    assert stones[("curators", curator_id)].abonent_id == member.abonent_id
    assert stones[("payments", payment_id)].key == payment.external_id
    assert not Curator.objects.exists()
