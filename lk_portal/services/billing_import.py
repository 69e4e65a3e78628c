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
from contextlib import ExitStack, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from django.db import DatabaseError, transaction
from django.utils import timezone

from lk_portal.exchange.columns import FileKind
from lk_portal.exchange.fast_csv import NotFast, open_fast_csv
from lk_portal.exchange.kinds import KINDS
from lk_portal.exchange.limits import current_limits, megabytes, number
from lk_portal.exchange.problems import FileRefused, Problem
from lk_portal.exchange.readers import read_file
from lk_portal.models import ImportRun
from lk_portal.models.imports import ImportFileEntry

from . import billing_fast
from .billing_apply import applier_for
from .billing_deletes import watching
from .billing_lock import import_lock
from .billing_lookups import Lookups
from .billing_package import PackageFile, internal_error_text, package_files
from .billing_spec import Counts
from .header_cache import BILLING, DEBT, SCOPE, header_changed
from .notifications import ImportNotices

__all__ = ["ImportProgress", "billing_package_import", "internal_error", "sha256_of"]

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
    digest: Future | None = None

    @property
    def warning_count(self) -> int:
        return len(self.warnings)

    def cap_warnings(self, limit: int) -> None:
        """Keep the first `limit` warnings, and one that counts the rest."""
        if len(self.warnings) > limit:
            more = len(self.warnings) - limit
            self.warnings[limit:] = [f"Файл «{self.entry.name}»: и еще предупреждений: {more} (показаны первые)"]

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


@dataclass(frozen=True)
class _Options:
    """How a run writes: `allow_mass_delete` (confirmed by a person); `dry_run` rolls everything back."""

    allow_mass_delete: bool = False
    dry_run: bool = False

    @property
    def delete_verb(self) -> str:
        return "будет удалено" if self.dry_run else "удалено"


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


def _import_file(item: PackageFile, progress: ImportProgress | None, options: _Options) -> _FileOutcome:
    """Import one file of the package whole or not at all; the one place its outcome is decided.

    Whatever the file holds, this returns its outcome: an exception no check foresaw ends this
    file only (logged with its traceback, reported as an internal error with the file's name).
    """
    started = time.monotonic()
    kind = KINDS[item.kind] if item.kind else None
    entry = ImportFileEntry(item.name, item.origin, kind=item.kind or "", kind_title=kind.title if kind else "")
    outcome = _FileOutcome(entry)
    if item.refusal:
        outcome.refuse(item.refusal)
        entry.errors = outcome.errors
        return outcome
    assert item.path is not None and kind is not None
    try:
        counts = _checked_import(item, kind, outcome, progress, options)
    except Exception:
        logger.exception("billing import of %s failed unexpectedly", item.name)
        outcome.refuse(internal_error(item.name))
        counts = None
    _finish(item, outcome, counts, started, progress)
    return outcome


internal_error = internal_error_text


def _checked_import(item: PackageFile, kind: FileKind, outcome: _FileOutcome, progress, options) -> Counts | None:
    entry, limits = outcome.entry, current_limits()
    entry.size = item.path.stat().st_size
    if entry.size > limits.file_bytes:
        outcome.refuse(f"файл размером {megabytes(entry.size)} больше допустимого ({megabytes(limits.file_bytes)})")
        return None
    outcome.digest = _digest_beside(item.path)
    if progress:
        progress.file_started(item.name, item.kind, entry.size)
    return _apply_whole(item.path, kind, outcome, progress, options)


