"""The member's contract scope read from the cache: no query while nothing changed, and never a contract
the member may no longer see, whatever changed it (a team administrator, staff, an import, a role)."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lk_portal.models import ImportRun
from lk_portal.services.billing_import import billing_package_import
from lk_portal.services.team import member_update
from tests.factories import AbonentFactory, BillingDocumentFactory, ContractFactory, PaymentFactory, UserFactory
from tests.lk_portal.exchange.helpers import INN, KPP, write_csv

pytestmark = pytest.mark.django_db

URL = "/lk/payments/"


@pytest.fixture
def abonent():
    return AbonentFactory(inn=INN, kpp=KPP)


@pytest.fixture
def contracts(abonent):
    return [ContractFactory(abonent=abonent, number=number) for number in ("01 Т", "02 Т", "03 Т")]


@pytest.fixture
def member(client, abonent, contracts):
    user = UserFactory(abonent=abonent, username="buh@example.ru", role="accountant", contracts=contracts[:2])
    client.force_login(user)
    return user


def _select(client, url: str, name: str, pattern: str) -> tuple[list[str], int]:
    """What the page's `name` select offers (by `pattern`), and the page's query count."""
    with CaptureQueriesContext(connection) as queries:
        answer = client.get(url)
    assert answer.status_code == 200
    select = answer.content.decode().split(f'name="{name}"', 1)[1].split("</select>", 1)[0]
    return re.findall(pattern, select), len(queries)


def offered(client, url: str = URL) -> tuple[list[str], int]:
    """The contract numbers the page's selector offers, and the page's query count."""
    return _select(client, url, "contract", r"<option value=\"\d+\"[^>]*>([^<]+?) от ")


def test_a_warm_page_reads_the_scope_from_the_cache(client, member):
    assert offered(client)[0] == ["01 Т", "02 Т"]
    with CaptureQueriesContext(connection) as queries:
        assert offered(client)[0] == ["01 Т", "02 Т"]
    read = " ".join(q["sql"] for q in queries.captured_queries)
    assert "lk_portal_user_contracts" not in read  # the scope's ids
    assert 'FROM "lk_portal_contract"' not in read  # the selector's contracts


def test_a_contract_taken_out_of_the_scope_is_gone_at_once(client, member, abonent, contracts):
    offered(client)
    assert client.get(f"{URL}?contract={contracts[1].pk}").status_code == 200
    UserFactory(abonent=abonent, username="admin@example.ru")  # the organisation's administrator remains
    member_update(abonent=abonent, member=member, role="accountant", contract_ids=[contracts[0].pk])
    assert offered(client)[0] == ["01 Т"]
    assert client.get(f"{URL}?contract={contracts[1].pk}").status_code == 404


def test_a_contract_added_to_the_scope_by_staff_shows_at_once(client, member, contracts):
    offered(client)
    member.contracts.add(contracts[2])  # the m2m's own signal, as Wagtail admin's form sends it
    assert offered(client)[0] == ["01 Т", "02 Т", "03 Т"]
    member.contracts.clear()  # no scope: every contract of the abonent
    assert offered(client)[0] == ["01 Т", "02 Т", "03 Т"]
    member.contracts.set([contracts[2]])
    assert offered(client)[0] == ["03 Т"]


def test_a_contract_renamed_or_deleted_shows_at_once(client, member, contracts):
    offered(client)
    contracts[1].number = "02/1 Т"
    contracts[1].save()
    assert offered(client)[0] == ["01 Т", "02/1 Т"]
    contracts[0].delete()
    assert offered(client)[0] == ["02/1 Т"]


def test_another_role_computes_the_scope_again(client, member, abonent, contracts):
    offered(client)
    assert client.get(f"{URL}?export=csv").status_code == 200
    type(member).objects.filter(pk=member.pk).update(role="observer")  # even written around the model
    assert client.get(f"{URL}?export=csv").status_code == 403  # the role is the login's own row, read each time
    assert offered(client)[0] == ["01 Т", "02 Т"]


def test_a_contract_imported_in_bulk_shows_at_once(client, abonent, contracts, tmp_path):
    admin = UserFactory(abonent=abonent, username="admin@example.ru")  # no scope: every contract
    client.force_login(admin)
    assert offered(client)[0] == ["01 Т", "02 Т", "03 Т"]
    path = write_csv(
        tmp_path / "contracts.csv",
        [
            ["inn", "kpp", "contract_no", "goods", "start_date", "end_date", "status"],
            [INN, KPP, "04 Т", "Тепло", "01.01.2016", "", "Активный"],
        ],
    )
    run = billing_package_import(paths=[path], source=ImportRun.SOURCE_COMMAND)
    assert run.status == ImportRun.OK, run.errors
    assert offered(client)[0] == ["01 Т", "02 Т", "03 Т", "04 Т"]


def test_another_organisations_member_has_its_own_scope(client, member, contracts):
    offered(client)
    stranger_contract = ContractFactory(number="99 Т")
    stranger = UserFactory(abonent=stranger_contract.abonent, username="other@example.ru")
    client.force_login(stranger)
    assert offered(client)[0] == ["99 Т"]
    assert client.get(f"{URL}?contract={contracts[0].pk}").status_code == 404


def test_an_unreachable_cache_costs_the_queries_not_the_page(client, member, contracts, monkeypatch):
    def broken(*args, **kwargs):
        raise ConnectionError("redis is down")

    monkeypatch.setattr(cache, "get_many", broken)
    monkeypatch.setattr(cache, "set_many", broken)
    assert offered(client)[0] == ["01 Т", "02 Т"]
    member.contracts.set([contracts[0]])
    assert offered(client)[0] == ["01 Т"]


def kinds(client, url: str = URL) -> tuple[list[str], int]:
    """The «Вид» filter's values the grid offers, and the page's query count."""
    return _select(client, url, "f_kind", r'<option value="([^"]+)"')


def test_the_grids_kind_choices_come_from_the_cache_and_move_with_the_payments(client, member, contracts):
    PaymentFactory(contract=contracts[0], kind="Аванс")
    cold, cold_queries = kinds(client)
    warm, warm_queries = kinds(client)
    assert cold == warm == ["Аванс"]
    assert warm_queries == cold_queries - 5  # the scope's ids, its contracts, the kinds, the header's two
    payment = PaymentFactory(contract=contracts[1], kind="Реализация")  # one by one (staff): a signal
    assert kinds(client)[0] == ["Аванс", "Реализация"]
    assert kinds(client, f"{URL}?contract={contracts[0].pk}")[0] == ["Аванс"]  # each contract its own
    payment.delete()
    assert kinds(client)[0] == ["Аванс"]
    PaymentFactory(contract=contracts[2], kind="Пени")  # outside the member's scope
    assert kinds(client)[0] == ["Аванс"]


def test_the_kind_choices_of_payments_imported_in_bulk_show_at_once(client, member, contracts, tmp_path):
    PaymentFactory(contract=contracts[0], kind="Аванс")
    assert kinds(client)[0] == ["Аванс"]
    path = write_csv(
        tmp_path / "payments.csv",
        [
            ["external_id", "contract_no", "number", "date", "period", "amount", "kind", "purpose"],
            ["P-900", "02 Т", "141", "17.04.2015", "2015,04", "7 220,27", "Реализация", ""],
        ],
    )
    run = billing_package_import(paths=[path], source=ImportRun.SOURCE_COMMAND)
    assert run.status == ImportRun.OK, run.errors
    assert kinds(client)[0] == ["Аванс", "Реализация"]


def test_the_documents_kind_choices_follow_the_lists_ticked(client, member, contracts):
    BillingDocumentFactory(contract=contracts[0], doc_type="invoice", kind="Реализация")
    BillingDocumentFactory(contract=contracts[0], doc_type="bill", kind="Аванс")
    documents = "/lk/documents/"
    assert kinds(client, documents)[0] == ["Аванс", "Реализация"]
    assert kinds(client, f"{documents}?list=invoice")[0] == ["Реализация"]
    assert kinds(client, f"{documents}?list=payment")[0] == ["Аванс"]
    assert kinds(client, documents)[0] == ["Аванс", "Реализация"]
