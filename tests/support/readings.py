"""Readings and consumption history for the readings tests."""

import datetime
from decimal import Decimal

from django.utils import timezone

from lk_portal.models import Consumption, Reading


def reading_add(unit, period, heat, *, water=None, hours=None, status=Reading.ACCEPTED, **extra) -> Reading:
    return Reading.objects.create(
        unit=unit,
        period=period,
        taken_on=extra.pop("taken_on", period),
        heat_gcal_total=Decimal(heat),
        water_total=None if water is None else Decimal(water),
        hours_total=None if hours is None else Decimal(hours),
        source=extra.pop("source", "form"),
        submitted_at=extra.pop("submitted_at", timezone.now()),
        status=status,
        **extra,
    )


def history_add(unit, *, month: int, heats, first_year: int = 2015) -> None:
    """The unit's consumption of one calendar month in consecutive years from `first_year`."""
    for offset, heat in enumerate(heats):
        Consumption.objects.create(
            unit=unit,
            period=datetime.date(first_year + offset, month, 1),
            heat_gcal=Decimal(heat),
            method=Consumption.METER,
        )
