"""The admin upload of billing files, run by the worker (issue 12, item 6).

The web request only saves the files to a private folder (LK_IMPORT_UPLOAD_DIR, one folder per run)
and records a run «в очереди»; after the commit the worker's task imports them with the import's
lock, writing its progress (file, rows, rows/s) to `progress.json` beside them, which the admin page
reads while it refreshes. The files are removed once the run has ended. A long file no longer
runs inside a web request (gunicorn's 30 s).
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import time
from pathlib import Path

from django.conf import settings
from django.db import transaction

from lk_portal.models import ImportRun
from lk_portal.models.imports import ImportFileEntry

from .billing_import import billing_package_import
from .billing_lock import ImportBusy

__all__ = ["BUSY", "FileProgress", "progress_of", "queue_upload", "run_upload", "upload_folder"]

logger = logging.getLogger(__name__)

BUSY = "busy"
PROGRESS_FILE = "progress.json"


def upload_folder(run_pk: int) -> Path:
    return Path(settings.LK_IMPORT_UPLOAD_DIR) / f"run-{run_pk}"


def queue_upload(*, uploads, user, allow_mass_delete: bool = False, dry_run: bool = False) -> ImportRun:
    """Save the uploaded files and queue their import; the run, «в очереди»."""
    run = ImportRun.objects.create(
        source=ImportRun.SOURCE_UPLOAD,
        started_by=user,
        started_by_label=user.get_username()[:255],
        status=ImportRun.QUEUED,
        dry_run=dry_run,
    )
    folder = upload_folder(run.pk)
    shutil.rmtree(folder, ignore_errors=True)  # left by a run of the same number that was rolled back
    paths = []
    for index, upload in enumerate(uploads):
        target = folder / f"{index:03d}" / (Path(upload.name).name or f"file{index}")
        target.parent.mkdir(parents=True)
        with open(target, "wb") as sink:
            for chunk in upload.chunks():
                sink.write(chunk)
        paths.append(str(target))

    def enqueue() -> None:
        from lk_portal.tasks.imports import import_uploaded_files

        import_uploaded_files(run.pk, paths, allow_mass_delete, dry_run)

    transaction.on_commit(enqueue)
    return run


def run_upload(run_pk: int, paths: list[str], allow_mass_delete: bool, dry_run: bool) -> str | None:
    """Import a queued upload (the worker's task); BUSY when another import holds the lock (try later)."""
    run = ImportRun.objects.filter(pk=run_pk, status=ImportRun.QUEUED).first()
    if run is None:
        return None  # done already, or gone
    folder = upload_folder(run_pk)
    try:
        billing_package_import(
            paths=paths,
            source=ImportRun.SOURCE_UPLOAD,
            run=run,
            progress=FileProgress(folder / PROGRESS_FILE),
            allow_mass_delete=allow_mass_delete,
            dry_run=dry_run,
        )
    except ImportBusy as busy:
        logger.info("uploaded billing files of run %s wait: %s", run_pk, busy)
        return BUSY
    shutil.rmtree(folder, ignore_errors=True)
    return run.status


def progress_of(run: ImportRun) -> dict | None:
    """What the worker last wrote about a running upload: file, rows, rows_per_second; None if nothing yet."""
    try:
        return json.loads((upload_folder(run.pk) / PROGRESS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


class FileProgress:
    """The import's progress, written (at most once a second) where the web page reads it."""

    EVERY = 1.0

    def __init__(self, path: Path):
        self.path = path
        self.name = ""
        self.rows = self.files_done = 0
        self.file_started_at = time.monotonic()
        self.written_at = 0.0

    def file_started(self, name: str, kind: str, size: int) -> None:
        self.name, self.rows, self.file_started_at = name, 0, time.monotonic()
        self._write(force=True)

    def rows_read(self, count: int) -> None:
        self.rows += count
        self._write()

    def file_finished(self, result: ImportFileEntry) -> None:
        self.files_done += 1
        self._write(force=True)

    def _write(self, *, force: bool = False) -> None:
        now = time.monotonic()
        if not force and now - self.written_at < self.EVERY:
            return
        self.written_at = now
        elapsed = max(now - self.file_started_at, 1e-6)
        data = {
            "file": self.name,
            "rows": self.rows,
            "rows_per_second": round(self.rows / elapsed),
            "done": self.files_done,
        }
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            temporary = self.path.with_suffix(".tmp")
            temporary.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
            os.replace(temporary, self.path)
        except OSError:
            logger.warning("progress of the billing upload not written to %s", self.path, exc_info=True)
