"""Reads of news: the public listing, and the cabinet's list with each item's unread state.

An item is unread for a member when it was published (or got an important update) since
the member's account started counting news, and that member has not opened it since that
moment. The state comes from one `Exists` subquery (the unread count, «Отметить все
прочитанными»), or, for the cabinet's list page, whose items are kept for all members, from one
query of the member's reads of that page's items: a fixed number of queries whatever the number
of news items and abonents.
"""

import datetime
from dataclasses import dataclass, replace

from django.core.paginator import Page, Paginator
from django.db.models import BooleanField, Case, Exists, OuterRef, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce, Length, Substr
from wagtail.models import PageViewRestriction

from lk_portal.models import User
from lk_portal.services.header_cache import NEWS, shared_read, shared_store
from news.models import NEWS_PER_PAGE, NewsIndexPage, NewsPage, NewsRead, NewsTopic


def news_counted_since(*, user: User) -> datetime.datetime:
    """From when news count as new for this account: news_seen_from, else activation, else creation."""
    return user.news_seen_from or user.activated_at or user.date_joined


def news_public_list(*, index: NewsIndexPage, topic: NewsTopic | None = None) -> QuerySet[NewsPage]:
    items = NewsPage.objects.live().public().descendant_of(index).select_related("topic")
    if topic is not None:
        items = items.filter(topic=topic)
    return items.order_by("-date", "-first_published_at", "-pk")


def _not_private(items: QuerySet[NewsPage]) -> QuerySet[NewsPage]:
    """Excludes pages under a view restriction, inside the same query (Wagtail's public() runs a second one)."""
    restricted = PageViewRestriction.objects.filter(page__path=Substr(OuterRef("path"), 1, Length("page__path")))
    return items.exclude(Exists(restricted))


def _cabinet_news() -> QuerySet[NewsPage]:
    """Live news for the cabinet, newest first, each annotated with `moment` (the same for every member)."""
    items = _not_private(NewsPage.objects.live()).select_related("topic")
    items = items.annotate(moment=Coalesce("important_update_at", "first_published_at"))
    return items.order_by("-date", "-first_published_at", "-pk")


def news_cabinet_list(*, user: User, since: datetime.datetime) -> QuerySet[NewsPage]:
    """Live news for the cabinet, newest first, each annotated with `moment` and `is_unread`."""
    read = NewsRead.objects.filter(user=user, page=OuterRef("pk"), read_at__gte=OuterRef("moment"))
    unread = Case(
        When(Q(moment__gte=since) & ~Exists(read), then=Value(True)), default=Value(False), output_field=BooleanField()
    )
    return _cabinet_news().annotate(is_unread=unread)


@dataclass(frozen=True)
class CabinetNewsItem:
    """A line of the cabinet's news list."""

    pk: int
    title: str
    date: datetime.date
    topic: str | None
    summary: str
    moment: datetime.datetime | None
    is_unread: bool = False


class _SharedNewsList:
    """The cabinet's news list as Django's paginator reads it (its count, then one page's slice).

    The list is the same for every member, so its count and pages are kept in the cache under the news
    generation (any page saved, published, moved or deleted, a view restriction or a topic changed);
    only whether each item is new for this member is read for the member, by one small query, and only
    when the page has items that came out after the member started counting news. Building the list's
    query (a view restriction's test and the moment inside it) cost more CPU than any other query of
    the cabinet (issue 14, item 7).
    """

    def __init__(self, *, user: User, since: datetime.datetime, first: int):
        self.user, self.since, self.first = user, since, first
        self.generation, self.kept = shared_read(NEWS, ["news:count", self._page_name(first)])

    @staticmethod
    def _page_name(start: int) -> str:
        return f"news:page:{start}:{NEWS_PER_PAGE}"

    def count(self) -> int:
        if "news:count" not in self.kept:
            self.kept["news:count"] = _cabinet_news().count()
            shared_store(self.generation, "news:count", self.kept["news:count"])
        return self.kept["news:count"]

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, lines: slice) -> list[CabinetNewsItem]:
        start, stop = lines.start or 0, lines.stop
        if stop is not None and stop <= start:
            return []
        name = self._page_name(start)
        items = self.kept.get(name)
        if items is None and start != self.first:  # the paginator settled on another page than the one asked for
            items = shared_read(NEWS, [name])[1].get(name)
        if items is None:
            rows = _cabinet_news().only("title", "date", "summary", "topic__name")[start : start + NEWS_PER_PAGE]
            items = [
                CabinetNewsItem(
                    pk=row.pk,
                    title=row.title,
                    date=row.date,
                    topic=row.topic.name if row.topic else None,
                    summary=row.summary,
                    moment=row.moment,
                )
                for row in rows
            ]
            shared_store(self.generation, name, items)
        return _unread_marked(items[: None if stop is None else stop - start], user=self.user, since=self.since)


def _unread_marked(items: list[CabinetNewsItem], *, user: User, since: datetime.datetime) -> list[CabinetNewsItem]:
    """The items with `is_unread` for the member, as news_cabinet_list's annotation tells it."""
    fresh = {item.pk for item in items if item.moment is not None and item.moment >= since}
    if not fresh:
        return items
    read = dict(NewsRead.objects.filter(user=user, page_id__in=fresh).values_list("page_id", "read_at"))
    return [
        replace(item, is_unread=not (item.pk in read and read[item.pk] >= item.moment)) if item.pk in fresh else item
        for item in items
    ]


def news_cabinet_page(*, user: User, since: datetime.datetime, number) -> Page:
    """Page `number` of the cabinet's news list (the first if it is not a number, the last if beyond it), its
    items CabinetNewsItem with their unread state for the member."""
    try:
        first = (max(int(number), 1) - 1) * NEWS_PER_PAGE
    except (TypeError, ValueError):
        first = 0
    return Paginator(_SharedNewsList(user=user, since=since, first=first), NEWS_PER_PAGE).get_page(number)


def news_unread_count(*, user: User, since: datetime.datetime) -> int:
    return news_cabinet_list(user=user, since=since).filter(is_unread=True).count()


def news_important_since(*, since: datetime.datetime) -> QuerySet[NewsPage]:
    """Live news the cabinet shows whose «Важное обновление» went live at `since` or later."""
    return _not_private(NewsPage.objects.live()).filter(important_update_at__gte=since).order_by("important_update_at")
