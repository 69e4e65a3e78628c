"""The nightly `readings` file for billing (issue 17 item 4): every reading not yet sent, exactly once.

    readings_export()   # manage.py export_readings, and tasks/readings.readings_export_task at night

In one transaction: the pending readings are locked (`SELECT … FOR UPDATE`: a second run at the same
time waits, then finds them sent), written to `readings_YYYY-MM-DD.csv.part` in `LK_EXPORT_DIR`, flushed
to disk, marked sent (`exported_at`, `export_file`), and the file is renamed to its name as the last
step before the commit. Anything failing before the rename rolls the marks back and removes the
`.part`: no half file is ever under a `readings_*.csv` name and no reading is marked without its file.
A day's second file is `readings_YYYY-MM-DD_2.csv` (then `_3` …): a file is never overwritten. Nothing
pending: no file.
"""

from __future__ import annotations

import datetime
import logging
import os
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from lk_portal.exchange.readings_file import readings_csv_write
from lk_portal.models import Reading

__all__ = ["ReadingsExport", "readings_export", "readings_file_name"]

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ReadingsExport:
    path: Path
    count: int


def readings_file_name(directory: Path, day: datetime.date) -> str:
    """The day's first free name: readings_2026-11-05.csv, then readings_2026-11-05_2.csv …"""
    stem, number = f"readings_{day:%Y-%m-%d}", 1
    while True:
        name = f"{stem}.csv" if number == 1 else f"{stem}_{number}.csv"
        if not (directory / name).exists() and not (directory / f"{name}.part").exists():
            return name
        number += 1


def _pending():
    return (
        Reading.objects.filter(status=Reading.PENDING)
        .select_for_update(of=("self",))
        .select_related("unit__contract", "submitted_by")
        .order_by("unit__contract__number", "unit__unit_id", "period", "pk")
    )


def _write_part(part: Path, readings: list[Reading]) -> None:
    with open(part, "x", encoding="utf-8", newline="") as handle:
        readings_csv_write(handle, readings)
        handle.flush()
        os.fsync(handle.fileno())


def _sync_directory(directory: Path) -> None:
    """Make the rename itself durable (POSIX: fsync of the folder)."""
    try:
        descriptor = os.open(directory, os.O_RDONLY)
    except OSError:  # pragma: no cover - a system without directory descriptors
        return
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def readings_export(
    *, directory: Path | str | None = None, now: datetime.datetime | None = None
) -> ReadingsExport | None:
    """Write the readings not yet sent into one new file; None when there are none."""
    directory = Path(directory or settings.LK_EXPORT_DIR)
    directory.mkdir(parents=True, exist_ok=True)
    now = now or timezone.now()
    part = None
    try:
        with transaction.atomic():
            readings = list(_pending())
            if not readings:
                return None
            name = readings_file_name(directory, timezone.localtime(now).date())
            part = directory / f"{name}.part"
            _write_part(part, readings)
            Reading.objects.filter(pk__in=[r.pk for r in readings]).update(
                status=Reading.SENT, exported_at=now, export_file=name
            )
            os.replace(part, directory / name)  # the file is complete: the last step before the commit
            part = None
    finally:
        if part is not None:
            part.unlink(missing_ok=True)  # the transaction was rolled back: no half file stays
    _sync_directory(directory)
    logger.info("readings export: %s readings in %s", len(readings), name)
    return ReadingsExport(directory / name, len(readings))
