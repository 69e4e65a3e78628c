import io

import pytest
from pypdf import PdfReader

from lk_portal.models import Abonent, User
from tests.factories import AbonentFactory, BranchFactory, ContractFactory, UserFactory
from tests.support.accounts import DAY_D, days, moscow

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client, db):
    staff = UserFactory(abonent=None, username="operator", is_staff=True, is_superuser=True)
    client.force_login(staff)
    return client


@pytest.fixture
def branch(db):
    return BranchFactory()


def application(branch_obj, **overrides):
    data = {
        "name": "ООО «Теплый дом»",
        "inn": "7707083893",
        "kpp": "773601001",
        "contract_number": "",
        "email": "buh@example.ru",
        "contact_person": "Иванова М. П.",
        "phone": "(843) 555-00-00",
        "branch": branch_obj.pk,
    }
    data.update(overrides)
    return data


def field_errors(response, field):
    return response.context["form"].errors.get(field, [])


def test_menu_has_the_registration_item(staff_client):
    text = staff_client.get("/admin/").content.decode()
    assert "/admin/lk-accounts/register/" in text
    assert "/admin/lk-accounts/" in text


def test_register_and_land_on_the_account_page_with_the_card(
    staff_client, branch, mailoutbox, django_capture_on_commit_callbacks, time_machine
):
    time_machine.move_to(moscow(DAY_D), tick=False)
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post("/admin/lk-accounts/register/", application(branch), follow=True)

    text = response.content.decode()
    user = User.objects.get(username="7707083893")
    assert response.redirect_chain[-1][0] == f"/admin/lk-accounts/{user.pk}/"
    assert "Абонент зарегистрирован. Логин: 7707083893" in text
    assert "ожидает активации" in text
    assert "ссылка действует с 11.03.2025 по 15.03.2025" in text
    assert f"/admin/lk-accounts/{user.pk}/card.pdf" in text
    assert "Отправить письмо повторно" in text and "Зарегистрировать повторно" in text
    assert len(mailoutbox) == 1


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("inn", "7707083894", "ИНН не прошел проверку контрольного числа"),
        ("inn", "770708389", "ИНН должен содержать 10 цифр (организация) или 12 цифр"),
        ("inn", "77070838AB", "ИНН должен состоять только из цифр."),
        ("inn", "", "Укажите ИНН."),
        ("kpp", "77360100", "КПП должен содержать 9 символов."),
        ("kpp", "7736ab001", None),  # lower case is upper-cased, valid
        ("kpp", "77360100X", "КПП указан неверно"),
        ("kpp", "", "Укажите КПП."),
        ("email", "buh@", "Введите правильный адрес электронной почты"),
        ("email", "", "Укажите email для письма активации."),
        ("name", "", "Укажите полное наименование абонента."),
        ("branch", "", "Выберите филиал."),
    ],
)
def test_each_error_on_its_field_in_russian(staff_client, branch, field, value, message):
    response = staff_client.post("/admin/lk-accounts/register/", application(branch, **{field: value}))
    if message is None:
        assert response.status_code == 302
        return
    assert response.status_code == 200
    assert any(message in e for e in field_errors(response, field)), response.context["form"].errors
    assert User.objects.count() == 1  # only the staff account


def test_twelve_digit_inn_is_accepted(staff_client, branch):
    response = staff_client.post("/admin/lk-accounts/register/", application(branch, inn="500100732259"))
    assert response.status_code == 302


def test_second_registration_of_the_same_abonent_is_refused_on_kpp(staff_client, branch):
    staff_client.post("/admin/lk-accounts/register/", application(branch))
    response = staff_client.post("/admin/lk-accounts/register/", application(branch, email="other@example.ru"))
    assert any("уже зарегистрирован" in e for e in field_errors(response, "kpp"))


def test_billing_abonent_is_picked_up_not_duplicated(staff_client, branch):
    abonent = AbonentFactory(inn="7707083893", kpp="773601001", name="ОАО «Из биллинга»")
    ContractFactory(abonent=abonent, number="05 Т")
    response = staff_client.post("/admin/lk-accounts/register/", application(branch, contract_number="05 Т"))
    assert response.status_code == 302
    assert Abonent.objects.filter(inn="7707083893").count() == 1
    assert User.objects.get(username="7707083893").abonent == abonent


