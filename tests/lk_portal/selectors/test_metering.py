"""The viewer's metering units and a unit's months (lk_portal/selectors/metering.py)."""

import datetime

import pytest

from lk_portal.selectors.metering import (
    MeteringUnitNotFound,
    consumption_queryset,
    metering_unit_find,
    metering_unit_queryset,
)
from tests.factories import ConsumptionFactory, ContractFactory, MeteringUnitFactory
from tests.support.viewers import viewer_of

pytestmark = pytest.mark.django_db


def test_units_are_the_viewers_own_by_contract_then_address():
    first = ContractFactory(start_date=datetime.date(2004, 1, 1))
    later = ContractFactory(abonent=first.abonent, start_date=datetime.date(2010, 1, 1))
    b = MeteringUnitFactory(contract=first, address="б")
    a = MeteringUnitFactory(contract=first, address="а")
    c = MeteringUnitFactory(contract=later, address="а")
    MeteringUnitFactory()  # another organisation's
    viewer = viewer_of(first)
    assert list(metering_unit_queryset(viewer=viewer)) == [a, b, c]
    assert list(metering_unit_queryset(viewer=viewer, contract=later)) == [c]


def test_find_refuses_another_organisations_unit():
    unit = MeteringUnitFactory()
    foreign = MeteringUnitFactory()
    viewer = viewer_of(unit.contract)
    assert metering_unit_find(viewer=viewer, pk=unit.pk) == unit
    with pytest.raises(MeteringUnitNotFound):
        metering_unit_find(viewer=viewer, pk=foreign.pk)


def test_months_newest_first():
    unit = MeteringUnitFactory()
    old = ConsumptionFactory(unit=unit, period=datetime.date(2015, 1, 1))
    new = ConsumptionFactory(unit=unit, period=datetime.date(2015, 2, 1))
    ConsumptionFactory(period=datetime.date(2015, 3, 1))
    assert list(consumption_queryset(unit=unit)) == [new, old]
