"""Building the Wagtail page tree in tests: home, /novosti/, published news items."""

import datetime

from django.core.files.base import ContentFile
from wagtail.documents.models import Document
from wagtail.models import Page, Site

from home.models import HomePage
from news.models import NewsIndexPage, NewsPage, NewsPageDocument, NewsTopic


def site_home() -> HomePage:
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
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
    return NewsTopic.objects.get(slug=slug)


def document(title: str = "Постановление №123", content: bytes = b"%PDF-1.4 decree", name: str = "decree.pdf"):
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
