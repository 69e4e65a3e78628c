"""«Пользователи» (/lk/team/), the invitation link and an invited member's login (issue 15, items 2 and 3)."""

import re

import pytest
from django.test import Client

from lk_portal.models import Invitation, OutgoingLetter, User
from lk_portal.services.team import invitation_create
from tests.factories import ContractFactory, UserFactory
from tests.support.html import page_text, soup, table_rows, text_of

pytestmark = pytest.mark.django_db
PASSWORD = "secret2015pass"


@pytest.fixture
def admin():
    contract = ContractFactory(number="АЛЬФА-1")
    ContractFactory(abonent=contract.abonent, number="БЕТА-2")
    return UserFactory(abonent=contract.abonent)


@pytest.fixture
def admin_client(client, admin):
    client.force_login(admin)
    return client


def member(admin, username, role="observer", **extra):
    return UserFactory(abonent=admin.abonent, username=username, email=username, role=role, **extra)


def invitation_key(email: str) -> str:
    letter = OutgoingLetter.objects.filter(kind="invitation", recipient=email).latest("pk")
    return re.search(r"/lk/invite/([^/\s]+)/", letter.body).group(1)


def test_the_team_page_lists_members_with_role_scope_state_and_login(admin_client, admin):
    alpha = admin.abonent.contracts.get(number="АЛЬФА-1")
    member(admin, "buh@example.ru", role="accountant", contracts=[alpha])
    member(admin, "obs@example.ru", state=User.BLOCKED)
    page = admin_client.get("/lk/team/")
    assert page.status_code == 200
    rows = table_rows(page, "table.team-members")
    assert [row[1:5] for row in rows[1:]] == [
        ["Бухгалтер", "АЛЬФА-1", "активен", "—"],
        ["Наблюдатель", "все", "заблокирован", "—"],
    ]
    assert rows[0][1:4] == ["Администратор", "все", "активен"]
    assert re.fullmatch(r"\d\d\.\d\d\.20\d\d \d\d:\d\d", rows[0][4])  # logged in now (force_login)
    assert [row[5] for row in rows] == ["—", "—", "—"]  # the 2FA column until two-factor login exists
    assert "Разблокировать" in rows[2][6] and "Заблокировать" in rows[1][6]
    assert "Заблокировать" not in rows[0][6]  # not oneself
    assert "Пользователи" in text_of(soup(page).select_one("nav.cabinet-tabs"))


@pytest.mark.parametrize("members", [1, 12])
def test_the_team_page_runs_a_fixed_number_of_queries(admin_client, admin, members, django_assert_num_queries):
    for n in range(members):
        member(admin, f"m{n}@example.ru", contracts=list(admin.abonent.contracts.all()))
        invitation_create(abonent=admin.abonent, email=f"i{n}@example.ru", role="observer", by=admin)
    # The session from the cache, the abonent with the member; a cold cache: the scope's ids and its
    # contracts (kept for the next pages).
    with django_assert_num_queries(11):
        assert admin_client.get("/lk/team/").status_code == 200


def test_only_administrators_reach_the_team(client, admin):
    target = member(admin, "obs@example.ru")
    invitation = invitation_create(abonent=admin.abonent, email="new@example.ru", role="observer", by=admin)
    for role in ("accountant", "engineer", "observer"):
        client.force_login(member(admin, f"{role}@example.ru", role=role))
        for path in ("/lk/team/", f"/lk/team/{target.pk}/"):
            response = client.get(path)
            assert response.status_code == 403
            assert "не дает права на управление пользователями организации" in page_text(response)
        for path in (f"/lk/team/{target.pk}/block/", f"/lk/invite/../team/invitations/{invitation.pk}/revoke/"):
            assert client.post(path).status_code in (403, 404)
        assert client.post(f"/lk/team/invitations/{invitation.pk}/revoke/").status_code == 403
        assert client.post("/lk/team/", {"email": "x@example.ru", "role": "admin"}).status_code == 403
    target.refresh_from_db()
    invitation.refresh_from_db()
    assert target.state == User.ACTIVE and invitation.revoked_at is None
    assert not Invitation.objects.filter(email="x@example.ru").exists()


