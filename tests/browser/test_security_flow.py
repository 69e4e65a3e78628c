"""A member turns on two-factor login and logs in with the app's code; staff look at the cabinet
read-only; the member's journal shows both (issue 15, items 4–6)."""

import base64
import time

import pytest
from django_otp.oath import TOTP
from playwright.sync_api import expect

from tests.factories import ContractFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def app_code(secret: str, shift: int = 0) -> str:
    """What an authenticator app shows for the secret typed by hand."""
    key = secret.replace(" ", "")
    totp = TOTP(base64.b32decode(key + "=" * (-len(key) % 8)), digits=6)
    totp.time = time.time() + shift
    return f"{totp.token():06d}"


def log_in(page, url, username, password="secret2015pass"):
    page.goto(f"{url}/lk/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.get_by_role("button", name="Войти").click()


def test_two_factor_login_and_a_staff_visit_in_the_journal(live_server, page):
    url = live_server.url
    member = UserFactory(abonent=ContractFactory().abonent)
    UserFactory(
        abonent=None, username="support", is_staff=True, is_superuser=True, first_name="Ольга", last_name="Петрова"
    )

    log_in(page, url, member.username)
    page.goto(f"{url}/lk/profile/")
    page.get_by_role("link", name="Включить двухфакторный вход").click()
    expect(page.locator(".two-factor-qr svg")).to_be_visible()
    secret = page.locator(".two-factor-secret code").inner_text()
    page.fill("input[name=code]", app_code(secret))
    page.get_by_role("button", name="Включить").click()
    expect(page.locator(".recovery-codes li")).to_have_count(10)
    page.get_by_role("link", name="Я сохранил коды").click()
    expect(page.get_by_text("Двухфакторный вход включен")).to_be_visible()
    page.get_by_role("button", name="Выход").click()

    # the password alone is not enough any more
    log_in(page, url, member.username)
    expect(page.get_by_role("heading", name="Подтверждение входа")).to_be_visible()
    page.fill("input[name=code]", "000000" if app_code(secret, 30) != "000000" else "111111")
    page.get_by_role("button", name="Войти").click()
    expect(page.get_by_text("Неверный код")).to_be_visible()
    page.wait_for_timeout(1500)  # each wrong code makes the next one wait (1 s after the first)
    page.fill("input[name=code]", app_code(secret, 30))
    page.get_by_role("button", name="Войти").click()
    expect(page.get_by_role("heading", name="Главная")).to_be_visible()
    page.get_by_role("button", name="Выход").click()

    # staff open the cabinet from the account's admin page
    page.goto(f"{url}/admin/login/")
    page.fill("input[name=username]", "support")
    page.fill("input[name=password]", "secret2015pass")
    page.click("button[type=submit]")
    page.goto(f"{url}/admin/lk-accounts/{member.pk}/")
    page.get_by_role("button", name="Открыть кабинет абонента (только просмотр)").click()
    banner = page.locator(".staff-view-banner")
    expect(banner).to_contain_text(
        f"Вы просматриваете кабинет абонента {member.abonent.name} как сотрудник Ольга Петрова"
    )
    page.goto(f"{url}/lk/payments/")
    banner.get_by_role("button", name="Выйти").click()
    expect(page).to_have_url(f"{url}/admin/lk-accounts/{member.pk}/")
    page.context.clear_cookies()

    # the member's journal shows the 2FA, the failed code, the logins and the staff visit
    log_in(page, url, member.username)
    page.fill("input[name=code]", app_code(secret, 60))
    page.get_by_role("button", name="Войти").click()
    page.goto(f"{url}/lk/team/journal/")
    table = page.locator("table.grid-table")
    for text in (
        "двухфакторный вход включен",
        "неверный код двухфакторного входа",
        "просмотр кабинета сотрудником",
        "support",
    ):
        expect(table).to_contain_text(text)