def _finish(item: PackageFile, outcome: _FileOutcome, counts: Counts | None, started: float, progress) -> None:
    entry = outcome.entry
    if progress and outcome.rows % PROGRESS_EVERY:
        progress.rows_read(outcome.rows % PROGRESS_EVERY)
    if outcome.errors > len(outcome.problems):
        more = outcome.errors - len(outcome.problems)
        outcome.problems.append(Problem(item.name, None, None, None, f"и еще ошибок: {more} (показаны первые)"))
    if outcome.digest is not None:
        try:
            entry.sha256 = outcome.digest.result()
        except OSError:
            logger.exception("billing import of %s: no digest", item.name)
    entry.rows, entry.errors, entry.warnings = outcome.rows, outcome.errors, outcome.warning_count
    outcome.cap_warnings(current_limits().warnings)
    if not outcome.errors and counts is not None:
        entry.status = ImportFileEntry.OK
        entry.count(**dataclasses.asdict(counts))
    entry.seconds = round(time.monotonic() - started, 3)
    if progress:
        progress.file_finished(entry)


def _apply_whole(path: Path, kind: FileKind, outcome: _FileOutcome, progress, options: _Options) -> Counts | None:
    """Write the file in its own transaction; None (and nothing written) when it is refused.

    What it deletes (cascades included) is counted; too much, unconfirmed, refuses the file.
    """
    try:
        with transaction.atomic(), watching() as deletes:
            counts = _copy_fast(path, kind, outcome, progress)
            counts = counts if counts is not None else _read_and_apply(path, kind, outcome, progress)
            refusal = None if options.allow_mass_delete else deletes.refusal()
            if refusal:
                raise FileRefused(refusal)
            if deletes:
                outcome.warnings.append(f"Файл «{outcome.entry.name}»: {deletes.summary(options.delete_verb)}")
            return counts
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
    limit = current_limits().rows
    if rows > limit:
        raise FileRefused(f"в файле больше {number(limit)} строк данных")  # rolled back with the file
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
    for problem in applier.late_problems():
        outcome.reject_row([problem])
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
    origin_hashes: dict[str, str] | None = None,
    allow_mass_delete: bool = False,
    dry_run: bool = False,
    run: ImportRun | None = None,
) -> ImportRun:
    """Import files, folders and .zip packages; return the recorded run.

    Each path given is one package: a folder's or a zip's files apply whole, in one transaction, or
    none of them does. Holds the import lock (billing_lock.py) throughout: ImportBusy, and no run
    recorded, while another import runs. `origin_hashes` (the drop folder's digests of the paths)
    are written into the entries in the same transaction as the package's data. A file deleting
    more than it may (billing_deletes.py) is refused unless `allow_mass_delete`. `dry_run` does
    everything, then rolls it all back, the run's record too: the returned run says what would be.
    `run`: a run recorded before (an upload «в очереди»), which this one becomes (and keeps, dry or not).
    """
    paths = [Path(p) for p in paths]
    if not started_by_label:
        started_by_label = str(started_by) if started_by else dict(ImportRun.SOURCES)[source]
    options = _Options(allow_mass_delete=allow_mass_delete, dry_run=dry_run)
    with import_lock():
        if run is None:
            kept = False
            run = ImportRun(source=source, started_by=started_by, started_by_label=started_by_label[:255])
        else:
            kept = True
        run.status, run.dry_run = ImportRun.RUNNING, dry_run
        if kept:
            run.save()  # «выполняется» for the page, and for the next lock holder should this process die
        with transaction.atomic() if dry_run else nullcontext():
            if not kept:
                run.save()
            _import_packages(run, paths, progress, origin_hashes or {}, options)
            if dry_run:
                transaction.set_rollback(True)
        if dry_run and kept:
            run.save()  # what would be, kept for the page that shows it
    return run


def _import_packages(run: ImportRun, paths: list[Path], progress, origin_hashes: dict[str, str], options) -> None:
    started = time.monotonic()
    notices = ImportNotices.start()  # notifications of what this run adds (services/notifications.py)
    record = _RunRecord(run, options)
    try:
        with ExitStack() as stack:
            for package in _packages(package_files(paths, stack)):
                _import_package(record, package, progress, origin_hashes.get(package[0].origin))
    except Exception:
        logger.exception("billing import run %s crashed", run.pk)
        record.errors.append(INTERNAL_ERROR)
        raise
    finally:
        record.write()
        run.status = _run_status(record.entries, record.errors)
        run.finished_at = timezone.now()
        run.duration_seconds = round(time.monotonic() - started, 3)
        run.save()
        header_changed(DEBT, SCOPE, BILLING)  # written in bulk, without signals: debt lines, scopes, choices
    notices.finish(run)


