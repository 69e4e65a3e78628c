"""The cabinet header's cached figures: one cache read while nothing changed, fresh as soon as anything did."""

import datetime
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from lk_portal.models import DebtSnapshot, ImportRun
from lk_portal.services import header_cache
from lk_portal.services.billing_import import billing_package_import
from news.services.reads import news_mark_all_read
from tests.factories import ContractFactory, DebtSnapshotFactory, UserFactory
from tests.factories.pages import news_publish
from tests.lk_portal.exchange.helpers import INN, KPP, write_csv

pytestmark = pytest.mark.django_db

URL = "/lk/contracts/"


@pytest.fixture
def member(client):
    contract = ContractFactory()
    DebtSnapshotFactory(contract=contract, as_of=datetime.date(2015, 9, 7), debt=Decimal("100.00"))
    user = UserFactory(abonent=contract.abonent, activated_at=datetime.datetime(2015, 1, 1, tzinfo=datetime.UTC))
    client.force_login(user)
    return user


def header(client, url: str = URL) -> tuple[str, int]:
    """The header's debt line and the news tab's count, with the page's query count."""
    with CaptureQueriesContext(connection) as queries:
        html = client.get(url).content.decode()
    debt = html.split("Текущая задолженность на ", 1)[1].split("руб.", 1)[0]
    marker = 'class="news-indicator" aria-label="непрочитанных новостей: '
    news = int(html.split(marker, 1)[1].split('"', 1)[0]) if marker in html else 0
    return f"{debt.strip()} / {news}", len(queries)


def test_a_warm_page_reads_neither_figure_from_the_database(client, member):
    news_publish("Тарифы на 2016 год")
    cold, cold_queries = header(client)
    warm, warm_queries = header(client)
    assert cold == warm == "07.09.2015: 100,00 / 1"
    # The debt line's and the news count's queries, and the scope's two (its ids, its contracts).
    assert warm_queries == cold_queries - 4


def test_a_warm_page_reads_the_scope_and_the_header_in_one_round_trip(client, member, monkeypatch):
    header(client)
    reads, get_many = [], cache.get_many
    monkeypatch.setattr(cache, "get_many", lambda keys, *a, **k: reads.append(list(keys)) or get_many(keys, *a, **k))
    assert header(client)[0] == "07.09.2015: 100,00 / 0"
    assert len(reads) == 1
    assert {f"lk:hdr:member:{member.pk}", f"lk:scope:member:{member.pk}"} <= set(reads[0])


def test_the_news_page_that_marks_news_read_shows_the_new_count_at_once(client, member):
    news_publish("Тарифы на 2016 год")
    second = news_publish("Изменение графика приема")
    assert header(client)[0].endswith("/ 2")
    assert header(client, f"/lk/news/{second.pk}/")[0].endswith("/ 1")  # the page that read it
    assert header(client)[0].endswith("/ 1")


def test_a_debt_row_saved_or_deleted_shows_at_once(client, member):
    header(client)
    row = DebtSnapshotFactory(contract=member.abonent.contracts.get(), as_of=datetime.date(2015, 10, 1))
    row.debt = Decimal("250.50")
    row.save()
    assert header(client)[0] == "01.10.2015: 250,50 / 0"
    row.delete()
    assert header(client)[0] == "07.09.2015: 100,00 / 0"


def test_a_billing_import_written_in_bulk_shows_at_once(client, member, tmp_path):
    contract = member.abonent.contracts.get()
    abonent = contract.abonent
    abonent.inn, abonent.kpp = INN, KPP
    abonent.save()
    contract.number = "05 Т"
    contract.save()
    header(client)
    path = write_csv(
        tmp_path / "debts.csv",
        [
            ["inn", "kpp", "contract_no", "as_of", "debt", "penalties"],
            [INN, KPP, "05 Т", "08.09.2015", "7 220,27", "0,00"],
        ],
    )
    DebtSnapshot.objects.update(debt=Decimal("1.00"))  # and a bulk write of its own, which sends no signal
    run = billing_package_import(paths=[path], source=ImportRun.SOURCE_COMMAND)
    assert run.status == ImportRun.OK, run.errors
    assert header(client)[0] == "08.09.2015: 7 220,27 / 0"


