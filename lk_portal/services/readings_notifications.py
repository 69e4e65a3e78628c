"""Notifications of heat metering (issue 17): billing's answer on a reading, and the daily reminders.

- **A status from billing** (`reading_statuses`): the reading's submitter is told «Показания приняты» or
  «Показания отклонены: <причина>» once per answer — the event's key names the reading, its status and
  the time it was set, so the same file applied again (which changes nothing, so sets no new time) tells
  nothing, and a changed answer is told again.
- **Reminders**, by the daily job: a unit's readings window is open (once per unit and month); it closes in
  two days or less and nothing was submitted for that month (once); the unit's verification date is 60
  days away or less (once per date). Each goes to every active member who sees the unit: a role with
  `Capability.VIEW_METERING` and the unit inside the member's contract scope (`owned()`), and by the
  person's notification settings (`notify_all`). The event's key is the sent-marker: a job run twice, or
  two workers, tell once.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable, Iterator

from django.db.models import F
from django.utils import timezone

from lk_portal.domain import notifications as kinds
from lk_portal.domain.metering import VERIFICATION_WARNING_DAYS, readings_window_now, verification_state
from lk_portal.domain.roles import Capability
from lk_portal.formatting import format_date, format_period, format_quantity
from lk_portal.models import MeteringUnit, Reading, User
from lk_portal.selectors.viewer import owned, viewer_for

from .notifications import Candidate, NotifyReport, notify_all

__all__ = ["READINGS_CLOSING_DAYS", "reading_status_notices", "readings_reminders_daily"]

logger = logging.getLogger(__name__)

READINGS_CLOSING_DAYS = 2  # issue 17: «two days before it closes if nothing was sent»


def _unit_link(unit_id: int) -> str:
    return f"/lk/metering/{unit_id}/"


def _unit_name(unit: MeteringUnit) -> str:
    return f"{unit.object_name or unit.address} (узел учета {unit.unit_id})"


# --- Billing's answer ------------------------------------------------------------------------------


def _status_candidate(reading: Reading) -> Candidate:
    unit, period = reading.unit, format_period(reading.period)
    if reading.status == Reading.ACCEPTED:
        title = f"Показания приняты: {unit.unit_id}, {period}"
        billed = ""
        if reading.billed_gcal is not None:
            billed = f" Принято к расчету: {format_quantity(reading.billed_gcal)} Гкал."
        text = f"Показания узла учета {_unit_name(unit)} за {period} приняты биллингом.{billed}"
    else:
        title = f"Показания отклонены: {unit.unit_id}, {period}"
        text = f"Показания узла учета {_unit_name(unit)} за {period} отклонены биллингом. Причина: {reading.reason}"
    parts = (reading.pk, reading.status, int(reading.status_at.timestamp() * 1000))
    return Candidate(reading.submitted_by, kinds.READING_STATUS, parts, title, text, _unit_link(unit.pk))


def reading_status_notices(*, since: datetime.datetime, report: NotifyReport | None = None) -> NotifyReport:
    """Tell each submitter billing's answers set at `since` or later (the run's own, as the import calls it)."""
    answered = (
        Reading.objects.filter(
            status_at__gte=since,
            status__in=(Reading.ACCEPTED, Reading.REJECTED),
            submitted_by__is_active=True,
            submitted_by__state=User.ACTIVE,
            submitted_by__abonent_id=F("unit__abonent_id"),
        )
        .select_related("unit", "submitted_by__notification_settings")
        .order_by("pk")
    )
    return notify_all((_status_candidate(r) for r in answered.iterator()), report=report)


# --- Reminders -------------------------------------------------------------------------------------


def _unit_events(unit: MeteringUnit, today: datetime.date, submitted: set) -> Iterator[tuple]:
    """(kind, key parts, title, text) of what is to be told about the unit today."""
    window = readings_window_now(today=today, window_from=unit.window_from, window_to=unit.window_to)
    period = format_period(window.period)
    span = f"с {format_date(window.first)} по {format_date(window.last)}"
    if window.is_open(today):
        yield (
            kinds.READINGS_WINDOW,
            (unit.pk, window.period.isoformat(), "open"),
            f"Открыт прием показаний за {period}: {unit.unit_id}",
            f"Показания узла учета {_unit_name(unit)} за {period} принимаются {span}.",
        )
        days_left = (window.last - today).days
        if days_left <= READINGS_CLOSING_DAYS and (unit.pk, window.period) not in submitted:
            yield (
                kinds.READINGS_WINDOW,
                (unit.pk, window.period.isoformat(), "closing"),
                f"Прием показаний за {period} закрывается {format_date(window.last)}: {unit.unit_id}",
                f"Показания узла учета {_unit_name(unit)} за {period} еще не переданы; прием идет {span}.",
            )
    state = verification_state(due=unit.verification_due, today=today)
    if state.due is not None and 0 <= state.days_left <= VERIFICATION_WARNING_DAYS:
        yield (
            kinds.VERIFICATION_DUE,
            (unit.pk, state.due.isoformat()),
            f"Поверка узла учета {unit.unit_id} — {format_date(state.due)}",
            f"Срок очередной поверки тепловычислителя {unit.calculator} № {unit.serial_no} узла учета "
            f"{_unit_name(unit)}: {format_date(state.due)} (осталось дней: {state.days_left}).",
        )


def _members(abonent_ids: Iterable[int]) -> list[User]:
    return list(
        User.objects.filter(is_active=True, state=User.ACTIVE, abonent_id__in=sorted(set(abonent_ids)))
        .select_related("abonent", "notification_settings")
        .order_by("pk")
    )


def readings_reminders_daily(*, today: datetime.date | None = None) -> NotifyReport:
    """The daily job's reminders of readings windows and verification dates; each told once per person."""
    today = today or timezone.localdate()
    units = list(MeteringUnit.objects.order_by("pk"))
    periods = {readings_window_now(today=today, window_from=u.window_from, window_to=u.window_to).period for u in units}
    submitted = set(
        Reading.objects.filter(unit__in=[u.pk for u in units], period__in=sorted(periods)).values_list(
            "unit_id", "period"
        )
    )
    events = {u.pk: list(_unit_events(u, today, submitted)) for u in units}
    told = [u for u in units if events[u.pk]]
    report = NotifyReport()
    candidates = []
    for user in _members(u.abonent_id for u in told):
        viewer = viewer_for(user)
        if viewer is None or not viewer.can(Capability.VIEW_METERING):
            continue
        seen = set(
            owned(MeteringUnit.objects, viewer=viewer).filter(pk__in=[u.pk for u in told]).values_list("pk", flat=True)
        )
        for unit in told:
            if unit.pk in seen:
                candidates += [
                    Candidate(user, kind, parts, title, text, _unit_link(unit.pk))
                    for kind, parts, title, text in events[unit.pk]
                ]
    notify_all(candidates, report=report)
    logger.info("readings reminders: %s", report.created)
    return report
