"""«Узлы учета» /lk/metering/ and a unit's page /lk/metering/<id>/."""

import datetime
from decimal import Decimal

import pytest
import time_machine

from lk_portal.models import Consumption
from tests.factories import ConsumptionFactory, ContractFactory, MeteringUnitFactory
from tests.support.html import header_titles, table_rows

pytestmark = pytest.mark.django_db

TODAY = datetime.datetime(2015, 5, 2, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture
def contract(abonent_user):
    return abonent_user.abonent.contracts.get()


@pytest.fixture
def unit(contract):
    return MeteringUnitFactory(
        contract=contract,
        unit_id="U-1",
        address="г. Казань, ул. Баумана, 1",
        object_name="Административное здание",
        calculator="ВКТ-7",
        serial_no="77-001",
        verification_due=datetime.date(2015, 6, 15),
    )


def _get(client, url):
    with time_machine.travel(TODAY, tick=False):
        return client.get(url)


def test_the_list_shows_units_with_window_and_verification_warning(abonent_client, contract, unit):
    MeteringUnitFactory(
        contract=contract,
        address="г. Казань, ул. Пушкина, 5",
        resources="heat",
        window_from=20,
        window_to=25,
        verification_due=datetime.date(2016, 1, 1),
    )
    response = _get(abonent_client, "/lk/metering/")
    html = response.content.decode()
    assert header_titles(html, "table.metering-units") == [
        "Объект",
        "Договор",
        "Тепловычислитель",
        "Ресурсы",
        "Дата очередной поверки",
        "Прием показаний",
    ]
    rows = table_rows(html, "table.metering-units")
    first, second = rows
    assert first[0].startswith("Административное здание г. Казань, ул. Баумана, 1 Код узла учета: U-1")
    assert first[2] == "ВКТ-7 зав. № 77-001"
    assert first[3] == "тепловая энергия, теплоноситель"
    assert first[4] == "15.06.2015 До поверки 44 дн."
    assert "с 23.04.2015 по 03.05.2015" in first[5] and "Прием показаний открыт" in first[5]
    assert "следующего месяца" in first[5]
    assert second[3] == "тепловая энергия" and second[4] == "01.01.2016"
    assert "с 20.05.2015 по 25.05.2015" in second[5] and "открыт" not in second[5]
    assert '<a href="/lk/metering/"' in html and "Узлы учета" in html  # the menu item


def test_the_list_runs_a_fixed_number_of_queries(abonent_client, contract):
    MeteringUnitFactory(contract=contract)
    _get(abonent_client, "/lk/metering/")  # warm up the session and the caches
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        _get(abonent_client, "/lk/metering/")
    MeteringUnitFactory.create_batch(20, contract=contract)
    with CaptureQueriesContext(connection) as many:
        _get(abonent_client, "/lk/metering/")
    assert len(many) == len(one)


def test_the_contract_selector_limits_the_list(abonent_client, contract, unit):
    other = ContractFactory(abonent=contract.abonent, number="99 Т")
    MeteringUnitFactory(contract=other, address="г. Казань, ул. Островского, 7")
    html = _get(abonent_client, f"/lk/metering/?contract={other.pk}").content.decode()
    rows = table_rows(html, "table.metering-units")
    assert len(rows) == 1 and rows[0][0].startswith("г. Казань, ул. Островского, 7")
    assert "Договор" not in header_titles(html, "table.metering-units")


def test_another_organisations_unit_and_contract_are_404(abonent_client, unit):
    foreign = MeteringUnitFactory()
    assert _get(abonent_client, f"/lk/metering/{foreign.pk}/").status_code == 404
    assert _get(abonent_client, f"/lk/metering/?contract={foreign.contract_id}").status_code == 404
    assert _get(abonent_client, "/lk/metering/999999/").status_code == 404
    html = _get(abonent_client, "/lk/metering/").content.decode()
    assert foreign.address not in html


def test_the_unit_page_shows_consumption_by_month_in_russian_formats(abonent_client, unit):
    ConsumptionFactory(
        unit=unit,
        period=datetime.date(2015, 1, 1),
        heat_gcal=Decimal("1110.5"),
        water=Decimal("250.125"),
        hours=Decimal("744"),
        outdoor_temp=Decimal("-13.2"),
    )
    ConsumptionFactory(
        unit=unit, period=datetime.date(2015, 2, 1), heat_gcal=Decimal("98.004"), method=Consumption.CALC
    )
    html = _get(abonent_client, f"/lk/metering/{unit.pk}/").content.decode()
    assert header_titles(html, "table.metering-consumption") == [
        "Отчетный период",
        "Тепловая энергия, Гкал",
        "Теплоноситель, т",
        "Время работы, ч",
        "Температура наружного воздуха, °C",
        "Способ",
    ]
    assert table_rows(html, "table.metering-consumption") == [
        ["2015,02", "98,004", "—", "—", "—", "расчетным способом"],
        ["2015,01", "1 110,500", "250,125", "744,0", "-13,2", "по прибору учета"],
    ]
    assert "ВКТ-7, заводской № 77-001" in html and "До поверки 44 дн." in html


def test_the_unit_page_paginates_in_the_database_with_fixed_queries(abonent_client, unit):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    ConsumptionFactory(unit=unit, period=datetime.date(2000, 1, 1))
    _get(abonent_client, f"/lk/metering/{unit.pk}/")  # the header's figures into the cache
    with CaptureQueriesContext(connection) as one:
        _get(abonent_client, f"/lk/metering/{unit.pk}/")
    Consumption.objects.bulk_create(
        Consumption(
            unit=unit, period=datetime.date(2001 + i // 12, i % 12 + 1, 1), heat_gcal=Decimal(i), method="meter"
        )
        for i in range(100)
    )
    with CaptureQueriesContext(connection) as many:
        html = _get(abonent_client, f"/lk/metering/{unit.pk}/?page=2").content.decode()
    assert len(many) == len(one)
    rows = table_rows(html, "table.metering-consumption")
    assert len(rows) == 36 and "Записи 37–72 из 101" in html
