"""The kinds of notifications and the rules of when an event is one (issue 16).

Each event is named by a key (`event_key`), so the same event seen again — a file applied twice, the daily
job run twice — is the same notification. A kind marked `reserved` belongs to a later issue (meter
readings, requests): it has its key and its words, nothing produces it yet, and «Профиль» does not offer
it until something does.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

DOCUMENT_ISSUED = "document_issued"
PAYMENT_CREDITED = "payment_credited"
DEBT_OVER = "debt_over"
DOCUMENT_OVERDUE = "document_overdue"
PENALTIES = "penalties"
NEWS_IMPORTANT = "news_important"
READINGS_WINDOW = "readings_window"
READING_STATUS = "reading_status"
VERIFICATION_DUE = "verification_due"
REQUEST_STATUS = "request_status"
EXPORT_READY = "export_ready"

# A document that fell overdue more than this many days ago is not news (the first run after the
# feature is deployed would otherwise tell of every old debt at once).
OVERDUE_RECENT_DAYS = 7
# A document or a payment an import adds is news when it is dated within this many days of the import.
ADDED_RECENT_DAYS = 45


@dataclass(frozen=True)
class NotificationKind:
    key: str
    title: str  # in «Профиль» and on the list
    source: str  # what makes it, for «Профиль»
    reserved: bool = False


KINDS: dict[str, NotificationKind] = {
    k.key: k
    for k in (
        NotificationKind(DOCUMENT_ISSUED, "Выставлен новый платежный документ", "после загрузки данных биллинга"),
        NotificationKind(PAYMENT_CREDITED, "Зачислена оплата", "после загрузки данных биллинга"),
        NotificationKind(DEBT_OVER, "Задолженность превысила порог", "после загрузки данных и ежедневно"),
        NotificationKind(DOCUMENT_OVERDUE, "Документ просрочен", "ежедневно"),
        NotificationKind(PENALTIES, "Начислены пени", "после загрузки данных и ежедневно"),
        NotificationKind(NEWS_IMPORTANT, "Важная новость", "ежедневно"),
        NotificationKind(READINGS_WINDOW, "Открыт прием показаний или он скоро закроется", "ежедневно, по узлам учета"),
        NotificationKind(READING_STATUS, "Показания приняты или отклонены", "после ответа биллинга"),
        NotificationKind(VERIFICATION_DUE, "Приближается дата поверки узла учета", "ежедневно, за 60 дней"),
        NotificationKind(
            REQUEST_STATUS, "Ответ или новый статус по обращению", "когда сотрудник отвечает или меняет статус"
        ),
        NotificationKind(EXPORT_READY, "Файл выгрузки готов", "когда выгрузка, сформированная в фоне, готова"),
    )
}


def offered_kinds() -> list[NotificationKind]:
    """The kinds a person can switch in «Профиль»: all but the reserved ones."""
    return [k for k in KINDS.values() if not k.reserved]


def event_key(kind: str, user_id: int, *parts) -> str:
    """«document_issued:12:D-1001»: the one name of an event for a person."""
    if kind not in KINDS:
        raise ValueError(f"Unknown kind of notification {kind!r}: add it to KINDS")
    return ":".join([kind, str(user_id), *(str(p) for p in parts)])[:200]


@dataclass(frozen=True)
class DebtCheck:
    notify: bool  # the debt has just gone over the threshold
    over_since: datetime.date | None  # what to keep as NotificationSettings.debt_over_since


def debt_check(
    *, debt: Decimal, as_of: datetime.date | None, threshold: Decimal | None, over_since: datetime.date | None
) -> DebtCheck:
    """Over the threshold: told once, when it crosses; back at or under it, the next crossing is told again."""
    if threshold is None or as_of is None or debt <= threshold:
        return DebtCheck(notify=False, over_since=None)
    if over_since is not None:
        return DebtCheck(notify=False, over_since=over_since)
    return DebtCheck(notify=True, over_since=as_of)


def overdue_window(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """Due dates whose documents, still unpaid, count as newly overdue today: the last OVERDUE_RECENT_DAYS days."""
    return today - datetime.timedelta(days=OVERDUE_RECENT_DAYS), today - datetime.timedelta(days=1)
