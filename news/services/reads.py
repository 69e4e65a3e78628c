"""Writes of the news read state and of the important-update moment."""

import datetime

from django.db import transaction
from django.utils import timezone
from wagtail.models import Revision

from lk_portal.models import User
from lk_portal.services.header_cache import NEWS, header_changed, header_news_read
from news.models import NewsPage, NewsRead
from news.selectors import news_cabinet_list


def news_mark_read(*, user: User, page: NewsPage, now: datetime.datetime | None = None) -> None:
    """The member opened the item: it is read for that member as of now (a later important update makes it unread
    again); the organisation's other members still see it as new."""
    NewsRead.objects.update_or_create(user=user, page=page, defaults={"read_at": now or timezone.now()})
    header_news_read(user_id=user.pk)


def news_mark_all_read(*, user: User, since: datetime.datetime, now: datetime.datetime | None = None) -> int:
    """Marks every unread item read; returns how many there were."""
    now = now or timezone.now()
    unread_ids = list(news_cabinet_list(user=user, since=since).filter(is_unread=True).values_list("pk", flat=True))
    NewsRead.objects.bulk_create(
        [NewsRead(user=user, page_id=pk, read_at=now) for pk in unread_ids],
        update_conflicts=True,
        unique_fields=["user", "page"],
        update_fields=["read_at"],
    )
    header_news_read(user_id=user.pk)
    return len(unread_ids)


@transaction.atomic
def news_important_update_register(
    *, page: NewsPage, revision: Revision | None, now: datetime.datetime | None = None
) -> None:
    """A revision ticked «Важное обновление» went live: move the moment, clear the tick.

    The tick is cleared on the page and in the published revision too, so the next edit
    (which starts from the latest revision) does not carry it over by accident.
    """
    now = now or timezone.now()
    NewsPage.objects.filter(pk=page.pk).update(important_update=False, important_update_at=now)
    page.important_update = False
    page.important_update_at = now
    if revision is not None and isinstance(revision.content, dict):
        revision.content["important_update"] = False
        revision.content["important_update_at"] = now.isoformat()
        revision.save(update_fields=["content"])
    header_changed(NEWS)  # the item counts as new again (the queryset update sends no signal)
