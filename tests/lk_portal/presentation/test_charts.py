import datetime
from decimal import Decimal

from lk_portal.domain.home import MonthTotals
from lk_portal.presentation.charts import axis_label, bar_chart, nice_step

D = datetime.date


def test_nice_step():
    assert nice_step(Decimal("82700")) == Decimal("25000")
    assert nice_step(Decimal("100")) == Decimal("25")
    assert nice_step(Decimal("7")) == Decimal("2")
    assert nice_step(Decimal("0")) == Decimal("1")


def test_axis_label_russian():
    assert axis_label(Decimal("150000")) == "150 000"
    assert axis_label(Decimal("2.5")) == "2,50"


def test_bar_chart_geometry_and_texts():
    series = [
        MonthTotals(D(2025, 12, 1), Decimal("100000.00"), Decimal("50000.00")),
        MonthTotals(D(2026, 1, 1), Decimal("0.00"), Decimal("-5.00")),
        MonthTotals(D(2026, 2, 1), Decimal("7220.27"), Decimal("0.00")),
    ]
    chart = bar_chart(series)
    assert [t.label for t in chart.ticks] == ["0", "25 000", "50 000", "75 000", "100 000"]
    first, january, february = chart.months
    assert first.accrued.y == chart.plot_top and first.accrued.height == chart.plot_bottom - chart.plot_top
    assert first.paid.height == (chart.plot_bottom - chart.plot_top) / 2
    assert january.paid.height == 0  # a negative total draws no bar, its value is still written
    assert (first.year, january.year, february.year) == ("2025", "2026", "")
    assert [m.label for m in chart.months] == ["дек", "янв", "фев"]
    assert february.description == "2026,02: начислено 7 220,27 руб., оплачено 0,00 руб."
    assert january.paid_text == "-5,00"
    assert first.accrued.x + first.accrued.width < first.paid.x < first.x + first.width
    assert not chart.empty


def test_bar_chart_of_nothing_is_empty():
    chart = bar_chart([MonthTotals(D(2026, 1, 1), Decimal(0), Decimal(0))])
    assert chart.empty and chart.months[0].accrued.height == 0
