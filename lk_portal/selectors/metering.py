"""Reads of heat metering: the viewer's metering units and a unit's consumption by month."""

from __future__ import annotations

from django.db.models import QuerySet

from lk_portal.domain.errors import NotFound
from lk_portal.models import Consumption, Contract, MeteringUnit

from .viewer import Viewer, owned


class MeteringUnitNotFound(NotFound):
    """The unit asked for is not one of the viewer's."""


def metering_unit_queryset(*, viewer: Viewer, contract: Contract | None = None) -> QuerySet[MeteringUnit]:
    """The viewer's units (of one contract when given), by contract and address."""
    units = owned(MeteringUnit.objects, viewer=viewer).select_related("contract")
    if contract is not None:
        units = units.filter(contract=contract)
    return units.order_by("contract__start_date", "contract__number", "address", "unit_id")


def metering_unit_find(*, viewer: Viewer, pk: int) -> MeteringUnit:
    """One of the viewer's units by its id; another organisation's or a missing one raises MeteringUnitNotFound."""
    unit = metering_unit_queryset(viewer=viewer).filter(pk=pk).first()
    if unit is None:
        raise MeteringUnitNotFound("Узел учета не найден.")
    return unit


def consumption_queryset(*, unit: MeteringUnit) -> QuerySet[Consumption]:
    """The unit's months, the newest first (the unit is one the viewer owns: metering_unit_find chose it)."""
    return Consumption.objects.filter(unit=unit).order_by("-period")
