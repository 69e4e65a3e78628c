"""journal_record and its kin: one INSERT each; the clean-up after LK_JOURNAL_KEEP_DAYS."""

import datetime

import pytest
from django.test import RequestFactory
from django.utils import timezone

from lk_portal.models import JournalEntry
from lk_portal.services.journal import journal_login_failed, journal_purge, journal_record
from lk_portal.tasks.journal import journal_purge_task
from tests.factories import ContractFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(db):
    return UserFactory(abonent=ContractFactory().abonent)


def a_request(user=None, **meta):
    request = RequestFactory().get("/lk/payments/", HTTP_USER_AGENT="Mozilla/5.0 (X11) Firefox/140.0", **meta)
    if user is not None:
        request.user = user
    return request


def test_one_entry_is_one_insert_with_who_where_and_what(member, django_assert_num_queries, client):
    client.get("/admin/login/")  # Wagtail admin's viewsets registered, as in a running site
    request = a_request(member, REMOTE_ADDR="10.1.2.3")
    with django_assert_num_queries(1):
        journal_record("export", request=request, object="Оплата", details={"format": "xlsx"})
    entry = JournalEntry.objects.get()
    assert (entry.user, entry.abonent, entry.login) == (member, member.abonent, member.username)
    assert (entry.action_title, entry.object, entry.details) == ("выгрузка", "Оплата", {"format": "xlsx"})
    assert (entry.ip, entry.user_agent) == ("10.1.2.3", "Mozilla/5.0 (X11) Firefox/140.0")
    assert entry.browser == "Firefox 140"


def test_behind_nginx_the_clients_address_is_kept(member, settings):
    settings.BEHIND_PROXY = True
    journal_record("login", request=a_request(member, REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9"))
    assert JournalEntry.objects.get().ip == "203.0.113.9"


def test_an_unknown_action_is_a_programming_error(member):
    with pytest.raises(ValueError):
        journal_record("coffee", user=member)


def test_a_failed_login_names_the_abonent_of_a_known_login_in_one_insert(member, django_assert_num_queries):
    with django_assert_num_queries(1):
        journal_login_failed(request=a_request(), login=member.username)
    entry = JournalEntry.objects.get()
    assert (entry.action, entry.user, entry.abonent, entry.login) == (
        "login_failed",
        member,
        member.abonent,
        member.username,
    )


def test_a_failed_login_with_an_unknown_login_belongs_to_nobody(db):
    journal_login_failed(request=a_request(), login="0000000000")
    entry = JournalEntry.objects.get()
    assert (entry.user, entry.abonent, entry.login) == (None, None, "0000000000")


def test_entries_older_than_the_keep_days_are_removed(member, settings):
    settings.LK_JOURNAL_KEEP_DAYS = 1096
    now = timezone.now()
    old = journal_record("login", user=member)
    kept = journal_record("logout", user=member)
    JournalEntry.objects.filter(pk=old.pk).update(at=now - datetime.timedelta(days=1097))
    JournalEntry.objects.filter(pk=kept.pk).update(at=now - datetime.timedelta(days=1095))
    assert journal_purge(now=now) == 1
    assert list(JournalEntry.objects.values_list("pk", flat=True)) == [kept.pk]


def test_the_daily_job_purges(member, settings):
    settings.LK_JOURNAL_KEEP_DAYS = 30
    entry = journal_record("login", user=member)
    JournalEntry.objects.filter(pk=entry.pk).update(at=timezone.now() - datetime.timedelta(days=31))
    assert journal_purge_task.call_local() == 1
    assert not JournalEntry.objects.exists()
