"""The outbox against a real SMTP server: a letter is stored first, waits while the server is down,
is retried with growing pauses for 48 hours, and arrives exactly once."""

import datetime
import threading

import pytest
from django.db import connection, transaction

from lk_portal.models import OutgoingLetter
from lk_portal.services import outbox
from lk_portal.services.accounts import activation_check, activation_letter_send
from lk_portal.services.outbox import (
    LetterError,
    letter_enqueue,
    letter_resend,
    letter_state_text,
    outbox_send_due,
    retry_delay,
)
from lk_portal.tasks.outbox import outbox_send_due_task
from tests.factories import UserFactory
from tests.support.accounts import link_path, moscow, register

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 12, 2)
MINUTE = datetime.timedelta(minutes=1)
PENDING, SENT, FAILED = OutgoingLetter.PENDING, OutgoingLetter.SENT, OutgoingLetter.FAILED


def a_letter(*, to: str | None = None, **kwargs) -> OutgoingLetter:
    user = UserFactory()
    kwargs.setdefault("schedule", False)
    return letter_enqueue(
        kind="payment_reminder",
        to=to or user.email,
        subject="Напоминание",
        body="Срок оплаты: 18.04.2015",
        user=user,
        **kwargs,
    )


def test_activation_letter_waits_for_the_server_then_arrives_once(
    smtp, time_machine, django_capture_on_commit_callbacks
):
    time_machine.move_to(moscow(DAY, 10, 15), tick=False)
    user = register(django_capture_on_commit_callbacks)  # its send after the commit meets a closed port

    letter = OutgoingLetter.objects.get(user=user, kind="activation")
    assert (letter.state, letter.attempts, letter.last_error) == (PENDING, 1, "сервер почты недоступен")
    assert letter.next_attempt_at == moscow(DAY, 10, 16)
    assert letter_state_text(letter) == "ошибка: сервер почты недоступен, повтор в 10:16"
    assert outbox_send_due().sent == 0  # not due yet: the server is not even asked
    letter.refresh_from_db()
    assert letter.attempts == 1

    smtp.start()
    time_machine.move_to(moscow(DAY, 10, 16), tick=False)
    assert outbox_send_due().sent == 1
    assert outbox_send_due().sent == 0
    assert outbox_send_due_task.call_local() == 0

    assert len(smtp.received) == 1
    message = smtp.received[0]
    assert message["To"] == "buh@example.ru"
    assert message["Subject"].strip() == letter.subject == "Регистрация в Личном кабинете потребителя тепловой энергии"
    assert message["Message-ID"].startswith(f"<lk-letter-{letter.pk}.")
    body = smtp.bodies()[0]
    assert body.replace("\r\n", "\n") == letter.body
    assert activation_check(key=link_path(body).split("/")[3], today=datetime.date(2026, 12, 3)).ok
    letter.refresh_from_db()
    assert (letter.state, letter.attempts, letter.sent_at) == (SENT, 2, moscow(DAY, 10, 16))
    assert letter_state_text(letter) == "отправлено 02.12.2026 10:16"


def test_pauses_grow_to_two_hours_and_after_48_hours_the_letter_fails(smtp, time_machine):
    start = moscow(DAY, 10, 0)
    time_machine.move_to(start, tick=False)
    letter = a_letter()
    pauses = []
    for _ in range(100):
        outbox_send_due()
        letter.refresh_from_db()
        if letter.state != PENDING:
            break
        pauses.append((letter.next_attempt_at - letter.last_attempt_at) / MINUTE)
        time_machine.move_to(letter.next_attempt_at, tick=False)

    assert pauses[:9] == [1, 2, 4, 8, 16, 32, 64, 120, 120]
    assert set(pauses[7:]) == {120}
    assert [retry_delay(n) / MINUTE for n in (1, 2, 3, 7, 8, 50)] == [1, 2, 4, 64, 120, 120]
    assert letter.state == FAILED and letter.next_attempt_at is None
    assert letter.attempts == len(pauses) + 1
    given_up_after = letter.last_attempt_at - start
    assert datetime.timedelta(hours=48) <= given_up_after < datetime.timedelta(hours=50)
    assert letter_state_text(letter) == (
        f"не отправлено: сервер почты недоступен (попыток: {letter.attempts}, "
        f"последняя {letter.last_attempt_at.astimezone(start.tzinfo):%d.%m.%Y %H:%M})"
    )
    smtp.start()
    assert outbox_send_due().sent == 0  # a failed letter waits for staff
    assert smtp.received == []


