"""The layout at a laptop's 1366×900 and a phone's 390×844 (issue 16 item 3), on the demo's guide abonent:
no page wider than the screen, no table cut (its scrollWidth within its box), page titles above section
headings, menus behind a button on the phone (keyboard too), the grid usable there, and print styles."""

from playwright.sync_api import expect

from home.services.site_pages import site_pages_ensure
from lk_portal.models import User
from lk_portal.navigation import CABINET_TABS
from lk_portal.services.demo import DEMO_LOGIN, demo_load

SCREENS = ((1366, 900), (390, 844))
PUBLIC = ("/", "/instrukciya/", "/kontakty/", "/novosti/", "/zayavka/", "/lk/login/", "/lk/password-reset/")
CABINET = tuple(tab.href for tab in CABINET_TABS) + ("/lk/debt/",)

MEASURE = """() => {
  const vw = document.documentElement.clientWidth;
  const name = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
  const wider = [...document.querySelectorAll('body *')].filter((el) => {
    const r = el.getBoundingClientRect();
    return r.width > 1 && r.right > vw + 1;
  }).map((el) => name(el) + ' ' + Math.round(el.getBoundingClientRect().right));
  const cut = [...document.querySelectorAll('.table-wrap')].filter((w) => w.scrollWidth > w.clientWidth + 1)
    .map((w) => name(w.querySelector('table') || w) + ' ' + w.scrollWidth + '>' + w.clientWidth);
  const size = (sel) => { const el = document.querySelector(sel); return el ? parseFloat(getComputedStyle(el).fontSize) : 0; };
  return {page: document.documentElement.scrollWidth - vw, wider: wider.slice(0, 5), cut, h1: size('h1'), h2: size('main h2')};
}"""


def assert_fits(page, path: str, width: int) -> None:
    found = page.evaluate(MEASURE)
    where = f"{path} at {width} px"
    assert found["page"] <= 0, f"{where}: the page is {found['page']} px wider than the screen: {found['wider']}"
    assert found["wider"] == [], f"{where}: wider than the screen: {found['wider']}"
    assert found["cut"] == [], f"{where}: a table is cut: {found['cut']}"
    assert found["h1"] > found["h2"], (
        f"{where}: the title ({found['h1']} px) is not above its sections ({found['h2']} px)"
    )


def test_every_page_fits_both_screens_and_no_table_is_cut(page, live_server, login_as, wagtail_base):
    demo_load(abonents=0, years=1)
    site_pages_ensure()
    for width, height in SCREENS:
        page.set_viewport_size({"width": width, "height": height})
        page.context.clear_cookies()
        for path in PUBLIC:
            assert page.goto(live_server.url + path).status == 200, path
            assert_fits(page, path, width)
        login_as(User.objects.get(username=DEMO_LOGIN))
        for path in CABINET:
            assert page.goto(live_server.url + path).status == 200, path
            assert_fits(page, path, width)


def test_phone_menus_fold_behind_buttons_that_work_by_keyboard(page, live_server, login_as, wagtail_base):
    demo_load(abonents=0, years=1)
    login_as(User.objects.get(username=DEMO_LOGIN))
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/lk/payments/")
    tabs = page.locator("#cabinet-tabs")
    toggle = page.locator(".cabinet-tabs-toggle")
    expect(tabs).to_be_hidden()
    expect(toggle).to_contain_text("Разделы кабинета: Оплата")
    expect(toggle).to_have_attribute("aria-expanded", "false")

    toggle.focus()
    page.keyboard.press("Enter")
    expect(tabs).to_be_visible()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    page.keyboard.press("Tab")  # into the menu: its first item
    expect(tabs.locator("a").first).to_be_focused()
    page.keyboard.press("Escape")
    expect(tabs).to_be_hidden()
    expect(toggle).to_be_focused()

    site_toggle = page.locator(".site-nav-toggle")
    expect(page.locator("#site-nav")).to_be_hidden()
    site_toggle.click()
    expect(page.get_by_role("link", name="Инструкция").first).to_be_visible()

    # the grid on the phone: cards with the column titles, grouping and exports still at hand
    first_card = page.locator("table.grid-table tbody tr").first
    expect(first_card.locator("td[data-label='Сумма оплаты']")).to_be_visible()
    page.select_option("#grid-group-add", "period")
    page.get_by_role("button", name="Группировать по").click()
    page.wait_for_url("**group=period**")
    expect(page.locator("tr.grid-group").first).to_be_visible()
    expect(page.get_by_role("link", name="Экспорт в XLSx (MS Excel 2007)")).to_be_visible()


def test_wide_screen_shows_the_menus_and_print_shows_the_table_only(page, live_server, login_as, wagtail_base):
    demo_load(abonents=0, years=1)
    login_as(User.objects.get(username=DEMO_LOGIN))
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"{live_server.url}/lk/documents/")
    expect(page.locator(".cabinet-tabs-toggle")).to_be_hidden()
    expect(page.locator("#cabinet-tabs")).to_be_visible()
    icon = page.locator("link[rel=icon]").first.get_attribute("href")
    assert page.request.get(live_server.url + icon).status == 200

    page.emulate_media(media="print")
    for hidden in ("#cabinet-tabs", ".grid-toolbar", ".grid-exports", ".grid-filter-row", ".grid-pager"):
        expect(page.locator(hidden).first).to_be_hidden()
    expect(page.locator("table.grid-table")).to_be_visible()
    assert page.evaluate(
        "() => { const w = document.querySelector('.table-wrap'); return w.scrollWidth <= w.clientWidth + 1; }"
    )
