import pytest

from lk_portal.models import User
from tests.factories import AbonentFactory, UserFactory
from tests.support.accounts import link_path
from tests.support.html import page_text, soup

pytestmark = pytest.mark.django_db


def form_data(**overrides):
    data = {"contact_person": "Сидорова Анна", "phone": "(843) 111-22-33", "email": "buh@example.ru"}
    data.update(overrides)
    return data


@pytest.fixture
def account(db):
    abonent = AbonentFactory(inn="7707083893", kpp="773601001", email="buh@example.ru", name="ООО «Тепло»")
    return UserFactory(abonent=abonent, email="buh@example.ru")


@pytest.fixture
def logged_in(client, account):
    client.force_login(account)
    return client


def test_anonymous_is_sent_to_login(client):
    response = client.get("/lk/profile/")
    assert response.status_code == 302 and response["Location"].startswith("/lk/login/?next=/lk/profile/")


def test_profile_shows_registration_data_read_only(logged_in):
    text = logged_in.get("/lk/profile/").content.decode()
    assert "ООО «Тепло»" in text and "7707083893" in text and "773601001" in text
    assert 'name="inn"' not in text and 'name="kpp"' not in text
    assert "Напоминать о сроках оплаты по email" in text
    assert 'aria-current="page" class="is-active">Профиль' in text


def test_contacts_and_reminders_are_saved_inn_kpp_untouched(logged_in, account):
    response = logged_in.post(
        "/lk/profile/", form_data(payment_reminders="on", inn="0000000000", kpp="000000000"), follow=True
    )
    assert "Профиль сохранен." in response.content.decode()
    account.refresh_from_db()
    account.abonent.refresh_from_db()
    assert (account.abonent.contact_person, account.abonent.phone) == ("Сидорова Анна", "(843) 111-22-33")
    assert account.payment_reminders is True
    assert (account.abonent.inn, account.abonent.kpp) == ("7707083893", "773601001")


def test_invalid_email_message(logged_in):
    response = logged_in.post("/lk/profile/", form_data(email="not-an-email"))
    text = response.content.decode()
    assert "Введите правильный адрес электронной почты" in text
    assert "Сидорова Анна" in text  # what was typed stays


def test_new_email_takes_effect_only_after_the_link(logged_in, account, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = logged_in.post("/lk/profile/", form_data(email="new@example.ru"), follow=True)
    assert "На адрес new@example.ru отправлено письмо со ссылкой" in response.content.decode()
    account.refresh_from_db()
    assert (account.email, account.pending_email) == ("buh@example.ru", "new@example.ru")
    assert mailoutbox[0].to == ["new@example.ru"]
    link = link_path(mailoutbox[0].body, "/lk/profile/email/")

    tampered = logged_in.get(link[:-3] + "xx/")
    assert tampered.status_code == 410
    account.refresh_from_db()
    assert account.email == "buh@example.ru"

    confirmed = logged_in.get(link, follow=True)
    assert "Адрес электронной почты изменен: new@example.ru." in confirmed.content.decode()
    account.refresh_from_db()
    account.abonent.refresh_from_db()
    assert (account.email, account.pending_email, account.abonent.email) == ("new@example.ru", "", "new@example.ru")

    assert logged_in.get(link).status_code == 410  # used once


def test_a_newer_request_voids_the_older_link(logged_in, account, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        logged_in.post("/lk/profile/", form_data(email="first@example.ru"))
    with django_capture_on_commit_callbacks(execute=True):
        logged_in.post("/lk/profile/", form_data(email="second@example.ru"))
    assert [m.to for m in mailoutbox] == [["first@example.ru"], ["second@example.ru"]]
    first = link_path(mailoutbox[0].body, "/lk/profile/email/")
    assert logged_in.get(first).status_code == 410
    account.refresh_from_db()
    assert account.email == "buh@example.ru"


def test_password_change(logged_in, account):
    wrong = logged_in.post(
        "/lk/profile/password/",
        {"old_password": "nope", "new_password1": "newheat2016", "new_password2": "newheat2016"},
    )
    assert "Ваш старый пароль введен неправильно" in wrong.content.decode()
    response = logged_in.post(
        "/lk/profile/password/",
        {"old_password": "secret2015pass", "new_password1": "newheat2016", "new_password2": "newheat2016"},
        follow=True,
    )
    assert "Пароль изменен." in response.content.decode()
    account.refresh_from_db()
    assert account.check_password("newheat2016")
    assert logged_in.get("/lk/profile/").status_code == 200  # still logged in


def test_profile_isolation(client, account):
    other = UserFactory(abonent=AbonentFactory(name="ООО «Чужой»", contact_person="Чужой контакт"))
    client.force_login(account)
    text = client.get("/lk/profile/").content.decode()
    assert "ООО «Чужой»" not in text and "Чужой контакт" not in text
    client.post("/lk/profile/", form_data(contact_person="Мой контакт"))
    other.abonent.refresh_from_db()
    assert other.abonent.contact_person == "Чужой контакт"


def test_staff_account_without_abonent_gets_404(client):
    staff = UserFactory(abonent=None, username="staff", state=User.ACTIVE)
    client.force_login(staff)
    assert client.get("/lk/profile/").status_code == 404


def test_a_member_sees_the_organisations_contacts_but_changes_only_its_own_settings(client, account):
    engineer = UserFactory(abonent=account.abonent, username="eng@example.ru", email="eng@example.ru", role="engineer")
    client.force_login(engineer)
    page = client.get("/lk/profile/")
    assert page.status_code == 200
    html = soup(page)
    assert html.select_one("input[name=contact_person]").has_attr("disabled")
    assert html.select_one("input[name=phone]").has_attr("disabled")
    assert html.select_one("input[name=payment_reminders]") is None  # reminders are about payments
    assert "Роль Энергетик" in page_text(page)
    response = client.post("/lk/profile/", form_data(contact_person="Другой", email="eng@example.ru"))
    assert response.status_code == 302
    account.abonent.refresh_from_db()
    assert account.abonent.contact_person == "Иванова Мария Петровна"
