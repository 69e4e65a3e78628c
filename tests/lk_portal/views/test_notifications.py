"""/lk/notifications/, the header's counter and «Профиль» → «Настройка уведомлений»."""

import pytest

from lk_portal.models import Notification, NotificationSettings, User
from tests.factories import UserFactory
from tests.support.html import select_one, soup, text_of

pytestmark = pytest.mark.django_db


def _notify(user, n: int, *, kind="document_issued", read=False) -> list[Notification]:
    from django.utils import timezone

    made = [
        Notification.objects.create(
            user=user,
            kind=kind,
            title=f"Выставлен документ № {user.pk}-{i}",
            text="Счет-фактура за тепло",
            link="/lk/to-pay/",
            dedup_key=f"{kind}:{user.pk}:{i}",
            read_at=timezone.now() if read else None,
        )
        for i in range(n)
    ]
    User.objects.filter(pk=user.pk).update(notifications_unread=0 if read else n)
    return made


def test_list_shows_the_persons_own_and_the_header_counts_unread(abonent_client, abonent_user):
    _notify(abonent_user, 2)
    other = UserFactory()
    _notify(other, 1)
    html = abonent_client.get("/lk/notifications/").content.decode()
    titles = [text_of(h) for h in soup(html).select(".notification__title")]
    assert sorted(titles) == [f"Выставлен документ № {abonent_user.pk}-0", f"Выставлен документ № {abonent_user.pk}-1"]
    assert text_of(select_one(html, ".cabinet-header__notifications")) == "Уведомления 2 непрочитанных"
    home = abonent_client.get("/lk/").content.decode()
    assert text_of(select_one(home, ".cabinet-header__notifications")) == "Уведомления 2 непрочитанных"


def test_mark_one_and_all_read(abonent_client, abonent_user):
    first, second = _notify(abonent_user, 2)
    response = abonent_client.post("/lk/notifications/read/", {"id": first.pk})
    assert response.status_code == 302 and response["Location"] == "/lk/notifications/"
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.read_at is not None and second.read_at is None
    html = abonent_client.get("/lk/notifications/").content.decode()
    assert text_of(select_one(html, ".cabinet-header__notifications")) == "Уведомления 1 непрочитанных"
    abonent_client.post("/lk/notifications/read/")
    html = abonent_client.get("/lk/notifications/").content.decode()
    assert "Все уведомления отмечены прочитанными (1)." in html
    assert text_of(select_one(html, ".cabinet-header__notifications")).endswith("непрочитанных нет")
    assert not select_one(html, ".cabinet-header__notifications .news-indicator")


@pytest.mark.parametrize("raw", ["other", "999999", "abc", ""])
def test_another_persons_or_a_wrong_id_is_404(abonent_client, abonent_user, raw):
    other = UserFactory()
    (foreign,) = _notify(other, 1)
    _notify(abonent_user, 1)
    value = str(foreign.pk) if raw == "other" else raw
    response = abonent_client.post("/lk/notifications/read/", {"id": value})
    assert response.status_code == 404
    foreign.refresh_from_db()
    assert foreign.read_at is None
    assert Notification.objects.filter(user=abonent_user, read_at__isnull=True).count() == 1


def test_marking_read_is_post_only(abonent_client):
    assert abonent_client.get("/lk/notifications/read/").status_code == 405


def test_notifications_need_login(client):
    assert client.get("/lk/notifications/").status_code == 302
    assert client.get("/lk/profile/notifications/").status_code == 302
    assert client.post("/lk/notifications/read/").status_code == 302


def test_list_runs_a_fixed_number_of_queries(abonent_client, abonent_user, django_assert_num_queries):
    _notify(abonent_user, 3)
    abonent_client.get("/lk/notifications/")  # the header's debt line and news count into the cache
    # the member with its abonent, the list's count, its page, the marking read (the session from the cache)
    with django_assert_num_queries(3):
        abonent_client.get("/lk/notifications/")
    Notification.objects.all().delete()
    _notify(abonent_user, 80)
    with django_assert_num_queries(3):
        html = abonent_client.get("/lk/notifications/").content.decode()
    assert len(soup(html).select(".notification")) == 30


def test_settings_page_saves_the_switches(abonent_client, abonent_user):
    html = abonent_client.get("/lk/profile/notifications/").content.decode()
    boxes = soup(html).select('input[type="checkbox"][name^="kind_"]')
    assert [b["name"] for b in boxes] == [
        "kind_document_issued",
        "kind_payment_credited",
        "kind_debt_over",
        "kind_document_overdue",
        "kind_penalties",
        "kind_news_important",
        "kind_readings_window",
        "kind_reading_status",
        "kind_verification_due",
        "kind_request_status",
        "kind_export_ready",
    ]
    assert all(b.has_attr("checked") for b in boxes)  # everything on until the person says otherwise
    others = soup(html).select_one('input[name="requests_of_others"]')
    assert others is not None and not others.has_attr("checked")  # others' requests: only when opted in
    response = abonent_client.post(
        "/lk/profile/notifications/",
        {
            "kind_document_issued": "on",
            "kind_debt_over": "on",
            "email_mode": "digest",
            "debt_threshold": "50 000,5",
            "requests_of_others": "on",
        },
        follow=True,
    )
    assert "Настройки уведомлений сохранены." in response.content.decode()
    prefs = NotificationSettings.objects.get(user=abonent_user)
    assert prefs.email_mode == "digest" and str(prefs.debt_threshold) == "50000.50"
    assert prefs.kinds_off == [
        "payment_credited",
        "document_overdue",
        "penalties",
        "news_important",
        "readings_window",
        "reading_status",
        "verification_due",
        "request_status",
        "export_ready",
    ]
    assert prefs.requests_of_others


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"email_mode": "each", "debt_threshold": "много"}, "Введите сумму числом, например 50000 или 50 000,00."),
        ({"email_mode": "each", "debt_threshold": "-1"}, "Порог не может быть отрицательным."),
        ({"email_mode": "each", "debt_threshold": "1,005"}, "Не больше двух знаков после запятой (копейки)."),
        ({"email_mode": "each", "debt_threshold": "1" * 20}, "Слишком большая сумма."),
        ({"email_mode": "weekly"}, "Выберите, как присылать письма."),
        ({}, "Выберите, как присылать письма."),
    ],
)
def test_settings_wrong_input_gets_a_russian_message(abonent_client, data, message):
    response = abonent_client.post("/lk/profile/notifications/", data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not NotificationSettings.objects.exists()


def test_profile_links_to_the_settings(abonent_client):
    html = abonent_client.get("/lk/profile/").content.decode()
    assert 'href="/lk/profile/notifications/"' in html
