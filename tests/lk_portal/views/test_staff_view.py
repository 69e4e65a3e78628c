"""Staff look at an abonent's cabinet (issue 15, item 6): read-only, banner, exports by permission, journaled."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission

from lk_portal.models import JournalEntry
from tests.factories import ContractFactory, PaymentFactory, UserFactory
from tests.support.html import grid_rows, page_text, select_one, text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(db):
    member = UserFactory(abonent=ContractFactory().abonent)
    PaymentFactory(
        contract=member.abonent.contracts.get(),
        number="74",
        date=datetime.date(2015, 3, 30),
        amount=Decimal("16503.48"),
    )
    return member


def staff_with(*codenames, username="support"):
    staff = UserFactory(abonent=None, username=username, is_staff=True, first_name="Ольга", last_name="Петрова")
    staff.user_permissions.add(*Permission.objects.filter(codename__in=["access_admin", "change_user", *codenames]))
    return staff


def start(client, staff, member):
    client.force_login(staff)
    return client.post(f"/admin/lk-view-as/{member.pk}/")


def test_the_account_page_offers_the_button_only_with_the_permission(client, member):
    client.force_login(staff_with("view_as_abonent"))
    assert "Открыть кабинет абонента" in page_text(client.get(f"/admin/lk-accounts/{member.pk}/"))
    client.force_login(staff_with(username="plain"))
    assert "Открыть кабинет абонента" not in page_text(client.get(f"/admin/lk-accounts/{member.pk}/"))
    client.post(f"/admin/lk-view-as/{member.pk}/")  # Wagtail answers a refusal with a redirect and a message
    assert "lk_staff_view" not in client.session


def test_staff_see_the_abonents_cabinet_with_the_banner(client, member):
    response = start(client, staff_with("view_as_abonent"), member)
    assert response["Location"] == "/lk/"
    page = client.get("/lk/payments/")
    assert page.status_code == 200
    banner = text_of(select_one(page, ".staff-view-banner"))
    assert f"Вы просматриваете кабинет абонента {member.abonent.name} как сотрудник Ольга Петрова" in banner
    assert "Выйти" in banner
    assert [r[1] for r in grid_rows(page)] == ["74"]
    assert member.abonent.inn in text_of(select_one(page, ".cabinet-header"))


def test_nothing_can_be_changed_or_submitted(client, member):
    start(client, staff_with("view_as_abonent"), member)
    response = client.post("/lk/profile/", {"contact_person": "Взлом", "phone": "", "email": "x@example.ru"})
    assert response.status_code == 403 and "ничего нельзя изменить" in page_text(response)
    member.abonent.refresh_from_db()
    assert member.abonent.contact_person != "Взлом"
    assert client.post("/lk/profile/2fa/require/", {"required": "on"}).status_code == 403
    assert client.post("/lk/news/mark-all-read/").status_code == 403


def test_exports_and_printing_need_their_own_permission(client, member):
    start(client, staff_with("view_as_abonent"), member)
    refused = client.get("/lk/payments/?export=xlsx")
    assert refused.status_code == 403 and "выгрузить или распечатать" in page_text(refused)
    assert not JournalEntry.objects.filter(action="export").exists()
    start(client, staff_with("view_as_abonent", "export_as_abonent", username="senior"), member)
    assert client.get("/lk/payments/?export=xlsx").status_code == 200
    export = JournalEntry.objects.get(action="export")
    assert (export.login, export.abonent) == ("senior", member.abonent)


def test_every_page_is_journaled_for_the_abonents_administrator(client, member):
    staff = staff_with("view_as_abonent")
    start(client, staff, member)
    client.get("/lk/payments/?page=1")
    client.get("/lk/contracts/")
    visits = JournalEntry.objects.filter(action="staff_view").order_by("id")
    assert [(v.login, v.abonent_id, v.object) for v in visits] == [
        ("support", member.abonent_id, "/lk/payments/"),
        ("support", member.abonent_id, "/lk/contracts/"),
    ]
    assert visits[0].details == {"path": "/lk/payments/?page=1"} and visits[1].details == {}
    # the abonent's own login sees them in its journal
    client.post("/lk/view-as/exit/")
    client.force_login(member)
    rows = grid_rows(client.get("/lk/team/journal/?f_action=просмотр кабинета сотрудником"))
    assert {r[1] for r in rows} == {"support"} and len(rows) == 3  # two pages and the end


def test_exit_returns_to_the_account_page_and_ends_the_mode(client, member):
    start(client, staff_with("view_as_abonent"), member)
    response = client.post("/lk/view-as/exit/")
    assert response["Location"] == f"/admin/lk-accounts/{member.pk}/"
    assert client.get("/lk/payments/").status_code == 404  # the staff login has no cabinet of its own
    assert JournalEntry.objects.filter(action="staff_view", object="завершение просмотра").count() == 1


def test_the_cabinets_logout_ends_the_view_not_the_staff_session(client, member):
    start(client, staff_with("view_as_abonent"), member)
    assert client.post("/lk/logout/")["Location"] == f"/admin/lk-accounts/{member.pk}/"
    assert client.get("/admin/").status_code == 200


def test_losing_the_permission_ends_the_mode(client, member):
    staff = staff_with("view_as_abonent")
    start(client, staff, member)
    staff.user_permissions.remove(Permission.objects.get(codename="view_as_abonent"))
    assert client.get("/lk/payments/").status_code == 404
