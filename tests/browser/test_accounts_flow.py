"""A new abonent's whole way in: staff registration → the letter → activation on D+1 → login →
logout → password recovery with the image captcha."""

import datetime

import pytest
from captcha.models import CaptchaStore
from django.utils import timezone
from playwright.sync_api import expect

from lk_portal.models import User
from tests.factories import BranchFactory, UserFactory
from tests.support.accounts import link_path

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_registration_activation_login_logout_recovery(live_server, page, mailoutbox, settings, time_machine):
    settings.LK_SITE_ADDRESS = live_server.url
    now = timezone.now()
    time_machine.move_to(now, tick=True)
    BranchFactory()
    UserFactory(abonent=None, username="operator", is_staff=True, is_superuser=True)
    url = live_server.url

    # Staff register the abonent in Wagtail admin.
    page.goto(f"{url}/admin/login/")
    page.fill("input[name=username]", "operator")
    page.fill("input[name=password]", "secret2015pass")
    page.click("button[type=submit]")
    page.goto(f"{url}/admin/lk-accounts/register/")
    page.fill("input[name=name]", "ООО «Теплый дом»")
    page.fill("input[name=inn]", "7707083894")  # a typo first: the checksum catches it
    page.fill("input[name=kpp]", "773601001")
    page.fill("input[name=email]", "buh@example.ru")
    page.select_option("select[name=branch]", label="Казанские тепловые сети")
    page.get_by_role("button", name="Зарегистрировать").click()
    expect(page.get_by_text("ИНН не прошел проверку контрольного числа")).to_be_visible()
    page.fill("input[name=inn]", "7707083893")
    page.get_by_role("button", name="Зарегистрировать").click()
    expect(page.get_by_text("Абонент зарегистрирован. Логин: 7707083893")).to_be_visible()
    with page.expect_popup() as popup:
        page.get_by_role("link", name="Регистрационная карта (PDF)").click()
    assert popup.value.url.endswith("/card.pdf")
    popup.value.close()
    page.context.clear_cookies()

    # The letter; on day D the link says from when it works.
    assert len(mailoutbox) == 1
    activation = link_path(mailoutbox[0].body, "/lk/activate/")
    page.goto(url + activation)
    first_day = (timezone.localdate() + datetime.timedelta(days=1)).strftime("%d.%m.%Y")
    expect(page.get_by_text(f"начнет действовать с {first_day}").first).to_be_visible()

    # D+1: the abonent sets a password and lands in the cabinet.
    time_machine.move_to(now + datetime.timedelta(days=1), tick=True)
    page.goto(url + activation)
    page.fill("input[name=new_password1]", "heat2015pass")
    page.fill("input[name=new_password2]", "heat2015pass")
    page.get_by_role("button", name="Задать пароль и войти").click()
    expect(page).to_have_url(f"{url}/lk/")  # «Главная»
    expect(page.get_by_text("Личный кабинет активирован")).to_be_visible()
    assert User.objects.get(username="7707083893").state == User.ACTIVE

    # Logout, then the same link refuses.
    page.get_by_role("button", name="Выход").click()
    page.goto(url + activation)
    expect(page.get_by_role("heading", name="Ссылка уже использована")).to_be_visible()

    # Login with «Запомнить меня», logout.
    page.goto(f"{url}/lk/login/")
    page.fill("input[name=username]", "7707083893")
    page.fill("input[name=password]", "heat2015pass")
    page.check("input[name=remember_me]")
    page.get_by_role("button", name="Войти").click()
    expect(page).to_have_url(f"{url}/lk/")  # «Главная»
    page.goto(f"{url}/lk/profile/")
    expect(page.get_by_text("Напоминать о сроках оплаты по email")).to_be_visible()
    page.get_by_role("button", name="Выход").click()

    # Recovery by ИНН with the image captcha.
    page.goto(f"{url}/lk/login/")
    page.get_by_role("link", name="Забыли пароль или логин?").click()
    page.fill("input[name=identifier]", "7707083893")
    hashkey = page.locator("input[name=captcha_0]").input_value()
    page.fill("input[name=captcha_1]", CaptchaStore.objects.get(hashkey=hashkey).response)
    page.get_by_role("button", name="Напомнить мой пароль").click()
    expect(page.get_by_role("heading", name="Проверьте почту")).to_be_visible()
    assert len(mailoutbox) == 2
    assert "Ваш логин: 7707083893" in mailoutbox[1].body
    page.goto(url + link_path(mailoutbox[1].body, "/lk/password-reset/"))
    page.fill("input[name=new_password1]", "newheat2016")
    page.fill("input[name=new_password2]", "newheat2016")
    page.get_by_role("button", name="Сохранить пароль").click()
    expect(page.get_by_role("heading", name="Пароль изменен")).to_be_visible()
    page.get_by_role("link", name="Войти").click()
    page.fill("input[name=username]", "7707083893")
    page.fill("input[name=password]", "newheat2016")
    page.get_by_role("button", name="Войти").click()
    expect(page).to_have_url(f"{url}/lk/")  # «Главная»
