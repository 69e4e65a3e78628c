"""The outbox: a letter is stored in the business transaction and sent by the worker.

How a feature sends a letter (the one way every letter goes):

    from lk_portal.services.outbox import letter_enqueue

    letter_enqueue(
        kind="activation",              # a key of lk_portal.models.outbox.LETTER_KINDS (add one for a new kind)
        to=user.email,
        template="activation",          # emails/activation_subject.txt, emails/activation.txt, emails/activation.html if any
        context={"user": user},         # site_url and site_host are added
        user=user, abonent=user.abonent,
        dedup_key=None,                 # or a key naming the event: a second call with it returns the first letter
        supersede=False,                # True: this letter replaces the account's unsent letters of the same kind
        confidential=False,             # True: the text holds a login/password link; staff do not see it
    )

or `subject=…, body=…` (and `html=…`) instead of the template. The row is written in the caller's
transaction; its send is queued after the commit (a rolled-back action sends nothing), and the worker's
minute task `outbox_send_due_task` sends whatever is due, so a letter survives a stopped worker, a lost
queue and a mail server that is down for days.

Sending: each letter is claimed in its own transaction (PostgreSQL: `SELECT … FOR UPDATE SKIP LOCKED`, so
two workers never take the same row; SQLite has no row locks, so a conditional UPDATE as the first statement
takes the database's write lock and re-checks the state), handed to the mail backend, and marked sent in
that same transaction once SMTP has accepted it. A process that dies between SMTP's OK and the commit leaves
the row pending and the letter is sent once more on the next run: we accept a rare duplicate (it carries the
same Message-ID, which mail clients use to fold duplicates) rather than a letter lost, which is what a
"sending" mark committed before SMTP would give when a process dies during the SMTP conversation.

Retries: after the n-th failed attempt the next one is 2^(n-1) minutes later, at most
LK_OUTBOX_RETRY_MAX_DELAY_MINUTES (1, 2, 4 … 64, then every 120 minutes); a letter still failing
LK_OUTBOX_RETRY_HOURS (48) after its first failure is `failed`, as is one whose address the server refuses
for good (5xx). Once one letter finds the server unreachable in a run, the rest of that run's letters get the
same error and their next time without knocking again.
"""

import datetime
import logging
import smtplib
import socket
import ssl
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.utils import DNS_NAME
from django.db import IntegrityError, connection, transaction
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import timezone

from config.site import site_host, site_url
from lk_portal.models import LETTER_KINDS, OutgoingLetter

logger = logging.getLogger(__name__)


class LetterError(Exception):
    """An action on a letter that its state forbids; the message is for staff."""


def letter_render(*, template: str, context: dict, subject: str | None = None) -> tuple[str, str, str]:
    """(subject, text, html) from templates/emails/<template>…; the subject template unless one is given."""
    context = {**context, "site_url": site_url("/"), "site_host": site_host()}
    if subject is None:
        subject = " ".join(render_to_string(f"emails/{template}_subject.txt", context).split())
    body = render_to_string(f"emails/{template}.txt", context)
    try:
        html = render_to_string(f"emails/{template}.html", context)
    except TemplateDoesNotExist:
        html = ""
    return subject, body, html


@transaction.atomic
def letter_enqueue(
    *,
    kind: str,
    to: str,
    template: str | None = None,
    context: dict | None = None,
    subject: str | None = None,
    body: str | None = None,
    html: str = "",
    user=None,
    abonent=None,
    dedup_key: str | None = None,
    supersede: bool = False,
    confidential: bool = False,
    schedule: bool = True,
) -> OutgoingLetter:
    """Store a letter and queue its send after the commit (`schedule=False`: the caller sends it itself)."""
    subject, body, html = _letter_content(
        kind=kind, to=to, template=template, context=context, subject=subject, body=body, html=html
    )
    if dedup_key:
        existing = OutgoingLetter.objects.filter(dedup_key=dedup_key).first()
        if existing:
            return existing
    if supersede and user is not None:
        _pending_supersede(user=user, kind=kind)
    letter = OutgoingLetter(
        kind=kind,
        recipient=to,
        subject=subject,
        body=body,
        body_html=html,
        user=user,
        abonent=abonent if abonent is not None else getattr(user, "abonent", None),
        dedup_key=dedup_key or None,
        confidential=confidential,
    )
    stored = _letter_store(letter)
    if schedule and stored.pk == letter.pk:
        _send_after_commit(letter.pk)
    return stored


