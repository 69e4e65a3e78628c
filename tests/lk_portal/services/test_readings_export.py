"""The `readings` file for billing: name, encoding, columns; atomic; each reading exactly once."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.management import call_command

from lk_portal.models import ImportRun, Reading
from lk_portal.services import readings_export as module
from lk_portal.services.billing_import import billing_package_import
from lk_portal.services.readings_export import readings_export
from tests.factories import MeteringUnitFactory, ReadingFactory, UserFactory
from tests.lk_portal.exchange.helpers import write_csv

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 11, 4, 22, 30, tzinfo=datetime.UTC)  # 5 November, 01:30 in Moscow
TITLES = (
    "Код показаний;Код узла учета;№ договора;Отчетный период;Дата снятия;"
    "Тепловая энергия нарастающим итогом, Гкал;Теплоноситель нарастающим итогом;"
    "Время работы нарастающим итогом, ч;За период, Гкал;Источник;Передано;Кем;Подано после окна;Комментарий"
)


@pytest.fixture
def pending():
    user = UserFactory(username="ivanov@example.ru", email="ivanov@example.ru", first_name="Иван", last_name="Иванов")
    unit = MeteringUnitFactory(contract__abonent=user.abonent, contract__number="05 Т", unit_id="UU-1")
    return [
        ReadingFactory(
            unit=unit,
            submitted_by=user,
            status=Reading.PENDING,
            heat_gcal_total=Decimal("12500.403"),
            water_total=Decimal("3000.5"),
            hours_total=Decimal("41000.0"),
            heat_gcal=Decimal("125.403"),
            late=True,
            comment='Счетчик "после ремонта"; пломба',
        ),
        ReadingFactory(unit=unit, status=Reading.PENDING, period=datetime.date(2026, 9, 1)),
    ]


def test_the_file_is_named_for_the_day_utf8_bom_semicolons_russian_titles(tmp_path, pending):
    exported = readings_export(directory=tmp_path, now=NOW)
    assert exported.path == tmp_path / "readings_2026-11-05.csv" and exported.count == 2
    raw = exported.path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    lines = raw.decode("utf-8-sig").split("\r\n")
    assert lines[0] == TITLES
    assert lines[1].startswith(f"{pending[1].pk};UU-1;05 Т;2026,09;31.10.2026;1250,403;;;125,403;form;")
    assert lines[2] == (
        f"{pending[0].pk};UU-1;05 Т;2026,10;31.10.2026;12500,403;3000,500;41000,0;125,403;form;"
        '01.11.2026 12:00;Иван Иванов <ivanov@example.ru>;1;"Счетчик ""после ремонта""; пломба"'
    )
    assert lines[3:] == [""]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["readings_2026-11-05.csv"]


def test_each_reading_is_exported_once_and_a_rerun_writes_nothing(tmp_path, pending):
    readings_export(directory=tmp_path, now=NOW)
    assert set(Reading.objects.values_list("status", "export_file", "exported_at")) == {
        (Reading.SENT, "readings_2026-11-05.csv", NOW)
    }
    assert readings_export(directory=tmp_path, now=NOW) is None
    assert [p.name for p in tmp_path.iterdir()] == ["readings_2026-11-05.csv"]


def test_a_second_file_on_the_same_day_gets_a_suffix_and_overwrites_nothing(tmp_path, pending):
    first = readings_export(directory=tmp_path, now=NOW).path.read_bytes()
    later = ReadingFactory(unit=pending[0].unit, status=Reading.PENDING, period=datetime.date(2026, 8, 1))
    second = readings_export(directory=tmp_path, now=NOW)
    assert second.path.name == "readings_2026-11-05_2.csv" and second.count == 1
    assert (tmp_path / "readings_2026-11-05.csv").read_bytes() == first
    assert second.path.read_bytes().decode("utf-8-sig").split("\r\n")[1].startswith(f"{later.pk};")
    ReadingFactory(unit=pending[0].unit, status=Reading.PENDING, period=datetime.date(2026, 7, 1))
    assert readings_export(directory=tmp_path, now=NOW).path.name == "readings_2026-11-05_3.csv"


def test_a_failure_before_the_rename_leaves_no_file_and_no_reading_marked(tmp_path, pending, monkeypatch):
    def crash(source, target):
        assert source.name.endswith(".csv.part") and source.exists()  # the whole file was written as .part
        raise OSError("диск отключен")

    monkeypatch.setattr(module.os, "replace", crash)
    with pytest.raises(OSError):
        readings_export(directory=tmp_path, now=NOW)
    assert list(tmp_path.iterdir()) == []
    assert set(Reading.objects.values_list("status", "export_file", "exported_at")) == {(Reading.PENDING, "", None)}
    monkeypatch.undo()
    assert readings_export(directory=tmp_path, now=NOW).count == 2  # the next run sends them, once


def test_a_failure_while_writing_leaves_no_part(tmp_path, pending, monkeypatch):
    def broken(handle, readings):
        handle.write("Код показаний;")
        raise RuntimeError("сбой")

    monkeypatch.setattr(module, "readings_csv_write", broken)
    with pytest.raises(RuntimeError):
        readings_export(directory=tmp_path, now=NOW)
    assert list(tmp_path.iterdir()) == [] and not Reading.objects.exclude(status=Reading.PENDING).exists()


def test_only_pending_readings_are_exported(tmp_path, pending):
    answered = ReadingFactory(unit=pending[0].unit, status=Reading.ACCEPTED, period=datetime.date(2026, 6, 1))
    readings_export(directory=tmp_path, now=NOW)
    assert Reading.objects.get(pk=answered.pk).export_file == ""
    text = (tmp_path / "readings_2026-11-05.csv").read_bytes().decode("utf-8-sig")
    assert f"\r\n{answered.pk};" not in text


def test_the_file_its_ids_and_billings_answer_close_the_loop(tmp_path, pending):
    readings_export(directory=tmp_path, now=NOW)
    rows = (tmp_path / "readings_2026-11-05.csv").read_bytes().decode("utf-8-sig").split("\r\n")[1:-1]
    ids = [row.split(";")[0] for row in rows]
    answer = [["Код показаний", "Статус", "Причина"], *([i, "принято", ""] for i in ids)]
    answer_file = write_csv(tmp_path / "reading_statuses.csv", answer)
    run = billing_package_import(paths=[answer_file], source=ImportRun.SOURCE_COMMAND)
    assert run.status == ImportRun.OK, run.errors
    assert set(Reading.objects.values_list("status", flat=True)) == {Reading.ACCEPTED}


def test_the_command_writes_into_lk_export_dir(tmp_path, pending, settings):
    settings.LK_EXPORT_DIR = tmp_path / "export"
    out = io.StringIO()
    call_command("export_readings", stdout=out)
    assert "Выгружено показаний: 2" in out.getvalue()
    assert [p.name.startswith("readings_") for p in (tmp_path / "export").iterdir()] == [True]
    out = io.StringIO()
    call_command("export_readings", stdout=out)
    assert "Новых показаний для выгрузки нет" in out.getvalue()


def test_the_nightly_task_exports(tmp_path, pending, settings):
    from lk_portal.tasks.metering import readings_export_task

    settings.LK_EXPORT_DIR = tmp_path
    readings_export_task.call_local()
    assert Reading.objects.filter(status=Reading.SENT).count() == 2


def test_the_command_says_in_russian_when_the_folder_cannot_be_written(tmp_path, pending):
    from django.core.management.base import CommandError

    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(CommandError, match="Файл выгрузки не записан, показания остались невыгруженными"):
        call_command("export_readings", "--dir", str(blocker / "export"), stdout=io.StringIO())
    assert not Reading.objects.exclude(status=Reading.PENDING).exists()
