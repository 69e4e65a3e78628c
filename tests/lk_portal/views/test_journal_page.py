"""/lk/team/journal/: the organisation's journal on the grid — only its own entries, filters, exports."""

import datetime
import io
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from lk_portal.models import JournalEntry
from lk_portal.services.journal import journal_record
from tests.factories import ContractFactory, UserFactory
from tests.support.html import grid_rows, options, page_text

pytestmark = pytest.mark.django_db

URL = "/lk/team/journal/"
MSK = ZoneInfo("Europe/Moscow")


@pytest.fixture
def member(db):
    return UserFactory(abonent=ContractFactory().abonent)


def entry(user, action, at, **kwargs):
    made = journal_record(action, user=user, **kwargs)
    JournalEntry.objects.filter(pk=made.pk).update(at=at)
    return made


def log_in(client, user):
    """force_login, without the entry of that login (made now, after the fixture's entries)."""
    client.force_login(user)
    JournalEntry.objects.filter(at__gt=datetime.datetime(2026, 12, 1, 12, tzinfo=MSK)).delete()


@pytest.fixture
def journal(member):
    other = UserFactory(abonent=ContractFactory().abonent)
    entry(member, "login", datetime.datetime(2026, 11, 30, 23, 30, tzinfo=datetime.UTC))  # 01.12 02:30 МСК
    entry(
        member,
        "export",
        datetime.datetime(2026, 12, 1, 9, 0, tzinfo=MSK),
        object="Оплата",
        details={"format": "xlsx", "filter": "Поиск: «74»"},
    )
    entry(other, "login", datetime.datetime(2026, 12, 1, 10, 0, tzinfo=MSK))
    return other


def test_the_page_shows_this_organisations_entries_in_moscow_time(client, member, journal):
    client.force_login(member)
    JournalEntry.objects.filter(
        action="login", abonent=member.abonent, at__year=2026, at__month=12, at__day__gt=1
    ).delete()
    rows = grid_rows(client.get(URL))
    assert [r[:4] for r in rows] == [
        ["01.12.2026 09:00:00", member.username, "выгрузка", "Оплата"],
        ["01.12.2026 02:30:00", member.username, "вход", ""],
    ]
    assert rows[0][4] == "формат: xlsx; отбор: Поиск: «74»"
    assert journal.username not in page_text(client.get(URL))


def test_filters_by_action_member_and_day(client, member, journal):
    log_in(client, member)
    assert [v for v, _, _ in options(client.get(URL), "f_action")][1:] == ["вход", "выгрузка"]
    assert [r[2] for r in grid_rows(client.get(URL + "?f_action=выгрузка"))] == ["выгрузка"]
    assert len(grid_rows(client.get(URL + f"?f_member={member.username}"))) == 2
    # the day is Moscow's: 23:30 UTC on 30.11 is 02:30 on 01.12
    assert len(grid_rows(client.get(URL + "?f_at_from=01.12.2026&f_at_to=01.12.2026"))) == 2
    assert grid_rows(client.get(URL + "?f_at_to=30.11.2026")) == [["Нет данных по заданному отбору."]]
    assert "не распознано" in page_text(client.get(URL + "?f_at_from=вчера"))


def test_the_export_has_the_moscow_times_and_is_journaled_itself(client, member, journal):
    client.force_login(member)
    response = client.get(URL + "?f_action=выгрузка&export=xlsx")
    assert response.status_code == 200
    sheet = load_workbook(
        io.BytesIO(b"".join(response.streaming_content) if response.streaming else response.content)
    ).active
    values = [c for row in sheet.iter_rows(values_only=True) for c in row if c]
    assert "01.12.2026 09:00:00" in values and "Оплата" in values
    last = JournalEntry.objects.latest("id")
    assert (last.action, last.object, last.details["filter"].startswith("Действие: выгрузка")) == (
        "export",
        "Журнал действий",
        True,
    )


def test_the_page_runs_a_fixed_number_of_queries(client, member):
    client.force_login(member)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(URL).status_code == 200
        return len(queries)

    count()  # the header's figures into the cache
    few = count()
    for i in range(40):
        journal_record("login", user=member, details={"n": i})
    assert count() == few
