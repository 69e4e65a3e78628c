"""A unit's page /lk/metering/<id>/: its readings and billing's answer on each (issue 17 item 2's history)."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lk_portal.models import Reading
from tests.factories import MeteringUnitFactory, ReadingFactory
from tests.support.html import header_titles, table_rows

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def unit(abonent_user):
    return MeteringUnitFactory(contract=abonent_user.abonent.contracts.get(), unit_id="U-1")


def _reading(unit, month, status, **kw):
    return ReadingFactory(unit=unit, period=D(2026, month, 1), taken_on=D(2026, month, 24), status=status, **kw)


def test_the_history_shows_each_status_in_words(abonent_client, unit):
    _reading(unit, 7, Reading.ACCEPTED, billed_gcal=Decimal("125.403"), heat_gcal_total=Decimal("18250.5"))
    _reading(unit, 8, Reading.REJECTED, reason="Заводской номер не совпадает")
    _reading(unit, 9, Reading.SENT)
    _reading(unit, 10, Reading.PENDING, late=True)
    html = abonent_client.get(f"/lk/metering/{unit.pk}/").content.decode()
    assert header_titles(html, "table.metering-readings") == [
        "Отчетный период",
        "Дата снятия",
        "Тепловая энергия нарастающим итогом, Гкал",
        "За период, Гкал",
        "Передано",
        "Статус",
        "Принято к расчету, Гкал",
    ]
    rows = table_rows(html, "table.metering-readings")
    assert [row[5] for row in rows] == [
        "ожидает передачи",
        "передано в биллинг",
        "отклонено: Заводской номер не совпадает",
        "принято",
    ]
    assert rows[0][0] == "2026,10 (после окна)"
    assert rows[3] == ["2026,07", "24.07.2026", "18 250,500", "125,403", "01.11.2026", "принято", "125,403"]


def test_the_history_paginates_on_its_own_with_fixed_queries(abonent_client, unit):
    _reading(unit, 1, Reading.ACCEPTED)
    abonent_client.get(f"/lk/metering/{unit.pk}/")  # the header's figures into the cache
    with CaptureQueriesContext(connection) as one:
        abonent_client.get(f"/lk/metering/{unit.pk}/")
    Reading.objects.bulk_create(
        Reading(
            unit=unit,
            period=D(2020 + i // 12, i % 12 + 1, 1),
            taken_on=D(2020 + i // 12, i % 12 + 1, 24),
            heat_gcal_total=Decimal(i),
            source="form",
            submitted_at=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC),
            status=Reading.ACCEPTED,
        )
        for i in range(40)
    )
    with CaptureQueriesContext(connection) as many:
        html = abonent_client.get(f"/lk/metering/{unit.pk}/?readings_page=2").content.decode()
    assert len(many) == len(one)
    rows = table_rows(html, "table.metering-readings")
    assert len(rows) == 12 and "Записи 13–24 из 41" in html
    assert 'href="?readings_page=3#readings"' in html
    assert abonent_client.get(f"/lk/metering/{unit.pk}/?readings_page=abc").status_code == 200
    assert abonent_client.get(f"/lk/metering/{unit.pk}/?readings_page=99").status_code == 200


def test_another_organisations_readings_are_not_shown(abonent_client, unit):
    foreign = ReadingFactory(reason="чужие", status=Reading.REJECTED)
    _reading(unit, 3, Reading.SENT)
    assert abonent_client.get(f"/lk/metering/{foreign.unit_id}/").status_code == 404
    assert "чужие" not in abonent_client.get(f"/lk/metering/{unit.pk}/").content.decode()
