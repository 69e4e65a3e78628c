"""Importing billing files (billing-exchange.md): one service behind the command, the nightly
drop folder and the admin upload.

`billing_package_import` takes files, folders and .zip archives as one package (billing_package.py
lists its files in the contract's order: abonents … tariffs), applies each file whole in one
transaction or not at all, and records the run in ImportRun with an entry per file (counts, digest,
timing), every error and warning.

One file goes one way down: `_import_file` decides its route and its outcome; exchange/ reads and
checks it (for the COPY fast path, `open_fast_csv` and its converter; otherwise `read_file`'s typed
records); a writer writes it (billing_fast.copy_load, or the applier applier_for picks).
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
import os
import threading
import time
from collections.abc import Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from django.db import DatabaseError, transaction
from django.utils import timezone

from lk_portal.exchange.columns import FileKind
from lk_portal.exchange.fast_csv import NotFast, open_fast_csv
from lk_portal.exchange.kinds import KINDS
from lk_portal.exchange.problems import FileRefused, Problem
from lk_portal.exchange.readers import read_file
from lk_portal.models import ImportRun
from lk_portal.models.imports import ImportFileEntry

from . import billing_fast
from .billing_apply import applier_for
from .billing_lookups import Lookups
from .billing_package import PackageFile, package_files
from .billing_spec import Counts
from .notifications import ImportNotices

__all__ = ["ImportProgress", "billing_package_import", "sha256_of"]

logger = logging.getLogger(__name__)

MAX_STORED_PROBLEMS = 1000  # per file; the count is always complete
PROGRESS_EVERY = 5000
INTERNAL_ERROR = {
    "file": "",
    "row": None,
    "column": None,
    "value": None,
    "message": "внутренняя ошибка импорта; см. журнал сервера",
    "text": "Внутренняя ошибка импорта; см. журнал сервера",
}


class ImportProgress(Protocol):
    def file_started(self, name: str, kind: str, size: int) -> None: ...

    def rows_read(self, count: int) -> None: ...

    def file_finished(self, result: ImportFileEntry) -> None: ...


@dataclass
class _FileOutcome:
    """What became of one file: its entry, and the problems and warnings for the run."""

    entry: ImportFileEntry
    problems: list[Problem] = field(default_factory=list)  # the first MAX_STORED_PROBLEMS of the rows', and the file's
    warnings: list[str] = field(default_factory=list)
    rows: int = 0  # rows read so far, also when an exception ends the file
    errors: int = 0  # wrong rows (and the file's own refusal), all counted

    def refuse(self, message: str) -> None:
        self.problems.append(Problem(self.entry.name, None, None, None, message))
        self.errors += 1

    def reject_row(self, problems: list[Problem]) -> None:
        self.errors += 1
        room = MAX_STORED_PROBLEMS - len(self.problems)
        if room > 0:
            self.problems.extend(problems[:room])

    def no_rows(self) -> None:
        self.warnings.append(f"Файл «{self.entry.name}»: в файле нет строк с данными")


class _Refused(Exception):
    """Raised inside the file's transaction to roll it back after every row was checked."""


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(1024 * 1024):
            digest.update(chunk)
    return digest.hexdigest()


def _idle_sha256_of(path: Path) -> str:
    """sha256_of in a thread of the lowest priority (Linux: this thread only), on the CPU the import leaves idle."""
    try:
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 19)
    except (AttributeError, OSError):
        pass
    return sha256_of(path)


def _digest_beside(path: Path) -> Future:
    """The file's digest (for the history), made beside the import: hashlib lets go of the GIL."""
    hashing = ThreadPoolExecutor(max_workers=1)
    digest = hashing.submit(_idle_sha256_of, path)
    hashing.shutdown(wait=False)
    return digest


# --- One file ----------------------------------------------------------------------------------


def _import_file(item: PackageFile, progress: ImportProgress | None) -> _FileOutcome:
    """Import one file of the package whole or not at all; the one place its outcome is decided."""
    started = time.monotonic()
    kind = KINDS[item.kind] if item.kind else None
    entry = ImportFileEntry(item.name, item.origin, kind=item.kind or "", kind_title=kind.title if kind else "")
    outcome = _FileOutcome(entry)
    if item.refusal:
        outcome.refuse(item.refusal)
        entry.errors = outcome.errors
        return outcome
    assert item.path is not None and kind is not None
    digest = _digest_beside(item.path)
    entry.size = item.path.stat().st_size
    if progress:
        progress.file_started(item.name, item.kind, entry.size)
    counts = _apply_whole(item.path, kind, outcome, progress)
    if progress and outcome.rows % PROGRESS_EVERY:
        progress.rows_read(outcome.rows % PROGRESS_EVERY)
    if outcome.errors > len(outcome.problems):
        more = outcome.errors - len(outcome.problems)
        outcome.problems.append(Problem(item.name, None, None, None, f"и еще ошибок: {more} (показаны первые)"))
    entry.sha256 = digest.result()
    entry.rows, entry.errors, entry.warnings = outcome.rows, outcome.errors, len(outcome.warnings)
    if not outcome.errors:
        entry.status = ImportFileEntry.OK
        entry.count(**dataclasses.asdict(counts))
    entry.seconds = round(time.monotonic() - started, 3)
    if progress:
        progress.file_finished(entry)
    return outcome


