import io

import pytest
from captcha.models import CaptchaStore
from pypdf import PdfReader
from wagtail.test.utils import WagtailPageTestCase

from home.models import ApplicationFormPage, HomePage, InstructionPage
from home.services.application_page import application_page_ensure
from lk_portal.models import RegistrationApplication
from tests.factories import BranchFactory, UserFactory
from tests.factories.pages import site_home

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


@pytest.fixture
def branches():
    kazan = BranchFactory()
    chelny = BranchFactory(
        code="chelny",
        name="Набережночелнинские тепловые сети",
        addresses="г. Набережные Челны, пр. Мусы Джалиля, д. 51\nг. Елабуга, пром. пл. «Алабуга», ул. 14, кор. 1",
        phone="(8552) 20-17-88",
    )
    return kazan, chelny


@pytest.fixture
def app_page():
    return application_page_ensure(parent=site_home())


def captcha() -> dict:
    key = CaptchaStore.generate_key()
    return {"captcha_0": key, "captcha_1": CaptchaStore.objects.get(hashkey=key).response}


def form_data(branch, /, **overrides) -> dict:
    data = {
        "name": "Открытое акционерное общество «Теплопотребитель»",
        "inn": "7707083893",
        "kpp": "165501001",
        "contract_number": "05 Т",
        "email": "buh@teplo.example.ru",
        "contact_person": "Сафина Гульнара Ринатовна",
        "phone": "(843) 222-33-44",
        "branch": branch.pk,
        **captcha(),
    }
    data.update(overrides)
    return data


class ApplicationPageTreeTests(WagtailPageTestCase):
    def test_only_under_home_without_children_and_once(self):
        self.assertAllowedParentPageTypes(ApplicationFormPage, {HomePage})
        self.assertAllowedSubpageTypes(ApplicationFormPage, set())
        self.assertCanNotCreateAt(InstructionPage, ApplicationFormPage)
        home = site_home()
        self.assertCanCreateAt(HomePage, ApplicationFormPage)
        application_page_ensure(parent=home)
        assert not ApplicationFormPage.can_create_at(home)


def test_ensure_is_idempotent_and_serves_at_zayavka(client, app_page, branches):
    assert application_page_ensure(parent=site_home()).pk == app_page.pk
    html = client.get("/zayavka/").content.decode()
    assert "Скачать бланк заявки (PDF)" in html
    assert 'href="/zayavka/blank/"' in html
    assert "Казанские тепловые сети" in html and "Набережночелнинские тепловые сети" in html
    assert 'name="captcha_1"' in html


def test_wrong_inn_is_refused_with_the_reason_and_nothing_typed_is_lost(client, app_page, branches):
    response = client.post("/zayavka/", form_data(branches[0], inn="7707083890"))

    html = response.content.decode()
    assert response.status_code == 200
    assert "ИНН не прошел проверку контрольного числа" in html
    assert 'value="Открытое акционерное общество «Теплопотребитель»"' in html
    assert 'value="7707083890"' in html
    assert 'value="buh@teplo.example.ru"' in html
    assert not RegistrationApplication.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("kpp", "16550100", "КПП должен содержать 9 символов"),
        ("kpp", "1655-0100", "КПП указан неверно"),
        ("inn", "12345", "ИНН должен содержать 10 цифр"),
        ("email", "buh@", "Введите правильный адрес электронной почты"),
        ("phone", "звоните", "Укажите телефон цифрами"),
        ("branch", "", "Выберите филиал"),
        ("name", "", "Требуется заполнить это поле"),
        ("captcha_1", "nope", "Неверный защитный код"),
    ],
)
def test_each_wrong_field_has_a_russian_message(client, app_page, branches, field, value, message):
    html = client.post("/zayavka/", form_data(branches[0], **{field: value})).content.decode()
    assert message in html
    assert not RegistrationApplication.objects.exists()


