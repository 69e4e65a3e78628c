from unittest import mock
from urllib.error import URLError

import pytest
from captcha.models import CaptchaStore
from django_recaptcha.client import RecaptchaResponse

from lk_portal.models import User
from tests.factories import AbonentFactory, UserFactory
from tests.support.accounts import link_path
from tests.support.html import hidden_field_value

pytestmark = pytest.mark.django_db

SAME_ANSWER = "Если указанные e-mail или ИНН есть среди зарегистрированных учетных записей"


def captcha_answer(client) -> dict:
    """The image captcha as a person would solve it: read the key from the page, the answer from the store."""
    hashkey = hidden_field_value(client.get("/lk/password-reset/"), "captcha_0")
    return {"captcha_0": hashkey, "captcha_1": CaptchaStore.objects.get(hashkey=hashkey).response}


def recover(client, identifier, capture, **captcha):
    data = {"identifier": identifier, **(captcha or captcha_answer(client))}
    with capture(execute=True):
        return client.post("/lk/password-reset/", data, follow=True)


@pytest.fixture
def user(db):
    return UserFactory(abonent=AbonentFactory(inn="7707083893", email="buh@example.ru"), email="buh@example.ru")


def test_page_shows_the_image_captcha(client):
    text = client.get("/lk/password-reset/").content.decode()
    assert "Защитный код" in text
    assert "/captcha/image/" in text
    assert "Напомнить мой пароль" in text


@pytest.mark.parametrize("identifier", ["7707083893", "BUH@example.ru"])
def test_recovery_by_inn_or_email_sends_a_link_and_reminds_the_login(
    client, user, mailoutbox, django_capture_on_commit_callbacks, identifier
):
    response = recover(client, identifier, django_capture_on_commit_callbacks)

    assert SAME_ANSWER in response.content.decode()
    assert len(mailoutbox) == 1
    body = mailoutbox[0].body
    assert mailoutbox[0].to == ["buh@example.ru"]
    assert "Ваш логин: 7707083893" in body
    assert "secret2015pass" not in body

    link = link_path(body, "/lk/password-reset/")
    form_page = client.get(link, follow=True)
    assert "Логин: <strong>7707083893</strong>" in form_page.content.decode()
    set_url = form_page.redirect_chain[-1][0]
    done = client.post(set_url, {"new_password1": "newheat2016", "new_password2": "newheat2016"}, follow=True)
    assert "Пароль изменен" in done.content.decode()
    user.refresh_from_db()
    assert user.check_password("newheat2016")
    assert user.password.startswith("md5$")  # hashed (the test hasher), never clear text

    reused = client.get(link, follow=True)
    assert "Ссылка недействительна" in reused.content.decode()


def test_unknown_login_gets_the_same_answer_and_no_letter(client, user, mailoutbox, django_capture_on_commit_callbacks):
    known = recover(client, "7707083893", django_capture_on_commit_callbacks)
    unknown = recover(client, "5001007322", django_capture_on_commit_callbacks)
    assert known.status_code == unknown.status_code == 200
    assert known.redirect_chain == unknown.redirect_chain
    assert SAME_ANSWER in unknown.content.decode()
    assert len(mailoutbox) == 1


def test_pending_or_blocked_accounts_get_no_recovery_letter(client, mailoutbox, django_capture_on_commit_callbacks):
    UserFactory(state=User.PENDING, abonent=AbonentFactory(inn="7707083893"))
    response = recover(client, "7707083893", django_capture_on_commit_callbacks)
    assert SAME_ANSWER in response.content.decode()
    assert mailoutbox == []


@pytest.mark.parametrize(
    ("captcha", "message"),
    [
        ({"captcha_1": "wrong"}, "Неверный защитный код"),
        ({"captcha_1": ""}, "Введите защитный код с картинки."),
    ],
)
def test_wrong_or_missing_image_captcha_is_refused(client, user, mailoutbox, captcha, message):
    data = {"identifier": "7707083893", **captcha_answer(client), **captcha}
    response = client.post("/lk/password-reset/", data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert 'value="7707083893"' in response.content.decode()  # nothing typed is lost
    assert mailoutbox == []


def test_empty_identifier_message(client):
    response = client.post("/lk/password-reset/", {"identifier": "", **captcha_answer(client)})
    assert "Укажите e-mail или ИНН, использованные при регистрации." in response.content.decode()


@pytest.fixture
def recaptcha(settings):
    settings.RECAPTCHA_PUBLIC_KEY = "public-key-of-operator"
    settings.RECAPTCHA_PRIVATE_KEY = "private-key-of-operator"


def test_recaptcha_replaces_the_image_when_keys_are_set(client, recaptcha):
    text = client.get("/lk/password-reset/").content.decode()
    assert "g-recaptcha" in text and "public-key-of-operator" in text
    assert "captcha_0" not in text


def test_recaptcha_passed_sends_the_letter(client, user, recaptcha, mailoutbox, django_capture_on_commit_callbacks):
    with mock.patch("django_recaptcha.fields.client.submit", return_value=RecaptchaResponse(is_valid=True)):
        response = recover(
            client, "7707083893", django_capture_on_commit_callbacks, **{"g-recaptcha-response": "token"}
        )
    assert SAME_ANSWER in response.content.decode()
    assert len(mailoutbox) == 1


@pytest.mark.parametrize("data", [{"g-recaptcha-response": "bad"}, {}])
def test_recaptcha_refused_in_russian(client, user, recaptcha, mailoutbox, data):
    with mock.patch(
        "django_recaptcha.fields.client.submit", return_value=RecaptchaResponse(is_valid=False, error_codes=["x"])
    ):
        response = client.post("/lk/password-reset/", {"identifier": "7707083893", **data})
    assert response.status_code == 200
    assert "Подтвердите, что вы не робот" in response.content.decode()
    assert mailoutbox == []


def test_recaptcha_unreachable_is_a_message_not_a_500(client, user, recaptcha, mailoutbox):
    with mock.patch("django_recaptcha.fields.client.submit", side_effect=URLError("Network is unreachable")):
        response = client.post("/lk/password-reset/", {"identifier": "7707083893", "g-recaptcha-response": "t"})
    assert response.status_code == 200
    assert "сервис reCAPTCHA сейчас недоступен" in response.content.decode()
    assert mailoutbox == []
