"""One import at a time, with a lock that dies with its holder; a package is one transaction (issue 12, items 2, 3)."""

import fcntl
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection

from lk_portal.models import Abonent, Contract, ImportRun
from lk_portal.services.billing_drop import billing_drop_folder_import
from lk_portal.services.billing_import import billing_package_import
from lk_portal.services.billing_lock import ADVISORY_KEY, ImportBusy, import_lock
from lk_portal.tasks.imports import import_billing_drop_folder
from tests.factories import ContractFactory
from tests.lk_portal.exchange.helpers import GUIDE_PAYMENTS, guide_package, write_csv

REPO = Path(__file__).resolve().parents[3]


@contextmanager
def held_elsewhere():
    """The import lock held by someone else: another PostgreSQL session, or another open file (process)."""
    if connection.vendor == "postgresql":
        import psycopg

        db = settings.DATABASES["default"]
        other = psycopg.connect(
            dbname=db["NAME"], user=db["USER"], host=db["HOST"], port=db["PORT"] or 5432, password=db["PASSWORD"]
        )
        other.execute("SELECT pg_advisory_lock(%s)", [ADVISORY_KEY])
        try:
            yield
        finally:
            other.close()
    else:
        path = Path(settings.LK_IMPORT_LOCK_FILE)
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "w") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            yield


def _aged(path):
    past = time.time() - 3600
    os.utime(path, (past, past))
    return path


@pytest.mark.django_db
def test_while_another_holds_the_lock_nothing_starts_and_nothing_is_recorded(tmp_path, settings):
    ContractFactory(number="05 Т")
    settings.LK_IMPORT_DIR = drop = tmp_path / "import"
    settings.LK_IMPORT_MIN_AGE_SECONDS = 0
    drop.mkdir()
    path = _aged(write_csv(drop / "payments.csv", GUIDE_PAYMENTS))
    with held_elsewhere():
        with pytest.raises(CommandError, match="загрузка не начата: сейчас выполняется"):
            call_command("import_billing", str(path), "--no-progress")
        assert import_billing_drop_folder.call_local() is None
        assert path.exists()  # waits for the next night
        with pytest.raises(ImportBusy):
            billing_drop_folder_import(directory=drop, min_age_seconds=0)
    assert ImportRun.objects.count() == 0
    run = ImportRun.objects.get(pk=import_billing_drop_folder.call_local())
    assert run.status == ImportRun.OK and (drop / "done" / "payments.csv").exists()


@pytest.mark.django_db
def test_the_lock_is_reentrant_in_one_thread_and_free_after(tmp_path):
    with import_lock(), import_lock():
        pass
    with import_lock():
        pass


@pytest.mark.django_db
def test_a_run_left_running_is_marked_aborted_by_the_next(tmp_path):
    ContractFactory(number="05 Т")
    left = ImportRun.objects.create(source=ImportRun.SOURCE_DROP, status=ImportRun.RUNNING)
    run = billing_package_import(
        paths=[write_csv(tmp_path / "payments.csv", GUIDE_PAYMENTS)], source=ImportRun.SOURCE_COMMAND
    )
    assert run.status == ImportRun.OK
    left.refresh_from_db()
    assert left.status == ImportRun.ABORTED and left.get_status_display() == "прервана"
    assert left.finished_at is not None and "Загрузка прервана" in left.errors[-1]["text"]


@pytest.mark.django_db
def test_a_folder_is_one_transaction(tmp_path):
    folder = guide_package(tmp_path / "pkg")
    (folder / "contracts.csv").write_text("contract_no,inn\n05 Т,не ИНН\n", encoding="utf-8")
    run = billing_package_import(paths=[folder], source=ImportRun.SOURCE_COMMAND)
    assert run.status == ImportRun.FAILED
    assert Abonent.objects.count() == 0 and Contract.objects.count() == 0  # the abonents file before it too
    by_kind = {entry.kind: entry for entry in run.file_entries}
    assert by_kind["abonents"].status == "failed" and by_kind["abonents"].created == 0
    texts = [error["text"] for error in run.errors]
    assert any(
        "Файл «pkg/abonents.csv»: не записан: в том же пакете отклонен файл «pkg/contracts.csv»" in t for t in texts
    )
    assert any(t.startswith("Файл «pkg/payments_2015-04-17.csv»: не записан") for t in texts)  # never read
    fixed = guide_package(tmp_path / "pkg")
    assert billing_package_import(paths=[fixed], source=ImportRun.SOURCE_COMMAND).status == ImportRun.OK


