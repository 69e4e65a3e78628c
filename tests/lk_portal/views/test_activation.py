import pytest

from lk_portal.models import User
from tests.support.accounts import DAY_D, days, link_path, moscow, register

pytestmark = pytest.mark.django_db


@pytest.fixture
def link(time_machine, django_capture_on_commit_callbacks, mailoutbox):
    time_machine.move_to(moscow(DAY_D), tick=False)
    register(django_capture_on_commit_callbacks)
    return link_path(mailoutbox[0].body)


def test_on_day_d_the_link_says_from_which_date_it_works(client, link):
    response = client.get(link)
    assert response.status_code == 200
    assert "Ссылка для активации начнет действовать с 11.03.2025" in response.content.decode()
    assert "new_password1" not in response.content.decode()


def test_on_d_plus_1_the_abonent_sets_a_password_and_lands_in_the_cabinet(client, link, time_machine):
    time_machine.move_to(moscow(days(1), 9), tick=False)
    page = client.get(link)
    assert page.status_code == 200
    assert "Логин: <strong>7707083893</strong>" in page.content.decode()

    response = client.post(link, {"new_password1": "heat2015pass", "new_password2": "heat2015pass"})

    assert response.status_code == 302
    assert response["Location"] == "/lk/"
    user = User.objects.get()
    assert user.state == User.ACTIVE and user.activated_at is not None
    assert user.check_password("heat2015pass")
    assert client.get("/lk/contracts/").status_code == 200
    assert client.session.get_expire_at_browser_close()


def test_the_same_link_then_refuses(client, link, time_machine):
    time_machine.move_to(moscow(days(2)), tick=False)
    client.post(link, {"new_password1": "heat2015pass", "new_password2": "heat2015pass"})
    client.logout()

    response = client.get(link)

    assert response.status_code == 410
    assert "Ссылка уже использована" in response.content.decode()


def test_on_d_plus_5_still_works_on_d_plus_6_blocked_with_branch_phone(client, link, time_machine):
    time_machine.move_to(moscow(days(5), 23, 59), tick=False)
    assert client.get(link).status_code == 200

    time_machine.move_to(moscow(days(6), 0, 1), tick=False)
    response = client.get(link)

    text = response.content.decode()
    assert response.status_code == 410
    assert "Срок действия ссылки истек" in text
    assert "действовала с 11.03.2025 по 15.03.2025" in text
    assert "(843) 567-77-93" in text
    assert User.objects.get().state == User.BLOCKED


def test_tampered_link_is_refused(client, link, time_machine):
    time_machine.move_to(moscow(days(1)), tick=False)
    last_two = link[-3:-1]
    response = client.get(link[:-3] + ("11" if last_two == "00" else "00") + "/")  # always a different token
    assert response.status_code == 404
    assert "Ссылка недействительна" in response.content.decode()


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("ab1", "Пароль слишком короткий: нужно не менее 8 символов."),
        ("12345678901", "Введённый пароль состоит только из цифр."),
        ("abcdefghijk", "Пароль должен содержать и латинские буквы, и цифры."),
        ("парольпароль1", "Пароль должен содержать и латинские буквы, и цифры."),
        ("password1", "Введённый пароль слишком широко распространён."),
    ],
)
def test_password_rules_in_russian(client, link, time_machine, password, message):
    time_machine.move_to(moscow(days(1)), tick=False)
    response = client.post(link, {"new_password1": password, "new_password2": password})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert User.objects.get().state == User.PENDING


def test_passwords_must_match(client, link, time_machine):
    time_machine.move_to(moscow(days(1)), tick=False)
    response = client.post(link, {"new_password1": "heat2015pass", "new_password2": "heat2015pasz"})
    assert "Введенные пароли не совпадают." in response.content.decode()