def _apply_whole(path: Path, kind: FileKind, outcome: _FileOutcome, progress) -> Counts | None:
    """Write the file in its own transaction; None (and nothing written) when it is refused."""
    try:
        with transaction.atomic():
            counts = _copy_fast(path, kind, outcome, progress)
            return counts if counts is not None else _read_and_apply(path, kind, outcome, progress)
    except _Refused:
        pass
    except FileRefused as refusal:
        outcome.refuse(str(refusal))
    except DatabaseError as error:
        logger.exception("billing import of %s failed in the database", outcome.entry.name)
        outcome.refuse(f"база данных не приняла файл, ничего не записано: {error}".strip())
    return None


def _copy_fast(path: Path, kind: FileKind, outcome: _FileOutcome, progress) -> Counts | None:
    """The COPY fast path, when the file suits it; None: the Python path is to read it."""
    if not billing_fast.suits(kind, path):
        return None
    name = outcome.entry.name
    try:
        source = open_fast_csv(path, kind=kind, name=name)
        rows, counts = billing_fast.copy_load(source)
    except NotFast as reason:
        logger.info("billing import of %s: fast path not taken (%s)", name, reason)
        return None
    logger.info("billing import of %s: fast path, %s rows", name, rows)
    outcome.warnings.extend(source.table.warnings)
    outcome.rows = rows
    outcome.entry.fast_path = True
    if progress and rows >= PROGRESS_EVERY:
        progress.rows_read(rows - rows % PROGRESS_EVERY)  # the rest is reported with the file's end
    if rows == 0:
        outcome.no_rows()
    return counts


def _read_and_apply(path: Path, kind: FileKind, outcome: _FileOutcome, progress) -> Counts:
    """The Python path: read and check every cell, apply through an applier; raises _Refused on errors."""
    table, records = read_file(path, kind=kind, name=outcome.entry.name)
    outcome.warnings.extend(table.warnings)
    applier = applier_for(table, Lookups())
    applier.expected_rows = outcome.entry.size // 120  # a payments row is 150–250 bytes
    with applier:
        for number, record, problems in records:
            outcome.rows += 1
            if not problems:
                problem = applier.add(number, record)
                problems = [problem] if problem else problems
            if problems:
                applier.failed = True
                outcome.reject_row(problems)
            if progress and outcome.rows % PROGRESS_EVERY == 0:
                progress.rows_read(PROGRESS_EVERY)
    if outcome.rows == 0:
        outcome.no_rows()
    if outcome.errors:
        raise _Refused
    return applier.finish()


# --- One run -----------------------------------------------------------------------------------


def billing_package_import(
    *,
    paths: Iterable[Path | str],
    source: str,
    started_by=None,
    started_by_label: str = "",
    progress: ImportProgress | None = None,
) -> ImportRun:
    """Import files, folders and .zip packages as one package; return the recorded run."""
    paths = [Path(p) for p in paths]
    if not started_by_label:
        started_by_label = str(started_by) if started_by else dict(ImportRun.SOURCES)[source]
    run = ImportRun.objects.create(source=source, started_by=started_by, started_by_label=started_by_label[:255])
    started = time.monotonic()
    notices = ImportNotices.start()  # notifications of what this run adds (services/notifications.py)
    entries, errors, warnings = [], [], []
    try:
        with ExitStack() as stack:
            for item in package_files(paths, stack):
                outcome = _import_file(item, progress)
                entries.append(outcome.entry)
                errors.extend({**problem.as_dict(), "origin": item.origin} for problem in outcome.problems)
                warnings.extend({"file": item.name, "text": text} for text in outcome.warnings)
    except Exception:
        logger.exception("billing import run %s crashed", run.pk)
        errors.append(INTERNAL_ERROR)
        raise
    finally:
        run.status = _run_status(entries, errors)
        run.file_entries = entries
        run.errors = errors
        run.warnings = warnings
        run.rows_total = sum(entry.rows for entry in entries)
        run.finished_at = timezone.now()
        run.duration_seconds = round(time.monotonic() - started, 3)
        run.save()
    notices.finish(run)
    return run


def _run_status(entries: list[ImportFileEntry], errors: list) -> str:
    statuses = {entry.status for entry in entries}
    if errors and statuses == {ImportFileEntry.OK}:
        return ImportRun.PARTIAL
    if statuses == {ImportFileEntry.OK}:
        return ImportRun.OK
    return ImportRun.PARTIAL if ImportFileEntry.OK in statuses else ImportRun.FAILED