def test_a_worker_down_for_days_still_retries_for_48_hours_from_the_first_failure(smtp, time_machine):
    time_machine.move_to(moscow(DAY, 10, 0), tick=False)
    letter = a_letter()
    time_machine.move_to(moscow(DAY + datetime.timedelta(days=3), 10, 0), tick=False)
    outbox_send_due()
    letter.refresh_from_db()
    assert letter.state == PENDING and letter.attempts == 1


def test_a_mailbox_the_server_refuses_fails_at_once(smtp):
    smtp.start()
    smtp.refused = {"nobody@example.ru"}
    letter = a_letter(to="nobody@example.ru")
    good = a_letter()
    report = outbox_send_due()
    assert (report.sent, report.failed) == (1, 1)
    letter.refresh_from_db()
    assert letter.state == FAILED
    assert letter.last_error == "сервер почты отклонил адрес получателя (550 5.1.1 mailbox unavailable)"
    assert [m["To"] for m in smtp.received] == [good.recipient]


def test_once_the_server_is_found_down_the_run_knocks_no_more(smtp, monkeypatch):
    letters = [a_letter() for _ in range(3)]
    opened = []
    real_open = outbox.get_connection

    def counting_connection(**kwargs):
        mail_connection = real_open(**kwargs)
        original = mail_connection.open

        def open_and_count():
            opened.append(1)
            return original()

        mail_connection.open = open_and_count
        return mail_connection

    monkeypatch.setattr(outbox, "get_connection", counting_connection)
    report = outbox_send_due()
    assert report.retrying == 3 and len(opened) == 1
    for letter in letters:
        letter.refresh_from_db()
        assert (letter.attempts, letter.last_error) == (1, "сервер почты недоступен")


def test_one_smtp_connection_serves_the_whole_run(smtp):
    smtp.start()
    for _ in range(3):
        a_letter()
    assert outbox_send_due().sent == 3
    assert len({message["X-Peer"] for message in smtp.received}) == 1  # the same client socket for all three


def test_staff_resend_sends_a_failed_letter_now_and_retries_again(
    smtp, time_machine, django_capture_on_commit_callbacks
):
    time_machine.move_to(moscow(DAY, 10, 0), tick=False)
    letter = a_letter()
    OutgoingLetter.objects.filter(pk=letter.pk).update(
        state=FAILED,
        attempts=30,
        last_error="сервер почты недоступен",
        next_attempt_at=None,
        first_failed_at=moscow(DAY, 9, 0) - datetime.timedelta(days=2),
    )
    letter.refresh_from_db()

    with django_capture_on_commit_callbacks(execute=True):  # still down: a new 48-hour period begins
        letter = letter_resend(letter=letter)
    letter.refresh_from_db()
    assert (letter.state, letter.attempts) == (PENDING, 1)  # the pauses start again from a minute
    assert letter.first_failed_at == moscow(DAY, 10, 0)
    assert letter_state_text(letter) == "ошибка: сервер почты недоступен, повтор в 10:01"

    smtp.start()
    with django_capture_on_commit_callbacks(execute=True):
        letter_resend(letter=letter)
    letter.refresh_from_db()
    assert letter.state == SENT and len(smtp.received) == 1


