"""Notifications (issue 16): made by the billing import and by the daily job, once per event and person.

    mark = import_watermark()                  # billing_import, before the run's files
    …                                          # the files are applied
    notifications_after_import(since=mark)     # after them: what this run added

An event's key (`domain.notifications.event_key`) is unique in the table, so the same event seen again —
a file applied twice, a job run twice, two workers at once — is stored once. A new notification goes to
the cabinet's list and, by the person's «Профиль», to e-mail at once (through the outbox) or into the
daily digest (`notification_digests_send`), or to no e-mail at all. A kind the person switched off makes
nothing.

What counts as an event:
- a billing document or a payment the run inserted (ids above the run's watermark: re-applied rows keep
  their ids, and the key names the billing system's code, so a file applied again tells nothing), dated in
  the last ADDED_RECENT_DAYS days (a history loaded afresh is not news);
- the debt line going over the person's threshold (told when it crosses, again only after it fell back);
- an unpaid document whose due date passed in the last few days (OVERDUE_RECENT_DAYS);
- пени on a contract's debt line where the line before had none (once per such line);
- a news item published with «Важное обновление» in the last few days (once per update).
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import F, Max, OuterRef, Q, Subquery, Sum
from django.utils import timezone

from lk_portal.domain import notifications as kinds
from lk_portal.formatting import format_date, format_money, format_period
from lk_portal.models import BillingDocument, DebtSnapshot, Notification, NotificationSettings, Payment, User
from lk_portal.services.outbox import letter_enqueue

logger = logging.getLogger(__name__)

NEWS_RECENT_DAYS = 7
CHUNK = 500


@dataclass(frozen=True)
class Watermark:
    payment_id: int
    document_id: int
    started_at: datetime.datetime | None = None  # billing's answers on readings set from then on are the run's


@dataclass
class Candidate:
    """An event for one person, before it is known whether it was told already."""

    user: User
    kind: str
    key_parts: tuple
    title: str
    text: str
    link: str

    @property
    def key(self) -> str:
        return kinds.event_key(self.kind, self.user.pk, *self.key_parts)


@dataclass
class NotifyReport:
    created: dict[str, int] = field(default_factory=dict)

    def add(self, kind: str) -> None:
        self.created[kind] = self.created.get(kind, 0) + 1

    @property
    def total(self) -> int:
        return sum(self.created.values())


def recipients() -> list[User]:
    """The people notifications are for: active accounts of an abonent, with their settings."""
    return list(
        User.objects.filter(is_active=True, state=User.ACTIVE, abonent__isnull=False)
        .select_related("notification_settings")
        .order_by("pk")
    )


def settings_of(user: User) -> NotificationSettings:
    """The person's settings; an account that never saved them has the defaults (not stored)."""
    try:
        return user.notification_settings
    except NotificationSettings.DoesNotExist:
        return NotificationSettings(user=user)


def notify_all(candidates: Iterable[Candidate], *, report: NotifyReport | None = None) -> NotifyReport:
    """Store the candidates not told before (one query per chunk finds those), each with its e-mail."""
    report = report or NotifyReport()
    wanted = [c for c in candidates if c.kind not in settings_of(c.user).kinds_off]
    for start in range(0, len(wanted), CHUNK):
        chunk = wanted[start : start + CHUNK]
        told = set(
            Notification.objects.filter(dedup_key__in=[c.key for c in chunk]).values_list("dedup_key", flat=True)
        )
        for candidate in chunk:
            if candidate.key not in told and _store(candidate):
                told.add(candidate.key)
                report.add(candidate.kind)
    return report


def _store(candidate: Candidate) -> bool:
    user, mode = candidate.user, settings_of(candidate.user).email_mode
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                user=user,
                kind=candidate.kind,
                title=candidate.title[:255],
                text=candidate.text,
                link=candidate.link,
                dedup_key=candidate.key,
                digest_pending=mode == NotificationSettings.EMAIL_DIGEST and bool(user.email),
            )
            User.objects.filter(pk=user.pk).update(notifications_unread=F("notifications_unread") + 1)
            if mode == NotificationSettings.EMAIL_EACH and user.email:
                letter_enqueue(
                    kind="notification",
                    to=user.email,
                    template="notification",
                    subject=notification.title,
                    context={"user": user, "notification": notification},
                    user=user,
                    dedup_key=f"notification:{notification.pk}",
                )
    except IntegrityError:
        return False  # another process told it first
    return True


