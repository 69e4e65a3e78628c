"""Reads of «Потребление»: a unit's, a contract's or the whole abonent's consumption by month.

Every query starts from the viewer (`owned`): the abonent and the member's contract scope. A unit is
one the viewer owns (`metering_unit_find`) and a contract one of the viewer's (`contract_find`).
"""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import (
    Avg,
    Case,
    CharField,
    Count,
    DecimalField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast

from lk_portal.domain.consumption import MonthConsumption
from lk_portal.models import Consumption, Contract, MeteringUnit

from .viewer import Viewer, owned

METHOD_LABELS = {Consumption.METER: "по прибору", Consumption.CALC: "расчетным способом"}
TENTH = Decimal("0.1")


def _scoped(*, viewer: Viewer, contract: Contract | None, unit: MeteringUnit | None) -> QuerySet[Consumption]:
    rows = owned(Consumption.objects, viewer=viewer, path="unit__abonent", contract_path="unit__contract")
    if unit is not None:
        return rows.filter(unit=unit)
    if contract is not None:
        return rows.filter(unit__contract=contract)
    return rows


def _tenth(value) -> Decimal | None:
    return None if value is None else Decimal(str(value)).quantize(TENTH, rounding=ROUND_HALF_UP)


def consumption_by_month(
    *,
    viewer: Viewer,
    contract: Contract | None = None,
    unit: MeteringUnit | None = None,
    first: datetime.date | None = None,
    last: datetime.date | None = None,
) -> dict[datetime.date, MonthConsumption]:
    """Гкал of each month held (of the unit, else the contract's units, else all the viewer's), one query.

    A month's outdoor temperature is the mean of its units' (one city's weather); a month is
    «calculated» when any of its units' figures are. Months without data are simply absent.
    """
    rows = _scoped(viewer=viewer, contract=contract, unit=unit)
    if first is not None:
        rows = rows.filter(period__gte=first)
    if last is not None:
        rows = rows.filter(period__lte=last)
    months = (
        rows.order_by()
        .values("period")
        .annotate(
            heat=Sum("heat_gcal"),
            temp=Avg("outdoor_temp"),
            calc=Count("pk", filter=Q(method=Consumption.CALC)),
        )
        .order_by("period")
    )
    return {
        row["period"]: MonthConsumption(
            month=row["period"],
            heat_gcal=Decimal(row["heat"]).quantize(Decimal("0.001")),
            outdoor_temp=_tenth(row["temp"]),
            calculated=row["calc"] > 0,
        )
        for row in months
    }


def consumption_grid_queryset(
    *, viewer: Viewer, contract: Contract | None = None, unit: MeteringUnit | None = None
) -> QuerySet[Consumption]:
    """The unit-months for the grid, each with the source in words and the same month's Гкал a year before."""
    year_before = Consumption.objects.filter(
        unit=OuterRef("unit"),
        period__year=OuterRef("period__year") - 1,
        period__month=OuterRef("period__month"),
    ).values("heat_gcal")[:1]
    return _scoped(viewer=viewer, contract=contract, unit=unit).annotate(
        method_label=Case(
            *(When(method=code, then=Value(label)) for code, label in METHOD_LABELS.items()),
            default=Value(""),
            output_field=CharField(),
        ),
        heat_year_before=Cast(Subquery(year_before), DecimalField(max_digits=12, decimal_places=3)),
    )
