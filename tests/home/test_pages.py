"""Public pages from the guide: instruction sections, branch contacts, the login link everywhere."""

import pytest
from wagtail.test.utils import WagtailPageTestCase

from home.models import ApplicationFormPage, ContactsPage, HomePage, InstructionPage
from news.models import NewsIndexPage
from tests.factories import BranchFactory
from tests.factories.pages import site_home

pytestmark = pytest.mark.django_db


class PublicPageTreeTests(WagtailPageTestCase):
    def test_home_offers_the_public_sections(self):
        for child in (InstructionPage, ContactsPage, NewsIndexPage, ApplicationFormPage):
            self.assertCanCreateAt(HomePage, child)

    def test_instruction_sections_nest(self):
        self.assertAllowedParentPageTypes(InstructionPage, {HomePage, InstructionPage})
        self.assertAllowedSubpageTypes(InstructionPage, {InstructionPage})

    def test_contacts_is_a_single_leaf_under_home(self):
        self.assertAllowedParentPageTypes(ContactsPage, {HomePage})
        self.assertAllowedSubpageTypes(ContactsPage, set())


def _publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def test_instruction_sections_have_breadcrumbs_contents_and_pager(client):
    home = site_home()
    guide = _publish(home, InstructionPage(title="Инструкция", slug="instrukciya"))
    first = _publish(guide, InstructionPage(title="1 Общие сведения", slug="obshchie", summary="Что дает ЛК"))
    second = _publish(guide, InstructionPage(title="2 Регистрация", slug="registraciya", body="<p>Заявка</p>"))
    third = _publish(guide, InstructionPage(title="3 Активация ЛК", slug="aktivaciya"))

    index_html = client.get("/instrukciya/").content.decode()
    section_html = client.get(second.url).content.decode()

    assert f'href="{first.url}">1 Общие сведения</a> — Что дает ЛК' in index_html
    assert '<span aria-current="page">2 Регистрация</span>' in section_html
    assert f'rel="prev" href="{first.url}"' in section_html
    assert f'rel="next" href="{third.url}"' in section_html
    assert 'href="/lk/login/"' in section_html


def test_contacts_page_lists_branch_addresses_and_phones(client):
    BranchFactory()
    BranchFactory(
        code="nizhnekamsk",
        name="Нижнекамские тепловые сети",
        addresses="г. Нижнекамск, ул. Мурадыяна, д. 14а\nг. Заинск, ул. Казанская, д. 8",
        phone="(8555) 32-00-15",
    )
    _publish(site_home(), ContactsPage(title="Контакты филиалов", slug="kontakty"))

    html = client.get("/kontakty/").content.decode()

    assert "Филиал ОАО «Генерирующая компания» — Казанские тепловые сети" in html
    assert "г. Нижнекамск, ул. Мурадыяна, д. 14а<br>г. Заинск, ул. Казанская, д. 8" in html
    assert "(8555) 32-00-15" in html
    assert 'href="/lk/login/"' in html
