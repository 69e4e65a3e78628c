"""Exports in the background (issue 14 item 3): a job made in the request, rendered by the worker.

    job = export_job_create(viewer=…, title="Оплата", path=request.path, query=…, fmt="pdf", …)
        → after the commit tasks/exports.export_job_task(job.pk)
    export_job_run(job, chunks)   the worker: `chunks(progress)` yields the file's bytes while the rows
                                  are read; `progress(done)` is called per row and writes every ~1 %
    export_jobs_expire()          periodic: a job silent for LK_EXPORT_STALE_MINUTES is «ошибка»
    export_jobs_purge()           periodic: files and jobs older than LK_EXPORT_KEEP_HOURS go

The file is written as `<name>.part` and renamed when whole, in LK_PRIVATE_DIR/exports/; the owner is
notified (services/notifications.py) when it is ready.
"""

from __future__ import annotations

import datetime
import logging
import os
import secrets
from collections.abc import Callable, Iterable
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from lk_portal.domain import notifications as kinds
from lk_portal.models import ExportJob

from .notifications import Candidate, notify_all

logger = logging.getLogger(__name__)

FAILED_TEXT = "Не удалось сформировать файл. Попробуйте еще раз или сузьте отбор."
STALE_TEXT = "Формирование файла прервалось (обработчик остановился). Запросите выгрузку еще раз."
Progress = Callable[[int], None]


def export_dir() -> Path:
    return Path(settings.LK_PRIVATE_DIR) / "exports"


def export_job_file(job: ExportJob) -> Path | None:
    """The ready file of a job, or None (not ready, expired, or removed from the disk)."""
    if job.status != ExportJob.DONE or not job.file:
        return None
    path = Path(settings.LK_PRIVATE_DIR) / job.file
    return path if path.is_file() else None


def sync_limit(fmt: str) -> int:
    """The most lines a file of this format is made in the request with."""
    return settings.LK_EXPORT_SYNC_MAX_ROWS.get(fmt, 0)


def export_job_create(
    *, user, abonent, title: str, path: str, query: str, fmt: str, filename: str, rows_total: int
) -> ExportJob:
    """Store the job; the worker takes it after the commit."""
    job = ExportJob.objects.create(
        owner=user,
        abonent=abonent,
        title=title[:200],
        path=path[:200],
        query=query,
        format=fmt,
        filename=filename[:200],
        rows_total=rows_total,
    )
    from lk_portal.tasks.exports import export_job_task  # late: tasks import services

    transaction.on_commit(lambda: export_job_task(job.pk))
    return job


