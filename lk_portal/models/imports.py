"""The record of every billing import run."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, ClassVar

from django.conf import settings
from django.db import models


@dataclass
class ImportFileEntry:
    """One file of a run, as `ImportRun.files` holds it (a JSON object per file).

    `size` is written once the file was opened, `fast_path` when the COPY fast path loaded it,
    `origin_sha256` by the drop folder (the digest of the file, folder or archive it came from).
    """

    OK: ClassVar[str] = "ok"
    FAILED: ClassVar[str] = "failed"
    DUPLICATE: ClassVar[str] = "duplicate"  # the drop folder had imported the same content before

    name: str  # as shown to people: 'payments.csv' or 'april.zip/payments.csv'
    origin: str  # the path it came from (a file, a folder or a .zip)
    kind: str = ""
    kind_title: str = ""
    status: str = FAILED
    rows: int = 0
    created: int = 0
    updated: int = 0
    deleted: int = 0
    unchanged: int = 0
    errors: int = 0
    warnings: int = 0
    sha256: str = ""
    seconds: float = 0.0
    size: int | None = None
    fast_path: bool = False
    origin_sha256: str | None = None

    def to_json(self) -> dict[str, Any]:
        data = dataclasses.asdict(self)
        for optional, absent in (("size", None), ("fast_path", False), ("origin_sha256", None)):
            if data[optional] == absent:
                del data[optional]
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ImportFileEntry:
        known = {field.name for field in dataclasses.fields(cls)}
        return cls(**{"name": "", "origin": "", **{key: value for key, value in data.items() if key in known}})

    def count(self, *, created: int, updated: int, deleted: int, unchanged: int) -> None:
        self.created, self.updated, self.deleted, self.unchanged = created, updated, deleted, unchanged


class ImportRun(models.Model):
    SOURCE_COMMAND = "command"
    SOURCE_DROP = "drop"
    SOURCE_UPLOAD = "upload"
    SOURCES = [
        (SOURCE_COMMAND, "команда"),
        (SOURCE_DROP, "папка обмена (ночной импорт)"),
        (SOURCE_UPLOAD, "загрузка в админке"),
    ]

    QUEUED = "queued"  # an admin upload waiting for the worker
    RUNNING = "running"
    OK = "ok"
    PARTIAL = "partial"
    FAILED = "failed"
    ABORTED = "aborted"  # its process died before the end (kill, crash, power): marked by the next run
    STATUSES = [
        (QUEUED, "в очереди"),
        (RUNNING, "выполняется"),
        (OK, "успешно"),
        (PARTIAL, "частично"),
        (FAILED, "отклонен"),
        (ABORTED, "прервана"),
    ]

    source = models.CharField("Источник", max_length=10, choices=SOURCES)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, verbose_name="Кто запустил"
    )
    started_by_label = models.CharField("Запущено", max_length=255, blank=True)
    started_at = models.DateTimeField("Начало", auto_now_add=True)
    finished_at = models.DateTimeField("Окончание", null=True, blank=True)
    status = models.CharField("Результат", max_length=10, choices=STATUSES, default=RUNNING)
    files = models.JSONField("Файлы и счетчики", default=list, blank=True)
    errors = models.JSONField("Ошибки", default=list, blank=True)
    warnings = models.JSONField("Предупреждения", default=list, blank=True)
    rows_total = models.PositiveBigIntegerField("Строк", default=0)
    dry_run = models.BooleanField("Только проверка (ничего не записано)", default=False)
    duration_seconds = models.FloatField("Длительность, с", null=True, blank=True)

    class Meta:
        verbose_name = "загрузка из биллинга"
        verbose_name_plural = "загрузки из биллинга"
        ordering = ["-started_at"]

    def __str__(self) -> str:
        from django.utils import timezone

        started = timezone.localtime(self.started_at) if self.started_at else None
        return (
            f"Загрузка № {self.pk} от {started:%d.%m.%Y %H:%M} ({self.get_status_display()})" if started else "Загрузка"
        )

    @property
    def file_entries(self) -> list[ImportFileEntry]:
        return [ImportFileEntry.from_json(entry) for entry in self.files]

    @file_entries.setter
    def file_entries(self, entries: list[ImportFileEntry]) -> None:
        self.files = [entry.to_json() for entry in entries]
