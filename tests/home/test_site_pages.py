import pytest
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from home.models import ContactsPage, HomePage, InstructionPage
from home.services.site_pages import site_pages_ensure
from lk_portal.services.demo import branches_ensure
from news.models import NewsIndexPage, NewsPage


@pytest.fixture
def site(db):
    branches_ensure()
    return site_pages_ensure()


def test_home_page_in_russian(client, site):
    html = client.get("/").content.decode()
    assert '<html lang="ru">' in html
    assert "Личный кабинет потребителя тепловой энергии" in html
    assert 'href="/lk/login/"' in html


def test_contacts_page_lists_three_branches(client, site):
    html = client.get("/kontakty/").content.decode()
    assert "Казанские тепловые сети" in html and "(843) 567-77-93" in html
    assert "Набережночелнинские тепловые сети" in html and "(8552) 20-17-88" in html
    assert "Нижнекамские тепловые сети" in html and "(8555) 32-00-15" in html


def test_instruction_pages_hold_the_guides_sections(client, site):
    html = client.get("/instrukciya/").content.decode()
    assert "2 Регистрация в Личном кабинете" in html
    section = client.get("/instrukciya/registraciya/").content.decode()
    assert "скреплена печатью" in section


def test_news_index(client, site):
    from news.services.demo_news import demo_news_ensure

    demo_news_ensure(index=site["news"])
    html = client.get("/novosti/").content.decode()
    assert "С 1 июля 2015 года изменяются тарифы на тепловую энергию" in html


def test_site_pages_are_idempotent(site):
    count = Page.objects.count()
    site_pages_ensure()
    assert Page.objects.count() == count


class TestPageTreeRules(WagtailPageTestCase):
    def test_parents(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})
        self.assertAllowedParentPageTypes(InstructionPage, {HomePage, InstructionPage})
        self.assertAllowedParentPageTypes(ContactsPage, {HomePage})
        self.assertAllowedParentPageTypes(NewsIndexPage, {HomePage})
        self.assertAllowedParentPageTypes(NewsPage, {NewsIndexPage})
