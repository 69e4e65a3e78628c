import datetime

import pytest
from django.conf import settings

from lk_portal.models import User
from tests.factories import UserFactory
from tests.support.accounts import days, moscow
from tests.support.html import field, page_text, soup

pytestmark = pytest.mark.django_db

PASSWORD = "secret2015pass"
LOCKOUT = "Слишком много неудачных попыток входа подряд"


@pytest.fixture
def user(db):
    return UserFactory()


def post_login(client, username, password, **extra):
    return client.post("/lk/login/", {"username": username, "password": password, **extra})


def test_login_page_has_the_three_fields(client):
    page = client.get("/lk/login/")
    assert [field(page, name)["type"] for name in ("username", "password", "remember_me")] == [
        "text",
        "password",
        "checkbox",
    ]
    assert "Запомнить меня" in page_text(page)


def test_without_remember_me_the_session_ends_with_the_browser(client, user):
    response = post_login(client, user.username, PASSWORD)
    assert response.status_code == 302 and response["Location"] == "/lk/"
    assert client.session.get_expire_at_browser_close()
    assert not response.cookies["sessionid"]["max-age"]


def test_remember_me_keeps_the_session_30_days(client, user):
    response = post_login(client, user.username, PASSWORD, remember_me="on")
    assert not client.session.get_expire_at_browser_close()
    assert client.session.get_expiry_age() == 30 * 24 * 3600
    assert int(response.cookies["sessionid"]["max-age"]) == 30 * 24 * 3600


def test_wrong_password_generic_message(client, user):
    response = post_login(client, user.username, "wrong-pass1")
    assert response.status_code == 200
    assert "Неверный логин или пароль" in response.content.decode()


def test_required_fields_in_russian(client):
    text = post_login(client, "", "").content.decode()
    assert "Введите логин." in text and "Введите пароль." in text


def test_pending_account_with_right_password_gets_what_to_do(client):
    user = UserFactory(state=User.PENDING, activation_sent_on=datetime.date.today())
    text = post_login(client, user.username, PASSWORD).content.decode()
    assert "Учетная запись ожидает активации" in text
    assert "_auth_user_id" not in client.session


def test_blocked_account_with_right_password_is_told_whom_to_call(client):
    user = UserFactory(state=User.BLOCKED)
    text = post_login(client, user.username, PASSWORD).content.decode()
    assert "Учетная запись заблокирована" in text
    assert "(843) 567-77-93" in text
    assert "_auth_user_id" not in client.session


def test_blocked_account_with_wrong_password_learns_nothing(client):
    user = UserFactory(state=User.BLOCKED)
    text = post_login(client, user.username, "wrong-pass1").content.decode()
    assert "заблокирована" not in text
    assert "Неверный логин или пароль" in text


def test_login_applies_the_auto_block_rule(client, time_machine):
    user = UserFactory(state=User.PENDING, activation_sent_on=days(0))
    time_machine.move_to(moscow(days(6)), tick=False)
    post_login(client, user.username, "anything1")
    user.refresh_from_db()
    assert user.state == User.BLOCKED


def test_the_right_password_after_the_window_hears_the_account_is_blocked(client, time_machine):
    user = UserFactory(state=User.PENDING, activation_sent_on=days(0))
    time_machine.move_to(moscow(days(6)), tick=False)
    text = page_text(post_login(client, f" {user.username} ", PASSWORD))
    assert "Учетная запись заблокирована" in text and "ожидает активации" not in text
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(
    ("next_url", "expected"),
    [("/lk/contracts/", "/lk/contracts/"), ("https://evil.example/", "/lk/"), ("//evil.example/x", "/lk/")],
)
def test_next_only_within_the_site(client, user, next_url, expected):
    response = post_login(client, user.username, PASSWORD, next=next_url)
    assert response["Location"] == expected


def test_five_wrong_passwords_lock_for_15_minutes(client, user, time_machine):
    time_machine.move_to(moscow(days(0), 10), tick=False)
    for _ in range(4):
        assert post_login(client, user.username, "wrong-pass1").status_code == 200
    fifth = post_login(client, user.username, "wrong-pass1")
    assert fifth.status_code == 429
    assert LOCKOUT in fifth.content.decode()

    right = post_login(client, user.username, PASSWORD)
    assert right.status_code == 429
    assert "_auth_user_id" not in client.session

    time_machine.move_to(moscow(days(0), 10, 14), tick=False)
    assert post_login(client, user.username, PASSWORD).status_code == 429
    time_machine.move_to(moscow(days(0), 10, 16), tick=False)
    assert post_login(client, user.username, PASSWORD).status_code == 302


def test_lockout_looks_the_same_for_an_unknown_login(client, user):
    def page(response, login):
        document = soup(response.content.decode().replace(login, "LOGIN"))
        for token in document.select("input[name=csrfmiddlewaretoken]"):
            token.decompose()
        return str(document)

    for _ in range(5):
        known = post_login(client, user.username, "wrong-pass1")
    for _ in range(5):
        unknown = post_login(client, "0000000000", "wrong-pass1")
    assert known.status_code == unknown.status_code == 429
    assert LOCKOUT in page(unknown, "0000000000")
    assert page(known, user.username) == page(unknown, "0000000000")


def test_success_resets_the_failure_count(client, user):
    for _ in range(4):
        post_login(client, user.username, "wrong-pass1")
    assert post_login(client, user.username, PASSWORD).status_code == 302
    client.post("/lk/logout/")
    for _ in range(4):
        post_login(client, user.username, "wrong-pass1")
    assert post_login(client, user.username, PASSWORD).status_code == 302


def test_logout_is_post_only(client, user):
    client.force_login(user)
    assert client.get("/lk/logout/").status_code == 405
    response = client.post("/lk/logout/")
    assert response.status_code == 302
    assert response["Location"] == settings.LOGOUT_REDIRECT_URL
    assert "_auth_user_id" not in client.session
