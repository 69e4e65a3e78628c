"""selectors/consumption.py: a month's sum over the units in scope, its mean temperature and its source."""

import dataclasses
import datetime
from decimal import Decimal

import pytest

from lk_portal.models import Consumption
from lk_portal.selectors.consumption import consumption_by_month, consumption_grid_queryset
from tests.factories import ConsumptionFactory, ContractFactory, MeteringUnitFactory
from tests.support.viewers import viewer_of

pytestmark = pytest.mark.django_db
JAN, FEB = datetime.date(2016, 1, 1), datetime.date(2016, 2, 1)


@pytest.fixture
def units():
    first = MeteringUnitFactory()
    second = MeteringUnitFactory(contract=ContractFactory(abonent=first.abonent))
    foreign = MeteringUnitFactory()
    ConsumptionFactory(unit=first, period=JAN, heat_gcal=Decimal("10.100"), outdoor_temp=Decimal("-10.0"))
    ConsumptionFactory(unit=second, period=JAN, heat_gcal=Decimal("5.005"), outdoor_temp=Decimal("-11.0"))
    ConsumptionFactory(unit=second, period=FEB, heat_gcal=Decimal("4.000"), method=Consumption.CALC)
    ConsumptionFactory(unit=foreign, period=JAN, heat_gcal=Decimal("999.000"))
    return first, second


def test_months_sum_their_units_and_mark_a_calculated_one(units):
    first, second = units
    months = consumption_by_month(viewer=viewer_of(first.abonent))
    assert list(months) == [JAN, FEB]
    assert months[JAN].heat_gcal == Decimal("15.105") and months[JAN].outdoor_temp == Decimal("-10.5")
    assert not months[JAN].calculated and months[FEB].calculated and months[FEB].outdoor_temp is None
    assert list(consumption_by_month(viewer=viewer_of(first.abonent), unit=first)) == [JAN]
    assert list(consumption_by_month(viewer=viewer_of(first.abonent), first=FEB)) == [FEB]


def test_a_scoped_viewer_sees_its_contracts_units_only(units):
    first, second = units
    viewer = dataclasses.replace(viewer_of(first.abonent), contract_ids=frozenset({second.contract_id}))
    assert consumption_by_month(viewer=viewer)[JAN].heat_gcal == Decimal("5.005")
    assert consumption_by_month(viewer=viewer, unit=first) == {}  # a unit outside the scope: nothing
    assert {row.unit_id for row in consumption_grid_queryset(viewer=viewer)} == {second.pk}


def test_the_grid_rows_carry_the_year_before(units):
    first, _ = units
    ConsumptionFactory(unit=first, period=datetime.date(2015, 1, 1), heat_gcal=Decimal("12.000"))
    rows = consumption_grid_queryset(viewer=viewer_of(first.abonent), unit=first).order_by("period")
    assert [(r.period.year, r.heat_year_before, r.method_label) for r in rows] == [
        (2015, None, "по прибору"),
        (2016, Decimal("12.000"), "по прибору"),
    ]
