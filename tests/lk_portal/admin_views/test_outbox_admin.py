"""Staff screen «Письма» and the activation letter's state on the account page."""

import datetime
import json

import pytest
from django.contrib.auth.models import Permission
from django.utils.html import strip_tags

from lk_portal.models import OutgoingLetter
from lk_portal.services.outbox import letter_enqueue, outbox_send_due
from tests.factories import UserFactory
from tests.support.accounts import moscow, register

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 12, 2)


@pytest.fixture
def staff_client(client):
    client.force_login(UserFactory(abonent=None, username="operator", is_staff=True, is_superuser=True))
    return client


def reminder(to="buh@example.ru", **kwargs):
    return letter_enqueue(
        kind="payment_reminder",
        to=to,
        subject="Напоминание: срок оплаты",
        body="Срок оплаты: 18.04.2015",
        schedule=False,
        **kwargs,
    )


def test_account_page_shows_the_activation_letter_waiting_failing_and_sent(
    staff_client, smtp, time_machine, django_capture_on_commit_callbacks
):
    time_machine.move_to(moscow(DAY, 10, 14), tick=False)
    user = register(lambda execute: django_capture_on_commit_callbacks(execute=False))  # its send not run yet
    page = f"/admin/lk-accounts/{user.pk}/"
    assert "ожидает отправки; ссылка действует с 03.12.2026 по 07.12.2026" in strip_tags(
        staff_client.get(page).content.decode()
    )

    time_machine.move_to(moscow(DAY, 10, 59), tick=False)
    outbox_send_due()  # the server is down
    text = strip_tags(staff_client.get(page).content.decode())
    assert "ошибка: сервер почты недоступен, повтор в 11:00; ссылка действует с 03.12.2026 по 07.12.2026" in text

    smtp.start()
    time_machine.move_to(moscow(DAY, 11, 0), tick=False)
    outbox_send_due()
    html = staff_client.get(page).content.decode()
    assert "отправлено 02.12.2026 11:00; ссылка действует с 03.12.2026 по 07.12.2026" in strip_tags(html)
    assert "/admin/letters/?q=buh%40example.ru" in html


def test_letters_in_the_menu_filtered_by_state_and_kind_searched_by_recipient(staff_client, smtp):
    smtp.start()
    smtp.refused = {"nobody@example.ru"}
    reminder(to="nobody@example.ru")
    reminder(to="glavbuh@example.ru")
    letter_enqueue(
        kind="password_reset", to="other@example.ru", subject="Восстановление пароля", body="…", schedule=False
    )
    outbox_send_due()
    reminder(to="later@example.ru")

    home = staff_client.get("/admin/").content.decode()
    assert "/admin/letters/" in home and ("Письма" in home or json.dumps("Письма")[1:-1] in home)
    listing = staff_client.get("/admin/letters/").content.decode()
    for address in ("nobody@example.ru", "glavbuh@example.ru", "other@example.ru", "later@example.ru"):
        assert address in listing
    assert "не отправлено: сервер почты отклонил адрес получателя" in listing

    failed = staff_client.get("/admin/letters/?state=failed").content.decode()
    assert "nobody@example.ru" in failed and "glavbuh@example.ru" not in failed and "later@example.ru" not in failed
    pending = staff_client.get("/admin/letters/?state=pending").content.decode()
    assert "later@example.ru" in pending and "nobody@example.ru" not in pending
    resets = staff_client.get("/admin/letters/?kind=password_reset").content.decode()
    assert "other@example.ru" in resets and "glavbuh@example.ru" not in resets
    found = staff_client.get("/admin/letters/?q=GLAVBUH").content.decode()
    assert "glavbuh@example.ru" in found and "nobody@example.ru" not in found


def test_letter_page_hides_a_personal_link_and_resends(staff_client, mailoutbox, django_capture_on_commit_callbacks):
    shown = reminder()
    hidden = letter_enqueue(
        kind="password_reset",
        to="buh@example.ru",
        subject="Восстановление",
        body="http://x/reset/secret/",
        confidential=True,
        schedule=False,
    )
    assert "Срок оплаты: 18.04.2015" in staff_client.get(f"/admin/letters/inspect/{shown.pk}/").content.decode()
    text = staff_client.get(f"/admin/letters/inspect/{hidden.pk}/").content.decode()
    assert "secret" not in text and "его текст здесь не показывается" in text
    assert "Отправить повторно" in text

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(f"/admin/letters/{hidden.pk}/resend/", follow=True)
    assert "Письмо поставлено в очередь на buh@example.ru" in response.content.decode()
    assert [m.body for m in mailoutbox] == ["http://x/reset/secret/"]
    hidden.refresh_from_db()
    assert hidden.state == OutgoingLetter.SENT


def test_letters_are_read_only_and_resend_needs_the_permission(client):
    letter = reminder()
    viewer = UserFactory(abonent=None, username="viewer", is_staff=True)
    viewer.user_permissions.add(
        Permission.objects.get(codename="access_admin"), Permission.objects.get(codename="view_outgoingletter")
    )
    client.force_login(viewer)
    assert client.get("/admin/letters/").status_code == 200
    page = client.get(f"/admin/letters/inspect/{letter.pk}/").content.decode()
    assert "Отправить повторно" not in page
    assert client.post(f"/admin/letters/{letter.pk}/resend/").status_code in (
        302,
        403,
    )  # Wagtail: back to the dashboard
    assert client.get(f"/admin/letters/edit/{letter.pk}/").status_code in (302, 403)
    assert client.post(f"/admin/letters/delete/{letter.pk}/").status_code in (302, 403)
    assert client.get("/admin/letters/new/").status_code in (302, 403)
    assert OutgoingLetter.objects.filter(pk=letter.pk, state=OutgoingLetter.PENDING).exists()

    nobody = UserFactory(abonent=None, username="clerk", is_staff=True)
    nobody.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(nobody)
    assert client.get("/admin/letters/").status_code in (302, 403)
