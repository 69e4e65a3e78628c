"""The login account of a member of an abonent (and of staff): a custom user from the first migration.

An abonent has members: the first (registered by staff) is its administrator, others are invited.
A member's `role` (lk_portal.domain.roles) says what it may do, `contracts` which contracts it sees
(none chosen = all of the abonent's).
"""

from django.contrib.auth.models import AbstractUser
from django.db import models

from lk_portal.domain.roles import ROLE_CHOICES, Role


class User(AbstractUser):
    PENDING = "pending"
    ACTIVE = "active"
    BLOCKED = "blocked"
    STATES = [(PENDING, "ожидает активации"), (ACTIVE, "активен"), (BLOCKED, "заблокирован")]

    abonent = models.ForeignKey(
        "lk_portal.Abonent",
        on_delete=models.SET_NULL,  # an abonent deleted by the billing import: its account stays, blocked
        null=True,
        blank=True,
        related_name="members",
        verbose_name="Абонент",
    )
    role = models.CharField("Роль", max_length=12, choices=ROLE_CHOICES, default=Role.OBSERVER.value)
    contracts = models.ManyToManyField(
        "lk_portal.Contract",
        blank=True,
        related_name="members",
        verbose_name="Договоры",
        help_text="Договоры, которые видит пользователь; если не выбран ни один — все договоры абонента.",
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