class _Progress:
    """Counts lines and writes rows_done / progress / heartbeat every `step` lines (one UPDATE each)."""

    def __init__(self, job: ExportJob) -> None:
        self.job = job
        self.step = max(200, job.rows_total // 100)
        self.next = self.step

    def __call__(self, done: int) -> None:
        if done < self.next:
            return
        self.next = done + self.step
        total = max(1, self.job.rows_total)
        ExportJob.objects.filter(pk=self.job.pk).update(
            rows_done=done, progress=min(99, done * 100 // total), heartbeat_at=timezone.now()
        )


def counted(items: Iterable, progress: Progress) -> Iterable:
    """The same items, telling `progress` how many went by."""
    for done, item in enumerate(items, start=1):
        progress(done)
        yield item


def export_job_run(job: ExportJob, chunks: Callable[[Progress], Iterable[bytes]]) -> ExportJob:
    """Render the job's file; the job ends «готов» with its file or «ошибка» with a Russian message."""
    claimed = ExportJob.objects.filter(pk=job.pk, status=ExportJob.QUEUED).update(
        status=ExportJob.RUNNING, heartbeat_at=timezone.now()
    )
    if not claimed:  # already taken, expired or purged
        return job
    directory = export_dir()
    directory.mkdir(parents=True, exist_ok=True)
    name = f"{job.pk}-{secrets.token_hex(8)}.{job.format}"
    part = directory / f"{name}.part"
    try:
        size = 0
        with part.open("wb") as out:
            for chunk in chunks(_Progress(job)):
                out.write(chunk)
                size += len(chunk)
        os.replace(part, directory / name)
    except Exception:
        logger.exception("export job %s failed", job.pk)
        part.unlink(missing_ok=True)
        _finish(job, status=ExportJob.FAILED, error=FAILED_TEXT)
        return job
    _finish(job, status=ExportJob.DONE, file=f"exports/{name}", size=size, rows_done=job.rows_total, progress=100)
    _notify_ready(job)
    return job


def _finish(job: ExportJob, **fields) -> None:
    fields["finished_at"] = fields["heartbeat_at"] = timezone.now()
    ExportJob.objects.filter(pk=job.pk).update(**fields)
    for key, value in fields.items():
        setattr(job, key, value)


def _notify_ready(job: ExportJob) -> None:
    try:
        notify_all(
            [
                Candidate(
                    user=job.owner,
                    kind=kinds.EXPORT_READY,
                    key_parts=(job.pk,),
                    title=f"Файл готов: {job.title} ({job.format.upper()})",
                    text=f"Выгрузка «{job.title}» в формате {job.format.upper()} сформирована. "
                    f"Скачать ее можно в разделе «Мои выгрузки» в течение {settings.LK_EXPORT_KEEP_HOURS} ч.",
                    link=f"/lk/exports/{job.pk}/",
                )
            ]
        )
    except Exception:  # the file is there whatever happens to the notification
        logger.exception("notification of export job %s failed", job.pk)


def export_jobs_expire(*, now: datetime.datetime | None = None) -> int:
    """Queued or running jobs with no sign of work for LK_EXPORT_STALE_MINUTES are failed; returns how many."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(minutes=settings.LK_EXPORT_STALE_MINUTES)
    return ExportJob.objects.filter(status__in=(ExportJob.QUEUED, ExportJob.RUNNING), heartbeat_at__lt=cutoff).update(
        status=ExportJob.FAILED, error=STALE_TEXT, finished_at=now
    )


def export_job_refresh(job: ExportJob, *, now: datetime.datetime | None = None) -> ExportJob:
    """The job as the status page shows it: a silent one is failed here too (not «готовится» forever)."""
    now = now or timezone.now()
    if job.pending and job.heartbeat_at < now - datetime.timedelta(minutes=settings.LK_EXPORT_STALE_MINUTES):
        if ExportJob.objects.filter(pk=job.pk, status=job.status).update(
            status=ExportJob.FAILED, error=STALE_TEXT, finished_at=now
        ):
            job.status, job.error, job.finished_at = ExportJob.FAILED, STALE_TEXT, now
    return job


def export_jobs_purge(*, now: datetime.datetime | None = None) -> int:
    """Jobs made more than LK_EXPORT_KEEP_HOURS ago go with their files, and so do stray .part files."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(hours=settings.LK_EXPORT_KEEP_HOURS)
    old = ExportJob.objects.filter(created_at__lt=cutoff).filter(
        ~Q(status=ExportJob.RUNNING) | Q(heartbeat_at__lt=cutoff)
    )
    removed = 0
    for job in old.only("pk", "file").iterator():
        if job.file:
            (Path(settings.LK_PRIVATE_DIR) / job.file).unlink(missing_ok=True)
        removed += ExportJob.objects.filter(pk=job.pk).delete()[0]
    _remove_stray_parts(cutoff)
    return removed


def _remove_stray_parts(cutoff: datetime.datetime) -> None:
    directory = export_dir()
    if not directory.is_dir():
        return
    for path in directory.glob("*.part"):
        if datetime.datetime.fromtimestamp(path.stat().st_mtime, tz=datetime.UTC) < cutoff:
            path.unlink(missing_ok=True)
