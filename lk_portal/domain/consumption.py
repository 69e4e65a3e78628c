"""«Потребление»: degree-days, consumption normalised by them, and a year set against the one before.

Plain values only (no database): a month's heat in Гкал, its mean outdoor temperature, the design
indoor temperature of the abonent's branch (`LK_DESIGN_INDOOR_TEMP`).

- Градусо-сутки (ГСОП) of a month = (t_in − t_out) × days in the month, counted only for a month of
  the heating season: its mean outdoor temperature is at most +8 °C (СП 131.13330: the heating
  period is the days with a mean of +8 °C and below) and below t_in. Any other month has none
  (None, not 0: there is nothing to divide by).
- Удельное потребление = Гкал per 1000 градусо-суток.
- A year against the previous one: for a heating month, this year's heat brought to last year's
  weather = heat × ГСОП(last year) / ГСОП(this year); so a warm winter (fewer degree-days) does not
  look like savings. A month without degree-days (summer: hot water only) is compared as it stands.
"""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

HEATING_MAX_OUTDOOR = Decimal(8)  # °C: a month with a warmer mean is not a heating month (СП 131.13330)
DEFAULT_INDOOR = Decimal(20)  # °C: the design indoor temperature when nothing else is set
GCAL_PLACES = Decimal("0.001")
DD_PLACES = Decimal("0.1")
PERCENT_PLACES = Decimal("0.1")


@dataclass(frozen=True)
class MonthConsumption:
    """One month of a unit, a contract or the whole abonent, as billing took it."""

    month: datetime.date  # first day
    heat_gcal: Decimal
    outdoor_temp: Decimal | None = None
    calculated: bool = False  # any of its figures calculated by billing (расчетным способом), not metered


def days_in_month(month: datetime.date) -> int:
    return calendar.monthrange(month.year, month.month)[1]


def design_indoor_temp(*, branch_code: str, default: Decimal, by_branch: Mapping[str, Decimal]) -> Decimal:
    """The design indoor temperature of a branch: its own if set, else the portal's."""
    return by_branch.get(branch_code, default)


def degree_days(*, month: datetime.date, outdoor_temp: Decimal | None, indoor_temp: Decimal) -> Decimal | None:
    """ГСОП of the month: (t_in − t_out) × days, for a heating month only; else None."""
    if outdoor_temp is None or outdoor_temp > HEATING_MAX_OUTDOOR or outdoor_temp >= indoor_temp:
        return None
    return ((indoor_temp - outdoor_temp) * days_in_month(month)).quantize(DD_PLACES, rounding=ROUND_HALF_UP)


def per_thousand_degree_days(heat_gcal: Decimal | None, dd: Decimal | None) -> Decimal | None:
    """Гкал per 1000 градусо-суток (None without degree-days)."""
    if heat_gcal is None or not dd:
        return None
    return (heat_gcal * 1000 / dd).quantize(GCAL_PLACES, rounding=ROUND_HALF_UP)


def change_percent(now: Decimal | None, before: Decimal | None) -> Decimal | None:
    """(now − before) / before in per cent, one decimal; None when either is missing or before is 0."""
    if now is None or not before:
        return None
    return ((now - before) * 100 / before).quantize(PERCENT_PLACES, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class YearMonth:
    """One month of the year-vs-year table: this year's figures beside the same month a year earlier."""

    month: datetime.date  # this year's
    now: MonthConsumption | None  # None: no data for the month (a gap, never a zero)
    before: MonthConsumption | None
    dd_now: Decimal | None
    dd_before: Decimal | None
    specific_now: Decimal | None  # Гкал / 1000 ГСОП
    specific_before: Decimal | None
    at_last_year_weather: Decimal | None  # this year's heat × ГСОП(before) / ГСОП(now); summer: as it is
    change: Decimal | None  # %, raw Гкал against Гкал
    weather_change: Decimal | None  # %, at the same degree-days


def _brought(now: MonthConsumption | None, dd_now, dd_before, before: MonthConsumption | None) -> Decimal | None:
    if now is None or before is None:
        return None
    if dd_now is None and dd_before is None:
        return now.heat_gcal  # not a heating month in either year: nothing depends on the weather
    if not dd_now or not dd_before:
        return None  # heating in one year only: no fair comparison
    return (now.heat_gcal * dd_before / dd_now).quantize(GCAL_PLACES, rounding=ROUND_HALF_UP)


def year_month(
    month: datetime.date, now: MonthConsumption | None, before: MonthConsumption | None, *, indoor_temp: Decimal
) -> YearMonth:
    dd_now = degree_days(month=month, outdoor_temp=now.outdoor_temp, indoor_temp=indoor_temp) if now else None
    before_month = month.replace(year=month.year - 1)
    dd_before = (
        degree_days(month=before_month, outdoor_temp=before.outdoor_temp, indoor_temp=indoor_temp) if before else None
    )
    brought = _brought(now, dd_now, dd_before, before)
    return YearMonth(
        month=month,
        now=now,
        before=before,
        dd_now=dd_now,
        dd_before=dd_before,
        specific_now=per_thousand_degree_days(now.heat_gcal if now else None, dd_now),
        specific_before=per_thousand_degree_days(before.heat_gcal if before else None, dd_before),
        at_last_year_weather=brought,
        change=change_percent(now.heat_gcal if now else None, before.heat_gcal if before else None),
        weather_change=change_percent(brought, before.heat_gcal if before else None),
    )


def year_vs_year(
    series: Mapping[datetime.date, MonthConsumption], *, year: int, indoor_temp: Decimal
) -> list[YearMonth]:
    """The twelve months of `year`, each beside the same month of `year − 1`."""
    months = [datetime.date(year, m, 1) for m in range(1, 13)]
    return [year_month(m, series.get(m), series.get(m.replace(year=year - 1)), indoor_temp=indoor_temp) for m in months]


@dataclass(frozen=True)
class YearTotals:
    """The months both years have: Гкал now and before, this year's at last year's weather, the changes."""

    months: int
    now: Decimal
    before: Decimal
    at_last_year_weather: Decimal
    change: Decimal | None
    weather_change: Decimal | None


def year_totals(rows: Iterable[YearMonth]) -> YearTotals:
    """Sums over the months comparable in both years (a gap in either year leaves its month out)."""
    comparable = [r for r in rows if r.at_last_year_weather is not None]
    now = sum((r.now.heat_gcal for r in comparable), Decimal(0))
    before = sum((r.before.heat_gcal for r in comparable), Decimal(0))
    brought = sum((r.at_last_year_weather for r in comparable), Decimal(0))
    return YearTotals(
        months=len(comparable),
        now=now,
        before=before,
        at_last_year_weather=brought,
        change=change_percent(now, before) if comparable else None,
        weather_change=change_percent(brought, before) if comparable else None,
    )


def month_run(*, last: datetime.date, months: int) -> list[datetime.date]:
    """The first days of `months` months ending with `last`'s month, oldest first."""
    end = last.replace(day=1)
    run = []
    for offset in range(months - 1, -1, -1):
        index = end.year * 12 + end.month - 1 - offset
        run.append(datetime.date(index // 12, index % 12 + 1, 1))
    return run


def series_run(
    series: Mapping[datetime.date, MonthConsumption], months: Sequence[datetime.date]
) -> list[tuple[datetime.date, MonthConsumption | None]]:
    """Each month of the run with its figures, or None for a month without data (a gap, not a zero)."""
    return [(m, series.get(m)) for m in months]


def years_held(series: Mapping[datetime.date, MonthConsumption]) -> list[int]:
    """The years with any data, newest first."""
    return sorted({m.year for m in series}, reverse=True)
