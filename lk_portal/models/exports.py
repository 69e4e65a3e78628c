"""Exports made in the background (issue 14 item 3): a file a member asked for, rendered by the worker.

A job names the page and its query string at the time of the request (they define the rows), the
format, who asked and for which abonent. The worker (lk_portal.tasks.exports) renders it into
LK_PRIVATE_DIR, outside the public media, and notes its progress; the file is served only to its
owner and deleted LK_EXPORT_KEEP_HOURS after the job was made.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone


class ExportJob(models.Model):
    wagtail_reference_index_ignore = True

    QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"
    STATUSES = [(QUEUED, "в очереди"), (RUNNING, "готовится"), (DONE, "готов"), (FAILED, "ошибка")]

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="Кто запросил", on_delete=models.CASCADE, related_name="export_jobs"
    )
    abonent = models.ForeignKey("lk_portal.Abonent", verbose_name="Абонент", on_delete=models.CASCADE)
    title = models.CharField("Что выгружается", max_length=200)  # «Оплата», «Акт сверки»
    path = models.CharField("Страница", max_length=200)  # the page that builds the rows: /lk/payments/
    query = models.TextField("Параметры страницы", blank=True)  # its query string without ?export=
    format = models.CharField("Формат", max_length=10)  # a code of EXPORT_FORMATS
    filename = models.CharField("Имя файла", max_length=200)
    status = models.CharField("Состояние", max_length=10, choices=STATUSES, default=QUEUED)
    rows_total = models.PositiveIntegerField("Строк всего", default=0)
    rows_done = models.PositiveIntegerField("Строк готово", default=0)
    progress = models.PositiveSmallIntegerField("Готово, %", default=0)
    file = models.CharField("Файл", max_length=300, blank=True)  # relative to LK_PRIVATE_DIR
    size = models.PositiveBigIntegerField("Размер, байт", default=0)
    error = models.TextField("Ошибка", blank=True)
    created_at = models.DateTimeField("Запрошен", default=timezone.now)
    heartbeat_at = models.DateTimeField("Последний признак работы", default=timezone.now)
    finished_at = models.DateTimeField("Завершен", null=True, blank=True)

    class Meta:
        verbose_name = "Выгрузка"
        verbose_name_plural = "Выгрузки"
        indexes = [
            models.Index(fields=["owner", "-created_at"], name="exportjob_owner_created"),
            models.Index(fields=["status", "heartbeat_at"], name="exportjob_status_heartbeat"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.format}) #{self.pk}"

    @property
    def pending(self) -> bool:
        return self.status in (self.QUEUED, self.RUNNING)
