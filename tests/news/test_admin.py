"""The editor's side in Wagtail admin: the form has documents and «Важное обновление»; publishing
with the tick bumps the moment and clears the tick."""

import datetime
import re

import pytest
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from news.models import NewsPage
from tests.factories import UserFactory
from tests.factories.pages import document, news_publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client):
    user = UserFactory(abonent=None, username="editor", is_staff=True, is_superuser=True)
    client.force_login(user)
    return user


def edit_data(page, *, important: bool, documents=()):
    data = {
        "title": page.title,
        "slug": page.slug,
        "date": "2015-09-01",
        "topic": page.topic_id,
        "summary": page.summary,
        "body": rich_text("<p>Новые тарифы с 1 июля.</p>"),
        "documents": inline_formset([{"document": d.pk, "title": ""} for d in documents]),
        "action-publish": "publish",
    }
    if important:
        data["important_update"] = "on"
    return nested_form_data(data)


def test_edit_form_offers_documents_and_important_update(client, editor):
    item = news_publish("Тарифы", slug="tarify")
    html = client.get(f"/admin/pages/{item.pk}/edit/").content.decode()
    assert "Нормативные документы" in html
    assert "Важное обновление" in html


def test_publishing_from_admin_with_the_tick_bumps_and_clears_it(client, editor):
    item = news_publish("Тарифы", slug="tarify")
    decree = document(title="Постановление №7-1")

    response = client.post(f"/admin/pages/{item.pk}/edit/", edit_data(item, important=True, documents=[decree]))

    assert response.status_code == 302
    item = NewsPage.objects.get(pk=item.pk)
    assert item.important_update is False
    assert item.important_update_at is not None and item.important_update_at >= item.first_published_at
    assert [d.document for d in item.documents.all()] == [decree]
    assert item.get_latest_revision_as_object().important_update is False
    # the edit form now shows the tick cleared
    html = client.get(f"/admin/pages/{item.pk}/edit/").content.decode()
    tick = re.search(r'<input[^>]*name="important_update"[^>]*>', html).group(0)
    assert "checked" not in tick

    bumped = item.important_update_at
    client.post(f"/admin/pages/{item.pk}/edit/", edit_data(item, important=False, documents=[decree]))
    item.refresh_from_db()
    assert item.important_update_at == bumped
    assert item.last_published_at > bumped - datetime.timedelta(seconds=1)
