"""Reads of news: the public listing, and the cabinet's list with each item's unread state.

An item is unread for a member when it was published (or got an important update) since
the member's account started counting news, and that member has not opened it since that
moment. The state comes from one `Exists` subquery, so a page of news costs one query
whatever the number of news items and abonents.
"""

import datetime

from django.db.models import BooleanField, Case, Exists, OuterRef, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce, Length, Substr
from wagtail.models import PageViewRestriction

from lk_portal.models import User
from news.models import NewsIndexPage, NewsPage, NewsRead, NewsTopic


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


def news_cabinet_list(*, user: User, since: datetime.datetime) -> QuerySet[NewsPage]:
    """Live news for the cabinet, newest first, each annotated with `moment` and `is_unread`."""
    read = NewsRead.objects.filter(user=user, page=OuterRef("pk"), read_at__gte=OuterRef("moment"))
    items = (
        _not_private(NewsPage.objects.live())
        .select_related("topic")
        .annotate(moment=Coalesce("important_update_at", "first_published_at"))
        .annotate(
            is_unread=Case(
                When(Q(moment__gte=since) & ~Exists(read), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
        )
    )
    return items.order_by("-date", "-first_published_at", "-pk")


def news_unread_count(*, user: User, since: datetime.datetime) -> int:
    return news_cabinet_list(user=user, since=since).filter(is_unread=True).count()


def news_important_since(*, since: datetime.datetime) -> QuerySet[NewsPage]:
    """Live news the cabinet shows whose «Важное обновление» went live at `since` or later."""
    return _not_private(NewsPage.objects.live()).filter(important_update_at__gte=since).order_by("important_update_at")