@pytest.mark.django_db
def test_separate_files_of_one_run_stay_separate(tmp_path):
    ContractFactory(number="05 Т")
    good = write_csv(tmp_path / "payments_1.csv", GUIDE_PAYMENTS)
    bad = write_csv(tmp_path / "payments_2.csv", [GUIDE_PAYMENTS[0], ["P-1", "99 Х", "1", "17.04.15", "2015,04", "1"]])
    run = billing_package_import(paths=[good, bad], source=ImportRun.SOURCE_COMMAND)
    assert run.status == ImportRun.PARTIAL and [e.status for e in run.file_entries] == ["ok", "failed"]


# --- A killed importing process -----------------------------------------------------------------

SCRIPT = r"""
import json, os, sys, time
import django
django.setup()
from django.conf import settings
from pathlib import Path
drop, lock, marker, mode = sys.argv[1:5]
settings.LK_IMPORT_LOCK_FILE = Path(lock)
from lk_portal.services import billing_import
from lk_portal.services.billing_drop import billing_drop_folder_import
from lk_portal.services.billing_lock import ImportBusy
from lk_portal.models import ImportRun, Payment
if mode == "hang":
    real = billing_import._import_file
    def hanging(*args):
        outcome = real(*args)  # the file is written, its package's transaction still open
        Path(marker).write_text(outcome.entry.status)
        time.sleep(600)
    billing_import._import_file = hanging
    billing_drop_folder_import(directory=Path(drop), min_age_seconds=0)
else:
    for attempt in range(50):
        try:
            run = billing_drop_folder_import(directory=Path(drop), min_age_seconds=0)
            break
        except ImportBusy:
            time.sleep(0.2)
    runs = {r.pk: r.status for r in ImportRun.objects.all()}
    print(json.dumps({"run": run.pk, "status": run.status, "runs": runs, "payments": Payment.objects.count()}))
"""


def _database_url(tmp_path) -> str:
    """A database the subprocesses share with this test: the test database itself, or a copy of it in a file."""
    db = settings.DATABASES["default"]
    if connection.vendor == "postgresql":
        return f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"
    copy = tmp_path / "shared.sqlite3"
    connection.ensure_connection()
    target = sqlite3.connect(copy)
    connection.connection.backup(target)
    target.close()
    return f"sqlite:///{copy}"


def _child(tmp_path, drop, mode, url):
    script = tmp_path / "child.py"
    script.write_text(SCRIPT)
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "config.settings.test", "PYTHONPATH": str(REPO)}
    args = [sys.executable, str(script), str(drop), str(tmp_path / "child.lock"), str(tmp_path / "marker"), mode]
    return subprocess.Popen(args, cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


@pytest.mark.django_db(transaction=True)
def test_a_killed_import_leaves_no_lock_and_the_next_run_imports_its_file_once(tmp_path):
    ContractFactory(number="05 Т")
    drop = tmp_path / "import"
    drop.mkdir()
    path = _aged(write_csv(drop / "payments.csv", GUIDE_PAYMENTS))
    url = _database_url(tmp_path)
    hung = _child(tmp_path, drop, "hang", url)
    try:
        deadline = time.monotonic() + 120
        while not (tmp_path / "marker").exists():
            assert hung.poll() is None, hung.communicate()
            assert time.monotonic() < deadline, "the import never got to write"
            time.sleep(0.2)
        os.kill(hung.pid, signal.SIGKILL)  # kill -9 in the middle of the import
        hung.wait(timeout=30)
    finally:
        if hung.poll() is None:
            hung.kill()
    assert path.exists()  # not moved: nothing of it was committed
    following = _child(tmp_path, drop, "run", url)
    out, err = following.communicate(timeout=300)
    assert following.returncode == 0, err
    result = json.loads(out.strip().splitlines()[-1])
    assert result["status"] == ImportRun.OK and result["payments"] == 2  # imported once, whole
    left = [status for pk, status in result["runs"].items() if int(pk) != result["run"]]
    assert left == [ImportRun.ABORTED]
    assert (drop / "done" / "payments.csv").exists() and not path.exists()
