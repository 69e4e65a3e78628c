"""The demo's heat metering (services/demo/metering.py): two units of «05 Т», 2015 to the last completed month."""

import datetime
from decimal import Decimal

import pytest

from lk_portal.domain.metering import verification_state
from lk_portal.models import Consumption, MeteringUnit
from lk_portal.services.demo.context import DemoContext
from lk_portal.services.demo.guide import guide_ensure
from lk_portal.services.demo.metering import metering_ensure

pytestmark = pytest.mark.django_db
D = datetime.date
DAY = D(2026, 12, 2)


def _load(day):
    ctx = DemoContext(today=day, years=1)
    guide_ensure(ctx)
    metering_ensure(ctx)
    return ctx.report


def _state():
    return sorted(map(repr, MeteringUnit.objects.values_list())), sorted(map(repr, Consumption.objects.values_list()))


def test_two_units_of_the_guide_contract_with_every_month_from_2015():
    _load(DAY)
    units = list(MeteringUnit.objects.order_by("unit_id"))
    assert [(u.contract.number, u.resources) for u in units] == [("05 Т", "heat"), ("05 Т", "heat,water")]
    for unit in units:
        periods = list(unit.consumption.order_by("period").values_list("period", flat=True))
        assert periods[0] == D(2015, 1, 1) and periods[-1] == D(2026, 11, 1) and len(periods) == 12 * 11 + 11
    assert verification_state(due=units[0].verification_due, today=DAY).warn  # the warning shows on the page
    assert not verification_state(due=units[1].verification_due, today=DAY).warn


def test_heating_season_shape_over_a_hot_water_base():
    _load(DAY)
    for unit in MeteringUnit.objects.all():
        by_month = dict(unit.consumption.filter(period__year=2020).values_list("period__month", "heat_gcal"))
        summer = [by_month[m] for m in (6, 7, 8)]
        if "water" in unit.resources:
            assert all(Decimal(1) < gcal for gcal in summer)  # hot water all year round
        else:
            assert summer == [Decimal(0)] * 3  # heating only: nothing between May and October
        assert min(by_month[m] for m in (12, 1, 2)) > 4 * max(summer)
        assert by_month[1] > by_month[4] > by_month[5] and by_month[10] < by_month[11]
    temps = dict(Consumption.objects.filter(period__year=2020).values_list("period__month", "outdoor_temp"))
    assert temps[1] < Decimal(-5) and temps[7] > Decimal(15)
    # Kazan's means ±3 °C: every January within −13.4…−7.4, every July within 17.2…23.2
    januaries = Consumption.objects.filter(period__month=1).values_list("outdoor_temp", flat=True)
    assert all(Decimal("-13.4") <= t <= Decimal("-7.4") for t in januaries)
    julies = Consumption.objects.filter(period__month=7).values_list("outdoor_temp", flat=True)
    assert all(Decimal("17.2") <= t <= Decimal("23.2") for t in julies)
    # some months calculated by billing, most by meter
    methods = list(Consumption.objects.values_list("method", flat=True))
    assert 0 < methods.count(Consumption.CALC) < len(methods) / 10
    for c in Consumption.objects.all()[:50]:
        assert c.heat_gcal == c.heat_gcal.quantize(Decimal("0.001"))


def test_loading_again_changes_nothing_and_a_later_day_adds_its_months():
    _load(DAY)
    first = _state()
    report = _load(DAY)
    assert _state() == first
    assert not report.created["месяцев потребления"] and not report.updated["месяцев потребления"]
    held = dict(Consumption.objects.values_list("id", "heat_gcal"))
    report = _load(D(2027, 2, 16))
    assert report.created["месяцев потребления"] == 2 * 2  # December and January
    assert {k: v for k, v in Consumption.objects.values_list("id", "heat_gcal") if k in held} == held
