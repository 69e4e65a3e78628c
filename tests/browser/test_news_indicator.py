"""An abonent sees «Новости» blinking with the unread count, opens the item, the indicator goes;
another abonent still sees it."""

import datetime

import pytest
import time_machine
from playwright.sync_api import expect

from tests.factories import UserFactory
from tests.factories.pages import document, news_publish

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

ACTIVATED = datetime.datetime(2015, 9, 1, 10, 0, tzinfo=datetime.UTC)


def log_in(page, live_server, user):
    page.goto(f"{live_server.url}/lk/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", "secret2015pass")
    page.get_by_role("button", name="Войти").click()
    expect(page.locator("#cabinet-heading")).to_be_visible()


def test_indicator_blinks_goes_after_reading_and_stays_for_another_abonent(page, browser, live_server):
    first = UserFactory(activated_at=ACTIVATED)
    second = UserFactory(activated_at=ACTIVATED)
    decree = document(title="Постановление Госкомитета РТ по тарифам №7-1")
    with time_machine.travel(ACTIVATED + datetime.timedelta(days=3), tick=False):
        news_publish("Тарифы на 2016 год", topic_slug="tarify", documents=(decree,), slug="tarify-2016")

    log_in(page, live_server, first)
    tab = page.locator(".cabinet-tabs a", has_text="Новости")
    indicator = tab.locator(".news-indicator")
    expect(indicator).to_have_text("1")
    assert indicator.evaluate("el => getComputedStyle(el).animationName") == "lk-blink"

    tab.click()
    expect(page.locator(".news-list__item--unread")).to_have_count(1)
    page.get_by_role("link", name="Тарифы на 2016 год").click()
    expect(page.locator("#cabinet-heading")).to_have_text("Тарифы на 2016 год")
    expect(page.get_by_role("link", name="Постановление Госкомитета РТ по тарифам №7-1")).to_be_visible()
    expect(page.locator(".news-indicator")).to_have_count(0)
    page.goto(f"{live_server.url}/lk/contracts/")
    expect(page.locator(".news-indicator")).to_have_count(0)

    other = browser.new_context(locale="ru-RU", reduced_motion="reduce")
    other_page = other.new_page()
    try:
        log_in(other_page, live_server, second)
        other_indicator = other_page.locator(".cabinet-tabs .news-indicator")
        expect(other_indicator).to_have_text("1")
        # prefers-reduced-motion: the count stays, the blinking stops
        assert other_indicator.evaluate("el => getComputedStyle(el).animationName") == "none"
    finally:
        other.close()
