"""Staff manage an organisation's team on an account's page in Wagtail admin."""

import pytest
from django.contrib.auth.models import Group, Permission

from lk_portal.models import Invitation, OutgoingLetter, User
from lk_portal.services.team import invitation_create
from tests.factories import ContractFactory, UserFactory
from tests.support.html import page_text, soup, table_rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client, db):
    client.force_login(UserFactory(abonent=None, username="operator", is_staff=True, is_superuser=True))
    return client


@pytest.fixture
def admin():
    contract = ContractFactory(number="АЛЬФА-1")
    return UserFactory(abonent=contract.abonent)


def test_the_account_page_shows_the_organisations_members_and_invitations(staff_client, admin):
    alpha = admin.abonent.contracts.get()
    UserFactory(abonent=admin.abonent, username="buh@example.ru", role="accountant", contracts=[alpha])
    invitation_create(abonent=admin.abonent, email="new@example.ru", role="observer")
    page = staff_client.get(f"/admin/lk-accounts/{admin.pk}/")
    assert page.status_code == 200
    rows = table_rows(page, "table[data-team-members]")
    assert [(r[0], r[2], r[3]) for r in rows] == [
        (admin.username, "Администратор", "все"),
        ("buh@example.ru", "Бухгалтер", "АЛЬФА-1"),
    ]
    assert table_rows(page, "table[data-team-invitations]")[0][:2] == ["new@example.ru", "Наблюдатель"]


def test_staff_invite_change_a_role_keep_an_administrator_and_revoke(staff_client, admin):
    alpha = admin.abonent.contracts.get()
    done = staff_client.post(
        f"/admin/lk-accounts/{admin.pk}/team/invite/",
        {"email": "eng@example.ru", "role": "engineer", "contracts": [alpha.pk]},
        follow=True,
    )
    assert "Приглашение отправлено на адрес eng@example.ru." in page_text(done)
    invitation = Invitation.objects.get(email="eng@example.ru")
    assert OutgoingLetter.objects.filter(kind="invitation", recipient="eng@example.ru").exists()
    assert invitation.invited_by.username == "operator"
    refused = staff_client.post(f"/admin/lk-accounts/{admin.pk}/team/role/", {"role": "observer"}, follow=True)
    assert "должен остаться хотя бы один действующий администратор" in page_text(refused)
    wrong = staff_client.post(f"/admin/lk-accounts/{admin.pk}/team/invite/", {"email": "x", "role": "x"}, follow=True)
    assert "Введите правильный адрес электронной почты" in page_text(wrong)
    member = UserFactory(abonent=admin.abonent, username="obs@example.ru", role="observer")
    staff_client.post(f"/admin/lk-accounts/{member.pk}/team/role/", {"role": "accountant", "contracts": [alpha.pk]})
    member.refresh_from_db()
    assert member.role == "accountant" and list(member.contracts.all()) == [alpha]
    other = UserFactory()
    assert (
        staff_client.post(f"/admin/lk-accounts/{other.pk}/team/invitations/{invitation.pk}/revoke/").status_code == 404
    )
    staff_client.post(f"/admin/lk-accounts/{admin.pk}/team/invitations/{invitation.pk}/revoke/")
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None


def test_unblock_and_the_permission(client, admin):
    member = UserFactory(abonent=admin.abonent, username="obs@example.ru", role="observer", state=User.BLOCKED)
    viewer = UserFactory(abonent=None, username="viewer", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(viewer)
    refused = client.post(f"/admin/lk-accounts/{member.pk}/team/unblock/")  # Wagtail: PermissionDenied → home
    assert refused.status_code == 302 and refused["Location"] == "/admin/"
    member.refresh_from_db()
    assert member.state == User.BLOCKED
    group = Group.objects.create(name="Учет")
    group.permissions.add(Permission.objects.get(codename="change_user"))
    viewer.groups.add(group)
    page = client.get(f"/admin/lk-accounts/{member.pk}/")
    assert soup(page).find("button", string="Разблокировать") is not None
    client.post(f"/admin/lk-accounts/{member.pk}/team/unblock/")
    member.refresh_from_db()
    assert member.state == User.ACTIVE
