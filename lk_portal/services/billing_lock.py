"""One billing import at a time, with a lock that dies with the process holding it.

The nightly drop folder, the admin upload (in the worker) and `manage.py import_billing` exclude each
other. On PostgreSQL the lock is a session advisory lock held by the importing connection itself: when
the process dies (kill -9 included) its connection closes and the server lets the lock go. On SQLite
(one host) it is an `flock` on a file beside the database, which the kernel releases with the process.
Taken reentrantly within a thread (the drop folder holds it around the package import it starts).

Whoever takes the lock first marks the runs a dead process left «выполняется» as «прервана»: while
the lock is free, no run can be going on. Their files were rolled back, so the next run imports them.
"""

from __future__ import annotations

import fcntl
import logging
import os
import threading
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.utils import timezone

from lk_portal.models import ImportRun

__all__ = ["ADVISORY_KEY", "ImportBusy", "import_lock", "mark_abandoned_runs"]

logger = logging.getLogger(__name__)

ADVISORY_KEY = 0x4C4B_494D  # 'LKIM': the billing import's advisory lock
ABANDONED = "загрузка прервана: процесс, который ее выполнял, остановлен; ничего из ее незаконченных файлов не записано"

_local = threading.local()


class ImportBusy(Exception):
    """Another billing import is running; the message says which, in Russian."""


def _busy_message() -> str:
    running = ImportRun.objects.filter(status=ImportRun.RUNNING).order_by("-started_at").first()
    if running is None:
        return "сейчас выполняется другая загрузка из биллинга; повторите, когда она закончится"
    started = timezone.localtime(running.started_at)
    return (
        f"сейчас выполняется загрузка № {running.pk} ({running.get_source_display()}, начата "
        f"{started:%d.%m.%Y %H:%M}); повторите, когда она закончится"
    )


class _AdvisoryLock:
    def acquire(self) -> bool:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [ADVISORY_KEY])
            return bool(cursor.fetchone()[0])

    def release(self) -> None:
        if connection.connection is None:
            return  # the connection is gone, and the lock with it
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [ADVISORY_KEY])


class _FileLock:
    def __init__(self, path: Path):
        self.path = path
        self.fd: int | None = None

    def acquire(self) -> bool:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            return False
        self.fd = fd
        return True

    def release(self) -> None:
        if self.fd is not None:
            fcntl.flock(self.fd, fcntl.LOCK_UN)
            os.close(self.fd)
            self.fd = None


def _lock():
    if connection.vendor == "postgresql":
        return _AdvisoryLock()
    return _FileLock(Path(settings.LK_IMPORT_LOCK_FILE))


@contextmanager
def import_lock():
    """Hold the import lock for the block; ImportBusy when another process (or thread) holds it."""
    depth = getattr(_local, "depth", 0)
    if depth:
        _local.depth = depth + 1
        try:
            yield
        finally:
            _local.depth -= 1
        return
    lock = _lock()
    if not lock.acquire():
        raise ImportBusy(_busy_message())
    _local.depth = 1
    try:
        mark_abandoned_runs()
        yield
    finally:
        _local.depth = 0
        lock.release()


def mark_abandoned_runs() -> int:
    """Runs left «выполняется» (their process died) become «прервана»; call only while holding the lock."""
    abandoned = list(ImportRun.objects.filter(status=ImportRun.RUNNING))
    for run in abandoned:
        logger.warning("billing import run %s was left running by a dead process: marked aborted", run.pk)
        run.status = ImportRun.ABORTED
        run.finished_at = timezone.now()
        run.errors = [*run.errors, _abandoned_error()]
        run.save(update_fields=["status", "finished_at", "errors"])
    return len(abandoned)


def _abandoned_error() -> dict:
    return {
        "file": "",
        "row": None,
        "column": None,
        "value": None,
        "message": ABANDONED,
        "text": ABANDONED.capitalize(),
    }
