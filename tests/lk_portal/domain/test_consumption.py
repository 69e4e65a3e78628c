"""Degree-days, Гкал per 1000 градусо-суток and a year against the previous one, computed by hand."""

import datetime
from decimal import Decimal as D

from lk_portal.domain.consumption import (
    MonthConsumption,
    degree_days,
    design_indoor_temp,
    month_run,
    per_thousand_degree_days,
    series_run,
    year_totals,
    year_vs_year,
    years_held,
)

JAN15, JAN16 = datetime.date(2015, 1, 1), datetime.date(2016, 1, 1)


def test_degree_days_of_a_heating_month():
    # January, t_out = −10.4 °C, t_in = 20 °C: (20 − (−10.4)) × 31 = 30.4 × 31 = 942.4
    assert degree_days(month=JAN16, outdoor_temp=D("-10.4"), indoor_temp=D(20)) == D("942.4")
    # February 2016 (a leap year, 29 days), t_out = −9.6: 29.6 × 29 = 858.4
    assert degree_days(month=datetime.date(2016, 2, 1), outdoor_temp=D("-9.6"), indoor_temp=D(20)) == D("858.4")
    # February 2015 (28 days): 29.6 × 28 = 828.8
    assert degree_days(month=datetime.date(2015, 2, 1), outdoor_temp=D("-9.6"), indoor_temp=D(20)) == D("828.8")


def test_no_degree_days_outside_the_heating_season():
    may = datetime.date(2016, 5, 1)
    # +8.0 is still a heating month (12 × 31 = 372), +8.1 is not; July +20.2 is not either
    assert degree_days(month=may, outdoor_temp=D("8.0"), indoor_temp=D(20)) == D("372.0")
    assert degree_days(month=may, outdoor_temp=D("8.1"), indoor_temp=D(20)) is None
    assert degree_days(month=datetime.date(2016, 7, 1), outdoor_temp=D("20.2"), indoor_temp=D(20)) is None
    # indoors colder than outdoors (a design 5 °C warehouse at +6): nothing to heat
    assert degree_days(month=may, outdoor_temp=D(6), indoor_temp=D(5)) is None
    assert degree_days(month=may, outdoor_temp=None, indoor_temp=D(20)) is None


def test_per_thousand_degree_days():
    # 100 Гкал over 942.4 ГСОП: 100 × 1000 / 942.4 = 106.1120… → 106.112
    assert per_thousand_degree_days(D(100), D("942.4")) == D("106.112")
    assert per_thousand_degree_days(D(100), None) is None
    assert per_thousand_degree_days(None, D(1)) is None


def test_a_warm_winter_is_not_savings():
    """January 2015: 110 Гкал at −14.0 °C; January 2016: 100 Гкал at −10.4 °C; t_in 20 °C.

    ГСОП 2015 = (20 + 14.0) × 31 = 34 × 31 = 1054.0;   ГСОП 2016 = 30.4 × 31 = 942.4
    per 1000 ГСОП: 2015 = 110 000 / 1054 = 104.364;     2016 = 100 000 / 942.4 = 106.112
    2016 at 2015's weather = 100 × 1054.0 / 942.4 = 111.842 Гкал
    raw change = (100 − 110) / 110 = −9.09 % → −9.1 % (looks like savings)
    at the same degree-days = (111.842 − 110) / 110 = +1.67 % → +1.7 % (it is not)
    """
    series = {
        JAN15: MonthConsumption(JAN15, D("110.000"), D("-14.0")),
        JAN16: MonthConsumption(JAN16, D("100.000"), D("-10.4")),
    }
    rows = year_vs_year(series, year=2016, indoor_temp=D(20))
    jan = rows[0]
    assert (jan.dd_now, jan.dd_before) == (D("942.4"), D("1054.0"))
    assert (jan.specific_now, jan.specific_before) == (D("106.112"), D("104.364"))
    assert jan.at_last_year_weather == D("111.842")
    assert jan.change == D("-9.1")
    assert jan.weather_change == D("1.7")
    # the other eleven months have no data in either year: gaps, never zeros
    assert len(rows) == 12 and all(r.now is None and r.change is None for r in rows[1:])
    totals = year_totals(rows)
    assert (totals.months, totals.now, totals.before) == (1, D(100), D(110))
    assert (totals.change, totals.weather_change) == (D("-9.1"), D("1.7"))


def test_summer_months_compare_as_they_are_and_gaps_stay_out_of_the_totals():
    jul15, jul16 = datetime.date(2015, 7, 1), datetime.date(2016, 7, 1)
    aug16 = datetime.date(2016, 8, 1)
    series = {
        jul15: MonthConsumption(jul15, D("12.000"), D("20.2")),
        jul16: MonthConsumption(jul16, D("11.400"), D("21.0"), calculated=True),
        aug16: MonthConsumption(aug16, D("11.000"), D("17.6")),  # August 2015 missing
    }
    rows = {r.month: r for r in year_vs_year(series, year=2016, indoor_temp=D(20))}
    july = rows[jul16]
    # hot water only: no degree-days, compared raw: (11.4 − 12) / 12 = −5.0 %
    assert july.dd_now is None and july.at_last_year_weather == D("11.400")
    assert july.change == july.weather_change == D("-5.0")
    assert july.now.calculated
    august = rows[aug16]
    assert august.before is None and august.change is None and august.at_last_year_weather is None
    totals = year_totals(rows.values())
    assert (totals.months, totals.now, totals.before) == (1, D("11.400"), D("12.000"))


def test_heating_in_one_year_only_is_not_compared_at_the_same_weather():
    # October 2015 at +9.0 (no heating), October 2016 at +4.6 (15.4 × 31 = 477.4 ГСОП)
    oct15, oct16 = datetime.date(2015, 10, 1), datetime.date(2016, 10, 1)
    series = {
        oct15: MonthConsumption(oct15, D("15.000"), D("9.0")),
        oct16: MonthConsumption(oct16, D("60.000"), D("4.6")),
    }
    row = year_vs_year(series, year=2016, indoor_temp=D(20))[9]
    assert row.dd_now == D("477.4") and row.dd_before is None
    assert row.at_last_year_weather is None and row.weather_change is None
    assert row.change == D("300.0")  # (60 − 15) / 15


def test_branch_indoor_temperature_and_runs():
    assert design_indoor_temp(branch_code="chelny", default=D(20), by_branch={"chelny": D(18)}) == D(18)
    assert design_indoor_temp(branch_code="kazan", default=D(20), by_branch={"chelny": D(18)}) == D(20)
    assert month_run(last=datetime.date(2016, 2, 17), months=3) == [
        datetime.date(2015, 12, 1),
        datetime.date(2016, 1, 1),
        datetime.date(2016, 2, 1),
    ]
    series = {JAN16: MonthConsumption(JAN16, D(1))}
    assert series_run(series, [datetime.date(2015, 12, 1), JAN16]) == [
        (datetime.date(2015, 12, 1), None),
        (JAN16, series[JAN16]),
    ]
    assert years_held({JAN15: None, JAN16: None}) == [2016, 2015]
