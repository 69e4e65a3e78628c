"""The nightly drop folder: import what the billing system left in LK_IMPORT_DIR.

Every complete file lying in the folder goes into one package (so contracts apply before
payments); afterwards each file is moved to `done/` or `failed/` beside it, a refused one
with a `.errors.txt` report. A file is never lost (it is moved only after its outcome is
recorded, and never over another file) and never imported twice (its sha256 is recorded in
the run; one seen before in a successful run goes to done/ untouched). Files still being
written — `.part`/`.tmp` names, dot-files, or modified in the last `min_age_seconds` — are
left for the next run.
"""

from __future__ import annotations

import os
import shutil
import time
from collections import defaultdict
from pathlib import Path

from django.utils import timezone

from lk_portal.models import ImportRun
from lk_portal.models.imports import ImportFileEntry

from .billing_import import billing_package_import, sha256_of
from .billing_lock import import_lock

INCOMPLETE_SUFFIXES = (".part", ".tmp", ".partial", ".crdownload", ".filepart", "~")
DONE, FAILED = "done", "failed"
DONE_STATUSES = (ImportFileEntry.OK, ImportFileEntry.DUPLICATE)
DROP_LABEL = "ночной импорт из папки обмена"


def drop_folder_candidates(*, directory: Path, min_age_seconds: int, now: float | None = None) -> list[Path]:
    """The files of the folder that look complete, oldest first."""
    now = time.time() if now is None else now
    found = []
    for path in directory.iterdir():
        name = path.name.casefold()
        if not path.is_file() or name.startswith(".") or name.endswith(INCOMPLETE_SUFFIXES):
            continue
        if now - path.stat().st_mtime < min_age_seconds:
            continue
        found.append(path)
    return sorted(found, key=lambda p: (p.stat().st_mtime, p.name))


def imported_hashes() -> set[str]:
    """sha256 of every drop-folder file that an earlier run imported in full."""
    hashes: set[str] = set()
    for files in ImportRun.objects.filter(source=ImportRun.SOURCE_DROP).values_list("files", flat=True):
        for entries in _by_origin([ImportFileEntry.from_json(entry) for entry in files or []]).values():
            origin_hash = entries[0].origin_sha256
            if origin_hash and all(entry.status in DONE_STATUSES for entry in entries):
                hashes.add(origin_hash)
    return hashes


def _by_origin(entries: list[ImportFileEntry]) -> dict[str, list[ImportFileEntry]]:
    by_origin: dict[str, list[ImportFileEntry]] = defaultdict(list)
    for entry in entries:
        by_origin[entry.origin].append(entry)
    return by_origin


def _move(path: Path, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / path.name
    if target.exists():
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
        target = folder / f"{path.stem}.{stamp}{path.suffix}"
        counter = 1
        while target.exists():
            target = folder / f"{path.stem}.{stamp}-{counter}{path.suffix}"
            counter += 1
    os.replace(path, target) if path.stat().st_dev == folder.stat().st_dev else shutil.move(path, target)
    return target


def billing_drop_folder_import(*, directory: Path, min_age_seconds: int = 300) -> ImportRun | None:
    """Import the complete files of the drop folder and sort them into done/ and failed/."""
    directory = Path(directory)
    if not directory.is_dir():
        return None
    with import_lock():
        candidates = drop_folder_candidates(directory=directory, min_age_seconds=min_age_seconds)
        if not candidates:
            return None
        return _import_and_sort(directory, candidates)


def _import_and_sort(directory: Path, candidates: list[Path]) -> ImportRun:
    seen = imported_hashes()
    hashes = {path: sha256_of(path) for path in candidates}
    fresh = [path for path in candidates if hashes[path] not in seen]
    run = _run_of(fresh, {str(path): hashes[path] for path in fresh})
    _record_origins(run, hashes, duplicates=[path for path in candidates if hashes[path] in seen])
    run.save(update_fields=["files", "warnings", "status", "finished_at", "duration_seconds"])
    by_origin = _by_origin(run.file_entries)
    for path in candidates:
        entries = by_origin.get(str(path), [])
        failed = not entries or any(entry.status not in DONE_STATUSES for entry in entries)
        target = _move(path, directory / (FAILED if failed else DONE))
        if failed:
            _write_report(run, path, target)
    return run


def _run_of(fresh: list[Path], hashes: dict[str, str]) -> ImportRun:
    """The run that imports the fresh files (an empty, successful one when there are none)."""
    if fresh:
        return billing_package_import(
            paths=fresh, source=ImportRun.SOURCE_DROP, started_by_label=DROP_LABEL, origin_hashes=hashes
        )
    run = ImportRun.objects.create(source=ImportRun.SOURCE_DROP, started_by_label=DROP_LABEL)
    run.status = ImportRun.OK
    run.finished_at = timezone.now()
    run.duration_seconds = 0
    return run


def _record_origins(run: ImportRun, hashes: dict[Path, str], *, duplicates: list[Path]) -> None:
    """Each duplicate gets an entry and a warning (the imported entries got their origin's digest as they committed)."""
    entries = run.file_entries
    for path in duplicates:
        digest = hashes[path]
        entries.append(
            ImportFileEntry(
                path.name,
                str(path),
                status=ImportFileEntry.DUPLICATE,
                warnings=1,
                sha256=digest,
                origin_sha256=digest,
            )
        )
        run.warnings = [
            *run.warnings,
            {
                "file": path.name,
                "text": f"Файл «{path.name}» уже был загружен ранее (то же содержимое); повторно не загружается",
            },
        ]
    run.file_entries = entries


def _write_report(run: ImportRun, path: Path, target: Path) -> None:
    """The refused file's errors beside it in failed/."""
    messages = [error["text"] for error in run.errors if error.get("origin") == str(path)]
    target.with_name(target.name + ".errors.txt").write_text(
        f"Загрузка № {run.pk} от {timezone.localtime(run.started_at):%d.%m.%Y %H:%M}\n" + "\n".join(messages) + "\n",
        encoding="utf-8",
    )