# --- The import ------------------------------------------------------------------------------------


def import_watermark() -> Watermark:
    """The newest payment's and document's ids before a run: rows above them are the run's."""
    return Watermark(
        payment_id=Payment.objects.aggregate(m=Max("id"))["m"] or 0,
        document_id=BillingDocument.objects.aggregate(m=Max("id"))["m"] or 0,
        started_at=timezone.now(),
    )


@dataclass(frozen=True)
class ImportNotices:
    """The import's one hook: `start()` before the run's files, `finish(run)` after them.

    A notification failing never fails the import (its rows are committed by then): it is logged, and the
    daily job tells the debt, the overdue documents and the пени all the same.
    """

    since: Watermark

    @classmethod
    def start(cls) -> ImportNotices:
        return cls(since=import_watermark())

    def finish(self, run) -> NotifyReport | None:
        if run.status == run.FAILED:
            return None
        try:
            return notifications_after_import(since=self.since)
        except Exception:
            logger.exception("notifications after import run %s failed", run.pk)
            return None


def notifications_after_import(*, since: Watermark, today: datetime.date | None = None) -> NotifyReport:
    """What the run added: new documents and payments, and the debt over a threshold, пени on its documents."""
    today = today or timezone.localdate()
    users = recipients()
    by_abonent = _users_by_abonent(users)
    report = NotifyReport()
    recent = today - datetime.timedelta(days=kinds.ADDED_RECENT_DAYS)
    documents = BillingDocument.objects.filter(pk__gt=since.document_id, abonent__in=list(by_abonent), date__gte=recent)
    notify_all(
        (c for d in documents.select_related("contract").iterator() for c in _document_issued(d, by_abonent)),
        report=report,
    )
    payments = Payment.objects.filter(pk__gt=since.payment_id, abonent__in=list(by_abonent), date__gte=recent)
    notify_all(
        (c for p in payments.select_related("contract").iterator() for c in _payment_credited(p, by_abonent)),
        report=report,
    )
    _debt_and_penalties(users, by_abonent, today=today, report=report)
    if since.started_at is not None:
        from .readings_notifications import reading_status_notices  # it builds on this module

        reading_status_notices(since=since.started_at, report=report)
    logger.info("notifications after import: %s", report.created)
    return report


def _users_by_abonent(users: list[User]) -> dict[int, list[User]]:
    by_abonent: dict[int, list[User]] = {}
    for user in users:
        by_abonent.setdefault(user.abonent_id, []).append(user)
    return by_abonent


def _document_issued(d: BillingDocument, by_abonent) -> list[Candidate]:
    due = f", срок оплаты {format_date(d.due_date)}" if d.due_date else ""
    text = (
        f"{d.get_doc_type_display()} {d.name} по договору № {d.contract.number} за {format_period(d.period)}: "
        f"начислено {format_money(d.accrued, blank='—')} руб., к оплате {format_money(d.debt, blank='—')} руб.{due}."
    )
    link = "/lk/to-pay/" if d.debt and d.debt > 0 else "/lk/documents/"
    title = f"Выставлен документ {d.number} от {format_date(d.date)}"
    return [Candidate(u, kinds.DOCUMENT_ISSUED, (d.external_id,), title, text, link) for u in by_abonent[d.abonent_id]]


def _payment_credited(p: Payment, by_abonent) -> list[Candidate]:
    title = f"Зачислена оплата {format_money(p.amount)} руб."
    text = (
        f"Платежный документ № {p.number} от {format_date(p.date)} по договору № {p.contract.number} "
        f"за {format_period(p.period)}: {format_money(p.amount)} руб. ({p.kind})."
    )
    return [
        Candidate(u, kinds.PAYMENT_CREDITED, (p.external_id,), title, text, "/lk/payments/")
        for u in by_abonent[p.abonent_id]
    ]