def test_another_organisations_members_and_invitations_are_not_found(admin_client, admin):
    stranger = UserFactory()
    theirs = invitation_create(abonent=stranger.abonent, email="their@example.ru", role="observer", by=stranger)
    assert admin_client.get(f"/lk/team/{stranger.pk}/").status_code == 404
    assert admin_client.post(f"/lk/team/{stranger.pk}/", {"role": "observer"}).status_code == 404
    assert admin_client.post(f"/lk/team/{stranger.pk}/block/").status_code == 404
    assert admin_client.post(f"/lk/team/invitations/{theirs.pk}/revoke/").status_code == 404
    assert admin_client.get("/lk/team/999999/").status_code == 404
    stranger.refresh_from_db()
    theirs.refresh_from_db()
    assert stranger.state == User.ACTIVE and theirs.revoked_at is None


def test_invite_and_the_forms_messages(admin_client, admin):
    beta = admin.abonent.contracts.get(number="БЕТА-2")
    response = admin_client.post(
        "/lk/team/",
        {"email": "Buh@Example.ru", "full_name": "Петрова Анна", "role": "accountant", "contracts": [beta.pk]},
    )
    assert response.status_code == 302 and response["Location"] == "/lk/team/"
    page = admin_client.get("/lk/team/")
    assert "Приглашение отправлено на адрес Buh@Example.ru." in page_text(page)
    assert table_rows(page, "table.team-invitations")[0][:3] == ["Buh@Example.ru Петрова Анна", "Бухгалтер", "БЕТА-2"]
    foreign = ContractFactory()
    wrong = admin_client.post("/lk/team/", {"email": "не адрес", "role": "директор", "contracts": [foreign.pk]})
    text = page_text(wrong)
    assert wrong.status_code == 200
    assert "Введите правильный адрес электронной почты" in text and "Выберите роль из списка." in text
    assert "Выберите договоры вашей организации из списка." in text
    used = admin_client.post("/lk/team/", {"email": admin.email.upper(), "role": "observer"})
    assert "уже используется для входа в личный кабинет" in page_text(used)


def test_change_role_and_scope_and_the_last_administrator(admin_client, admin):
    alpha = admin.abonent.contracts.get(number="АЛЬФА-1")
    target = member(admin, "eng@example.ru", role="engineer")
    form = admin_client.get(f"/lk/team/{target.pk}/")
    assert [box["value"] for box in soup(form).select("input[name=contracts]")] == [
        str(c.pk) for c in admin.abonent.contracts.order_by("start_date", "number")
    ]
    saved = admin_client.post(f"/lk/team/{target.pk}/", {"role": "accountant", "contracts": [alpha.pk]})
    assert saved.status_code == 302
    target.refresh_from_db()
    assert target.role == "accountant" and list(target.contracts.all()) == [alpha]
    refused = admin_client.post(f"/lk/team/{admin.pk}/", {"role": "observer"})
    assert refused.status_code == 200
    assert "В организации должен остаться хотя бы один действующий администратор." in page_text(refused)
    admin.refresh_from_db()
    assert admin.role == "admin"


def test_block_ends_the_members_session_and_unblock_lets_it_back(admin_client, admin):
    target = member(admin, "obs@example.ru")
    theirs = Client()
    theirs.force_login(target)
    assert theirs.get("/lk/contracts/").status_code == 200
    assert admin_client.post(f"/lk/team/{target.pk}/block/").status_code == 302
    kicked = theirs.get("/lk/contracts/")
    assert kicked.status_code == 302 and kicked["Location"].startswith("/lk/login/")
    login = theirs.post("/lk/login/", {"username": "OBS@example.ru", "password": PASSWORD})
    assert "Учетная запись заблокирована. Обратитесь к администратору вашей организации" in page_text(login)
    admin_client.post(f"/lk/team/{target.pk}/unblock/")
    assert theirs.post("/lk/login/", {"username": "OBS@example.ru", "password": PASSWORD}).status_code == 302
    assert "Свою учетную запись заблокировать нельзя" in page_text(
        admin_client.post(f"/lk/team/{admin.pk}/block/", follow=True)
    )


