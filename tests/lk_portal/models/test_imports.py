"""The record of an import run and its typed file entries (lk_portal/models/imports.py)."""

import pytest

from lk_portal.models import ImportRun
from lk_portal.models.imports import ImportFileEntry


def test_an_entry_writes_its_optional_keys_only_when_they_say_something():
    entry = ImportFileEntry("payments.csv", "/drop/payments.csv", kind="payments", kind_title="оплаты")
    assert entry.to_json() == {
        "name": "payments.csv",
        "origin": "/drop/payments.csv",
        "kind": "payments",
        "kind_title": "оплаты",
        "status": "failed",
        "rows": 0,
        "created": 0,
        "updated": 0,
        "deleted": 0,
        "unchanged": 0,
        "errors": 0,
        "warnings": 0,
        "sha256": "",
        "seconds": 0.0,
    }
    entry.size, entry.fast_path, entry.origin_sha256 = 120, True, "ab"
    assert list(entry.to_json())[-3:] == ["size", "fast_path", "origin_sha256"]


def test_an_entry_reads_back_what_it_wrote_and_ignores_keys_it_does_not_know():
    entry = ImportFileEntry("a.csv", "a.csv", status=ImportFileEntry.OK, rows=2, size=10, fast_path=True)
    entry.count(created=1, updated=1, deleted=0, unchanged=0)
    assert ImportFileEntry.from_json(entry.to_json()) == entry
    assert ImportFileEntry.from_json({"name": "b.csv", "later": 1}) == ImportFileEntry("b.csv", "")


@pytest.mark.django_db
def test_a_runs_files_are_written_and_read_as_entries():
    run = ImportRun.objects.create(source=ImportRun.SOURCE_COMMAND)
    run.file_entries = [ImportFileEntry("a.csv", "a.csv", status=ImportFileEntry.DUPLICATE, warnings=1)]
    run.save()
    run.refresh_from_db()
    assert run.files[0]["status"] == "duplicate" and run.file_entries[0].warnings == 1
