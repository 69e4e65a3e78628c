"""Import of `reading_statuses` (billing-exchange.md): billing's answer on the readings the portal sent."""

import io
import os
import time
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from lk_portal.models import ImportRun, Notification, OutgoingLetter, Reading
from lk_portal.models.notifications import NotificationSettings
from lk_portal.services.billing_drop import billing_drop_folder_import
from lk_portal.services.billing_import import billing_package_import
from tests.factories import MeteringUnitFactory, ReadingFactory, UserFactory
from tests.lk_portal.exchange.helpers import write_csv, write_xlsx

pytestmark = pytest.mark.django_db

TITLES = ["Код показаний", "Статус", "Причина", "Принято к расчету, Гкал"]


@pytest.fixture
def submitter():
    return UserFactory(username="engineer@example.ru", email="engineer@example.ru", role="engineer")


@pytest.fixture
def readings(submitter):
    unit = MeteringUnitFactory(contract__abonent=submitter.abonent, unit_id="U-1")
    return [
        ReadingFactory(unit=unit, submitted_by=submitter),
        ReadingFactory(unit=unit, submitted_by=submitter, period="2026-09-01"),
    ]


def _import(*paths):
    return billing_package_import(paths=paths, source=ImportRun.SOURCE_COMMAND)


def _file(tmp_path, rows, name="reading_statuses.csv", titles=TITLES, **kw):
    return write_csv(tmp_path / name, [titles, *rows], **kw)


def _state():
    return sorted(Reading.objects.values_list("pk", "status", "reason", "billed_gcal", "status_at"))


def test_statuses_land_and_the_submitter_is_told(tmp_path, readings, submitter):
    first, second = readings
    rows = [[first.pk, "принято", "", "125,403"], [second.pk, "rejected", "Показания ниже прошлых принятых", ""]]
    run = _import(_file(tmp_path, rows, encoding="cp1251"))
    assert run.status == ImportRun.OK, run.errors
    assert (run.files[0]["kind"], run.files[0]["updated"]) == ("reading_statuses", 2)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, first.billed_gcal, first.status_at is not None) == ("accepted", Decimal("125.403"), True)
    assert (second.status, second.reason) == ("rejected", "Показания ниже прошлых принятых")
    told = {n.title: n for n in Notification.objects.filter(user=submitter, kind="reading_status")}
    assert set(told) == {"Показания приняты: U-1, 2026,10", "Показания отклонены: U-1, 2026,09"}
    assert "Принято к расчету: 125,403 Гкал." in told["Показания приняты: U-1, 2026,10"].text
    assert "Причина: Показания ниже прошлых принятых" in told["Показания отклонены: U-1, 2026,09"].text
    assert told["Показания приняты: U-1, 2026,10"].link == f"/lk/metering/{first.unit_id}/"
    # by e-mail too: the member did not opt out of letters (the default is a letter for each)
    assert OutgoingLetter.objects.filter(recipient="engineer@example.ru", kind="notification").count() == 2


def test_the_same_file_twice_changes_nothing_and_tells_nothing_more(tmp_path, readings, submitter):
    rows = [[readings[0].pk, "accepted", "", "125,403"]]
    _import(_file(tmp_path, rows))
    before, told = _state(), Notification.objects.count()
    run = _import(_file(tmp_path, rows))
    assert run.status == ImportRun.OK
    assert (run.files[0]["updated"], run.files[0]["unchanged"]) == (0, 1)
    assert _state() == before and Notification.objects.count() == told == 1


def test_a_changed_answer_is_applied_and_told_again(tmp_path, readings, submitter):
    _import(_file(tmp_path, [[readings[0].pk, "accepted", "", "125,403"]]))
    run = _import(_file(tmp_path, [[readings[0].pk, "отклонено", "Неверный заводской номер", ""]]))
    assert run.status == ImportRun.OK, run.errors
    readings[0].refresh_from_db()
    assert (readings[0].status, readings[0].reason, readings[0].billed_gcal) == (
        "rejected",
        "Неверный заводской номер",
        None,
    )
    assert Notification.objects.filter(kind="reading_status").count() == 2


def test_a_kind_switched_off_is_not_told(tmp_path, readings, submitter):
    NotificationSettings.objects.create(user=submitter, kinds_off=["reading_status"])
    run = _import(_file(tmp_path, [[readings[0].pk, "accepted", "", ""]]))
    assert run.status == ImportRun.OK
    assert not Notification.objects.exists() and not OutgoingLetter.objects.exists()


