"""The demo abonent's two heat metering units and their consumption by month, from 2015 to today.

A month's figures are a function of the unit and the month alone (a hash, not a random state), so
a load on a later day adds the new months and rewrites nothing. Heat is heating in proportion to the
month's degree-days (20 °C indoors, as `LK_DESIGN_INDOOR_TEMP`, against Kazan's monthly mean outdoor
temperature, ±3 °C from year to year), and for the unit with hot water (`heat,water`) a hot-water base
load all year round, a little lower in summer; heating runs from mid-October to early May, so the
heat-only unit takes 0 Гкал in summer. Now and then a month is calculated (`calc`) by billing.
The current month is not there yet: billing takes a month once its readings are in.
"""

from __future__ import annotations

import calendar
import datetime
import hashlib
from decimal import ROUND_HALF_UP, Decimal

from lk_portal.models import Consumption, MeteringUnit

from .context import DemoContext
from .rows import add_months

FIRST_MONTH = datetime.date(2015, 1, 1)
INDOOR = 20.0
# Kazan's climate: the mean outdoor temperature of each month, °C (climate normals, rounded).
KAZAN_MEAN = (-10.4, -9.6, -3.6, 5.6, 13.3, 17.6, 20.2, 17.6, 11.7, 4.6, -2.6, -8.1)
# The share of each month's days in the heating season (15 October to 5 May).
HEATING_SHARE = (1.0, 1.0, 1.0, 1.0, 5 / 31, 0.0, 0.0, 0.0, 0.0, 17 / 31, 1.0, 1.0)

UNITS = (
    {
        "unit_id": "UU-05T-1",
        "address": "г. Казань, ул. Баумана, д. 19",
        "object_name": "Административное здание",
        "calculator": "ТВ7",
        "serial_no": "0412857",
        "resources": "heat",
        "window_from": 23,
        "window_to": 3,
        "installed_on": datetime.date(2014, 10, 1),
        # Гкал per degree-day of heating, and the hot-water base per month (none: heating only)
        "per_degree_day": 0.2,
        "base": 0.0,
    },
    {
        "unit_id": "UU-05T-2",
        "address": "г. Казань, ул. Пушкина, д. 5",
        "object_name": "Склад и гараж",
        "calculator": "ВКТ-7",
        "serial_no": "77-0193",
        "resources": "heat,water",
        "window_from": 20,
        "window_to": 25,
        "installed_on": datetime.date(2014, 12, 1),
        "per_degree_day": 0.065,
        "base": 4.5,
    },
)
UNIT_FIELDS = ("address", "object_name", "calculator", "serial_no", "resources", "window_from", "window_to")


def _noise(*parts) -> float:
    """A number in [-1, 1) fixed by `parts` (the same on every load)."""
    digest = hashlib.sha256("|".join(map(str, parts)).encode()).digest()
    return int.from_bytes(digest[:4], "big") / 2**31 - 1


def _q(value: float, places: int) -> Decimal:
    return Decimal(repr(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def month_figures(spec: dict, period: datetime.date) -> dict:
    """One unit's month: heat, water, hours, method and the outdoor temperature."""
    days = calendar.monthrange(period.year, period.month)[1]
    index = period.month - 1
    outdoor = KAZAN_MEAN[index] + 3.0 * _noise("t", period)  # one city: both units share the weather
    degree_days = max(INDOOR - outdoor, 0.0) * days * HEATING_SHARE[index]
    base = spec["base"] * (0.8 if 5 <= period.month <= 8 else 1.0) * (1 + 0.08 * _noise("b", spec["unit_id"], period))
    heat = base + spec["per_degree_day"] * degree_days * (1 + 0.04 * _noise("h", spec["unit_id"], period))
    # Once in a while the calculator is away for verification and billing calculates the month.
    calculated = _noise("m", spec["unit_id"], period) > 0.94
    water = heat * 2.6 + 30 if "water" in spec["resources"] else None
    return {
        "heat_gcal": _q(heat, 3),
        "water": None if water is None else _q(water, 3),
        "hours": None if calculated else _q(days * 24.0 - (0 if _noise("o", spec["unit_id"], period) < 0.8 else 7), 1),
        "method": Consumption.CALC if calculated else Consumption.METER,
        "outdoor_temp": _q(outdoor, 1),
    }


def verification_due(spec: dict, today: datetime.date) -> datetime.date:
    """The next verification date: the first unit's falls within 60 days of today, so its warning shows."""
    if spec["unit_id"] == UNITS[0]["unit_id"]:
        return add_months(today, 1).replace(day=28)  # 28 to 58 days ahead
    due = spec["installed_on"]
    while due <= today:
        due = due.replace(year=due.year + 4)  # a heat calculator's verification interval: 4 years
    return due


def _unit_ensure(ctx: DemoContext, spec: dict) -> MeteringUnit:
    values = {field: spec[field] for field in UNIT_FIELDS}
    values.update(
        contract=ctx.contract,
        abonent_id=ctx.contract.abonent_id,
        installed_on=spec["installed_on"],
        verification_due=verification_due(spec, ctx.today),
    )
    unit, created = MeteringUnit.objects.get_or_create(unit_id=spec["unit_id"], defaults=values)
    if created:
        ctx.report.add("узлов учета", 1)
    elif any(getattr(unit, field) != value for field, value in values.items()):
        for field, value in values.items():
            setattr(unit, field, value)
        unit.save()
        ctx.report.add("узлов учета", 1, updated=True)
    return unit


def _months(today: datetime.date) -> list[datetime.date]:
    months, period, this = [], FIRST_MONTH, today.replace(day=1)
    while period < this:
        months.append(period)
        period = add_months(period, 1)
    return months


def metering_ensure(ctx: DemoContext) -> None:
    """The two units of the guide's contract «05 Т» and their months up to the last one completed."""
    months = _months(ctx.today)
    for spec in UNITS:
        unit = _unit_ensure(ctx, spec)
        held = {c.period: c for c in Consumption.objects.filter(unit=unit)}
        to_create, to_update = [], []
        for period in months:
            figures = month_figures(spec, period)
            row = held.get(period)
            if row is None:
                to_create.append(Consumption(unit=unit, period=period, **figures))
            elif any(getattr(row, field) != value for field, value in figures.items()):
                for field, value in figures.items():
                    setattr(row, field, value)
                to_update.append(row)
        Consumption.objects.bulk_create(to_create, batch_size=500)
        Consumption.objects.bulk_update(to_update, fields=list(month_figures(spec, FIRST_MONTH)), batch_size=500)
        ctx.report.add("месяцев потребления", len(to_create))
        ctx.report.add("месяцев потребления", len(to_update), updated=True)
