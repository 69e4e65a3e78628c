"""Обращения (issue 18): statuses and who may move a request between them, due dates, the number.

Pure rules over plain values; lk_portal.services.requests applies them to the rows. The transitions are
one plain table: (from, to) → who may make it. `Actor.ABONENT` is a member of the abonent whose role may
file requests (Capability.FILE_REQUESTS), `Actor.STAFF` a staff member who sees the request's branch.
"""

from __future__ import annotations

import datetime
import enum
from dataclasses import dataclass


class RequestError(ValueError):
    """A request or a reply that cannot be taken as it is: `code` for machines, `message` in Russian for people."""

    def __init__(self, code: str, message: str):
        self.code = code
        self.message = message
        super().__init__(message)


class Status(enum.StrEnum):
    NEW = "new"
    IN_WORK = "in_work"
    AWAITING = "awaiting"  # ожидает ответа абонента
    RESOLVED = "resolved"
    CLOSED = "closed"

    @property
    def label(self) -> str:
        return STATUS_LABELS[self]


STATUS_LABELS = {
    Status.NEW: "новое",
    Status.IN_WORK: "в работе",
    Status.AWAITING: "ожидает ответа абонента",
    Status.RESOLVED: "решено",
    Status.CLOSED: "закрыто",
}
STATUS_CHOICES = [(s.value, STATUS_LABELS[s]) for s in Status]
OPEN_STATUSES = frozenset({Status.NEW, Status.IN_WORK, Status.AWAITING})  # the due date runs
FINISHED_STATUSES = frozenset({Status.RESOLVED, Status.CLOSED})  # may be reopened within the window


class Actor(enum.StrEnum):
    ABONENT = "abonent"
    STAFF = "staff"


A, S = Actor.ABONENT, Actor.STAFF
BOTH = frozenset({A, S})

# (from, to) → who may make the move. Moves out of «решено»/«закрыто» back to «в работе» are reopenings:
# the abonent may make them within LK_REQUESTS_REOPEN_DAYS of the request's finishing (`reopen_allowed`).
TRANSITIONS: dict[tuple[Status, Status], frozenset[Actor]] = {
    (Status.NEW, Status.IN_WORK): frozenset({S}),
    (Status.NEW, Status.AWAITING): frozenset({S}),
    (Status.NEW, Status.RESOLVED): frozenset({S}),
    (Status.NEW, Status.CLOSED): BOTH,  # the abonent withdraws it; staff close a duplicate
    (Status.IN_WORK, Status.AWAITING): frozenset({S}),
    (Status.IN_WORK, Status.RESOLVED): frozenset({S}),
    (Status.IN_WORK, Status.CLOSED): BOTH,
    (Status.AWAITING, Status.IN_WORK): BOTH,  # the abonent's answer puts it back to work
    (Status.AWAITING, Status.RESOLVED): frozenset({S}),
    (Status.AWAITING, Status.CLOSED): BOTH,
    (Status.RESOLVED, Status.CLOSED): BOTH,  # the abonent agrees; staff close it
    (Status.RESOLVED, Status.IN_WORK): BOTH,  # reopened
    (Status.CLOSED, Status.IN_WORK): BOTH,  # reopened
}
REOPENINGS = frozenset({(Status.RESOLVED, Status.IN_WORK), (Status.CLOSED, Status.IN_WORK)})


def transition_allowed(current: Status | str, target: Status | str, actor: Actor) -> bool:
    """Whether `actor` may move a request from `current` to `target` (the table above; no window check)."""
    try:
        key = (Status(current), Status(target))
    except ValueError:
        return False
    return actor in TRANSITIONS.get(key, frozenset())


def transitions_from(current: Status | str, actor: Actor) -> list[Status]:
    """The statuses `actor` may move a request in `current` to, in the statuses' order."""
    return [s for s in Status if transition_allowed(current, s, actor)]


def reopen_allowed(
    *, actor: Actor, finished_at: datetime.datetime | None, now: datetime.datetime, reopen_days: int
) -> bool:
    """Staff reopen at any time; the abonent within `reopen_days` days of the request's finishing."""
    if actor is Actor.STAFF:
        return True
    return finished_at is not None and now - finished_at <= datetime.timedelta(days=reopen_days)


def transition_check(
    *,
    current: Status | str,
    target: Status | str,
    actor: Actor,
    finished_at: datetime.datetime | None,
    now: datetime.datetime,
    reopen_days: int,
) -> None:
    """Raise RequestError unless the move is allowed to this actor now."""
    if not transition_allowed(current, target, actor):
        raise RequestError(
            "transition_not_allowed",
            f"Обращение в статусе «{Status(current).label}» нельзя перевести в статус «{Status(target).label}».",
        )
    reopening = (Status(current), Status(target)) in REOPENINGS
    if reopening and not reopen_allowed(actor=actor, finished_at=finished_at, now=now, reopen_days=reopen_days):
        raise RequestError(
            "reopen_expired",
            f"Обращение можно возобновить в течение {reopen_days} дн. после решения. Подайте новое обращение.",
        )


def abonent_reply_target(current: Status | str) -> Status | None:
    """The status an abonent's reply moves the request to (None: it stays), or RequestError if it takes none."""
    current = Status(current)
    if current is Status.AWAITING:
        return Status.IN_WORK
    if current in FINISHED_STATUSES:
        return Status.IN_WORK  # a reply to a finished request reopens it (the window is checked by the caller)
    return None


# --- Due dates -----------------------------------------------------------------------------------

SATURDAY = 5


def is_working_day(day: datetime.date) -> bool:
    return day.weekday() < SATURDAY


def add_working_days(start: datetime.date, days: int) -> datetime.date:
    """The `days`-th working day (Monday–Friday) after `start`: weekends are skipped.

    Filed on a Friday with 1 day: due on Monday; filed on a Saturday with 1 day: Monday too; with 5 days
    on a Wednesday: the next Wednesday. 0 days: `start` itself.
    """
    day, left = start, days
    while left > 0:
        day += datetime.timedelta(days=1)
        if is_working_day(day):
            left -= 1
    return day


def is_overdue(*, status: Status | str, due: datetime.date | None, today: datetime.date) -> bool:
    """Still open after its due date."""
    return due is not None and Status(status) in OPEN_STATUSES and today > due


# --- The number ----------------------------------------------------------------------------------


def request_number(year: int, seq: int) -> str:
    """«2026-000123»: the year it was filed and its place in that year's sequence."""
    return f"{year}-{seq:06d}"


@dataclass(frozen=True)
class Limits:
    max_files: int
    max_file_bytes: int
