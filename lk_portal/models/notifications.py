"""Notifications in the cabinet (issue 16): one row per event and person, and each person's switches."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from .billing import MONEY


class Notification(models.Model):
    """One event for one person; `dedup_key` names the event, so it is stored once however often it is seen."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications", verbose_name="Пользователь"
    )
    kind = models.CharField("Вид", max_length=40)  # a key of lk_portal.domain.notifications.KINDS
    title = models.CharField("Заголовок", max_length=255)
    text = models.TextField("Текст", blank=True)
    link = models.CharField("Ссылка", max_length=500, blank=True)
    created_at = models.DateTimeField("Создано", default=timezone.now)
    read_at = models.DateTimeField("Прочитано", null=True, blank=True)
    dedup_key = models.CharField("Ключ события", max_length=200)
    digest_pending = models.BooleanField("Ждет ежедневной сводки", default=False)

    class Meta:
        verbose_name = "уведомление"
        verbose_name_plural = "уведомления"
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["dedup_key"], name="notification_dedup_key_unique")]
        indexes = [
            models.Index(fields=["user", "-created_at"], name="notification_user_created"),
            models.Index(fields=["user"], condition=models.Q(read_at__isnull=True), name="notification_user_unread"),
            models.Index(fields=["user"], condition=models.Q(digest_pending=True), name="notification_digest_pending"),
        ]

    def __str__(self) -> str:
        return self.title


class NotificationSettings(models.Model):
    """A person's switches: the kinds switched off, how e-mail comes, the debt threshold."""

    EMAIL_EACH = "each"
    EMAIL_DIGEST = "digest"
    EMAIL_OFF = "off"
    EMAIL_MODES = [
        (EMAIL_EACH, "каждое уведомление отдельным письмом"),
        (EMAIL_DIGEST, "одно письмо в день со всеми уведомлениями"),
        (EMAIL_OFF, "не присылать писем"),
    ]

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_settings",
        verbose_name="Пользователь",
    )
    kinds_off = models.JSONField("Отключенные виды", default=list, blank=True)
    email_mode = models.CharField("Письма", max_length=10, choices=EMAIL_MODES, default=EMAIL_EACH)
    debt_threshold = models.DecimalField("Порог задолженности, руб", null=True, blank=True, **MONEY)
    # Opt-in (issue 18): replies and status changes of requests other members of the organisation filed.
    requests_of_others = models.BooleanField("Обращения других пользователей организации", default=False)
    # Set when the debt went over the threshold and the person was told; cleared when it is back under.
    debt_over_since = models.DateField("Задолженность выше порога с", null=True, blank=True)

    class Meta:
        verbose_name = "настройки уведомлений"
        verbose_name_plural = "настройки уведомлений"

    def __str__(self) -> str:
        return str(self.user)