def _letter_content(
    *, kind: str, to: str, template: str | None, context: dict | None, subject: str | None, body: str | None, html: str
) -> tuple[str, str, str]:
    """The letter's (subject, text, html), checked: a known kind, a recipient, a template or a subject and body."""
    if kind not in LETTER_KINDS:
        raise ValueError(f"Unknown kind of letter {kind!r}: add it to LETTER_KINDS")
    if not to:
        raise ValueError("A letter needs a recipient")
    if template:
        subject, body, html = letter_render(template=template, context=context or {}, subject=subject)
    elif subject is None or body is None:
        raise ValueError("Give a template, or a subject and a body")
    return " ".join(subject.split())[:500], body, html


def _letter_store(letter: OutgoingLetter) -> OutgoingLetter:
    """Save the letter; when another process stored the same event first (its dedup key), that one."""
    try:
        with transaction.atomic():
            letter.save()
    except IntegrityError:
        if not letter.dedup_key:
            raise
        return OutgoingLetter.objects.get(dedup_key=letter.dedup_key)
    return letter


def _pending_supersede(*, user, kind: str) -> None:
    """The account's unsent letters of this kind say what the new one says, with an older link."""
    pending = OutgoingLetter.objects.filter(user=user, kind=kind, state=OutgoingLetter.PENDING)
    if connection.features.has_select_for_update_skip_locked:
        # A letter that the worker is sending right now is left to it (and not waited for).
        pending = OutgoingLetter.objects.filter(
            pk__in=list(pending.select_for_update(skip_locked=True).values_list("pk", flat=True))
        )
    pending.update(state=OutgoingLetter.CANCELLED, next_attempt_at=None)


def _send_after_commit(letter_id: int) -> None:
    def send() -> None:
        from lk_portal.tasks.outbox import outbox_letter_send_task

        try:
            outbox_letter_send_task(letter_id)
        except Exception:  # noqa: BLE001 — the queue is down: the minute task sends the stored letter
            logger.warning("Letter %s not queued; the outbox's minute task will send it", letter_id, exc_info=True)

    transaction.on_commit(send)


@transaction.atomic
def letter_resend(*, letter: OutgoingLetter) -> OutgoingLetter:
    """Staff's «Отправить повторно»: an unsent letter goes now and starts its retries afresh; a sent one goes
    again as a copy."""
    letter = OutgoingLetter.objects.get(pk=letter.pk)  # its state now, not as the page saw it
    if letter.state == OutgoingLetter.CANCELLED:
        raise LetterError("Это письмо заменено более новым письмом того же вида; повторно отправляется новое.")
    if letter.state == OutgoingLetter.SENT:
        copy = OutgoingLetter.objects.create(
            kind=letter.kind,
            recipient=letter.recipient,
            subject=letter.subject,
            body=letter.body,
            body_html=letter.body_html,
            confidential=letter.confidential,
            user_id=letter.user_id,
            abonent_id=letter.abonent_id,
        )
        _send_after_commit(copy.pk)
        return copy
    updated = OutgoingLetter.objects.filter(
        pk=letter.pk, state__in=[OutgoingLetter.PENDING, OutgoingLetter.FAILED]
    ).update(
        state=OutgoingLetter.PENDING, next_attempt_at=timezone.now(), attempts=0, first_failed_at=None, last_error=""
    )
    if not updated:
        raise LetterError("Письмо уже отправлено.")
    _send_after_commit(letter.pk)
    letter.refresh_from_db()
    return letter


# --- sending ---


@dataclass(frozen=True)
class SendFailure:
    message: str  # Russian, for staff
    permanent: bool = False  # the server refused this letter for good: no retries
    server_wide: bool = False  # every letter of the run would meet it (server down, login refused)
    internal: bool = False  # our own error, logged with its traceback


@dataclass
class SendReport:
    sent: int = 0
    retrying: int = 0
    failed: int = 0


def retry_delay(attempts: int) -> datetime.timedelta:
    """The pause after the `attempts`-th failed attempt: 1, 2, 4 … minutes, at most the setting's cap."""
    cap = settings.LK_OUTBOX_RETRY_MAX_DELAY_MINUTES
    return datetime.timedelta(minutes=min(2 ** min(max(attempts, 1) - 1, 30), cap))