# --- The debt and пени: after an import and daily ---------------------------------------------------


def debt_lines(abonent_ids: list[int]) -> dict[int, tuple]:
    """Each abonent's debt line (as of, debt with пени, пени): its contracts' latest snapshots summed (one query)."""
    latest = DebtSnapshot.objects.filter(contract=OuterRef("contract")).order_by("-as_of").values("as_of")[:1]
    rows = (
        DebtSnapshot.objects.filter(abonent__in=abonent_ids, as_of=Subquery(latest))
        .order_by()
        .values("abonent")
        .annotate(as_of=Max("as_of"), debt=Sum("debt"), penalties=Sum("penalties"))
    )
    return {r["abonent"]: (r["as_of"], r["debt"], r["penalties"]) for r in rows}


def _debt_and_penalties(users: list[User], by_abonent, *, today: datetime.date, report: NotifyReport) -> None:
    watching = [u for u in users if settings_of(u).debt_threshold is not None]
    lines = debt_lines(sorted({u.abonent_id for u in watching}))
    candidates = []
    for user in watching:
        candidate = _debt_over(user, lines.get(user.abonent_id))
        if candidate is not None:
            candidates.append(candidate)
    notify_all(candidates, report=report)
    notify_all(_penalties(by_abonent), report=report)


def _debt_over(user: User, line: tuple | None) -> Candidate | None:
    """The crossing of the person's threshold; keeps `debt_over_since` in step with the line."""
    prefs = settings_of(user)
    as_of, debt, penalties = line or (None, None, None)
    check = kinds.debt_check(
        debt=debt or 0, as_of=as_of, threshold=prefs.debt_threshold, over_since=prefs.debt_over_since
    )
    if check.over_since != prefs.debt_over_since and prefs.pk:
        NotificationSettings.objects.filter(pk=prefs.pk).update(debt_over_since=check.over_since)
        prefs.debt_over_since = check.over_since
    if not check.notify:
        return None
    title = f"Задолженность {format_money(debt)} руб. превысила порог {format_money(prefs.debt_threshold)} руб."
    text = (
        f"Текущая задолженность на {format_date(as_of)}: {format_money(debt)} руб., включая пени "
        f"{format_money(penalties)} руб. Порог задается в профиле."
    )
    return Candidate(user, kinds.DEBT_OVER, (as_of.isoformat(),), title, text, "/lk/debt/")


def penalty_lines(abonent_ids: list[int]):
    """Each contract's latest debt line with пени, where the line before it had none (or there was none)."""
    latest = DebtSnapshot.objects.filter(contract=OuterRef("contract")).order_by("-as_of").values("as_of")[:1]
    before = (
        DebtSnapshot.objects.filter(contract=OuterRef("contract"), as_of__lt=OuterRef("as_of"))
        .order_by("-as_of")
        .values("penalties")[:1]
    )
    return (
        DebtSnapshot.objects.filter(abonent__in=abonent_ids, as_of=Subquery(latest), penalties__gt=0)
        .annotate(penalties_before=Subquery(before))
        .filter(Q(penalties_before__isnull=True) | Q(penalties_before__lte=0))
        .select_related("contract")
        .order_by("abonent", "contract")
    )


def _penalties(by_abonent) -> list[Candidate]:
    candidates = []
    for line in penalty_lines(list(by_abonent)).iterator():
        title = f"Начислены пени по договору № {line.contract.number}"
        text = (
            f"На {format_date(line.as_of)} по договору № {line.contract.number} начислены пени "
            f"{format_money(line.penalties)} руб.; задолженность, включая пени, {format_money(line.debt)} руб."
        )
        candidates += [
            Candidate(u, kinds.PENALTIES, (line.contract_id, line.as_of.isoformat()), title, text, "/lk/debt/")
            for u in by_abonent[line.abonent_id]
        ]
    return candidates


# --- Daily ---------------------------------------------------------------------------------------


