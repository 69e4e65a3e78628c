"""Rules of submitted readings over plain values: the months a reading covers and a plausible month's heat.

A month's consumption is the reading's heat total less the previous reading's. It is plausible up to
`PLAUSIBLE_FACTOR` times the median of the same calendar month over the unit's history (billing's
`consumption`); a reading that covers several months (a month was skipped) is held to the sum of their
bounds. A month with no history has no bound: nothing to compare with, the reading is not refused for it.
"""

from __future__ import annotations

import datetime
import statistics
from collections.abc import Iterable
from decimal import Decimal

PLAUSIBLE_FACTOR = 3
GCAL_PLACES = Decimal("0.001")
HOURS_PLACES = Decimal("0.1")
# The portal's readings template: (key, the header's title, the column's width)
TEMPLATE_COLUMNS = (
    ("unit", "Код узла учета", 16),
    ("address", "Адрес объекта", 40),
    ("calculator", "Тепловычислитель, заводской №", 26),
    ("period", "Отчетный период (ММ.ГГГГ)", 16),
    ("taken_on", "Дата снятия (ДД.ММ.ГГГГ)", 16),
    ("heat_total", "Тепловая энергия нарастающим итогом, Гкал", 20),
    ("water_total", "Теплоноситель нарастающим итогом, т (м³)", 20),
    ("hours_total", "Время работы нарастающим итогом, ч", 18),
    ("comment", "Комментарий", 40),
)


def month_after(month: datetime.date) -> datetime.date:
    return (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


def months_covered(*, previous: datetime.date | None, period: datetime.date) -> list[datetime.date]:
    """The months from the one after `previous` to `period`, both first days; just `period` without one."""
    if previous is None or previous >= period:
        return [period]
    months, month = [], month_after(previous)
    while month <= period:
        months.append(month)
        month = month_after(month)
    return months


def month_medians(history: Iterable[tuple[datetime.date, Decimal]], *, before: datetime.date) -> dict[int, Decimal]:
    """The median heat of each calendar month (1–12) over the history's months before `before`."""
    by_month: dict[int, list[Decimal]] = {}
    for period, heat in history:
        if period < before and heat is not None:
            by_month.setdefault(period.month, []).append(Decimal(heat))
    return {month: Decimal(statistics.median(values)) for month, values in by_month.items()}


def plausible_bound(medians: dict[int, Decimal], months: list[datetime.date]) -> Decimal | None:
    """The most heat plausible over `months`: the factor × the sum of their medians; None if one has none."""
    if not months or any(month.month not in medians for month in months):
        return None
    return (PLAUSIBLE_FACTOR * sum(medians[month.month] for month in months)).quantize(GCAL_PLACES)
