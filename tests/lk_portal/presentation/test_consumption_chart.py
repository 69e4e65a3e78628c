"""presentation/consumption_chart.py: bars in the SVG's units, a gap for a month without data, the source."""

import datetime
from decimal import Decimal as D

from lk_portal.domain.consumption import MonthConsumption
from lk_portal.presentation.consumption_chart import ChartInput, consumption_chart

M = [datetime.date(2015, 12, 1), datetime.date(2016, 1, 1), datetime.date(2016, 2, 1)]


def test_bars_gaps_and_sources():
    chart = consumption_chart(
        [
            ChartInput(M[0], MonthConsumption(M[0], D("150.000"))),
            ChartInput(M[1], None),
            ChartInput(M[2], MonthConsumption(M[2], D("75.500"), calculated=True)),
        ]
    )
    # 150 / 4 = 37.5 → a step of 50, the axis to 200; the plot runs from y 272 (0) to 24 (200)
    assert [t.label for t in chart.ticks] == ["0", "50", "100", "150", "200"]
    first, gap, calc = chart.months
    assert first.now.bar.y == 272 - 248 * 0.75 and not first.now.calculated
    assert gap.now is None and gap.description == "2016,01: нет данных"
    assert calc.now.calculated and calc.description == "2016,02: 75,500 Гкал (расчетным способом)"
    assert chart.has_gaps and chart.has_calculated and not chart.empty
    # the year under January; not under the first December, whose label January's would overlap
    assert [m.year for m in chart.months] == ["", "2016", ""]


def test_compare_puts_the_year_before_beside_and_empty_is_empty():
    now, before = MonthConsumption(M[1], D(10)), MonthConsumption(M[1], D(20))
    chart = consumption_chart([ChartInput(M[1], now, before)], compare=True)
    month = chart.months[0]
    assert month.before.bar.x < month.now.bar.x and month.before.bar.height == 2 * month.now.bar.height
    assert month.description == "2016,01: 10,000 Гкал (по прибору учета); год назад: 20,000 Гкал (по прибору учета)"
    assert consumption_chart([ChartInput(M[1], None)]).empty
