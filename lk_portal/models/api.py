"""Machine access (issue 19): members' API tokens, their use per day, and the tombstones of deleted rows.

A token's secret is shown once, at creation; only its SHA-256 is kept (`secret_hash`), and `prefix` (the
first characters of the token) tells the member which one a row is. `ApiUsage` is the journal of calls
aggregated per token and day: one row, a counter. `Tombstone` rows are written by the database itself
(migration 0016's triggers) when a synced row is deleted, whoever deletes it, so an incremental sync learns
about deletions (`/api/v1/deleted`).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

API_READ = "read"
API_WRITE = "write"
API_ACCESS = [(API_READ, "только чтение"), (API_WRITE, "чтение и запись")]


class ApiToken(models.Model):
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens", verbose_name="Пользователь"
    )
    name = models.CharField("Название", max_length=100)
    access = models.CharField("Доступ", max_length=5, choices=API_ACCESS, default=API_READ)
    prefix = models.CharField("Начало ключа", max_length=16)
    secret_hash = models.CharField("SHA-256 ключа", max_length=64, unique=True)
    created_at = models.DateTimeField("Создан", default=timezone.now)
    expires_at = models.DateTimeField("Действует до")
    last_used_at = models.DateTimeField("Последнее обращение", null=True, blank=True)
    revoked_at = models.DateTimeField("Отозван", null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="Кем отозван",
    )

    class Meta:
        verbose_name = "ключ API"
        verbose_name_plural = "ключи API"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def writes(self) -> bool:
        return self.access == API_WRITE

    def active_at(self, moment) -> bool:
        return self.revoked_at is None and self.expires_at > moment


class ApiUsage(models.Model):
    """The calls of one token on one day (Moscow time): one row per token and day, counted up."""

    token = models.ForeignKey(ApiToken, on_delete=models.CASCADE, related_name="usage", verbose_name="Ключ")
    day = models.DateField("День")
    calls = models.PositiveIntegerField("Обращений", default=0)
    last_at = models.DateTimeField("Последнее обращение", default=timezone.now)

    class Meta:
        verbose_name = "обращения к API за день"
        verbose_name_plural = "обращения к API по дням"
        ordering = ["-day"]
        constraints = [models.UniqueConstraint(fields=["token", "day"], name="api_usage_token_day")]


class Tombstone(models.Model):
    """A synced row that was deleted: which collection, its id and billing key, whose it was."""

    table = models.CharField("Коллекция", max_length=40)
    object_id = models.BigIntegerField("Идентификатор")
    key = models.CharField("Код", max_length=64, blank=True)
    # Plain references without constraints: the abonent or contract may be deleted in the same breath.
    abonent = models.ForeignKey(
        "lk_portal.Abonent",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="Абонент",
    )
    contract = models.ForeignKey(
        "lk_portal.Contract",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="Договор",
    )
    deleted_at = models.DateTimeField("Удалено", default=timezone.now)

    class Meta:
        verbose_name = "удаленная запись"
        verbose_name_plural = "удаленные записи"
        ordering = ["deleted_at", "id"]
        indexes = [
            models.Index(fields=["abonent", "deleted_at", "id"], name="tombstone_abonent_deleted"),
            models.Index(fields=["table", "deleted_at", "id"], name="tombstone_table_deleted"),
        ]