def test_valid_application_is_stored_and_downloads_filled_pdf(client, app_page, branches):
    chelny = branches[1]
    response = client.post("/zayavka/", form_data(chelny, kpp="1655ab001".upper()), REMOTE_ADDR="10.0.0.7")

    application = RegistrationApplication.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/zayavka/gotovo/{application.pk}/"
    assert (application.inn, application.kpp, application.branch, application.status) == (
        "7707083893",
        "1655AB001",
        chelny,
        RegistrationApplication.NEW,
    )
    assert application.ip_address == "10.0.0.7"

    done = client.get(response["Location"]).content.decode()
    assert "пр. Мусы Джалиля, д. 51" in done and "(8552) 20-17-88" in done
    assert f'href="/zayavka/{application.pk}/pdf/"' in done

    pdf = client.get(f"/zayavka/{application.pk}/pdf/")
    assert pdf["Content-Type"] == "application/pdf"
    assert 'filename="zayavka-7707083893.pdf"' in pdf["Content-Disposition"]
    text = pdf_text(pdf.content)
    for expected in [
        "Директору филиала ОАО «Генерирующая компания» «Набережночелнинские тепловые сети»",
        "ЗАЯВКА на регистрацию в личном кабинете абонента ОАО «Генерирующая компания»",
        "Данные организации:",
        "Название (полное наименование) Открытое акционерное общество «Теплопотребитель»",
        "ИНН 7707083893",
        "КПП 1655AB001",
        "Номер договора 05 Т",
        "buh@teplo.example.ru",
        "Контактное лицо организации Сафина Гульнара Ринатовна",
        "Телефон контактного лица (843) 222-33-44",
        "*ОАО «Генерирующая компания» не несет ответственности за передачу логина и пароля третьим лицам",
        "(руководитель организации)",
        "М.П.",
        "(подпись)",
        "(дата)",
        "Заявка должна быть подписана руководителем организации или иным уполномоченным лицом и скреплена печатью",
        "г. Набережные Челны, пр. Мусы Джалиля, д. 51",
        "телефон для справок: (8552) 20-17-88",
    ]:
        assert expected in text, expected
    assert "Казанские тепловые сети" not in text


def test_another_browser_cannot_see_the_application(client, app_page, branches):
    client.post("/zayavka/", form_data(branches[0]))
    application = RegistrationApplication.objects.get()

    client.cookies.clear()

    assert client.get(f"/zayavka/gotovo/{application.pk}/").status_code == 404
    assert client.get(f"/zayavka/{application.pk}/pdf/").status_code == 404


def test_blank_pdf_has_the_guide_layout_and_every_branch(client, app_page, branches):
    response = client.get("/zayavka/blank/")

    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    for expected in [
        "Директору филиала ОАО «Генерирующая компания» «______________ тепловые сети»",
        "ЗАЯВКА на регистрацию в личном кабинете абонента ОАО «Генерирующая компания»",
        "Email (для получения логина и ссылки на активацию ЛК) *",
        "Контактное лицо организации",
        "М.П.",
        "Данное требование связано с конфиденциальностью информации, размещенной в «Личном кабинете»",
        "Казанские тепловые сети: г. Казань, ул. Восстания, д. 90 Б",
        "Набережночелнинские тепловые сети",
    ]:
        assert expected in text, expected
    assert "7707083893" not in text


def test_staff_see_applications_in_wagtail_admin_with_pdf(client, app_page, branches):
    client.post("/zayavka/", form_data(branches[0]))
    application = RegistrationApplication.objects.get()
    staff = UserFactory(abonent=None, username="staff", is_staff=True, is_superuser=True)
    client.force_login(staff)

    listing = client.get("/admin/registration-applications/").content.decode()
    pdf = client.get(f"/admin/registration-applications/{application.pk}/pdf/")

    assert "Заявки на регистрацию" in listing
    assert "Открытое акционерное общество" in listing
    assert "ИНН 7707083893" in pdf_text(pdf.content)


def test_abonent_cannot_open_the_admin_pdf(client, app_page, branches, abonent_user):
    client.post("/zayavka/", form_data(branches[0]))
    application = RegistrationApplication.objects.get()
    client.force_login(abonent_user)
    response = client.get(f"/admin/registration-applications/{application.pk}/pdf/")
    assert response.status_code in (302, 403)
