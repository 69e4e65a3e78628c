"""Import of `metering_units` and `consumption` (billing-exchange.md), by all three ways in."""

import datetime
import io
import os
import time
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from lk_portal.models import Consumption, ImportRun, MeteringUnit
from lk_portal.services.billing_drop import billing_drop_folder_import
from lk_portal.services.billing_import import billing_package_import
from tests.factories import ContractFactory, UserFactory
from tests.lk_portal.exchange.helpers import write_csv, write_xlsx

pytestmark = pytest.mark.django_db

UNITS = [
    [
        "Код узла учета",
        "№ договора",
        "Адрес объекта",
        "Наименование объекта",
        "Тепловычислитель",
        "Заводской номер",
        "Ресурсы",
        "Дата очередной поверки",
        "Прием показаний с",
        "Прием показаний по",
        "Дата ввода",
    ],
    [
        "U-1",
        "05 Т",
        "г. Казань, ул. Баумана, 1",
        "Административное здание",
        "ТВ7",
        "123456",
        "heat",
        "15.03.2027",
        "23",
        "3",
        "01.10.2014",
    ],
    [
        "U-2",
        "05 Т",
        "г. Казань, ул. Пушкина, 5",
        "",
        "ВКТ-7",
        "77-001",
        "тепловая энергия, теплоноситель",
        "",
        "20",
        "25",
        "",
    ],
]
CONSUMPTION = [
    [
        "unit_id",
        "Отчетный период",
        "Тепловая энергия, Гкал",
        "Теплоноситель",
        "Время работы, ч",
        "Способ",
        "Средняя температура наружного воздуха, °C",
    ],
    ["U-1", "2015,01", "125,403", "", "744", "по прибору", "-13,2"],
    ["U-1", "2015-02", "1 110.5", "", "672", "meter", "-11"],
    ["U-2", "03.2015", "12", "250,125", "", "расчет", "-4,5"],
]


def _package(folder, units=UNITS, consumption=CONSUMPTION, encoding="cp1251"):
    folder.mkdir(exist_ok=True)
    write_csv(folder / "metering_units.csv", units, encoding=encoding)
    write_csv(folder / "consumption.csv", consumption, encoding=encoding)
    return folder


def _import(*paths):
    return billing_package_import(paths=paths, source=ImportRun.SOURCE_COMMAND)


def _state():
    return sorted(map(repr, MeteringUnit.objects.values_list())), sorted(map(repr, Consumption.objects.values_list()))


@pytest.fixture
def contract():
    return ContractFactory(number="05 Т")


def test_units_and_consumption_land_exactly(tmp_path, contract):
    run = _import(_package(tmp_path / "pkg"))
    assert run.status == ImportRun.OK, run.errors
    assert [(f["kind"], f["created"]) for f in run.files] == [("metering_units", 2), ("consumption", 3)]
    u1, u2 = MeteringUnit.objects.order_by("unit_id")
    assert (u1.contract, u1.abonent_id, u1.calculator, u1.serial_no, u1.resources) == (
        contract,
        contract.abonent_id,
        "ТВ7",
        "123456",
        "heat",
    )
    assert (u1.verification_due, u1.window_from, u1.window_to, u1.installed_on) == (
        datetime.date(2027, 3, 15),
        23,
        3,
        datetime.date(2014, 10, 1),
    )
    assert u2.resources == "heat,water" and u2.verification_due is None and u2.object_name == ""
    assert u2.resource_list == ["тепловая энергия", "теплоноситель"]
    rows = list(
        Consumption.objects.order_by("period").values_list(
            "unit__unit_id", "period", "heat_gcal", "water", "hours", "method", "outdoor_temp"
        )
    )
    assert rows == [
        ("U-1", datetime.date(2015, 1, 1), Decimal("125.403"), None, Decimal("744.0"), "meter", Decimal("-13.2")),
        ("U-1", datetime.date(2015, 2, 1), Decimal("1110.500"), None, Decimal("672.0"), "meter", Decimal("-11.0")),
        ("U-2", datetime.date(2015, 3, 1), Decimal("12.000"), Decimal("250.125"), None, "calc", Decimal("-4.5")),
    ]


def test_the_same_package_twice_changes_nothing(tmp_path, contract):
    _import(_package(tmp_path / "pkg"))
    before = _state()
    run = _import(_package(tmp_path / "pkg"))
    assert run.status == ImportRun.OK
    assert [(f["created"], f["updated"], f["unchanged"]) for f in run.files] == [(0, 0, 2), (0, 0, 3)]
    assert _state() == before


def test_rows_upsert_by_key_and_deleted_removes(tmp_path, contract):
    _import(_package(tmp_path / "pkg"))
    consumption = [
        [*CONSUMPTION[0], "deleted"],
        ["U-1", "2015,01", "130,000", "", "744", "meter", "-13,2", ""],
        ["U-1", "2015,02", "", "", "", "", "", "1"],
    ]
    run = _import(write_csv(tmp_path / "consumption_2.csv", consumption))
    assert run.status == ImportRun.OK, run.errors
    assert (run.files[0]["updated"], run.files[0]["deleted"]) == (1, 1)
    assert list(Consumption.objects.filter(unit__unit_id="U-1").values_list("heat_gcal", flat=True)) == [
        Decimal("130.000")
    ]
    units = [
        UNITS[0][:2]
        + [
            "Адрес объекта",
            "Тепловычислитель",
            "Заводской номер",
            "Ресурсы",
            "Прием показаний с",
            "Прием показаний по",
            "Удален",
        ],
        ["U-2", "05 Т", "", "", "", "", "", "", "1"],
    ]
    run = _import(write_csv(tmp_path / "metering_units_2.csv", units))
    assert run.status == ImportRun.OK, run.errors
    assert list(MeteringUnit.objects.values_list("unit_id", flat=True)) == ["U-1"]
    assert not Consumption.objects.filter(unit__unit_id="U-2").exists()  # a removed unit takes its months along


