import datetime
import xml.etree.ElementTree as ET

import pytest

from news.models import NEWS_PER_PAGE
from tests.factories.pages import document, news_index, news_publish

pytestmark = pytest.mark.django_db


def test_listing_shows_live_news_newest_first_with_topic_and_feed_link(client):
    news_publish("Тарифы на 2016 год", topic_slug="tarify", date=datetime.date(2015, 12, 20))
    news_publish("Новый сервис: акт сверки", topic_slug="novye-servisy", date=datetime.date(2015, 10, 1))
    draft = news_publish("Черновик")
    draft.unpublish()

    html = client.get("/novosti/").content.decode()

    assert html.index("Тарифы на 2016 год") < html.index("Новый сервис: акт сверки")
    assert "Черновик" not in html
    assert "20.12.2015" in html
    assert 'href="/novosti/rss/"' in html
    assert 'href="/novosti/?topic=tarify"' in html


def test_topic_filter_keeps_only_that_topic(client):
    news_publish("Тарифы на 2016 год", topic_slug="tarify")
    news_publish("Изменение 190-ФЗ", topic_slug="zakonodatelstvo")

    html = client.get("/novosti/?topic=zakonodatelstvo").content.decode()

    assert "Изменение 190-ФЗ" in html
    assert "Тарифы на 2016 год" not in html
    assert client.get("/novosti/?topic=net-takoy").status_code == 404


def test_listing_paginates_with_russian_labels_and_keeps_the_topic(client):
    for n in range(NEWS_PER_PAGE + 2):
        news_publish(
            f"Новость номер {n:02d}", topic_slug="tarify", date=datetime.date(2015, 1, 1) + datetime.timedelta(n)
        )
    news_publish("Другая тема", topic_slug="prochee", date=datetime.date(2016, 1, 1))

    first = client.get("/novosti/?topic=tarify").content.decode()
    second = client.get("/novosti/?topic=tarify&page=2").content.decode()

    assert "Страница 1 из 2" in first and "Вперёд" in first
    assert "?topic=tarify&amp;page=2" in first
    assert "Новость номер 11" in first and "Новость номер 00" not in first
    assert "Страница 2 из 2" in second and "Назад" in second
    assert "Новость номер 00" in second and "Другая тема" not in second


def test_listing_runs_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    for n in range(15):
        news_publish(f"Новость {n}", topic_slug="tarify")
    client.get("/novosti/")
    with django_assert_max_num_queries(12):
        client.get("/novosti/?page=2")


def test_news_page_shows_documents_with_size(client):
    decree = document(title="Постановление Госкомитета РТ по тарифам №7-1", content=b"d" * 250_880)
    item = news_publish("Тарифы на 2016 год", topic_slug="tarify", documents=(decree,))

    html = client.get(item.url).content.decode()

    assert "Постановление Госкомитета РТ по тарифам №7-1" in html
    assert "(PDF, 245 КБ)" in html
    assert decree.url in html


def test_rss_feed_lists_news_with_links_and_dates(client):
    news_index()
    news_publish("Тарифы на 2016 год", topic_slug="tarify", summary="Новые тарифы с 1 января.", slug="tarify-2016")

    response = client.get("/novosti/rss/")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")
    items = channel.findall("item")
    assert [i.findtext("title") for i in items] == ["Тарифы на 2016 год"]
    assert items[0].findtext("description") == "Новые тарифы с 1 января."
    assert items[0].findtext("link") == "http://testserver/novosti/tarify-2016/"
    assert items[0].findtext("category") == "Тарифы"
    assert items[0].findtext("pubDate")
