"""«Потребление» /lk/consumption/: the figures against a hand computation, scopes, gaps and sources, exports, queries."""

import datetime
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from lk_portal.models import Consumption
from tests.factories import ConsumptionFactory, ContractFactory, MeteringUnitFactory, UserFactory
from tests.support.html import soup, text_of

pytestmark = pytest.mark.django_db
D = datetime.date
URL = "/lk/consumption/"


@pytest.fixture
def org(abonent_user):
    """Two units of the abonent's contract and one of a second contract; January of 2015 and 2016.

    Both years' Januaries of the first contract: 2015 = 60 + 50 = 110 Гкал at −14.0 °C, 2016 = 55 + 45 =
    100 Гкал at −10.4 °C (the hand example of tests/lk_portal/domain/test_consumption.py).
    """
    contract = abonent_user.abonent.contracts.get()
    other = ContractFactory(abonent=abonent_user.abonent, number="ДРУГОЙ-2")
    office = MeteringUnitFactory(contract=contract, unit_id="U-1", address="ул. Баумана, 1", object_name="Офис")
    store = MeteringUnitFactory(contract=contract, unit_id="U-2", address="ул. Пушкина, 5", object_name="Склад")
    far = MeteringUnitFactory(contract=other, unit_id="U-3", address="ул. Дальняя, 9", object_name="Дальний")
    for unit, before, now in ((office, "60", "55"), (store, "50", "45")):
        ConsumptionFactory(unit=unit, period=D(2015, 1, 1), heat_gcal=Decimal(before), outdoor_temp=Decimal("-14.0"))
        ConsumptionFactory(unit=unit, period=D(2016, 1, 1), heat_gcal=Decimal(now), outdoor_temp=Decimal("-10.4"))
    ConsumptionFactory(unit=store, period=D(2016, 7, 1), heat_gcal=Decimal("4.5"), method=Consumption.CALC)
    ConsumptionFactory(unit=far, period=D(2016, 1, 1), heat_gcal=Decimal("777.777"), outdoor_temp=Decimal("-10.4"))
    return {"contract": contract, "other": other, "office": office, "store": store, "far": far}


def _year_rows(page):
    return {
        text_of(tr.th): [text_of(td) for td in tr.find_all("td")]
        for tr in soup(page).select("table.consumption-yoy tbody tr")
    }


def test_the_contract_year_against_the_last_at_the_same_degree_days(abonent_client, org):
    page = abonent_client.get(URL, {"scope": f"c{org['contract'].pk}", "year": "2016"})
    assert page.status_code == 200
    rows = _year_rows(page)
    assert list(rows)[:2] == ["2016,01", "2016,02"] and len(rows) == 12
    # 100 against 110 Гкал: −9,1 %; ГСОП 942,4 against 1 054,0; per 1000: 106,112 / 104,364;
    # at 2015's weather 111,842 Гкал: +1,7 %
    assert rows["2016,01"] == [
        "100,000",
        "110,000",
        "−9,1 %",
        "-10,4 / -14,0",
        "942,4 / 1 054,0",
        "106,112 / 104,364",
        "111,842",
        "+1,7 %",
    ]
    # July 2016 calculated, July 2015 missing: marked, and a gap, not a zero
    assert rows["2016,07"][0] == "4,500 расч." and rows["2016,07"][1] == "нет данных"
    assert rows["2016,02"][:2] == ["нет данных", "нет данных"]
    foot = [text_of(td) for td in soup(page).select("table.consumption-yoy tfoot td")]
    assert foot[:3] == ["100,000", "110,000", "−9,1 %"] and foot[-1] == "+1,7 %"
    assert "777,777" not in page.content.decode()  # the other contract's unit is not in this contract
    explain = text_of(soup(page).select_one(".consumption-explain"))
    assert "20,0 °C" in explain and "теплая зима не выглядит как экономия" in explain


def test_the_chart_marks_sources_and_gaps(abonent_client, org):
    page = soup(abonent_client.get(URL, {"scope": f"u{org['store'].pk}", "year": "2016"}))
    labels = [g["aria-label"] for g in page.select(".consumption-card g.bar-chart__month")]
    assert labels[0] == "2016,01: 45,000 Гкал (по прибору учета); год назад: 50,000 Гкал (по прибору учета)"
    assert labels[6] == "2016,07: 4,500 Гкал (расчетным способом); год назад: нет данных"
    assert labels[1] == "2016,02: нет данных; год назад: нет данных"
    assert len(page.select(".consumption-card rect.gcal-bar--calc")) == 1  # hatched
    assert len(page.select(".consumption-card text.gcal-gap")) == 10  # ten months without data


