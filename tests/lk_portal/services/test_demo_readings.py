"""The demo's readings (services/demo/readings.py): every status, totals that are the consumption's running sum."""

import datetime
from decimal import Decimal

import pytest

from lk_portal.models import Consumption, Reading
from lk_portal.services.demo.context import DemoContext
from lk_portal.services.demo.guide import guide_ensure
from lk_portal.services.demo.metering import metering_ensure
from lk_portal.services.demo.readings import COUNTER_START, readings_ensure

pytestmark = pytest.mark.django_db
D = datetime.date
DAY = D(2026, 12, 2)


def _load(day):
    ctx = DemoContext(today=day, years=1)
    guide_ensure(ctx)
    metering_ensure(ctx)
    readings_ensure(ctx)
    return ctx.report


def _state():
    return sorted(map(repr, Reading.objects.values_list()))


def test_every_status_is_there_with_a_reason_for_the_rejected():
    _load(DAY)
    by_unit = {
        unit: dict(Reading.objects.filter(unit__unit_id=unit).values_list("period", "status"))
        for unit in ("UU-05T-1", "UU-05T-2")
    }
    assert D(2026, 11, 1) not in by_unit["UU-05T-1"]  # its window is open on 02.12: the member's to submit
    assert by_unit["UU-05T-1"][D(2026, 10, 1)] == Reading.SENT
    assert by_unit["UU-05T-2"][D(2026, 11, 1)] == Reading.PENDING
    assert by_unit["UU-05T-2"][D(2026, 8, 1)] == Reading.REJECTED
    assert set(by_unit["UU-05T-1"].values()) == {Reading.SENT, Reading.ACCEPTED}
    assert (len(by_unit["UU-05T-1"]), len(by_unit["UU-05T-2"])) == (11, 12)
    rejected = Reading.objects.get(status=Reading.REJECTED)
    assert rejected.reason and rejected.billed_gcal is None and rejected.status_at is not None
    pending = Reading.objects.get(status=Reading.PENDING)
    assert pending.exported_at is None and pending.export_file == ""


def test_totals_are_the_running_sum_of_the_consumption():
    _load(DAY)
    for unit_id, start in COUNTER_START.items():
        months = dict(Consumption.objects.filter(unit__unit_id=unit_id).values_list("period", "heat_gcal"))
        for reading in Reading.objects.filter(unit__unit_id=unit_id):
            running = start + sum((g for p, g in months.items() if p <= reading.period), Decimal(0))
            assert reading.heat_gcal_total == running and reading.heat_gcal == months[reading.period]
            if reading.status == Reading.ACCEPTED:
                assert reading.billed_gcal == months[reading.period]
    water = list(
        Reading.objects.filter(unit__unit_id="UU-05T-2").order_by("period").values_list("water_total", flat=True)
    )
    assert all(w is not None for w in water) and water == sorted(water)
    assert not Reading.objects.filter(unit__unit_id="UU-05T-1", water_total__isnull=False).exists()


def test_loading_again_changes_nothing_and_a_later_month_moves_the_statuses_on():
    _load(DAY)
    first = _state()
    _load(DAY)
    assert _state() == first
    _load(D(2027, 1, 10))
    november = dict(Reading.objects.filter(period=D(2026, 11, 1)).values_list("unit__unit_id", "status"))
    assert november == {"UU-05T-1": Reading.ACCEPTED, "UU-05T-2": Reading.ACCEPTED}
    assert Reading.objects.filter(period=D(2026, 12, 1), status=Reading.PENDING).exists()