@pytest.mark.parametrize(
    ("row", "column", "reason"),
    [
        (["999999", "accepted", "", ""], "Код показаний", "показания с таким кодом не найдены на портале"),
        (["абв", "accepted", "", ""], "Код показаний", "ожидается код показаний"),
        (["{pk}", "оценка", "", ""], "Статус", "ожидается accepted (принято) или rejected (отклонено)"),
        (["{pk}", "rejected", "", ""], "Причина", "укажите причину"),
        (["{pk}", "accepted", "", "-1"], "Принято к расчету, Гкал", "не меньше нуля"),
        (["{pk}", "", "", ""], "Статус", "обязательное значение не заполнено"),
        (["{other}", "accepted", "", ""], "Код показаний", "этот ключ уже был в строке 2"),
    ],
)
def test_a_wrong_row_refuses_the_whole_file(tmp_path, readings, row, column, reason):
    first, second = readings
    row = [cell.format(pk=second.pk, other=first.pk) for cell in row]
    before = _state()
    run = _import(_file(tmp_path, [[first.pk, "accepted", "", "1"], row]))
    assert run.status == ImportRun.FAILED
    (error,) = run.errors
    assert (error["row"], error["column"]) == (3, column) and reason in error["message"], error
    assert _state() == before and not Notification.objects.exists()


def test_a_reading_not_yet_exported_is_refused_naming_its_row(tmp_path, readings):
    pending = ReadingFactory(unit=readings[0].unit, status=Reading.PENDING, period="2026-11-01")
    run = _import(_file(tmp_path, [[readings[0].pk, "accepted", "", ""], [pending.pk, "accepted", "", ""]]))
    assert run.status == ImportRun.FAILED
    (error,) = run.errors
    assert error["row"] == 3 and error["value"] == str(pending.pk)
    assert "еще не выгружались в биллинг (статус «ожидает передачи»)" in error["message"]
    assert Reading.objects.get(pk=readings[0].pk).status == Reading.SENT  # whole or nothing


def test_every_wrong_row_is_reported(tmp_path, readings):
    rows = [[1_000_001, "accepted", "", ""], [readings[0].pk, "rejected", "", ""], [1_000_002, "accepted", "", ""]]
    run = _import(_file(tmp_path, rows))
    assert [e["row"] for e in run.errors] == [3, 2, 4]  # checks of a row's cells first, then those against the table


def test_english_keys_xlsx_and_numbers_as_cells(tmp_path, readings):
    rows = [["reading_id", "status", "reason", "billed_gcal"], [readings[0].pk, "Accepted", None, 99.5]]
    run = _import(write_xlsx(tmp_path / "Reading_statuses.xlsx", rows))
    assert run.status == ImportRun.OK, run.errors
    assert Reading.objects.get(pk=readings[0].pk).billed_gcal == Decimal("99.500")


def test_the_missing_status_column_refuses_the_file(tmp_path, readings):
    run = _import(_file(tmp_path, [[readings[0].pk]], titles=["Код показаний"]))
    assert run.status == ImportRun.FAILED and "Статус" in str(run.errors)


def test_a_deleted_column_is_no_column_of_this_kind(tmp_path, readings):
    run = _import(_file(tmp_path, [[readings[0].pk, "accepted", "1"]], titles=["Код показаний", "Статус", "deleted"]))
    assert run.status == ImportRun.OK
    assert "deleted" in str(run.warnings)  # an unknown column, ignored with a warning
    assert Reading.objects.filter(pk=readings[0].pk).exists()


def test_the_command_imports_statuses(tmp_path, readings):
    out = io.StringIO()
    call_command("import_billing", str(_file(tmp_path, [[readings[0].pk, "accepted", "", ""]])), stdout=out)
    assert "reading_statuses.csv: загружен" in out.getvalue()
    assert Reading.objects.get(pk=readings[0].pk).status == Reading.ACCEPTED


def test_the_drop_folder_imports_statuses(tmp_path, readings):
    drop = tmp_path / "import"
    drop.mkdir()
    path = _file(drop, [[readings[0].pk, "accepted", "", ""]], name="reading_statuses_2026-11-05.csv")
    past = time.time() - 3600
    os.utime(path, (past, past))
    run = billing_drop_folder_import(directory=drop, min_age_seconds=60)
    assert run.source == ImportRun.SOURCE_DROP and run.status == ImportRun.OK, run.errors
    assert Reading.objects.get(pk=readings[0].pk).status == Reading.ACCEPTED


def test_the_admin_upload_imports_statuses(client, tmp_path, readings, monkeypatch):
    monkeypatch.setattr("lk_portal.services.billing_upload.transaction.on_commit", lambda function, **kw: function())
    client.force_login(UserFactory(abonent=None, username="operator", is_staff=True, is_superuser=True))
    path = _file(tmp_path, [[readings[1].pk, "rejected", "Нет пломбы", ""]])
    response = client.post(
        reverse("lk_billing_import_upload"), {"files": [SimpleUploadedFile(path.name, path.read_bytes())]}, follow=True
    )
    assert response.status_code == 200
    assert ImportRun.objects.get().status == ImportRun.OK
    assert Reading.objects.get(pk=readings[1].pk).reason == "Нет пломбы"
