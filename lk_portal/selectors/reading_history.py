"""Reads of a unit's submitted readings, the newest month first, with billing's answer on each (issue 17)."""

from __future__ import annotations

from django.db.models import QuerySet

from lk_portal.models import MeteringUnit, Reading


def reading_history_queryset(*, unit: MeteringUnit) -> QuerySet[Reading]:
    """The unit's readings (the unit is one the viewer owns: metering_unit_find chose it), newest first."""
    return Reading.objects.filter(unit=unit).order_by("-period", "-submitted_at", "-pk")