def test_revoke_an_invitation(admin_client, admin):
    invitation = invitation_create(abonent=admin.abonent, email="new@example.ru", role="observer", by=admin)
    key = invitation_key("new@example.ru")
    page = admin_client.post(f"/lk/team/invitations/{invitation.pk}/revoke/", follow=True)
    assert "Приглашение на адрес new@example.ru отозвано." in page_text(page)
    assert "Открытых приглашений нет." in page_text(page)
    refused = Client().get(f"/lk/invite/{key}/")
    assert refused.status_code == 410 and "Приглашение отозвано администратором организации." in page_text(refused)


def test_accept_an_invitation_then_log_in_with_the_email_in_any_case(admin):
    invitation_create(abonent=admin.abonent, email="Buh@Example.ru", role="accountant", by=admin)
    key = invitation_key("Buh@Example.ru")
    visitor = Client()
    page = visitor.get(f"/lk/invite/{key}/")
    assert (
        page.status_code == 200 and "Роль: Бухгалтер" in page_text(page) and "Логин: buh@example.ru" in page_text(page)
    )
    weak = visitor.post(f"/lk/invite/{key}/", {"new_password1": "12345678", "new_password2": "12345678"})
    assert weak.status_code == 200 and not User.objects.filter(username="buh@example.ru").exists()
    assert soup(weak).select(".field-error")
    done = visitor.post(f"/lk/invite/{key}/", {"new_password1": "teplo2026x", "new_password2": "teplo2026x"})
    assert done.status_code == 302 and done["Location"] == "/lk/login/?login=buh@example.ru"
    login_page = visitor.get(done["Location"])
    assert soup(login_page).select_one("input[name=username]")["value"] == "buh@example.ru"
    assert "Пароль задан." in page_text(login_page)
    assert visitor.post("/lk/login/", {"username": " BUH@example.RU ", "password": "teplo2026x"}).status_code == 302
    assert visitor.get("/lk/payments/").status_code == 200
    again = Client().get(f"/lk/invite/{key}/")
    assert again.status_code == 410 and "Приглашение уже принято." in page_text(again)
    assert Client().get("/lk/invite/not-a-key/").status_code == 404


def test_the_first_account_still_logs_in_with_the_inn(client, admin):
    assert client.post("/lk/login/", {"username": admin.username, "password": PASSWORD}).status_code == 302


def test_every_change_of_the_team_is_in_the_journal(admin_client, admin):
    from lk_portal.models import JournalEntry

    beta = admin.abonent.contracts.get(number="БЕТА-2")
    admin_client.post("/lk/team/", {"email": "buh@example.ru", "role": "accountant", "contracts": [beta.pk]})
    key = invitation_key("buh@example.ru")
    Client().post(f"/lk/invite/{key}/", {"new_password1": "teplo2026x", "new_password2": "teplo2026x"})
    buh = User.objects.get(username="buh@example.ru")
    admin_client.post(f"/lk/team/{buh.pk}/", {"role": "engineer"})
    admin_client.post(f"/lk/team/{buh.pk}/block/")
    admin_client.post(f"/lk/team/{buh.pk}/unblock/")
    other = invitation_create(abonent=admin.abonent, email="new@example.ru", role="observer", by=admin)
    admin_client.post(f"/lk/team/invitations/{other.pk}/revoke/")
    foreign = UserFactory()
    Client().post(f"/lk/team/{foreign.pk}/block/")  # not logged in: nothing happens, nothing is written

    entries = JournalEntry.objects.filter(abonent=admin.abonent).exclude(action="login").order_by("pk")
    assert [(e.action, e.login, e.object, e.summary) for e in entries] == [
        ("invitation_sent", admin.username, "buh@example.ru", "роль: Бухгалтер; договоры: БЕТА-2"),
        ("invitation_accepted", "buh@example.ru", "buh@example.ru", ""),
        ("member_changed", admin.username, "buh@example.ru", "роль: Энергетик; договоры: все"),
        ("member_blocked", admin.username, "buh@example.ru", ""),
        ("member_unblocked", admin.username, "buh@example.ru", ""),
        ("invitation_revoked", admin.username, "new@example.ru", ""),
    ]
    assert not JournalEntry.objects.filter(abonent=foreign.abonent).exists()
