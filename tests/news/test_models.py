import pytest
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from home.models import HomePage, InstructionPage
from news.documents import document_label, file_size_ru
from news.models import NewsIndexPage, NewsPage, NewsTopic
from tests.factories.pages import document


class NewsPageTreeTests(WagtailPageTestCase):
    def test_news_index_lives_under_home_only(self):
        self.assertAllowedParentPageTypes(NewsIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(NewsIndexPage, {NewsPage})

    def test_news_items_live_under_the_index_only_and_have_no_children(self):
        self.assertAllowedParentPageTypes(NewsPage, {NewsIndexPage})
        self.assertAllowedSubpageTypes(NewsPage, set())
        self.assertCanNotCreateAt(HomePage, NewsPage)
        self.assertCanNotCreateAt(InstructionPage, NewsPage)

    def test_one_news_index_per_site(self):
        root = Page.get_first_root_node()
        home = root.add_child(instance=HomePage(title="Главная", slug="glavnaya"))
        self.assertCanCreateAt(HomePage, NewsIndexPage)
        home.add_child(instance=NewsIndexPage(title="Новости", slug="novosti"))
        assert not NewsIndexPage.can_create_at(home)


@pytest.mark.django_db
def test_default_topics_come_from_the_data_migration():
    assert list(NewsTopic.objects.values_list("name", flat=True)) == [
        "Изменения законодательства",
        "Тарифы",
        "Новые сервисы",
        "Прочее",
    ]


@pytest.mark.parametrize(
    ("size", "text"),
    [(0, "0 Б"), (1023, "1023 Б"), (1024, "1 КБ"), (250_880, "245 КБ"), (1_468_006, "1,4 МБ"), (2**30, "1,00 ГБ")],
)
def test_file_size_in_russian_units(size, text):
    assert file_size_ru(size) == text


@pytest.mark.django_db
def test_document_label_names_format_and_size():
    doc = document(content=b"x" * 250_880, name="postanovlenie.pdf")
    assert document_label(doc) == "PDF, 245 КБ"
