"""The nightly import task (lk_portal/tasks/imports.py)."""

import datetime
import os
import time

import pytest
from huey.contrib.djhuey import HUEY

from lk_portal.models import ImportRun
from lk_portal.tasks.imports import import_billing_drop_folder
from tests.factories import ContractFactory
from tests.lk_portal.exchange.helpers import GUIDE_PAYMENTS, write_csv


def test_runs_nightly_at_two_moscow_time():
    assert HUEY.utc is False
    task = import_billing_drop_folder.s()
    assert task.validate_datetime(datetime.datetime(2015, 4, 17, 2, 0))
    assert not task.validate_datetime(datetime.datetime(2015, 4, 17, 23, 0))
    due = [task.name for task in HUEY.read_periodic(datetime.datetime(2015, 4, 17, 2, 0))]
    assert "import_billing_drop_folder" in due


@pytest.mark.django_db
def test_imports_the_settings_folder_and_returns_the_runs_id(settings, tmp_path):
    settings.LK_IMPORT_DIR = tmp_path
    settings.LK_IMPORT_MIN_AGE_SECONDS = 60
    assert import_billing_drop_folder.call_local() is None  # nothing there
    ContractFactory(number="05 Т")
    path = write_csv(tmp_path / "payments.csv", GUIDE_PAYMENTS)
    assert import_billing_drop_folder.call_local() is None  # too fresh: perhaps still being written
    past = time.time() - 3600
    os.utime(path, (past, past))
    run = ImportRun.objects.get(pk=import_billing_drop_folder.call_local())
    assert run.source == ImportRun.SOURCE_DROP and run.status == ImportRun.OK
    assert (tmp_path / "done" / "payments.csv").exists()
