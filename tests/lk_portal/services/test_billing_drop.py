"""The nightly drop folder (lk_portal/services/billing_drop.py)."""

import os
import time

import pytest

from lk_portal.models import ImportRun, Payment
from lk_portal.services.billing_drop import billing_drop_folder_import
from tests.factories import ContractFactory
from tests.lk_portal.exchange.helpers import GUIDE_PAYMENTS, write_csv

pytestmark = pytest.mark.django_db


def _age(path, seconds=3600):
    past = time.time() - seconds
    os.utime(path, (past, past))
    return path


@pytest.fixture
def drop(tmp_path):
    folder = tmp_path / "import"
    folder.mkdir()
    return folder


def _run(drop):
    return billing_drop_folder_import(directory=drop, min_age_seconds=60)


def test_good_file_goes_to_done_bad_to_failed_with_a_report(drop):
    ContractFactory(number="05 Т")
    _age(write_csv(drop / "payments_2015-04-17.csv", GUIDE_PAYMENTS, encoding="cp1251"))
    bad = [GUIDE_PAYMENTS[0], ["P-1", "99 Х", "1", "17.04.15", "2015,04", "1,00", "Аванс", ""]]
    _age(write_csv(drop / "payments_bad.csv", bad))
    run = _run(drop)
    assert run.source == ImportRun.SOURCE_DROP and run.status == ImportRun.PARTIAL
    assert sorted(p.name for p in drop.iterdir() if p.is_file()) == []
    assert (drop / "done" / "payments_2015-04-17.csv").exists()
    assert (drop / "failed" / "payments_bad.csv").exists()
    report = (drop / "failed" / "payments_bad.csv.errors.txt").read_text(encoding="utf-8")
    assert "строка 2, столбец «№ договора», значение «99 Х»: договор с таким номером не найден" in report
    assert Payment.objects.count() == 2


def test_the_same_file_dropped_again_is_not_imported_twice(drop):
    ContractFactory(number="05 Т")
    _age(write_csv(drop / "payments.csv", GUIDE_PAYMENTS))
    _run(drop)
    Payment.objects.filter(external_id="P-86").update(amount=1)  # a later file changed it
    _age(write_csv(drop / "payments.csv", GUIDE_PAYMENTS))
    run = _run(drop)
    assert run.files[0]["status"] == "duplicate" and "уже был загружен ранее" in run.warnings[0]["text"]
    assert Payment.objects.get(external_id="P-86").amount == 1
    done = sorted(p.name for p in (drop / "done").iterdir())
    assert len(done) == 2 and "payments.csv" in done  # never overwritten, never lost


def test_half_copied_files_are_left_alone(drop):
    ContractFactory(number="05 Т")
    write_csv(drop / "payments_fresh.csv", GUIDE_PAYMENTS)  # still being written: modified just now
    _age(write_csv(drop / "payments.csv.part", GUIDE_PAYMENTS))
    _age(write_csv(drop / "payments.tmp", GUIDE_PAYMENTS))
    _age(write_csv(drop / ".payments.csv", GUIDE_PAYMENTS))
    assert _run(drop) is None
    assert sorted(p.name for p in drop.iterdir()) == [
        ".payments.csv",
        "payments.csv.part",
        "payments.tmp",
        "payments_fresh.csv",
    ]
    assert Payment.objects.count() == 0


def test_a_file_left_behind_after_a_crash_is_moved_not_reimported(drop):
    ContractFactory(number="05 Т")
    path = _age(write_csv(drop / "payments.csv", GUIDE_PAYMENTS))
    content = path.read_bytes()
    _run(drop)
    # The worker died after the commit and before the move: the file is back in the folder.
    path.write_bytes(content)
    _age(path)
    run = _run(drop)
    assert run.files[0]["status"] == "duplicate"
    assert not path.exists()


def test_empty_or_missing_folder_does_nothing(drop, tmp_path):
    assert billing_drop_folder_import(directory=drop) is None
    assert billing_drop_folder_import(directory=tmp_path / "nowhere") is None
    assert not ImportRun.objects.exists()
