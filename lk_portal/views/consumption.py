"""«Потребление» (/lk/consumption/): Гкал by month of a unit, a contract or the whole abonent.

`?scope=` chooses what is shown: empty — every unit the member sees, `c<id>` — a contract's units,
`u<id>` — one unit; another organisation's (or a malformed) id is a 404. `?year=` chooses the year set
against the one before (the chart and the table «Год к году»); below them the unit-months on the
shared grid with its exports.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.conf import settings
from django.http import Http404

from lk_portal.domain.consumption import (
    design_indoor_temp,
    year_totals,
    year_vs_year,
    years_held,
)
from lk_portal.domain.roles import Capability
from lk_portal.formatting import QUANTITY, QUANTITY1
from lk_portal.grid import PERIOD, Column, GridDefinition
from lk_portal.grid.columns import CHOICE
from lk_portal.models import Contract, MeteringUnit
from lk_portal.presentation.consumption_chart import ChartInput, consumption_chart
from lk_portal.selectors.consumption import consumption_by_month, consumption_grid_queryset
from lk_portal.selectors.contracts import contract_choices
from lk_portal.selectors.metering import metering_unit_queryset

from .kit import GridPageView

CONSUMPTION_GRID = GridDefinition(
    slug="potreblenie",
    title="Потребление тепловой энергии",
    columns=(
        Column("period", "Отчетный период", "period", kind=PERIOD),
        Column("contract", "№ договора", "unit__contract__number", filter=""),
        Column("unit", "Узел учета", "unit__address", width=2),
        Column("heat", "Тепловая энергия, Гкал", "heat_gcal", kind=QUANTITY, filter="", groupable=False, css="num"),
        Column(
            "heat_before",
            "Гкал год назад",
            "heat_year_before",
            kind=QUANTITY,
            filter="",
            groupable=False,
            css="num",
        ),
        Column("water", "Теплоноситель, т или м³", "water", kind=QUANTITY, filter="", groupable=False, css="num"),
        Column("hours", "Время работы, ч", "hours", kind=QUANTITY1, filter="", groupable=False, css="num"),
        Column(
            "temp", "Т наружного воздуха, °C", "outdoor_temp", kind=QUANTITY1, filter="", groupable=False, css="num"
        ),
        Column("method", "Способ", "method_label", filter=CHOICE, searchable=False),
    ),
    default_sort=("-period", "unit"),
    default_page_size=20,
)

_SCOPE = re.compile(r"^([cu])(\d{1,12})$")


@dataclass(frozen=True)
class Scope:
    """What the page shows: a unit, a contract's units, or all the member sees."""

    value: str  # the selector's value: "", "c<id>", "u<id>"
    contract: Contract | None
    unit: MeteringUnit | None

    @property
    def words(self) -> str:
        if self.unit is not None:
            return f"узел учета {self.unit.object_name or self.unit.address} (код {self.unit.unit_id})"
        if self.contract is not None:
            return f"все узлы учета договора {self.contract.number}"
        return "все узлы учета"


class ConsumptionView(GridPageView):
    template_name = "lk_portal/consumption.html"
    tab = "consumption"
    capability = Capability.VIEW_METERING
    contract_param = None  # the page's own selector: a unit, a contract or everything
    grid = CONSUMPTION_GRID

    def setup_scope(self) -> None:
        self.units = list(metering_unit_queryset(viewer=self.viewer))
        self.scope_contracts = contract_choices(viewer=self.viewer)
        raw = (self.request.GET.get("scope") or "").strip()
        if not raw:
            self.scope = Scope("", None, None)
            return
        match = _SCOPE.match(raw)
        if match is None:
            raise Http404("Узел учета или договор не найден.")
        kind, pk = match.group(1), int(match.group(2))
        if kind == "u":
            unit = next((u for u in self.units if u.pk == pk), None)
            if unit is None:
                raise Http404("Узел учета не найден.")
            self.scope = Scope(raw, unit.contract, unit)
        else:
            contract = next((c for c in self.scope_contracts if c.pk == pk), None)
            if contract is None:
                raise Http404("Договор не найден.")
            self.scope = Scope(raw, contract, None)

    def respond(self):
        self.setup_scope()
        return super().respond()

    def get_grid_queryset(self):
        return consumption_grid_queryset(viewer=self.viewer, contract=self.scope.contract, unit=self.scope.unit)

    def export_heading(self) -> list[str]:
        return [f"Абонент: {self.abonent.name}", f"ИНН: {self.abonent.inn}", f"Показаны: {self.scope.words}"]

    def indoor_temp(self):
        return design_indoor_temp(
            branch_code=self.abonent.branch.code,
            default=settings.LK_DESIGN_INDOOR_TEMP,
            by_branch=settings.LK_DESIGN_INDOOR_TEMP_BRANCHES,
        )

    def _year(self, years: list[int]) -> int | None:
        raw = self.request.GET.get("year") or ""
        if raw.isdigit() and int(raw) in years:
            return int(raw)
        return years[0] if years else None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        series = consumption_by_month(viewer=self.viewer, contract=self.scope.contract, unit=self.scope.unit)
        years = years_held(series)
        year = self._year(years)
        indoor = self.indoor_temp()
        rows = year_vs_year(series, year=year, indoor_temp=indoor) if year else []
        chart = consumption_chart([ChartInput(r.month, r.now, r.before) for r in rows], compare=True) if rows else None
        context.update(
            scope=self.scope,
            viewer_scoped=self.viewer.scoped,
            units=self.units,
            scope_contracts=self.scope_contracts,
            years=years,
            year=year,
            indoor_temp=indoor,
            year_rows=rows,
            totals=year_totals(rows) if rows else None,
            chart=chart,
            selector_hidden=[
                (k, v)
                for k in self.request.GET
                for v in self.request.GET.getlist(k)
                if k not in ("scope", "year", "page", "export")
            ],
        )
        return context
