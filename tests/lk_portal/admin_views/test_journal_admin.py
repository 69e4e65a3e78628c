"""Staff's «Журнал действий» in Wagtail admin: every abonent's entries, filters, export, read-only."""

import pytest

from lk_portal.models import JournalEntry
from lk_portal.services.journal import journal_record
from tests.factories import ContractFactory, UserFactory
from tests.support.html import select_one, text_of


def listing(response) -> str:
    return text_of(select_one(response, "table.listing"))


pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    client.force_login(UserFactory(abonent=None, username="operator", is_staff=True, is_superuser=True))
    return client


def test_staff_see_every_abonents_entries_and_filter_them(staff_client):
    first = UserFactory(abonent=ContractFactory().abonent)
    second = UserFactory(abonent=ContractFactory().abonent)
    journal_record("export", user=first, object="Оплата", details={"format": "csv"})
    journal_record("password_change", user=second)
    text = listing(staff_client.get("/admin/journal/"))
    assert first.abonent.name in text and second.abonent.name in text
    assert "формат: csv" in text and "смена пароля" in text
    filtered = listing(staff_client.get("/admin/journal/?action=password_change"))
    assert second.abonent.name in filtered and "формат: csv" not in filtered
    searched = listing(staff_client.get(f"/admin/journal/?q={first.abonent.inn}"))
    assert "Оплата" in searched and "смена пароля" not in searched


def test_the_journal_exports_and_cannot_be_edited(staff_client):
    member = UserFactory(abonent=ContractFactory().abonent)
    entry = journal_record("login", user=member)
    response = staff_client.get("/admin/journal/?export=csv")
    assert response.status_code == 200
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "Действие" in content and "вход" in content
    assert staff_client.get(f"/admin/journal/edit/{entry.pk}/").status_code in (302, 403)
    assert staff_client.post(f"/admin/journal/delete/{entry.pk}/").status_code in (302, 403)
    assert JournalEntry.objects.filter(pk=entry.pk).exists()
    assert staff_client.get(f"/admin/journal/inspect/{entry.pk}/").status_code == 200


def test_staff_without_the_permission_do_not_see_it(client):
    client.force_login(UserFactory(abonent=None, username="editor", is_staff=True))
    assert client.get("/admin/journal/").status_code in (302, 403)


def test_an_empty_journal_says_so_in_russian(staff_client):
    JournalEntry.objects.all().delete()  # the staff login's own entry
    assert "Нет записей журнала" in text_of(select_one(staff_client.get("/admin/journal/"), "main"))
