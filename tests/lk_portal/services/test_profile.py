import pytest

from lk_portal.domain.roles import NotAllowed
from lk_portal.models import User
from lk_portal.services.profile import (
    email_change_confirm,
    email_change_request,
    password_reset_request,
    password_reset_users,
    profile_update,
)
from lk_portal.tokens import email_change_token_make
from tests.factories import AbonentFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def account():
    return UserFactory(abonent=AbonentFactory(inn="7707083893", email="buh@example.ru"), email="buh@example.ru")


def test_recovery_finds_active_accounts_by_email_inn_or_login(account):
    assert password_reset_users(identifier=" BUH@example.ru ") == [account]
    assert password_reset_users(identifier="7707083893") == [account]
    assert password_reset_users(identifier="") == []
    UserFactory(abonent=AbonentFactory(inn="7707083894"), username="7707083894", state=User.PENDING)
    assert password_reset_users(identifier="7707083894") == []


def test_recovery_letters_go_after_commit(account, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert password_reset_request(identifier="7707083893") == 1
        assert mailoutbox == []
    assert mailoutbox[0].to == ["buh@example.ru"]


def test_profile_update_writes_the_contacts_and_the_reminder_choice(account):
    profile_update(user=account, contact_person="Сидорова Анна", phone="(843) 111-22-33", payment_reminders=True)
    account.refresh_from_db()
    account.abonent.refresh_from_db()
    assert (account.abonent.contact_person, account.abonent.phone, account.payment_reminders) == (
        "Сидорова Анна",
        "(843) 111-22-33",
        True,
    )


def test_a_new_address_waits_for_its_link_and_the_link_works_once(
    account, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        email_change_request(user=account, new_email="new@example.ru")
    account.refresh_from_db()
    assert (account.email, account.pending_email, mailoutbox[0].to) == (
        "buh@example.ru",
        "new@example.ru",
        ["new@example.ru"],
    )
    token = email_change_token_make(user_id=account.pk, new_email="new@example.ru", old_email="buh@example.ru")
    confirmed = email_change_confirm(token=token)
    confirmed.abonent.refresh_from_db()
    assert (confirmed.email, confirmed.pending_email, confirmed.abonent.email) == (
        "new@example.ru",
        "",
        "new@example.ru",
    )
    assert email_change_confirm(token=token) is None
    assert email_change_confirm(token="tampered") is None


def test_an_invited_members_new_address_becomes_its_login_and_leaves_the_organisations(account):
    member = UserFactory(abonent=account.abonent, username="eng@example.ru", email="Eng@example.ru", role="engineer")
    email_change_request(user=member, new_email="Energo@Example.ru")
    token = email_change_token_make(user_id=member.pk, new_email="Energo@Example.ru", old_email="Eng@example.ru")
    confirmed = email_change_confirm(token=token)
    confirmed.abonent.refresh_from_db()
    assert (confirmed.username, confirmed.email) == ("energo@example.ru", "Energo@Example.ru")
    assert confirmed.abonent.email == "buh@example.ru"  # the first administrator's, as before


def test_recovery_by_inn_reaches_the_administrators_not_every_member(account):
    UserFactory(abonent=account.abonent, username="obs@example.ru", email="obs@example.ru", role="observer")
    assert password_reset_users(identifier=account.abonent.inn) == [account]
    assert [u.username for u in password_reset_users(identifier="OBS@example.ru")] == ["obs@example.ru"]


def test_only_an_administrator_changes_the_organisations_contacts(account):
    member = UserFactory(abonent=account.abonent, username="obs@example.ru", email="obs@example.ru", role="observer")
    with pytest.raises(NotAllowed):
        profile_update(user=member, payment_reminders=True, contact_person="Чужой", phone="1")
    profile_update(user=member, payment_reminders=True)
    member.abonent.refresh_from_db()
    assert member.abonent.contact_person != "Чужой" and member.payment_reminders
