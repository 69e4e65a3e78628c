"""The pager and the cabinet's tabs as Python tags: the template's markup, every text escaped."""

import pytest
from bs4 import BeautifulSoup

from lk_portal.grid.pager import Pager
from lk_portal.templatetags.page_frame import cabinet_tabs_html, pager_html


def test_the_pager_links_its_window_escapes_its_urls_and_names_its_rows():
    pager = Pager(
        page=2,
        page_count=12,
        total=1234,
        per_page=100,
        pages=[{"number": n, "url": f"?q=a&b=<{n}>&page={n}", "current": n == 2} for n in (1, 2, 3)],
        prev_url='?page=1&q="x"',
        next_url="?page=3",
        sizes=(20, 100),
        size_hidden=[("q", 'аванс "5"')],
    )
    html = pager_html(pager)
    assert '<a href="?q=a&amp;b=&lt;1&gt;&amp;page=1">1</a>' in html
    assert '<strong aria-current="page">2</strong>' in html and 'href="?page=1&amp;q=&quot;x&quot;" rel="prev"' in html
    nav = BeautifulSoup(html, "html.parser").select_one("nav.grid-pager")
    assert (
        nav.select_one("span").text == "Записи 101–200 из 1\xa0234"
    )  # as Django renders 1234 (USE_THOUSAND_SEPARATOR)
    assert [o["value"] for o in nav.select("option")] == ["20", "100"] and nav.select_one("option[selected]")[
        "value"
    ] == "100"
    assert nav.select_one('input[name="q"]')["value"] == 'аванс "5"'
    assert "из 12" in nav.text and nav.select_one('a[rel="next"]')["href"] == "?page=3"


def test_one_page_of_a_fixed_size_shows_no_pager():
    assert pager_html(Pager(page=1, page_count=1, total=3, per_page=30, pages=[])) == ""
    assert pager_html(None) == ""


def test_the_tabs_mark_the_current_one_and_the_unread_news_and_carry_the_csrf_token():
    tabs = [("payments", "/lk/payments/", "Оплата", None), ("news", "/lk/news/", "Новости <b>", None)]
    html = cabinet_tabs_html({"tab": "payments", "cabinet_tabs": tabs, "unread_news_count": 3, "csrf_token": "tok"})
    page = BeautifulSoup(html, "html.parser")
    assert page.select_one(".menu-toggle__current").text == "Оплата"
    assert page.select_one(".menu-toggle__badge")["aria-label"] == "непрочитанных новостей: 3"
    active = page.select_one("a.is-active")
    assert active["href"] == "/lk/payments/" and active["aria-current"] == "page"
    assert "Новости &lt;b&gt;" in html and page.select_one("a[href='/lk/news/'] .news-indicator").text == "3"
    assert page.select_one("input[name=csrfmiddlewaretoken]")["value"] == "tok"
    quiet = cabinet_tabs_html({"tab": "news", "cabinet_tabs": tabs, "unread_news_count": 0})
    assert "news-indicator" not in quiet and "menu-toggle__badge" not in quiet and "csrfmiddlewaretoken" not in quiet


def test_the_grids_head_escapes_titles_and_urls_and_marks_sort_and_filters():
    from types import SimpleNamespace

    from lk_portal.templatetags.grid_rows import grid_head_rows

    amount = SimpleNamespace(key="amount", title="Сумма <руб.>")
    kind = SimpleNamespace(key="kind", title="Вид")
    headers = [
        {
            "column": amount,
            "css": "num",
            "sort_url": "?sort=amount&q=1",
            "sorted": True,
            "descending": True,
            "group_url": "",
        },
        {
            "column": kind,
            "css": "",
            "sort_url": "",
            "sorted": False,
            "descending": False,
            "group_url": "?group=kind&x=1",
        },
    ]
    filters = [
        {
            "kind": "amount_range",
            "column": amount,
            "input_type": "text",
            "name_from": "f_amount_from",
            "value_from": '1"',
            "name_to": "f_amount_to",
            "value_to": "",
        },
        {"kind": "choice", "column": kind, "name": "f_kind", "choices": ["Аванс", "Пени"], "value": "Пени"},
    ]
    page = BeautifulSoup(grid_head_rows(headers, filters, True), "html.parser")
    first, second = page.select("th")
    assert (
        first["aria-sort"] == "descending" and first.a["href"] == "?sort=amount&q=1" and first.text == "Сумма <руб.> ▼"
    )
    assert second["data-group-url"] == "?group=kind&x=1" and "grid-th--groupable" in second["class"] and not second.a
    assert page.select_one('input[name="f_amount_from"]')["value"] == '1"'
    assert page.select_one('input[name="f_amount_to"]')["inputmode"] == "decimal"
    assert page.select_one("option[selected]").text == "Пени" and page.select_one("option").text == "все"
    assert "grid-filter-row" not in grid_head_rows(headers, filters, False)


def test_cell_text_is_escaped_only_where_it_needs_to_be():
    from django.utils.safestring import mark_safe
    from django.utils.translation import gettext_lazy

    from lk_portal.templatetags.grid_rows import escape_text

    plain = "7 220,27"
    assert escape_text(plain) is plain
    assert escape_text("ООО «Рога & Копыта» <b>\"x\"</b> 'y'") == (
        "ООО «Рога &amp; Копыта» &lt;b&gt;&quot;x&quot;&lt;/b&gt; &#x27;y&#x27;"
    )
    assert escape_text(mark_safe("<br>")) == "<br>"
    assert escape_text(gettext_lazy("a<b")) == "a&lt;b"
    assert escape_text(17) == "17"


@pytest.mark.django_db
def test_the_grid_frame_escapes_what_the_user_typed_and_shows_every_part(client):
    import datetime
    from decimal import Decimal

    from tests.factories import ContractFactory, PaymentFactory, UserFactory

    contract = ContractFactory()
    client.force_login(UserFactory(abonent=contract.abonent))
    PaymentFactory(
        contract=contract, kind='Аванс <b>"1"</b>', amount=Decimal("7220.27"), date=datetime.date(2015, 4, 17)
    )
    PaymentFactory(contract=contract, kind="Пени", amount=Decimal("1000.00"), date=datetime.date(2015, 5, 17))
    typed = '"><script>x</script>'
    answer = client.get("/lk/payments/", {"q": typed, "f_date_from": "99.99.2015", "group": "kind"})
    grid = BeautifulSoup(answer.content, "html.parser").select_one("div.grid[data-grid]")
    assert "<script>x" not in str(grid) and grid.select_one("#grid-q")["value"] == typed
    assert "99.99.2015" in grid.select_one("ul.grid-errors li").text  # the bad date's message
    assert grid.select_one(".grid-toolbar__reset")["href"] == "?group=kind"
    assert grid.select_one(".grid-chip")["data-group-key"] == "kind"
    assert grid.select_one("td.grid-empty").text == "Нет данных по заданному отбору."
    links = grid.select(".grid-exports a")
    assert "xlsx" in [a["data-export"] for a in links] and all(a.has_attr("download") for a in links)
    full = BeautifulSoup(client.get("/lk/payments/", {"group": "kind"}).content, "html.parser")
    assert full.select_one(".grid-toolbar__count").text == "Записей: 2"
    assert full.select_one("tr.grid-totals td").text == "Итого (записей: 2)"
    assert "8 220,27" in " ".join(full.select_one("tr.grid-totals").text.split())
    labels = [label.text for label in full.select("tr.grid-group .grid-group__label")]
    assert any('Аванс <b>"1"</b>' in label for label in labels), labels
    assert not full.select(".grid b")  # the kind's markup is text, not a tag