def notifications_daily(*, today: datetime.date) -> NotifyReport:
    """The daily job: documents fallen overdue, the debt over a threshold, пени, important news."""
    users = recipients()
    by_abonent = _users_by_abonent(users)
    report = NotifyReport()
    first, last = kinds.overdue_window(today)
    overdue = BillingDocument.objects.filter(
        abonent__in=list(by_abonent), debt__gt=0, due_date__gte=first, due_date__lte=last
    )
    notify_all(
        (c for d in overdue.select_related("contract").iterator() for c in _overdue(d, by_abonent, today)),
        report=report,
    )
    _debt_and_penalties(users, by_abonent, today=today, report=report)
    notify_all(_important_news(users), report=report)
    logger.info("daily notifications: %s", report.created)
    return report


def _overdue(d: BillingDocument, by_abonent, today: datetime.date) -> list[Candidate]:
    days = (today - d.due_date).days
    title = f"Просрочен документ {d.number} от {format_date(d.date)}"
    text = (
        f"Срок оплаты {format_date(d.due_date)} прошел (дней просрочки: {days}); задолженность по документу "
        f"{format_money(d.debt)} руб., договор № {d.contract.number}."
    )
    return [
        Candidate(u, kinds.DOCUMENT_OVERDUE, (d.external_id,), title, text, "/lk/to-pay/")
        for u in by_abonent[d.abonent_id]
    ]


def _important_news(users: list[User]) -> list[Candidate]:
    from news.selectors import news_important_since

    since = timezone.now() - datetime.timedelta(days=NEWS_RECENT_DAYS)
    items = news_important_since(since=since)
    return [
        Candidate(
            user,
            kinds.NEWS_IMPORTANT,
            (item.pk, int(item.important_update_at.timestamp())),
            f"Важная новость: {item.title}",
            item.summary,
            f"/lk/news/{item.pk}/",
        )
        for item in items
        for user in users
    ]


# --- The daily digest ------------------------------------------------------------------------------


def notification_digests_send(*, today: datetime.date) -> int:
    """One letter per person who chose the digest, with what is waiting for it; returns the letters stored."""
    pending = (
        Notification.objects.filter(digest_pending=True).select_related("user").order_by("user_id", "created_at", "id")
    )
    by_user: dict[int, list[Notification]] = {}
    for notification in pending:
        by_user.setdefault(notification.user_id, []).append(notification)
    letters = 0
    for items in by_user.values():
        user = items[0].user
        with transaction.atomic():
            if user.email:
                letter_enqueue(
                    kind="notification_digest",
                    to=user.email,
                    template="notification_digest",
                    subject=f"Уведомления личного кабинета за {format_date(today)}: {len(items)}",
                    context={"user": user, "notifications": items, "today": today},
                    user=user,
                    dedup_key=f"notification-digest:{user.pk}:{items[-1].pk}",
                )
                letters += 1
            Notification.objects.filter(pk__in=[n.pk for n in items]).update(digest_pending=False)
    return letters


# --- The person's own ------------------------------------------------------------------------------


@transaction.atomic
def notifications_mark_read(*, user: User, ids: list[int] | None = None) -> int:
    """Mark the person's notifications read (`ids`, or all); returns how many were unread. Others' ids do nothing."""
    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=ids)
    marked = unread.update(read_at=timezone.now())
    left = Notification.objects.filter(user=user, read_at__isnull=True).count()
    User.objects.filter(pk=user.pk).update(notifications_unread=left)
    user.notifications_unread = left
    return marked


@transaction.atomic
def notification_settings_save(
    *, user: User, kinds_on: Iterable[str], email_mode: str, debt_threshold, requests_of_others: bool | None = None
) -> NotificationSettings:
    """Save the person's switches; a new threshold is watched afresh (its crossing is told once more)."""
    prefs, _ = NotificationSettings.objects.select_for_update().get_or_create(user=user)
    on = set(kinds_on)
    prefs.kinds_off = [k.key for k in kinds.offered_kinds() if k.key not in on]
    prefs.email_mode = email_mode
    if prefs.debt_threshold != debt_threshold:
        prefs.debt_over_since = None
    prefs.debt_threshold = debt_threshold
    if requests_of_others is not None:
        prefs.requests_of_others = requests_of_others
    prefs.save()
    return prefs
