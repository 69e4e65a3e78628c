"""The demo units' submitted readings of the last twelve completed months, with every status (issue 17 item 7).

A reading's cumulative totals are the unit's counter at its start (`COUNTER_START`) plus the running sum
of the demo's own consumption (metering.month_figures) up to that month, so the figures agree with the
«Потребление» page. Statuses follow the month's age, so a load on a later day moves them on: the last
completed month is «передано в биллинг» on the first unit and «ожидает передачи» on the second; older
months are «принято» (billed as the month's consumption), except one month of the second unit
«отклонено» with its reason. Submitted by the demo abonent's login, on the first day of its window.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from lk_portal.domain.metering import readings_window
from lk_portal.models import MeteringUnit, Reading, User

from .context import DemoContext
from .guide import DEMO_LOGIN
from .metering import FIRST_MONTH, UNITS, month_figures
from .rows import add_months

MONTHS = 12
COUNTER_START = {"UU-05T-1": Decimal("18250.000"), "UU-05T-2": Decimal("4120.500")}
WATER_START = Decimal("35210.000")
HOURS_START = Decimal("61320.0")
REJECTED_AGE = 4  # the second unit's month four months back was refused by billing
REJECTED_REASON = "Заводской номер тепловычислителя в акте не совпадает с паспортом узла учета"
FIELDS = (
    "taken_on",
    "heat_gcal_total",
    "water_total",
    "hours_total",
    "heat_gcal",
    "source",
    "submitted_by",
    "submitted_at",
    "status",
    "reason",
    "billed_gcal",
    "exported_at",
    "export_file",
    "status_at",
)


def _totals(spec: dict, last: datetime.date) -> dict[datetime.date, tuple]:
    """Each month's (heat, heat total, water total, hours total) from FIRST_MONTH up to `last`."""
    heat_total, water_total, hours_total = COUNTER_START[spec["unit_id"]], WATER_START, HOURS_START
    result, period = {}, FIRST_MONTH
    while period <= last:
        figures = month_figures(spec, period)
        heat_total += figures["heat_gcal"]
        water_total += figures["water"] or 0
        hours_total += figures["hours"] or 0
        water = water_total if figures["water"] is not None else None
        result[period] = (figures["heat_gcal"], heat_total, water, hours_total)
        period = add_months(period, 1)
    return result


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _status(index: int, age: int) -> tuple[str, str]:
    if age == 1:
        return (Reading.SENT, "") if index == 0 else (Reading.PENDING, "")
    if index == 1 and age == REJECTED_AGE:
        return Reading.REJECTED, REJECTED_REASON
    return Reading.ACCEPTED, ""


def _values(index: int, spec: dict, unit: MeteringUnit, period, figures, age: int, user) -> dict:
    window = readings_window(period=period, window_from=unit.window_from, window_to=unit.window_to)
    taken_on = window.first + datetime.timedelta(days=1)
    heat, heat_total, water_total, hours_total = figures
    status, reason = _status(index, age)
    exported = status != Reading.PENDING
    answered = status in (Reading.ACCEPTED, Reading.REJECTED)
    export_day = taken_on + datetime.timedelta(days=1)
    return {
        "taken_on": taken_on,
        "heat_gcal_total": heat_total,
        "water_total": water_total if "water" in spec["resources"] else None,
        "hours_total": hours_total,
        "heat_gcal": heat,
        "source": "form" if age % 3 else "archive",
        "submitted_by": user,
        "submitted_at": _at(taken_on, 10),
        "status": status,
        "reason": reason,
        "billed_gcal": heat if status == Reading.ACCEPTED else None,
        "exported_at": _at(export_day, 1) if exported else None,
        "export_file": f"readings_{export_day:%Y-%m-%d}.csv" if exported else "",
        "status_at": _at(export_day + datetime.timedelta(days=1), 2) if answered else None,
    }


def readings_ensure(ctx: DemoContext) -> None:
    """The twelve last completed months' readings of the demo's two units (after metering_ensure)."""
    this_month = ctx.today.replace(day=1)
    last = add_months(this_month, -1)
    user = User.objects.filter(username=DEMO_LOGIN).first()
    for index, spec in enumerate(UNITS):
        unit = MeteringUnit.objects.get(unit_id=spec["unit_id"])
        totals = _totals(spec, last)
        held = {r.period: r for r in Reading.objects.filter(unit=unit)}
        to_create, to_update = [], []
        closed = 0  # 1 for the newest month whose window has closed: its reading is the one still with billing
        for age in range(1, MONTHS + 1):
            period = add_months(this_month, -age)
            window = readings_window(period=period, window_from=unit.window_from, window_to=unit.window_to)
            if window.last >= ctx.today:
                continue  # its window is still open (or not yet): the month is the member's to submit
            closed += 1
            values = _values(index, spec, unit, period, totals[period], closed, user)
            row = held.get(period)
            if row is None:
                to_create.append(Reading(unit=unit, period=period, **values))
            elif any(getattr(row, field) != value for field, value in values.items()):
                for field, value in values.items():
                    setattr(row, field, value)
                to_update.append(row)
        Reading.objects.bulk_create(to_create)
        Reading.objects.bulk_update(to_update, fields=list(FIELDS))
        ctx.report.add("показаний", len(to_create))
        ctx.report.add("показаний", len(to_update), updated=True)