def test_contract_of_another_abonent_error(staff_client, branch):
    ContractFactory(number="99 Т")
    response = staff_client.post("/admin/lk-accounts/register/", application(branch, contract_number="99 Т"))
    assert any("принадлежит другому абоненту" in e for e in field_errors(response, "contract_number"))


def test_registration_card_pdf_reads_in_russian(staff_client, branch, settings):
    settings.LK_SITE_ADDRESS = "https://lk.tatgencom.ru"
    abonent = AbonentFactory(inn="7707083893", kpp="773601001", name="ОАО «Теплосеть»", branch=branch)
    AbonentFactory(inn="7707083893", kpp="773602001")
    user = UserFactory(abonent=abonent, username="7707083893-773601001", email="buh@example.ru")

    response = staff_client.get(f"/admin/lk-accounts/{user.pk}/card.pdf")

    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    text = " ".join(text.split())
    for expected in (
        "Регистрационная карта на предоставление доступа к Интернет-сервису",
        "«Личный кабинет потребителя тепловой энергии»",
        "Наименование абонента: ОАО «Теплосеть»",
        "ИНН: 7707083893",
        "КПП: 773601001",
        "Email: buh@example.ru",
        "1) ОАО «Генерирующая компания» предоставляет доступ по открытым каналам сети интернет",
        "6) В случае утери пароля",
        "Адрес: lk.tatgencom.ru",
        "Логин: 7707083893-773601001",
        "ФИО:",
        "Подпись:",
        "Дата:",
        "Казанские тепловые сети",
    ):
        assert expected in text, expected


def test_listing_shows_states_filters_and_card_links(staff_client):
    pending = UserFactory(state=User.PENDING, activation_sent_on=DAY_D)
    UserFactory(state=User.BLOCKED)
    text = staff_client.get("/admin/lk-accounts/").content.decode()
    assert "ожидает активации" in text and "заблокирован" in text
    assert f"/admin/lk-accounts/{pending.pk}/card.pdf" in text
    filtered = staff_client.get("/admin/lk-accounts/?state=blocked").content.decode()
    assert pending.username not in filtered


def test_resend_and_reregister_actions(staff_client, mailoutbox, django_capture_on_commit_callbacks, time_machine):
    time_machine.move_to(moscow(days(8)), tick=False)
    blocked = UserFactory(state=User.BLOCKED, activation_sent_on=DAY_D)
    blocked.set_unusable_password()
    blocked.save()

    resend = staff_client.post(f"/admin/lk-accounts/{blocked.pk}/resend/", follow=True)
    assert "только учетной записи, ожидающей активации" in resend.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(f"/admin/lk-accounts/{blocked.pk}/reregister/", follow=True)
    assert "зарегистрирована повторно" in response.content.decode()
    blocked.refresh_from_db()
    assert (blocked.state, blocked.activation_sent_on) == (User.PENDING, days(8))
    assert len(mailoutbox) == 1

    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(f"/admin/lk-accounts/{blocked.pk}/resend/")
    assert len(mailoutbox) == 2
    assert staff_client.get(f"/admin/lk-accounts/{blocked.pk}/resend/").status_code == 405


def test_abonent_accounts_cannot_reach_the_staff_screens(client):
    abonent_user = UserFactory()
    client.force_login(abonent_user)
    response = client.get("/admin/lk-accounts/register/")
    assert response.status_code in (302, 403)
    assert client.get(f"/admin/lk-accounts/{abonent_user.pk}/card.pdf").status_code in (302, 403)


def test_staff_without_the_permission_is_refused(client):
    staff = UserFactory(abonent=None, username="editor", is_staff=True)
    from django.contrib.auth.models import Permission

    staff.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(staff)
    response = client.get("/admin/lk-accounts/register/")
    assert response.status_code == 403 or response["Location"] == "/admin/"
    assert "/admin/lk-accounts/register/" not in client.get("/admin/").content.decode()
