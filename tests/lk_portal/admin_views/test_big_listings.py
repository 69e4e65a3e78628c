"""The staff's listings of payments and documents at any size (issue 14, item 6): a fixed number of
queries, a search by the indexed keys (number, contract, ИНН), filters without a select of every
abonent, and an estimated count shown as «≈» where counting would cost a scan."""

import datetime

import pytest
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext

from lk_portal.admin_views.billing import EstimatedCountPaginator
from lk_portal.models import Payment
from tests.factories import AbonentFactory, BillingDocumentFactory, ContractFactory, PaymentFactory
from tests.support.html import soup

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("boss", "boss@example.ru", "x"))
    return client


def numbers(response) -> set[str]:
    page = soup(response.content.decode())
    return {row.select_one("td a").get_text(strip=True) for row in page.select("table.listing tbody tr")}


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("url", ["/admin/payments/", "/admin/billing-documents/"])
def test_the_listing_runs_the_same_queries_for_5_and_40_rows_of_many_contracts(staff_client, url):
    make = PaymentFactory if "payments" in url else BillingDocumentFactory
    for _ in range(5):
        make(contract=ContractFactory())
    few = queries(staff_client, url)
    for _ in range(35):
        make(contract=ContractFactory())
    assert queries(staff_client, url) == few


def test_search_by_number_contract_and_inn(staff_client):
    mine = ContractFactory(number="BIG-01 Т", abonent=AbonentFactory(inn="1659999994"))
    other = ContractFactory(number="05 Т")
    PaymentFactory(contract=mine, number="771")
    PaymentFactory(contract=mine, number="772")
    PaymentFactory(contract=other, number="773", purpose="по договору BIG-01 Т")  # text is not searched
    assert numbers(staff_client.get("/admin/payments/", {"q": "773"})) == {"773"}
    assert numbers(staff_client.get("/admin/payments/", {"q": "big-01"})) == {"771", "772"}
    assert numbers(staff_client.get("/admin/payments/", {"q": "1659999994"})) == {"771", "772"}
    assert numbers(staff_client.get("/admin/payments/", {"q": "нет такого"})) == set()


def test_filters_by_abonent_inn_kind_and_date(staff_client):
    mine = ContractFactory(abonent=AbonentFactory(inn="1659999994"))
    PaymentFactory(contract=mine, number="1", kind="Пени", date=datetime.date(2015, 4, 17))
    PaymentFactory(contract=mine, number="2", kind="Аванс", date=datetime.date(2015, 5, 17))
    PaymentFactory(number="3", kind="Пени")
    assert numbers(staff_client.get("/admin/payments/", {"abonent": mine.abonent_id})) == {"1", "2"}
    assert numbers(staff_client.get("/admin/payments/", {"inn": "1659999994", "kind": "Пени"})) == {"1"}
    dates = {"date_from": "2015-05-01", "date_to": "2015-05-31"}
    assert numbers(staff_client.get("/admin/payments/", dates)) == {"2"}
    page = soup(staff_client.get("/admin/payments/").content.decode())
    assert not page.select("select[name=abonent]")  # no select of every abonent
    kinds = {i["value"] for i in page.select("input[name=kind]")}
    assert {"Пени", "Аванс"} <= kinds


def test_the_count_is_exact_when_small_and_labelled_in_russian():
    PaymentFactory.create_batch(3)
    paginator = EstimatedCountPaginator(Payment.objects.order_by("-date", "-id"), 50)
    assert (paginator.count, paginator.estimated) == (3, False)
    assert paginator.items_count_label == "3 оплаты"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's planner estimate")
def test_a_large_count_is_the_planners_estimate_marked_approximately(monkeypatch):
    from lk_portal.admin_views import billing

    PaymentFactory.create_batch(30)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE lk_portal_payment")
    monkeypatch.setattr(billing, "ESTIMATE_ABOVE", 10)
    paginator = EstimatedCountPaginator(Payment.objects.order_by("-date", "-id"), 50)
    with CaptureQueriesContext(connection) as ctx:
        label = paginator.items_count_label
    assert paginator.estimated and label.startswith("≈ ") and label.endswith(" оплаты")
    assert not any("COUNT(" in q["sql"] for q in ctx.captured_queries)


def test_a_search_naming_several_things_pages_in_the_listing_order_with_fixed_queries(staff_client):
    """Each contract (and the number) read in index order on its own, the pages are those of one sort."""
    abonent = AbonentFactory(inn="1659999994")
    contracts = [ContractFactory(number=f"BIG-0{n} Т", abonent=abonent) for n in range(1, 4)]
    day = datetime.date(2015, 1, 1)
    for n in range(130):
        PaymentFactory(contract=contracts[n % 3], number=f"{n}", date=day + datetime.timedelta(days=n % 40))
    PaymentFactory(contract=ContractFactory(number="05 Т"), number="BIG-0", date=day)
    expected = list(
        Payment.objects.filter(Q(contract__number__startswith="BIG-0") | Q(number="BIG-0"))
        .order_by("-date", "-id")
        .values_list("number", flat=True)
    )
    assert len(expected) == 131
    seen, counts = [], set()
    for page in (1, 2, 3):
        with CaptureQueriesContext(connection) as ctx:
            response = staff_client.get("/admin/payments/", {"q": "BIG-0", "p": page})
        counts.add(len(ctx.captured_queries))
        rows = soup(response.content.decode()).select("table.listing tbody tr")
        seen += [row.select_one("td a").get_text(strip=True) for row in rows]
    assert seen == expected
    assert len(counts) == 1
