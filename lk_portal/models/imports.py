"""The record of every billing import run."""

from django.conf import settings
from django.db import models


class ImportRun(models.Model):
    SOURCE_COMMAND = "command"
    SOURCE_DROP = "drop"
    SOURCE_UPLOAD = "upload"
    SOURCES = [
        (SOURCE_COMMAND, "команда"),
        (SOURCE_DROP, "папка обмена (ночной импорт)"),
        (SOURCE_UPLOAD, "загрузка в админке"),
    ]

    RUNNING = "running"
    OK = "ok"
    PARTIAL = "partial"
    FAILED = "failed"
    STATUSES = [(RUNNING, "выполняется"), (OK, "успешно"), (PARTIAL, "частично"), (FAILED, "отклонен")]

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
