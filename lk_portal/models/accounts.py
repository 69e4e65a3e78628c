"""The login account of an abonent (and of staff): a custom user from the first migration."""

from django.contrib.auth.models import AbstractUser
from django.db import models


class User(AbstractUser):
    PENDING = "pending"
    ACTIVE = "active"
    BLOCKED = "blocked"
    STATES = [(PENDING, "ожидает активации"), (ACTIVE, "активен"), (BLOCKED, "заблокирован")]

    abonent = models.OneToOneField(
        "lk_portal.Abonent",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="account",
        verbose_name="Абонент",
    )
    state = models.CharField("Состояние", max_length=10, choices=STATES, default=ACTIVE)
    activation_sent_on = models.DateField("Письмо активации отправлено (МСК)", null=True, blank=True)
    activated_at = models.DateTimeField("Активирован", null=True, blank=True)
    blocked_at = models.DateTimeField("Заблокирован", null=True, blank=True)
    pending_email = models.EmailField("Новый email (ожидает подтверждения)", blank=True)
    payment_reminders = models.BooleanField("Напоминать о сроках оплаты по email", default=False)
    news_seen_from = models.DateTimeField("Новости учитываются с", null=True, blank=True)
    # Kept by services/notifications.py, so the header's counter costs no query.
    notifications_unread = models.PositiveIntegerField("Непрочитанных уведомлений", default=0, editable=False)

    class Meta(AbstractUser.Meta):
        verbose_name = "учетная запись"
        verbose_name_plural = "учетные записи"
        swappable = "AUTH_USER_MODEL"
