import datetime

import pytest
import time_machine

from news.models import NewsRead
from tests.factories import UserFactory
from tests.factories.pages import document, news_publish

pytestmark = pytest.mark.django_db

MSK = datetime.timezone(datetime.timedelta(hours=3))
ACTIVATED = datetime.datetime(2015, 9, 1, 10, 0, tzinfo=MSK)


def publish_after_activation(title, days=1, **kwargs):
    with time_machine.travel(ACTIVATED + datetime.timedelta(days=days), tick=False):
        return news_publish(title, **kwargs)


@pytest.fixture
def abonent(client):
    user = UserFactory(activated_at=ACTIVATED)
    client.force_login(user)
    return user


def test_news_tab_shows_the_blinking_count_on_every_cabinet_page(client, abonent):
    publish_after_activation("Тарифы на 2016 год")
    publish_after_activation("Новый сервис", days=2)

    html = client.get("/lk/contracts/").content.decode()

    assert 'class="news-indicator" aria-label="непрочитанных новостей: 2">2</span>' in html


def test_list_marks_unread_items_and_opening_one_marks_it_read(client, abonent):
    old = publish_after_activation("Старая", days=-3)
    item = publish_after_activation("Тарифы на 2016 год", summary="С 1 января.")

    html = client.get("/lk/news/").content.decode()
    assert html.count("news-list__item--unread") == 1
    assert "Отметить все прочитанными" in html
    assert f'href="/lk/news/{old.pk}/"' in html
    # the list reads only its columns: the date, the topic, the title and the summary are all there
    assert f'<span class="tag">{item.topic.name}</span>' in html and "<p>С 1 января.</p>" in html
    assert f'<time datetime="{item.date:%Y-%m-%d}">{item.date:%d.%m.%Y}</time>' in html

    detail = client.get(f"/lk/news/{item.pk}/").content.decode()
    assert "Тарифы на 2016 год" in detail
    assert "news-indicator" not in detail  # the tab already knows it is read
    assert NewsRead.objects.filter(user=abonent, page=item).exists()

    html = client.get("/lk/news/").content.decode()
    assert "news-list__item--unread" not in html
    assert "Отметить все прочитанными" not in html


def test_detail_shows_documents(client, abonent):
    decree = document(title="Постановление №7-1", content=b"x" * 3000)
    item = publish_after_activation("Тарифы", documents=(decree,))

    html = client.get(f"/lk/news/{item.pk}/").content.decode()

    assert "Постановление №7-1" in html and "(PDF, 3 КБ)" in html


def test_mark_all_read_is_post_only(client, abonent):
    publish_after_activation("Первая")
    publish_after_activation("Вторая", days=2)

    assert client.get("/lk/news/mark-all-read/").status_code == 405
    response = client.post("/lk/news/mark-all-read/", follow=True)

    html = response.content.decode()
    assert "Отмечено прочитанными новостей: 2." in html
    assert "news-indicator" not in html


def test_another_abonent_still_sees_the_item_unread(client, abonent):
    item = publish_after_activation("Тарифы")
    other = UserFactory(activated_at=ACTIVATED)
    client.get(f"/lk/news/{item.pk}/")

    client.force_login(other)
    html = client.get("/lk/news/").content.decode()

    assert 'aria-label="непрочитанных новостей: 1"' in html


def test_unpublished_item_is_404(client, abonent):
    item = publish_after_activation("Снята")
    item.unpublish()
    assert client.get(f"/lk/news/{item.pk}/").status_code == 404


def test_cabinet_news_requires_login(client):
    assert client.get("/lk/news/").status_code == 302


@pytest.mark.parametrize("n_news", [3, 30])
def test_news_list_runs_a_fixed_number_of_queries(client, abonent, n_news, django_assert_num_queries):
    for n in range(n_news):
        publish_after_activation(f"Новость {n}", days=n + 1)
    # A cold cache: the abonent with the member, the member's contract scope and its contracts, the header's
    # debt line and unread count, the list's count and page, which of the page's items the member read.
    with django_assert_num_queries(8):
        response = client.get("/lk/news/")
    assert response.status_code == 200
    # Warm: the member, and which of the page's items it read; the list itself is the same for every member.
    # (With 3 items, page 2 is page 1.)
    client.get("/lk/news/?page=2")
    for page in ("", "?page=2"):
        with django_assert_num_queries(2):
            assert client.get(f"/lk/news/{page}").status_code == 200


def test_the_list_kept_for_all_members_follows_what_editors_change(client, abonent):
    first = publish_after_activation("Тарифы на 2016 год")
    second = publish_after_activation("Плановые отключения", days=2)
    other = UserFactory(activated_at=ACTIVATED)
    client.get(f"/lk/news/{first.pk}/")
    html = client.get("/lk/news/").content.decode()
    assert html.count("news-list__item--unread") == 1 and "Плановые отключения" in html

    client.force_login(other)  # the list kept for the first member, the unread marks of this one
    html = client.get("/lk/news/").content.decode()
    assert html.count("news-list__item--unread") == 2

    second.unpublish()
    publish_after_activation("Новый сервис", days=3)
    html = client.get("/lk/news/").content.decode()
    assert "Плановые отключения" not in html and "Новый сервис" in html
    assert html.count("news-list__item--unread") == 2

    topic = first.topic
    topic.name = "Тарифы и цены"
    topic.save()
    html = client.get("/lk/news/").content.decode()
    assert '<span class="tag">Тарифы и цены</span>' in html


def test_a_page_beyond_the_last_shows_the_last_and_a_bad_number_the_first(client, abonent):
    for n in range(12):
        publish_after_activation(f"Новость {n}", days=n + 1)
    last = client.get("/lk/news/?page=9").content.decode()
    assert "Страница 2 из 2" in last and last.count('class="news-list__item') == 2
    assert "Новость 1<" in last and "Новость 0<" in last
    first = client.get("/lk/news/?page=абв").content.decode()
    assert "Страница 1 из 2" in first and first.count('class="news-list__item') == 10
    assert "Новость 11<" in first