@pytest.mark.parametrize(
    ("row", "column", "reason"),
    [
        (["U-9", "2015,01", "1", "", "", "meter", ""], "unit_id", "узел учета с таким кодом не найден"),
        (["U-1", "2015,13", "1", "", "", "meter", ""], "Отчетный период", "месяц должен быть от 01 до 12"),
        (["U-1", "2015,03", "1,2345", "", "", "meter", ""], "Тепловая энергия, Гкал", "не больше трех знаков"),
        (["U-1", "2015,03", "-1", "", "", "meter", ""], "Тепловая энергия, Гкал", "не меньше нуля"),
        (["U-1", "2015,03", "1", "", "800", "meter", ""], "Время работы, ч", "от 0 до 744"),
        (["U-1", "2015,03", "1", "", "", "оценка", ""], "Способ", "ожидается meter"),
        (["U-1", "2015,03", "1", "", "", "meter", "-80"], "Средняя температура", "от -60 до 50"),
        (["U-1", "2015,03", "", "", "", "meter", ""], "Тепловая энергия, Гкал", ""),
        (["U-1", "2015,01", "1", "", "", "meter", ""], "unit_id, Отчетный период", "этот ключ уже был в строке 2"),
    ],
)
def test_a_wrong_consumption_row_refuses_the_whole_file(tmp_path, contract, row, column, reason):
    _import(_package(tmp_path / "pkg", consumption=CONSUMPTION[:1]))
    rows = [CONSUMPTION[0], CONSUMPTION[1], row]
    run = _import(write_csv(tmp_path / "consumption.csv", rows))
    assert run.status == ImportRun.FAILED
    (error,) = run.errors
    assert error["row"] == 3 and error["column"].startswith(column) and reason in error["message"], error
    assert not Consumption.objects.exists()


@pytest.mark.parametrize(
    ("index", "value", "reason"),
    [
        (1, "99 Х", "договор с таким номером не найден"),
        (6, "газ", "ожидается heat или heat,water"),
        (8, "32", "от 1 до 31"),
        (7, "01.01.2010", "дата поверки раньше даты ввода"),
        (5, "", "обязательн"),
    ],
)
def test_a_wrong_unit_row_is_refused_with_its_reason(tmp_path, contract, index, value, reason):
    row = list(UNITS[1])
    row[index] = value
    run = _import(write_csv(tmp_path / "metering_units.csv", [UNITS[0], UNITS[2], row]))
    assert run.status == ImportRun.FAILED
    assert any(reason in e["message"] for e in run.errors), run.errors
    assert not MeteringUnit.objects.exists()


def test_a_missing_required_column_rejects_the_file(tmp_path, contract):
    rows = [[c for c in UNITS[0] if c != "Тепловычислитель"], [c for i, c in enumerate(UNITS[1]) if i != 4]]
    run = _import(write_csv(tmp_path / "metering_units.csv", rows))
    assert run.status == ImportRun.FAILED and "Тепловычислитель" in str(run.errors)
    assert not MeteringUnit.objects.exists()


def test_xlsx_and_utf8_read_the_same(tmp_path, contract):
    folder = tmp_path / "pkg"
    folder.mkdir()
    write_xlsx(folder / "metering_units.xlsx", UNITS)
    consumption = [CONSUMPTION[0], ["U-1", "2015,01", 125.403, None, 744, "meter", -13.2]]
    write_csv(folder / "consumption.csv", consumption, encoding="utf-8-sig")
    run = _import(folder)
    assert run.status == ImportRun.OK, run.errors
    assert Consumption.objects.get().heat_gcal == Decimal("125.403")


def test_the_command_imports_a_package(tmp_path, contract):
    out = io.StringIO()
    call_command("import_billing", str(_package(tmp_path / "pkg")), stdout=out, stderr=io.StringIO())
    assert "consumption.csv: загружен; строк 3, добавлено 3" in out.getvalue()
    assert Consumption.objects.count() == 3


def test_the_drop_folder_imports_units_and_consumption(tmp_path, contract):
    drop = _package(tmp_path / "import")
    past = time.time() - 3600
    for path in drop.iterdir():
        os.utime(path, (past, past))
    run = billing_drop_folder_import(directory=drop, min_age_seconds=60)
    assert run.source == ImportRun.SOURCE_DROP and run.status == ImportRun.OK, run.errors
    assert MeteringUnit.objects.count() == 2 and Consumption.objects.count() == 3


def test_the_admin_upload_imports_units_and_consumption(client, tmp_path, contract, monkeypatch):
    # The test's transaction never commits: the queued upload's task (immediate huey) runs at once.
    monkeypatch.setattr("lk_portal.services.billing_upload.transaction.on_commit", lambda function, **kw: function())
    client.force_login(UserFactory(abonent=None, username="operator", is_staff=True, is_superuser=True))
    folder = _package(tmp_path / "pkg")
    files = [SimpleUploadedFile(p.name, p.read_bytes()) for p in sorted(folder.iterdir(), reverse=True)]
    response = client.post(reverse("lk_billing_import_upload"), {"files": files}, follow=True)
    assert response.status_code == 200
    assert ImportRun.objects.get().status == ImportRun.OK
    assert MeteringUnit.objects.count() == 2 and Consumption.objects.count() == 3
