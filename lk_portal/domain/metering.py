"""Rules of heat metering over plain values: a unit's readings window and its verification date.

A unit's window is given by two days of the month (billing-exchange.md, `metering_units`):
readings for a month are taken from `window_from` of that month to `window_to` of it, or of the
next month when `window_to` is smaller than `window_from` (23 → 3: from the 23rd to the 3rd of the
next month). A day past the month's end means its last day (31 in February is the 28th or 29th).
"""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass

VERIFICATION_WARNING_DAYS = 60  # issue 17: the warning shows 60 days before the verification date


def _day_in(month: datetime.date, day: int) -> datetime.date:
    last = calendar.monthrange(month.year, month.month)[1]
    return month.replace(day=min(day, last))


def _month_after(month: datetime.date) -> datetime.date:
    return (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


def _month_before(month: datetime.date) -> datetime.date:
    return (month.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)


@dataclass(frozen=True)
class ReadingsWindow:
    """The days readings for `period` (the first of a month) are accepted, both inclusive."""

    period: datetime.date
    first: datetime.date
    last: datetime.date

    def is_open(self, today: datetime.date) -> bool:
        return self.first <= today <= self.last


def readings_window(*, period: datetime.date, window_from: int, window_to: int) -> ReadingsWindow:
    """The window of the month `period` for a unit with the window days `window_from`–`window_to`."""
    month = period.replace(day=1)
    first = _day_in(month, window_from)
    last = _day_in(month if window_to >= window_from else _month_after(month), window_to)
    return ReadingsWindow(month, first, last)


def readings_window_now(*, today: datetime.date, window_from: int, window_to: int) -> ReadingsWindow:
    """The window open today, else the next one to open (a window of last month may still be open)."""
    month = today.replace(day=1)
    for period in (_month_before(month), month, _month_after(month)):
        window = readings_window(period=period, window_from=window_from, window_to=window_to)
        if window.last >= today:
            return window
    raise AssertionError("a month's window always ends within two months")  # pragma: no cover


@dataclass(frozen=True)
class Verification:
    """How near a unit's next verification date is: `warn` within the warning days or past it."""

    due: datetime.date | None
    days_left: int | None
    warn: bool
    overdue: bool


def verification_state(*, due: datetime.date | None, today: datetime.date) -> Verification:
    if due is None:
        return Verification(None, None, False, False)
    days_left = (due - today).days
    return Verification(due, days_left, days_left <= VERIFICATION_WARNING_DAYS, days_left < 0)