def test_the_whole_abonent_and_one_unit(abonent_client, org):
    every = _year_rows(abonent_client.get(URL, {"year": "2016"}))
    assert every["2016,01"][:2] == ["877,777", "110,000"]  # 55 + 45 + 777.777
    office = _year_rows(abonent_client.get(URL, {"scope": f"u{org['office'].pk}", "year": "2016"}))
    assert office["2016,01"][:3] == ["55,000", "60,000", "−8,3 %"]
    # no ?year=: the newest year held; a year not held: the same
    assert "2016,01" in _year_rows(abonent_client.get(URL, {"year": "1999"}))


def test_a_scoped_member_sees_its_contract_only(client, org, abonent_user):
    member = UserFactory(
        abonent=abonent_user.abonent, username="eng@example.ru", role="engineer", contracts=[org["other"]]
    )
    client.force_login(member)
    page = client.get(URL, {"year": "2016"})
    assert _year_rows(page)["2016,01"][:2] == ["777,777", "нет данных"]
    options = [o["value"] for o in soup(page).select("#consumption-scope option")]
    assert options == ["", f"c{org['other'].pk}", f"u{org['far'].pk}"]
    assert client.get(URL, {"scope": f"u{org['office'].pk}"}).status_code == 404
    assert client.get(URL, {"scope": f"c{org['contract'].pk}"}).status_code == 404


def test_the_branch_may_have_its_own_indoor_temperature(abonent_client, org, settings, abonent_user):
    settings.LK_DESIGN_INDOOR_TEMP_BRANCHES = {abonent_user.abonent.branch.code: Decimal(18)}
    rows = _year_rows(abonent_client.get(URL, {"scope": f"c{org['contract'].pk}", "year": "2016"}))
    # (18 + 10.4) × 31 = 880,4 and (18 + 14) × 31 = 992,0
    assert rows["2016,01"][4] == "880,4 / 992,0"


def test_the_grid_shows_the_unit_months_with_the_year_before_and_the_source(abonent_client, org):
    page = soup(abonent_client.get(URL, {"scope": f"c{org['contract'].pk}", "sort": "unit"}))
    rows = [[text_of(td) for td in tr.find_all("td")] for tr in page.select(".grid-table tbody tr")]
    by = {(r[0], r[2]): r for r in rows if r and r[0].startswith("20")}
    assert by[("2016,01", "ул. Баумана, 1")][3:5] == ["55,000", "60,000"]
    assert by[("2015,01", "ул. Баумана, 1")][4] == ""  # nothing a year before 2015
    assert by[("2016,07", "ул. Пушкина, 5")][-1] == "расчетным способом"
    assert by[("2016,01", "ул. Пушкина, 5")][-1] == "по прибору"


def test_exports_of_the_grid(abonent_client, org):
    scope = f"c{org['contract'].pk}"
    csv = abonent_client.get(URL, {"scope": scope, "export": "csv"})
    text = (b"".join(csv.streaming_content) if csv.streaming else csv.content).decode("utf-8-sig")
    assert "Показаны: все узлы учета договора" in text
    assert ";55,000;60,000;" in text and "расчетным способом" in text and "777,777" not in text
    xlsx = abonent_client.get(URL, {"scope": scope, "export": "xlsx", "f_method": "расчетным способом"})
    sheet = load_workbook(io.BytesIO(b"".join(xlsx.streaming_content) if xlsx.streaming else xlsx.content)).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    body = [r for r in values if r and r[-1] == "расчетным способом"]
    assert len(body) == 1 and body[0][3] == 4.5
    cell = next(c for row in sheet.iter_rows() for c in row if c.value == 4.5)
    assert cell.number_format == "#,##0.000"
    for fmt in ("pdf", "rtf", "xls"):
        assert abonent_client.get(URL, {"scope": scope, "export": fmt}).status_code == 200, fmt


def test_a_fixed_number_of_queries(abonent_client, org, django_assert_num_queries):
    abonent_client.get(URL)  # the session and caches warm
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        assert abonent_client.get(URL, {"year": "2016"}).status_code == 200
    for n in range(8):
        unit = MeteringUnitFactory(contract=org["contract"])
        for year in range(2010, 2017):
            ConsumptionFactory(unit=unit, period=D(year, 1 + n, 1), heat_gcal=Decimal(n + 1))
    with CaptureQueriesContext(connection) as many:
        assert abonent_client.get(URL, {"year": "2016"}).status_code == 200
    assert len(many) == len(few)
    # session, user, the member's scope, units, contracts, Гкал by month, grid choices, totals, rows,
    # the tab's unread news, the notifications counter, the debt header
    with django_assert_num_queries(len(few)):
        abonent_client.get(URL, {"scope": f"u{org['office'].pk}", "year": "2016"})