def retry_period() -> datetime.timedelta:
    return datetime.timedelta(hours=settings.LK_OUTBOX_RETRY_HOURS)


def _smtp_text(value) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)


def send_failure(error: BaseException) -> SendFailure:
    """What staff read about a failed attempt, and whether it is worth retrying."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        replies = list(error.recipients.values())
        detail = "; ".join(f"{code} {_smtp_text(text)}" for code, text in replies)
        permanent = bool(replies) and all(500 <= code < 600 for code, _ in replies)
        return SendFailure(f"сервер почты отклонил адрес получателя ({detail})", permanent=permanent)
    if isinstance(error, smtplib.SMTPAuthenticationError):
        return SendFailure(
            "сервер почты не принял имя пользователя или пароль (EMAIL_HOST_USER, EMAIL_HOST_PASSWORD)",
            server_wide=True,
        )
    if isinstance(error, smtplib.SMTPSenderRefused):
        return SendFailure(
            f"сервер почты отклонил адрес отправителя {error.sender} ({error.smtp_code} {_smtp_text(error.smtp_error)})",
            server_wide=True,
        )
    if isinstance(error, smtplib.SMTPDataError):
        return SendFailure(
            f"сервер почты не принял письмо ({error.smtp_code} {_smtp_text(error.smtp_error)})",
            permanent=500 <= error.smtp_code < 600,
        )
    if isinstance(error, smtplib.SMTPServerDisconnected | smtplib.SMTPConnectError | TimeoutError | ConnectionError):
        return SendFailure("сервер почты недоступен", server_wide=True)
    if isinstance(error, smtplib.SMTPResponseException):
        return SendFailure(
            f"сервер почты ответил ошибкой ({error.smtp_code} {_smtp_text(error.smtp_error)})", server_wide=True
        )
    if isinstance(error, smtplib.SMTPException):
        return SendFailure(f"ошибка сервера почты ({error})", server_wide=True)
    if isinstance(error, socket.gaierror):
        return SendFailure("сервер почты недоступен: имя сервера не найдено (EMAIL_HOST)", server_wide=True)
    if isinstance(error, ssl.SSLError):
        return SendFailure("сервер почты недоступен: не удалось установить защищенное соединение", server_wide=True)
    if isinstance(error, OSError):  # network unreachable, connection reset …
        return SendFailure("сервер почты недоступен", server_wide=True)
    return SendFailure(f"внутренняя ошибка при отправке письма ({type(error).__name__})", internal=True)


def _claim(pk: int, now: datetime.datetime) -> OutgoingLetter | None:
    """The due pending letter, locked for this transaction; None when it is not due or another worker has it."""
    due = OutgoingLetter.objects.filter(pk=pk, state=OutgoingLetter.PENDING, next_attempt_at__lte=now)
    if connection.features.has_select_for_update_skip_locked:
        return due.select_for_update(skip_locked=True).first()
    # SQLite: the UPDATE, first in the transaction, waits for and takes the write lock; the state is
    # re-read under it, so a second worker finds the letter sent and updates nothing.
    if not due.update(last_attempt_at=now):
        return None
    return OutgoingLetter.objects.get(pk=pk)


def _message(letter: OutgoingLetter, mail_connection) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        letter.subject,
        letter.body,
        None,
        [letter.recipient],
        connection=mail_connection,
        # The same id for every attempt: a duplicate after a crash folds into the first in mail clients.
        headers={"Message-ID": f"<lk-letter-{letter.pk}.{int(letter.created_at.timestamp())}@{DNS_NAME}>"},
    )
    if letter.body_html:
        message.attach_alternative(letter.body_html, "text/html")
    return message


def _record_failure(letter: OutgoingLetter, failure: SendFailure, now: datetime.datetime) -> bool:
    """Note a failed attempt; True when the letter is given up (`failed`)."""
    letter.attempts += 1
    letter.last_attempt_at = now
    letter.last_error = failure.message
    letter.first_failed_at = letter.first_failed_at or now
    gave_up = failure.permanent or now >= letter.first_failed_at + retry_period()
    if gave_up:
        letter.state = OutgoingLetter.FAILED
        letter.next_attempt_at = None
    else:
        letter.next_attempt_at = now + retry_delay(letter.attempts)
    letter.save(
        update_fields=["attempts", "last_attempt_at", "last_error", "first_failed_at", "state", "next_attempt_at"]
    )
    return gave_up


def _close_quietly(mail_connection) -> None:
    try:
        mail_connection.close()
    except Exception:  # noqa: BLE001 — a broken connection is dropped either way
        logger.debug("Mail connection closed with an error", exc_info=True)


def outbox_send_due(*, ids: list[int] | None = None, limit: int | None = None) -> SendReport:
    """Send the pending letters that are due (only those of `ids` if given); one SMTP connection for the run."""
    report = SendReport()
    due = OutgoingLetter.objects.filter(state=OutgoingLetter.PENDING, next_attempt_at__lte=timezone.now())
    if ids is not None:
        due = due.filter(pk__in=ids)
    candidates = list(
        due.order_by("next_attempt_at", "pk").values_list("pk", flat=True)[: limit or settings.LK_OUTBOX_BATCH]
    )
    if not candidates:
        return report
    mail_connection = get_connection(fail_silently=False)
    server_failure: SendFailure | None = None
    try:
        for pk in candidates:
            server_failure = _send_one(pk, mail_connection, server_failure, report)
    finally:
        _close_quietly(mail_connection)
    if report.sent or report.retrying or report.failed:
        logger.info("Outbox: sent %s, to retry %s, failed %s", report.sent, report.retrying, report.failed)
    return report


def _send_one(pk: int, mail_connection, server_failure: SendFailure | None, report: SendReport) -> SendFailure | None:
    """Claim, send and mark one letter in one transaction; returns the server-wide failure met, if any."""
    now = timezone.now()
    with transaction.atomic():
        letter = _claim(pk, now)
        if letter is None:
            return server_failure
        failure = server_failure
        if failure is None:
            started = time.monotonic()
            try:
                mail_connection.open()  # once per run; again after a failure closed it
                _message(letter, mail_connection).send()
            except Exception as error:  # noqa: BLE001 — every failure is recorded on the letter for staff
                failure = send_failure(error)
                log = logger.exception if failure.internal else logger.warning
                log("Letter %s to %s not sent: %s (%r)", letter.pk, letter.recipient, failure.message, error)
                _close_quietly(mail_connection)
            else:
                letter.state = OutgoingLetter.SENT
                letter.sent_at = timezone.now()
                letter.attempts += 1
                letter.last_attempt_at = now
                letter.next_attempt_at = None
                letter.last_error = ""
                letter.save(
                    update_fields=["state", "sent_at", "attempts", "last_attempt_at", "next_attempt_at", "last_error"]
                )
                report.sent += 1
                logger.debug("Letter %s sent in %.2f s", letter.pk, time.monotonic() - started)
                return None
        if _record_failure(letter, failure, now):
            report.failed += 1
        else:
            report.retrying += 1
        return failure if failure.server_wide else server_failure


# --- what staff read ---


def letter_state_text(letter: OutgoingLetter, *, now: datetime.datetime | None = None) -> str:
    """«отправлено 02.12.2026 10:15», «ошибка: сервер почты недоступен, повтор в 11:00», «ожидает отправки»."""
    local = timezone.localtime
    if letter.state == OutgoingLetter.SENT:
        return f"отправлено {local(letter.sent_at):%d.%m.%Y %H:%M}"
    letter = OutgoingLetter.objects.get(pk=letter.pk)  # its state now, not as the page saw it
    if letter.state == OutgoingLetter.CANCELLED:
        return "заменено более новым письмом"
    if letter.state == OutgoingLetter.FAILED:
        attempts = f"попыток: {letter.attempts}"
        if letter.last_attempt_at:
            attempts += f", последняя {local(letter.last_attempt_at):%d.%m.%Y %H:%M}"
        return f"не отправлено: {letter.last_error} ({attempts})"
    if not letter.last_error:
        return "ожидает отправки"
    retry = local(letter.next_attempt_at)
    today = local(now or timezone.now()).date()
    when = f"в {retry:%H:%M}" if retry.date() == today else f"{retry:%d.%m.%Y} в {retry:%H:%M}"
    return f"ошибка: {letter.last_error}, повтор {when}"


def letter_latest(*, user, kind: str) -> OutgoingLetter | None:
    return OutgoingLetter.objects.filter(user=user, kind=kind).order_by("-created_at", "-pk").first()
