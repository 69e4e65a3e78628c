"""The unread state: per member, since activation, one query, important updates re-mark."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import PageViewRestriction

from news.selectors import news_cabinet_list, news_counted_since, news_unread_count
from news.services.reads import news_mark_all_read, news_mark_read
from tests.factories import UserFactory
from tests.factories.pages import news_index, news_publish

pytestmark = pytest.mark.django_db

MSK = datetime.timezone(datetime.timedelta(hours=3))
ACTIVATED = datetime.datetime(2015, 9, 1, 10, 0, tzinfo=MSK)


@pytest.fixture
def user():
    return UserFactory(activated_at=ACTIVATED)


def unread(user):
    return news_unread_count(user=user, since=news_counted_since(user=user))


def publish_at(moment, title, **kwargs):
    with time_machine.travel(moment, tick=False):
        return news_publish(title, **kwargs)


def test_counted_since_prefers_news_seen_from_then_activation_then_creation():
    seen = datetime.datetime(2016, 1, 1, tzinfo=MSK)
    assert news_counted_since(user=UserFactory(activated_at=ACTIVATED, news_seen_from=seen)) == seen
    assert news_counted_since(user=UserFactory(activated_at=ACTIVATED)) == ACTIVATED
    fresh = UserFactory()
    assert news_counted_since(user=fresh) == fresh.date_joined


def test_only_news_published_since_activation_are_unread(user):
    publish_at(ACTIVATED - datetime.timedelta(days=1), "До активации")
    publish_at(ACTIVATED + datetime.timedelta(days=1), "После активации")

    items = {i.title: i.is_unread for i in news_cabinet_list(user=user, since=ACTIVATED)}

    assert items == {"До активации": False, "После активации": True}
    assert unread(user) == 1


def test_opening_marks_read_for_that_abonent_only(user):
    other = UserFactory(activated_at=ACTIVATED)
    item = publish_at(ACTIVATED + datetime.timedelta(days=1), "Тарифы на 2016 год")
    assert unread(user) == unread(other) == 1

    news_mark_read(user=user, page=item)

    assert unread(user) == 0
    assert unread(other) == 1


def test_mark_all_read(user):
    for n in range(3):
        publish_at(ACTIVATED + datetime.timedelta(days=n + 1), f"Новость {n}")
    first = news_cabinet_list(user=user, since=ACTIVATED).last()
    news_mark_read(user=user, page=first)

    assert news_mark_all_read(user=user, since=ACTIVATED) == 2
    assert unread(user) == 0
    assert news_mark_all_read(user=user, since=ACTIVATED) == 0


def test_edit_after_publishing_does_not_re_mark(user):
    item = publish_at(ACTIVATED + datetime.timedelta(days=1), "Тарифы")
    news_mark_read(user=user, page=item, now=ACTIVATED + datetime.timedelta(days=2))

    with time_machine.travel(ACTIVATED + datetime.timedelta(days=3), tick=False):
        item.body = "<p>Исправлена опечатка.</p>"
        item.save_revision().publish()

    assert unread(user) == 0


def test_important_update_re_marks_and_the_tick_resets(user):
    item = publish_at(ACTIVATED + datetime.timedelta(days=1), "Тарифы")
    news_mark_read(user=user, page=item, now=ACTIVATED + datetime.timedelta(days=2))
    bumped = ACTIVATED + datetime.timedelta(days=3)

    with time_machine.travel(bumped, tick=False):
        item.body = "<p>Изменены тарифы с 1 июля.</p>"
        item.important_update = True
        revision = item.save_revision()
        revision.publish()

    item.refresh_from_db()
    revision.refresh_from_db()
    assert unread(user) == 1
    assert item.important_update_at == bumped
    assert item.important_update is False
    assert revision.content["important_update"] is False
    # the editor's next edit starts from the latest revision: no tick carried over
    assert item.get_latest_revision_as_object().important_update is False

    news_mark_read(user=user, page=item, now=bumped + datetime.timedelta(hours=1))
    assert unread(user) == 0

    with time_machine.travel(bumped + datetime.timedelta(days=1), tick=False):
        item.get_latest_revision_as_object().save_revision().publish()
    item.refresh_from_db()
    assert item.important_update_at == bumped
    assert unread(user) == 0


def test_scheduled_important_update_bumps_when_it_goes_live(user):
    item = publish_at(ACTIVATED + datetime.timedelta(days=1), "Тарифы")
    news_mark_read(user=user, page=item, now=ACTIVATED + datetime.timedelta(days=2))
    go_live = ACTIVATED + datetime.timedelta(days=5)

    with time_machine.travel(ACTIVATED + datetime.timedelta(days=3), tick=False):
        item.important_update = True
        item.go_live_at = go_live
        revision = item.save_revision()
        revision.publish()
    item.refresh_from_db()
    assert item.important_update_at is None
    assert unread(user) == 0

    with time_machine.travel(go_live + datetime.timedelta(minutes=1), tick=False):
        revision.refresh_from_db()
        revision.publish()
    item.refresh_from_db()
    assert item.important_update_at == go_live + datetime.timedelta(minutes=1)
    assert unread(user) == 1


def test_drafts_and_private_news_are_not_counted(user):
    publish_at(ACTIVATED + datetime.timedelta(days=1), "Опубликована")
    draft = publish_at(ACTIVATED + datetime.timedelta(days=1), "Снята с публикации")
    draft.unpublish()
    private = publish_at(ACTIVATED + datetime.timedelta(days=1), "Закрытая")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.PASSWORD, password="x")

    titles = [i.title for i in news_cabinet_list(user=user, since=ACTIVATED)]

    assert titles == ["Опубликована"]
    assert unread(user) == 1


def test_private_section_hides_all_its_news(user):
    item = publish_at(ACTIVATED + datetime.timedelta(days=1), "Новость")
    PageViewRestriction.objects.create(page=news_index(), restriction_type=PageViewRestriction.LOGIN)
    assert list(news_cabinet_list(user=user, since=ACTIVATED)) == []
    assert item.live


@pytest.mark.parametrize("n_news", [1, 25])
def test_one_query_for_the_unread_count_whatever_the_numbers(user, n_news):
    for n in range(n_news):
        item = publish_at(ACTIVATED + datetime.timedelta(hours=n + 1), f"Новость {n}")
    for _ in range(n_news):
        other = UserFactory(activated_at=ACTIVATED)
        news_mark_read(user=other, page=item)
    news_mark_read(user=user, page=item)

    with CaptureQueriesContext(connection) as count_ctx:
        count = unread(user)
    with CaptureQueriesContext(connection) as list_ctx:
        states = [i.is_unread for i in news_cabinet_list(user=user, since=ACTIVATED)]

    assert count == n_news - 1
    assert states.count(True) == n_news - 1
    assert len(count_ctx.captured_queries) == 1
    assert len(list_ctx.captured_queries) == 1


def test_times_are_compared_as_moments_not_local_dates(user):
    # published at 00:30 Moscow on the activation day but before activation (10:00): not new
    publish_at(datetime.datetime(2015, 9, 1, 0, 30, tzinfo=MSK), "Ночная")
    assert unread(user) == 0
    assert timezone.is_aware(news_counted_since(user=user))


def test_each_member_reads_for_itself(user):
    """An observer opening an item does not mark it read for the organisation's accountant."""
    observer = UserFactory(
        abonent=user.abonent,
        username="nablyudatel@example.ru",
        email="nablyudatel@example.ru",
        role="observer",
        activated_at=ACTIVATED,
    )
    item = publish_at(ACTIVATED + datetime.timedelta(days=1), "Тарифы на 2016 год")

    news_mark_read(user=observer, page=item)

    assert unread(observer) == 0
    assert unread(user) == 1
    assert news_mark_all_read(user=user, since=ACTIVATED) == 1
    assert unread(user) == 0
