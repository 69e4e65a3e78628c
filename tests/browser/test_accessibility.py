"""axe-core (vendored from npm, tests/browser/vendor/axe-core/) finds no WCAG 2.1 A/AA violation on the
public pages, the Wagtail pages we template and every cabinet page, at 1366 and 390 px; headings go in
order and every page has its one h1 (issue 16 item 4; ГОСТ Р 52872-2019 follows WCAG)."""

from pathlib import Path

from lk_portal.models import User
from lk_portal.navigation import CABINET_TABS
from lk_portal.services.demo import DEMO_LOGIN, demo_load
from news.models import NewsPage

AXE_VERSION = "4.14.1"
AXE = (Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js").read_text()
WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
STRUCTURE = {"runOnly": {"type": "rule", "values": ["heading-order", "page-has-heading-one", "landmark-one-main"]}}
PUBLIC = (
    "/",
    "/instrukciya/",
    "/instrukciya/registraciya/",
    "/kontakty/",
    "/novosti/",
    "/zayavka/",
    "/lk/login/",
    "/lk/password-reset/",
)
# Every tab, the debt page, and a grid with what a user may get wrong (its error list) grouped and searched.
CABINET = tuple(tab.href for tab in CABINET_TABS) + (
    "/lk/debt/",
    "/lk/payments/?f_date_from=99.99.2015&q=аванс&group=period",
)


def violations(page) -> list[str]:
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE)
    assert page.evaluate("() => axe.version") == AXE_VERSION
    found = []
    for options in (WCAG, STRUCTURE):
        result = page.evaluate("(options) => axe.run(document, options)", options)
        for v in result["violations"]:
            targets = ", ".join(" ".join(node["target"]) for node in v["nodes"][:3])
            found.append(f"{v['id']} ({v['impact']}): {v['help']} — {targets}")
    return found


def test_no_wcag_violation_on_any_page(page, live_server, login_as, wagtail_base):
    demo_load(abonents=0, years=1)
    news = NewsPage.objects.live().first()
    public = (*PUBLIC, news.url)
    report = {}
    for width, height in ((1366, 900), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        page.context.clear_cookies()
        for path in public:
            assert page.goto(live_server.url + path).status == 200, path
            report[f"{path} {width}"] = violations(page)
        login_as(User.objects.get(username=DEMO_LOGIN))
        for path in (*CABINET, f"/lk/news/{news.pk}/"):
            assert page.goto(live_server.url + path).status == 200, path
            report[f"{path} {width}"] = violations(page)
    assert {where: found for where, found in report.items() if found} == {}
