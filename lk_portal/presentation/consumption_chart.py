"""Гкал by month as plain data for a server-side SVG (templates/lk_portal/consumption/_chart.html).

The same way as the home's «Начислено и оплачено» (presentation/charts.py): bars in the SVG's own
units, the axis written as a Russian reader writes numbers, each month one focusable group with its
values in `<title>` and `aria-label`. A month billing calculated (расчетным способом) is a hatched
bar; a month without data has no bar and a dash on the axis — a gap, never a zero. With `before`
each month has a second, lighter bar: the same month a year earlier.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from lk_portal.domain.consumption import MonthConsumption
from lk_portal.formatting import format_period, format_quantity

from .charts import MONTHS_SHORT, Bar, Tick, nice_step

WIDTH, HEIGHT = 960, 320
LEFT, RIGHT, TOP, BOTTOM = 84, 8, 24, 48
STEPS = 4


@dataclass(frozen=True)
class ChartInput:
    month: object  # datetime.date, the first day
    now: MonthConsumption | None
    before: MonthConsumption | None = None


@dataclass(frozen=True)
class GcalBar:
    bar: Bar
    calculated: bool


@dataclass(frozen=True)
class ConsumptionMonth:
    x: float
    width: float
    label_x: float
    label: str
    year: str
    now: GcalBar | None  # None: no data
    before: GcalBar | None
    description: str


@dataclass(frozen=True)
class ConsumptionChart:
    width: int
    height: int
    plot_left: int
    plot_right: int
    plot_top: int
    plot_bottom: int
    hit_height: int
    ticks: list[Tick]
    months: list[ConsumptionMonth]
    compare: bool  # a second bar per month (a year earlier)
    has_calculated: bool
    has_gaps: bool
    empty: bool


def _axis_label(value: Decimal) -> str:
    return format_quantity(value, places=0 if value == value.to_integral_value() else 1)


def _words(month: MonthConsumption | None) -> str:
    if month is None:
        return "нет данных"
    source = "расчетным способом" if month.calculated else "по прибору учета"
    return f"{format_quantity(month.heat_gcal)} Гкал ({source})"


def _description(item: ChartInput, compare: bool) -> str:
    text = f"{format_period(item.month)}: {_words(item.now)}"
    if compare:
        text += f"; год назад: {_words(item.before)}"
    return text


@dataclass(frozen=True)
class _Scale:
    """The value axis: Гкал → the SVG's y."""

    top: Decimal
    bottom: float

    def y(self, value: Decimal) -> float:
        share = float(max(value, Decimal(0)) / self.top)
        return round(self.bottom - (self.bottom - TOP) * share, 2)

    def bar(self, month: MonthConsumption | None, x: float, width: float) -> GcalBar | None:
        if month is None:
            return None
        y = self.y(month.heat_gcal)
        return GcalBar(
            Bar(x=round(x, 2), y=y, width=round(width, 2), height=round(self.bottom - y, 2)), month.calculated
        )


def _chart_month(item: ChartInput, n: int, *, group: float, scale: _Scale, compare: bool) -> ConsumptionMonth:
    x = LEFT + group * n
    width = group * (0.36 if compare else 0.7)
    first = x + group * (0.12 if compare else 0.15)
    return ConsumptionMonth(
        x=round(x, 2),
        width=round(group, 2),
        label_x=round(x + group / 2, 2),
        label=MONTHS_SHORT[item.month.month - 1],
        # the year under January, and under the first month unless January follows it closely
        year=str(item.month.year) if item.month.month == 1 or (n == 0 and item.month.month < 11) else "",
        now=scale.bar(item.now, first + (width + group * 0.04 if compare else 0), width),
        before=scale.bar(item.before, first, width) if compare else None,
        description=_description(item, compare),
    )


def consumption_chart(series: Sequence[ChartInput], *, compare: bool = False) -> ConsumptionChart:
    """The chart of `series`; with `compare` each month has the same month a year earlier beside it."""
    plot_bottom, plot_right = HEIGHT - BOTTOM, WIDTH - RIGHT
    shown = [m for item in series for m in ((item.now, item.before) if compare else (item.now,)) if m is not None]
    step = nice_step(max([Decimal(0), *(m.heat_gcal for m in shown)]), STEPS)
    scale = _Scale(top=step * STEPS, bottom=plot_bottom)
    group = (plot_right - LEFT) / max(len(series), 1)
    return ConsumptionChart(
        width=WIDTH,
        height=HEIGHT,
        plot_left=LEFT,
        plot_right=plot_right,
        plot_top=TOP,
        plot_bottom=plot_bottom,
        hit_height=HEIGHT - TOP,
        ticks=[Tick(y=scale.y(step * k), label=_axis_label(step * k)) for k in range(STEPS + 1)],
        months=[_chart_month(item, n, group=group, scale=scale, compare=compare) for n, item in enumerate(series)],
        compare=compare,
        has_calculated=any(m.calculated for m in shown),
        has_gaps=any(item.now is None for item in series),
        empty=not shown,
    )
