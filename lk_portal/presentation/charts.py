"""«Начислено и оплачено по месяцам» as plain data for a server-side SVG (templates/lk_portal/home/_chart.html).

No script draws it: the bars are computed here in the SVG's own units (a `viewBox`, so the picture
scales with its box and prints as it is), the axis' labels are written as a Russian reader writes
numbers (`150 000`), each month is one focusable group whose `<title>` and `aria-label` hold its
values, and the same values go to a table for screen readers and for copying.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from lk_portal.domain.home import MonthTotals
from lk_portal.formatting import format_money, format_period

MONTHS_SHORT = ("янв", "фев", "мар", "апр", "май", "июн", "июл", "авг", "сен", "окт", "ноя", "дек")
WIDTH, HEIGHT = 960, 320
LEFT, RIGHT, TOP, BOTTOM = 84, 8, 24, 48
STEPS = 4  # lines of the value axis above zero


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class ChartMonth:
    totals: MonthTotals
    x: float  # the group's left edge
    width: float
    label_x: float
    label: str  # «янв»
    year: str  # the year under January and under the first month, else ""
    accrued: Bar
    paid: Bar
    accrued_text: str
    paid_text: str
    period_text: str

    @property
    def description(self) -> str:
        return f"{self.period_text}: начислено {self.accrued_text} руб., оплачено {self.paid_text} руб."


@dataclass(frozen=True)
class Tick:
    y: float
    label: str


@dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    plot_left: int
    plot_right: int
    plot_top: int
    plot_bottom: int
    hit_height: int  # a month's focus and hover area: the plot and its labels
    ticks: list[Tick]
    months: list[ChartMonth]
    empty: bool  # nothing charged or paid in the whole run


def nice_step(top: Decimal, steps: int = STEPS) -> Decimal:
    """A round step (1, 2, 2.5 or 5 times a power of ten) so that `steps` of it reach `top`."""
    if top <= 0:
        return Decimal(1)
    raw = top / steps
    magnitude = Decimal(10) ** math.floor(math.log10(raw))
    for factor in (Decimal(1), Decimal(2), Decimal("2.5"), Decimal(5), Decimal(10)):
        if magnitude * factor >= raw:
            return magnitude * factor
    return magnitude * 10  # pragma: no cover - the loop's last factor always fits


def axis_label(value: Decimal) -> str:
    """«150 000» for a whole value, «2,50» for a fractional one."""
    text = format_money(value)
    return text[:-3] if value == value.to_integral_value() else text


def bar_chart(series: Sequence[MonthTotals]) -> BarChart:
    plot_bottom, plot_right = HEIGHT - BOTTOM, WIDTH - RIGHT
    top_value = max([Decimal(0)] + [max(m.accrued, m.paid) for m in series])
    step = nice_step(top_value)
    scale_top = step * STEPS
    plot_height = plot_bottom - TOP

    def y_of(value: Decimal) -> float:
        share = float(max(value, Decimal(0)) / scale_top)
        return round(plot_bottom - plot_height * share, 2)

    ticks = [Tick(y=y_of(step * n), label=axis_label(step * n)) for n in range(STEPS + 1)]
    group = (plot_right - LEFT) / max(len(series), 1)
    bar = group * 0.36
    months = []
    for n, totals in enumerate(series):
        x = LEFT + group * n
        first_bar = x + group * 0.12
        months.append(
            ChartMonth(
                totals=totals,
                x=round(x, 2),
                width=round(group, 2),
                label_x=round(x + group / 2, 2),
                label=MONTHS_SHORT[totals.month.month - 1],
                year=str(totals.month.year) if n == 0 or totals.month.month == 1 else "",
                accrued=_bar(first_bar, bar, y_of(totals.accrued), plot_bottom),
                paid=_bar(first_bar + bar + group * 0.04, bar, y_of(totals.paid), plot_bottom),
                accrued_text=format_money(totals.accrued),
                paid_text=format_money(totals.paid),
                period_text=format_period(totals.month),
            )
        )
    return BarChart(
        width=WIDTH,
        height=HEIGHT,
        plot_left=LEFT,
        plot_right=plot_right,
        plot_top=TOP,
        plot_bottom=plot_bottom,
        hit_height=HEIGHT - TOP,
        ticks=ticks,
        months=months,
        empty=not any(m.accrued or m.paid for m in series),
    )


def _bar(x: float, width: float, y: float, bottom: float) -> Bar:
    return Bar(x=round(x, 2), y=y, width=round(width, 2), height=round(bottom - y, 2))
