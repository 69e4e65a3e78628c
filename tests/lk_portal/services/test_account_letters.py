import datetime

import pytest

from lk_portal.models import OutgoingLetter, User
from lk_portal.services.account_letters import (
    activation_letter_enqueue,
    email_change_letter_enqueue,
    password_reset_letter_enqueue,
    site_host,
)
from tests.factories import UserFactory
from tests.support.accounts import link_path

pytestmark = pytest.mark.django_db


def test_the_activation_letter_carries_the_login_the_link_and_its_window(
    mailoutbox, settings, django_capture_on_commit_callbacks
):
    settings.LK_SITE_ADDRESS = "https://lk.example.ru/"
    user = UserFactory(state=User.PENDING, activation_sent_on=datetime.date(2025, 3, 10))
    with django_capture_on_commit_callbacks(execute=True):  # the outbox sends after the commit
        stored = activation_letter_enqueue(user=user)
    (letter,) = mailoutbox
    assert letter.to == [user.email]
    assert f"Логин: {user.username}" in letter.body
    assert link_path(letter.body).startswith("/lk/activate/")
    assert "Ссылка действует с 11.03.2025 по 15.03.2025 включительно." in letter.body
    # the guide's «в течении» corrected
    assert "Ссылка активна в течение 5 дней, начиная со следующего дня" in letter.body
    assert "в течении" not in letter.body
    assert site_host() == "lk.example.ru"
    stored.refresh_from_db()
    assert (stored.kind, stored.state, stored.body, stored.confidential) == ("activation", "sent", letter.body, True)


def test_letters_are_not_sent_to_accounts_that_no_longer_need_them(mailoutbox):
    activation_letter_enqueue(user=UserFactory(state=User.ACTIVE, activation_sent_on=datetime.date(2025, 3, 10)))
    password_reset_letter_enqueue(user=UserFactory(state=User.BLOCKED))
    superseded = UserFactory(pending_email="second@example.ru")
    email_change_letter_enqueue(user=superseded, new_email="first@example.ru")
    assert mailoutbox == []
    assert not OutgoingLetter.objects.exists()


def test_the_email_change_letter_goes_to_the_new_address(mailoutbox, django_capture_on_commit_callbacks):
    user = UserFactory(pending_email="new@example.ru")
    with django_capture_on_commit_callbacks(execute=True):
        email_change_letter_enqueue(user=user, new_email="new@example.ru")
    assert mailoutbox[0].to == ["new@example.ru"]
    assert link_path(mailoutbox[0].body, "/lk/profile/email/")
