"""Importing billing files (billing-exchange.md): one service behind the command, the nightly
drop folder and the admin upload.

`billing_package_import` takes files, folders and .zip archives as one package, applies its
files in the contract's order (abonents … tariffs), each file whole in one transaction or not
at all, and records the run in ImportRun with per-file counts, every error and warning.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
import threading
import time
import zipfile
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from django.db import DatabaseError, transaction
from django.utils import timezone

from lk_portal.exchange.columns import KIND_ORDER, KINDS, kind_for_filename
from lk_portal.exchange.readers import FileRefused, Problem, read_file
from lk_portal.models import ImportRun

from .billing_apply import Lookups, applier_for
from .billing_fast import try_fast_csv

logger = logging.getLogger(__name__)

SUPPORTED_SUFFIXES = (".csv", ".xlsx")
MAX_STORED_PROBLEMS = 1000  # per file; the count is always complete
PROGRESS_EVERY = 5000


class ImportProgress(Protocol):
    def file_started(self, name: str, kind: str, size: int) -> None: ...

    def rows_read(self, count: int) -> None: ...

    def file_finished(self, result: dict[str, Any]) -> None: ...


@dataclass
class PackageFile:
    path: Path | None
    name: str  # as shown to people: 'payments.csv' or 'april.zip/payments.csv'
    origin: str  # the path it came from (a file, a folder or a .zip), for the drop folder
    kind: str | None = None
    refusal: str | None = None


@dataclass
class _FileOutcome:
    entry: dict[str, Any]
    problems: list[Problem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


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


def _package_files(paths: Sequence[Path], stack: ExitStack) -> list[PackageFile]:
    """Expand files, folders and zips into the package's files, in the order they must apply."""
    found: list[PackageFile] = []
    for path in paths:
        origin = str(path)
        if path.is_dir():
            members = sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith("."))
            if not members:
                found.append(PackageFile(None, path.name, origin, refusal="в папке нет файлов"))
            for member in members:
                found.append(PackageFile(member, f"{path.name}/{member.relative_to(path).as_posix()}", origin))
        elif path.suffix.casefold() == ".zip":
            found.extend(_zip_members(path, stack))
        elif path.exists():
            found.append(PackageFile(path, path.name, origin))
        else:
            found.append(PackageFile(None, path.name, origin, refusal="файл не найден"))
    for item in found:
        if item.refusal or item.path is None:
            continue
        if item.path.suffix.casefold() not in SUPPORTED_SUFFIXES:
            item.refusal = "формат файла не поддерживается: ожидается .csv, .xlsx или .zip"
            continue
        item.kind = kind_for_filename(item.path.name)
        if item.kind is None:
            item.refusal = "по имени файла не определить, что в нем: имя должно начинаться с " + ", ".join(KIND_ORDER)
    order = {kind: index for index, kind in enumerate(KIND_ORDER)}
    return sorted(found, key=lambda item: order.get(item.kind, -1))  # refused ones first, then the contract's order


def _zip_members(path: Path, stack: ExitStack) -> list[PackageFile]:
    origin = str(path)
    try:
        archive = stack.enter_context(zipfile.ZipFile(path))
        infos = [info for info in archive.infolist() if not info.is_dir()]
        target = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="lk-import-")))
        members = []
        for index, info in enumerate(infos):
            base = Path(info.filename).name  # never follow paths inside the archive
            if not base or base.startswith(".") or info.filename.startswith("__MACOSX/"):
                continue
            extracted = target / f"{index:04d}" / base
            extracted.parent.mkdir()
            with archive.open(info) as source, open(extracted, "wb") as sink:
                while chunk := source.read(1024 * 1024):
                    sink.write(chunk)
            members.append(PackageFile(extracted, f"{path.name}/{info.filename}", origin))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, NotImplementedError) as error:
        return [
            PackageFile(None, path.name, origin, refusal=f"архив ZIP поврежден или загружен не полностью ({error})")
        ]
    if not members:
        return [PackageFile(None, path.name, origin, refusal="в архиве нет файлов")]
    return members


def _read_and_apply(item: PackageFile, entry: dict, outcome: _FileOutcome, progress, tally: dict[str, int]):
    """The Python path: read and check every cell, apply through an applier; raises _Refused on errors.

    `tally` holds the rows read and the errors found so far, also when an exception ends the file.
    """
    table, records = read_file(item.path, kind=KINDS[item.kind], name=item.name)
    outcome.warnings.extend(table.warnings)
    applier = applier_for(table, Lookups())
    applier.expected_rows = entry["size"] // 120  # a payments row is 150–250 bytes
    with applier:
        for number, record, problems in records:
            tally["rows"] += 1
            if not problems:
                problem = applier.add(number, record)
                problems = [problem] if problem else problems
            if problems:
                applier.failed = True
                tally["errors"] += 1
                room = MAX_STORED_PROBLEMS - len(outcome.problems)
                if room > 0:
                    outcome.problems.extend(problems[:room])
            if progress and tally["rows"] % PROGRESS_EVERY == 0:
                progress.rows_read(PROGRESS_EVERY)
    if tally["rows"] == 0:
        outcome.warnings.append(f"Файл «{item.name}»: в файле нет строк с данными")
    if tally["errors"]:
        raise _Refused
    return applier.finish()


