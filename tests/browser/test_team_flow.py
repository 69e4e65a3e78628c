"""An administrator invites an accountant limited to one contract; the accountant accepts and logs in
with the e-mail, and sees only that contract (issue 15)."""

import pytest
from playwright.sync_api import expect

from tests.factories import ContractFactory, UserFactory
from tests.support.accounts import link_path

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_admin_invites_an_accountant_who_accepts_and_logs_in(live_server, page, mailoutbox, settings):
    settings.LK_SITE_ADDRESS = live_server.url
    url = live_server.url
    alpha = ContractFactory(number="АЛЬФА-1")
    ContractFactory(abonent=alpha.abonent, number="БЕТА-2")
    admin = UserFactory(abonent=alpha.abonent)

    # The administrator logs in with the ИНН and invites an accountant for «АЛЬФА-1».
    page.goto(f"{url}/lk/login/")
    page.fill("input[name=username]", admin.username)
    page.fill("input[name=password]", "secret2015pass")
    page.get_by_role("button", name="Войти").click()
    page.get_by_role("link", name="Пользователи").click()
    page.fill("input[name=email]", "Petrova@Example.ru")
    page.fill("input[name=full_name]", "Петрова Анна")
    page.select_option("select[name=role]", label="Бухгалтер")
    page.get_by_label("АЛЬФА-1").check()
    page.get_by_role("button", name="Отправить приглашение").click()
    expect(page.get_by_text("Приглашение отправлено на адрес Petrova@Example.ru.")).to_be_visible()
    expect(page.locator("table.team-invitations")).to_contain_text("АЛЬФА-1")
    page.get_by_role("button", name="Выход").click()

    # The letter's link: the accountant sets a password and logs in with the e-mail in another case.
    assert [m.to for m in mailoutbox] == [["Petrova@Example.ru"]]
    page.goto(url + link_path(mailoutbox[0].body, "/lk/invite/"))
    expect(page.get_by_text("Роль: Бухгалтер")).to_be_visible()
    page.fill("input[name=new_password1]", "teplo2026x")
    page.fill("input[name=new_password2]", "teplo2026x")
    page.get_by_role("button", name="Задать пароль").click()
    expect(page.get_by_text("Пароль задан.")).to_be_visible()
    expect(page.locator("input[name=username]")).to_have_value("petrova@example.ru")
    page.fill("input[name=username]", "PETROVA@example.ru")
    page.fill("input[name=password]", "teplo2026x")
    page.get_by_role("button", name="Войти").click()

    # In the cabinet: only «АЛЬФА-1», no «Пользователи».
    expect(page.locator("nav.cabinet-tabs")).not_to_contain_text("Пользователи")
    page.goto(f"{url}/lk/contracts/")
    expect(page.locator("table")).to_contain_text("АЛЬФА-1")
    expect(page.locator("body")).not_to_contain_text("БЕТА-2")
    page.goto(f"{url}/lk/team/")
    expect(page.get_by_text("не дает права на управление пользователями организации")).to_be_visible()