@dataclass
class _RunRecord:
    """What a run found so far, written into its ImportRun."""

    run: ImportRun
    options: _Options
    entries: list[ImportFileEntry] = field(default_factory=list)
    errors: list[dict] = field(default_factory=list)
    warnings: list[dict] = field(default_factory=list)

    def add(self, item: PackageFile, outcome: _FileOutcome) -> None:
        self.entries.append(outcome.entry)
        self.errors.extend({**problem.as_dict(), "origin": item.origin} for problem in outcome.problems)
        self.warnings.extend({"file": item.name, "text": text} for text in outcome.warnings)

    def write(self, *, save: bool = False) -> None:
        run = self.run
        run.file_entries = self.entries
        run.errors, run.warnings = self.errors, self.warnings
        run.rows_total = sum(entry.rows for entry in self.entries)
        if save:
            run.save(update_fields=["files", "errors", "warnings", "rows_total"])


def _packages(items: list[PackageFile]) -> list[list[PackageFile]]:
    """The files grouped by the path they came from, in the order of each group's first file."""
    groups: dict[str, list[PackageFile]] = {}
    for item in items:
        groups.setdefault(item.origin, []).append(item)
    return list(groups.values())


def _import_package(record: _RunRecord, package: list[PackageFile], progress, origin_sha256: str | None) -> None:
    """One package in one transaction: every file applied, or (the first refused file stops it) none."""
    outcomes: list[tuple[PackageFile, _FileOutcome]] = []
    with transaction.atomic():
        for item in package:
            outcome = _import_file(item, progress, record.options)
            outcome.entry.origin_sha256 = origin_sha256
            outcomes.append((item, outcome))
            if outcome.entry.status != ImportFileEntry.OK:
                break
        refused = next((o for _, o in outcomes if o.entry.status != ImportFileEntry.OK), None)
        if refused is not None:
            transaction.set_rollback(True)
            outcomes.extend(_not_applied(package, outcomes, refused, origin_sha256))
        for item, outcome in outcomes:
            record.add(item, outcome)
        if refused is None:
            record.write(save=True)  # the entries commit with the data: a file is known imported exactly when it is


def _not_applied(package, outcomes, refused: _FileOutcome, origin_sha256: str | None) -> list:
    """The package's other files, rolled back or never read because `refused` was refused."""
    reason = (
        f"не записан: в том же пакете отклонен файл «{refused.entry.name}», "
        "а пакет записывается целиком или не записывается"
    )
    for _, outcome in outcomes:
        if outcome is not refused:
            entry = outcome.entry
            entry.status = ImportFileEntry.FAILED
            entry.count(created=0, updated=0, deleted=0, unchanged=0)
            outcome.refuse(reason)
            entry.errors = outcome.errors
    unread = []
    for item in package[len(outcomes) :]:
        kind = KINDS[item.kind] if item.kind else None
        entry = ImportFileEntry(item.name, item.origin, kind=item.kind or "", kind_title=kind.title if kind else "")
        entry.origin_sha256 = origin_sha256
        outcome = _FileOutcome(entry)
        outcome.refuse(item.refusal or reason)
        entry.errors = outcome.errors
        unread.append((item, outcome))
    return unread


def _run_status(entries: list[ImportFileEntry], errors: list) -> str:
    statuses = {entry.status for entry in entries}
    if errors and statuses == {ImportFileEntry.OK}:
        return ImportRun.PARTIAL
    if statuses == {ImportFileEntry.OK}:
        return ImportRun.OK
    return ImportRun.PARTIAL if ImportFileEntry.OK in statuses else ImportRun.FAILED
