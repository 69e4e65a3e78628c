"""Building the Wagtail page tree in tests: home, /novosti/, published news items."""

import datetime
import importlib

from django.conf import settings
from django.core.files.base import ContentFile
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.documents.models import Document
from wagtail.models import Collection, Locale, Page, Site

from home.models import HomePage
from news.models import NewsIndexPage, NewsPage, NewsPageDocument, NewsTopic


def _root() -> Page:
    """Wagtail's root page; re-created when a transactional test flushed the data migrations away."""
    root = Page.get_first_root_node()
    if root is None:
        Locale.objects.get_or_create(language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE))
        root = Page.add_root(instance=Page(title="Root", slug="root"))
    return root


def wagtail_base_ensure() -> Page:
    """Wagtail's root page and root collection (what its migrations make), re-created after a flush."""
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    return _root()


def site_home() -> HomePage:
    home = HomePage.objects.first()
    if home is None:
        root = _root()
        home = root.add_child(instance=HomePage(title="Личный кабинет потребителя тепловой энергии", slug="lk-home"))
        Site.objects.update_or_create(
            is_default_site=True, defaults={"root_page": home, "hostname": "localhost", "port": 80}
        )
    return home


def news_index() -> NewsIndexPage:
    index = NewsIndexPage.objects.first()
    if index is None:
        index = site_home().add_child(instance=NewsIndexPage(title="Новости", slug="novosti"))
    return index


def topic(slug: str) -> NewsTopic:
    topic = NewsTopic.objects.filter(slug=slug).first()
    if topic is None:  # flushed by a transactional test: the data migration's topics
        topics = importlib.import_module("news.migrations.0003_issue6_default_topics").TOPICS
        name, order = next((name, order) for s, name, order in topics if s == slug)
        topic = NewsTopic.objects.create(slug=slug, name=name, sort_order=order)
    return topic


def document(title: str = "Постановление №123", content: bytes = b"%PDF-1.4 decree", name: str = "decree.pdf"):
    if Collection.get_first_root_node() is None:  # flushed by a transactional test
        Collection.add_root(name="Root")
    doc = Document(title=title)
    doc.file.save(name, ContentFile(content), save=False)
    doc.save()
    return doc


def news_publish(
    title: str,
    *,
    topic_slug: str | None = "prochee",
    date: datetime.date | None = None,
    body: str = "<p>Текст новости.</p>",
    summary: str = "",
    documents: tuple = (),
    slug: str = "",
) -> NewsPage:
    """Creates a news item under /novosti/ and publishes it through a revision, as the editor would."""
    page = NewsPage(
        title=title,
        slug=slug,
        topic=topic(topic_slug) if topic_slug else None,
        date=date or datetime.date(2015, 9, 1),
        body=body,
        summary=summary,
        live=False,
    )
    for doc in documents:
        page.documents.add(NewsPageDocument(document=doc))
    news_index().add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page