def test_resending_a_sent_letter_sends_a_copy(smtp, django_capture_on_commit_callbacks):
    smtp.start()
    letter = a_letter()
    outbox_send_due()
    with django_capture_on_commit_callbacks(execute=True):
        copy = letter_resend(letter=letter)
    assert copy.pk != letter.pk and copy.state == PENDING
    copy.refresh_from_db()
    assert copy.state == SENT and (copy.recipient, copy.body) == (letter.recipient, letter.body)
    assert len(smtp.received) == 2
    assert smtp.received[0]["Message-ID"] != smtp.received[1]["Message-ID"]


def test_a_newer_activation_letter_replaces_the_unsent_one(smtp, time_machine, django_capture_on_commit_callbacks):
    time_machine.move_to(moscow(DAY, 10, 0), tick=False)
    user = register(django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        activation_letter_send(user=user)  # staff's «Отправить письмо повторно» while the server is down
    first, second = OutgoingLetter.objects.filter(user=user).order_by("pk")
    assert first.state == OutgoingLetter.CANCELLED and second.state == PENDING
    assert letter_state_text(first) == "заменено более новым письмом"
    with pytest.raises(LetterError):
        letter_resend(letter=first)

    smtp.start()
    time_machine.move_to(moscow(DAY, 11, 0), tick=False)
    assert outbox_send_due().sent == 1
    assert len(smtp.received) == 1


def test_one_event_one_letter():
    first = a_letter(dedup_key="payment-reminder:1:2:2015-04-18")
    again = letter_enqueue(
        kind="payment_reminder",
        to="other@example.ru",
        subject="x",
        body="y",
        dedup_key="payment-reminder:1:2:2015-04-18",
    )
    assert again.pk == first.pk
    assert OutgoingLetter.objects.count() == 1


def test_a_rolled_back_action_stores_and_sends_nothing(mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            a_letter(schedule=True)
            raise RuntimeError("the action failed")
    assert callbacks == [] and mailoutbox == []
    assert not OutgoingLetter.objects.exists()


def test_the_letter_waits_in_the_table_when_the_queue_refuses_it(
    monkeypatch, mailoutbox, django_capture_on_commit_callbacks
):
    def queue_down(letter_id):
        raise ConnectionError("Redis is down")

    monkeypatch.setattr("lk_portal.tasks.outbox.outbox_letter_send_task", queue_down)
    with django_capture_on_commit_callbacks(execute=True):
        letter = a_letter(schedule=True)  # the action itself succeeds
    assert mailoutbox == []
    assert outbox_send_due_task.call_local() == 1  # the minute task finds it
    assert [m.to for m in mailoutbox] == [[letter.recipient]]


def test_a_letter_another_worker_sent_meanwhile_is_not_sent_again(mailoutbox, monkeypatch):
    letter = a_letter()
    real_claim = outbox._claim
    raced = []

    def claim_after_the_other_worker(pk, now):
        if not raced:
            raced.append(pk)
            outbox_send_due(ids=[pk])  # the other worker takes the same row first
        return real_claim(pk, now)

    monkeypatch.setattr(outbox, "_claim", claim_after_the_other_worker)
    report = outbox_send_due(ids=[letter.pk])
    assert report.sent == 0 and len(mailoutbox) == 1


def test_the_minute_task_is_scheduled_every_minute():
    task = outbox_send_due_task.s()
    assert all(task.validate_datetime(datetime.datetime(2026, 12, 2, 10, minute)) for minute in range(60))


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite's in-memory test database has no concurrent writers"
)
def test_two_workers_at_once_send_each_letter_once(smtp):
    smtp.start()
    smtp.delay = 0.2  # each letter takes a while, so the two runs overlap
    letters = [a_letter() for _ in range(6)]
    start = threading.Barrier(2)
    errors = []

    def worker():
        start.wait()
        try:
            outbox_send_due()
        except Exception as error:  # noqa: BLE001 — reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(m["To"] for m in smtp.received) == sorted(letter.recipient for letter in letters)
    assert set(OutgoingLetter.objects.values_list("state", flat=True)) == {SENT}
    assert set(OutgoingLetter.objects.values_list("attempts", flat=True)) == {1}