def _import_file(item: PackageFile, progress: ImportProgress | None) -> _FileOutcome:
    started = time.monotonic()
    entry: dict[str, Any] = {
        "name": item.name,
        "origin": item.origin,
        "kind": item.kind or "",
        "kind_title": KINDS[item.kind].title if item.kind else "",
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
    outcome = _FileOutcome(entry)
    if item.refusal:
        outcome.problems.append(Problem(item.name, None, None, None, item.refusal))
        entry["errors"] = 1
        return outcome
    assert item.path is not None and item.kind is not None
    # hashlib lets go of the GIL: the file's digest (for the history) is made beside the import.
    hashing = ThreadPoolExecutor(max_workers=1)
    digest = hashing.submit(_idle_sha256_of, item.path)
    hashing.shutdown(wait=False)
    entry["size"] = item.path.stat().st_size
    if progress:
        progress.file_started(item.name, item.kind, entry["size"])
    tally = {"rows": 0, "errors": 0}
    try:
        with transaction.atomic():
            fast = try_fast_csv(path=item.path, kind=KINDS[item.kind], name=item.name)
            if fast is not None:
                outcome.warnings.extend(fast.table.warnings)
                tally["rows"], counts = fast.rows, fast.counts
                entry["fast_path"] = True
                if progress and fast.rows >= PROGRESS_EVERY:
                    progress.rows_read(fast.rows - fast.rows % PROGRESS_EVERY)  # the rest is reported below
                if fast.rows == 0:
                    outcome.warnings.append(f"Файл «{item.name}»: в файле нет строк с данными")
            else:
                counts = _read_and_apply(item, entry, outcome, progress, tally)
    except _Refused:
        pass
    except FileRefused as refusal:
        outcome.problems.append(Problem(item.name, None, None, None, str(refusal)))
        tally["errors"] += 1
    except DatabaseError as error:
        logger.exception("billing import of %s failed in the database", item.name)
        outcome.problems.append(
            Problem(item.name, None, None, None, f"база данных не приняла файл, ничего не записано: {error}".strip())
        )
        tally["errors"] += 1
    rows, error_count = tally["rows"], tally["errors"]
    if progress and rows % PROGRESS_EVERY:
        progress.rows_read(rows % PROGRESS_EVERY)
    if error_count > len(outcome.problems):
        outcome.problems.append(
            Problem(
                item.name, None, None, None, f"и еще ошибок: {error_count - len(outcome.problems)} (показаны первые)"
            )
        )
    entry["sha256"] = digest.result()
    entry["rows"] = rows
    entry["errors"] = error_count
    entry["warnings"] = len(outcome.warnings)
    if not error_count:
        entry["status"] = "ok"
        entry.update(counts.as_dict())
    entry["seconds"] = round(time.monotonic() - started, 3)
    if progress:
        progress.file_finished(entry)
    return outcome


class _Refused(Exception):
    """Raised inside the file's transaction to roll it back after every row was checked."""


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
    files, errors, warnings = [], [], []
    try:
        with ExitStack() as stack:
            for item in _package_files(paths, stack):
                outcome = _import_file(item, progress)
                files.append(outcome.entry)
                errors.extend({**problem.as_dict(), "origin": item.origin} for problem in outcome.problems)
                warnings.extend({"file": item.name, "text": text} for text in outcome.warnings)
    except Exception:
        logger.exception("billing import run %s crashed", run.pk)
        errors.append(
            {
                "file": "",
                "row": None,
                "column": None,
                "value": None,
                "message": "внутренняя ошибка импорта; см. журнал сервера",
                "text": "Внутренняя ошибка импорта; см. журнал сервера",
            }
        )
        raise
    finally:
        statuses = {entry["status"] for entry in files}
        if errors and statuses == {"ok"}:
            statuses = {"ok", "failed"}
        run.status = (
            ImportRun.OK if statuses == {"ok"} else ImportRun.FAILED if "ok" not in statuses else ImportRun.PARTIAL
        )
        run.files = files
        run.errors = errors
        run.warnings = warnings
        run.rows_total = sum(entry["rows"] for entry in files)
        run.finished_at = timezone.now()
        run.duration_seconds = round(time.monotonic() - started, 3)
        run.save()
    return run


def run_refused_files(run: ImportRun) -> list[dict[str, Any]]:
    return [entry for entry in run.files if entry.get("status") != "ok"]