def test_news_published_read_and_unpublished_move_the_count(client, member):
    first = news_publish("Тарифы на 2016 год")
    assert header(client)[0].endswith("/ 1")
    second = news_publish("Изменение графика приема")
    assert header(client)[0].endswith("/ 2")
    client.get(f"/lk/news/{second.pk}/")  # opening it marks it read
    assert header(client)[0].endswith("/ 1")
    first.unpublish()
    assert header(client)[0].endswith("/ 0")
    third = news_publish("Отключение горячей воды")
    assert header(client)[0].endswith("/ 1")
    PageViewRestriction.objects.create(page=third, restriction_type=PageViewRestriction.LOGIN)
    assert header(client)[0].endswith("/ 0")


def test_marking_all_read_and_a_new_counting_moment_recount(client, member):
    news_publish("Тарифы на 2016 год")
    assert header(client)[0].endswith("/ 1")
    news_mark_all_read(user=member, since=member.activated_at)
    assert header(client)[0].endswith("/ 0")
    news_publish("Изменение графика приема")
    assert header(client)[0].endswith("/ 1")
    member.news_seen_from = datetime.datetime(2100, 1, 1, tzinfo=datetime.UTC)
    member.save()
    assert header(client)[0].endswith("/ 0")


def test_another_member_of_the_abonent_has_its_own_count(client, member):
    item = news_publish("Тарифы на 2016 год")
    other = UserFactory(abonent=member.abonent, username="buh@example.ru", activated_at=member.activated_at)
    assert header(client)[0].endswith("/ 1")
    client.get(f"/lk/news/{item.pk}/")
    assert header(client)[0].endswith("/ 0")
    client.force_login(other)
    assert header(client)[0] == "07.09.2015: 100,00 / 1"


def test_the_generation_is_replaced_again_when_the_transaction_commits(django_capture_on_commit_callbacks):
    name = header_cache._GENERATION.format(header_cache.DEBT)
    with django_capture_on_commit_callbacks(execute=True):
        header_cache.header_changed(header_cache.DEBT)
        during = cache.get(name)
    assert during and cache.get(name) != during  # a page computed before the commit saw the old rows


def test_an_unreachable_cache_costs_the_queries_not_the_page(client, member, monkeypatch):
    def broken(*args, **kwargs):
        raise ConnectionError("redis is down")

    monkeypatch.setattr(cache, "get_many", broken)
    monkeypatch.setattr(cache, "set_many", broken)
    assert header(client)[0] == "07.09.2015: 100,00 / 0"
    DebtSnapshotFactory(contract=member.abonent.contracts.get(), as_of=datetime.date(2015, 10, 1))
    assert header(client)[0].startswith("01.10.2015: ")


def test_off_when_the_setting_is_zero(client, member, settings):
    settings.LK_HEADER_CACHE_SECONDS = 0
    cold_queries = header(client)[1]
    assert header(client)[1] == cold_queries


@pytest.mark.parametrize("how", ["unreachable", "off"])
def test_the_news_list_kept_for_all_members_is_read_from_the_database_without_the_cache(
    client, member, monkeypatch, settings, how
):
    def broken(*args, **kwargs):
        raise ConnectionError("redis is down")

    if how == "off":
        settings.LK_HEADER_CACHE_SECONDS = 0
    else:
        monkeypatch.setattr(cache, "get_many", broken)
        monkeypatch.setattr(cache, "set", broken)
    first = news_publish("Тарифы на 2016 год")
    html = client.get("/lk/news/").content.decode()
    assert "Тарифы на 2016 год" in html and html.count("news-list__item--unread") == 1
    first.unpublish()
    news_publish("Плановые отключения")
    html = client.get("/lk/news/").content.decode()
    assert "Тарифы на 2016 год" not in html and "Плановые отключения" in html
