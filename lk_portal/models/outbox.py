"""The outbox: every letter the portal sends is stored here first, then sent by the worker.

lk_portal.services.outbox writes and sends the rows; this module holds only the table and the
names of the kinds of letters.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

# The kinds of letters, with the names staff see. A new kind of letter adds a line here (no
# migration: the column has no choices, so the list can grow with the features that send mail).
LETTER_KINDS: dict[str, str] = {
    "activation": "активация учетной записи",
    "password_reset": "восстановление пароля",
    "email_change": "подтверждение нового email",
    "payment_reminder": "напоминание о сроке оплаты",
    "invitation": "приглашение в личный кабинет организации",
    "notification": "уведомление",
    "notification_digest": "сводка уведомлений за день",
    "request_new": "новое обращение абонента (филиалу)",
}


class OutgoingLetter(models.Model):
    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"
    CANCELLED = "cancelled"
    STATES = [
        (PENDING, "ожидает отправки"),
        (SENT, "отправлено"),
        (FAILED, "не отправлено"),
        (CANCELLED, "заменено более новым"),
    ]

    kind = models.CharField("Вид письма", max_length=40)
    recipient = models.EmailField("Получатель", max_length=254)
    subject = models.CharField("Тема", max_length=500)
    body = models.TextField("Текст")
    body_html = models.TextField("Текст (HTML)", blank=True)
    # A letter with a link that logs in or sets a password: staff see that it exists, not its text.
    confidential = models.BooleanField("Содержит личную ссылку", default=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="letters",
        verbose_name="Учетная запись",
        db_index=False,  # the index (user, kind, -created_at) below serves it
    )
    abonent = models.ForeignKey(
        "lk_portal.Abonent",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="letters",
        verbose_name="Абонент",
    )
    # One event gives one letter: a second letter_enqueue() with the same key returns the first.
    dedup_key = models.CharField("Ключ события", max_length=200, null=True, blank=True, unique=True)
    state = models.CharField("Состояние", max_length=10, choices=STATES, default=PENDING)
    attempts = models.PositiveIntegerField("Попыток", default=0)
    next_attempt_at = models.DateTimeField("Следующая попытка", null=True, blank=True, default=timezone.now)
    first_failed_at = models.DateTimeField("Первая неудачная попытка", null=True, blank=True)
    last_attempt_at = models.DateTimeField("Последняя попытка", null=True, blank=True)
    last_error = models.TextField("Ошибка", blank=True)
    sent_at = models.DateTimeField("Отправлено", null=True, blank=True)
    created_at = models.DateTimeField("Создано", default=timezone.now, db_index=True)

    class Meta:
        verbose_name = "письмо"
        verbose_name_plural = "письма"
        ordering = ["-created_at", "-pk"]
        indexes = [
            # What the sender reads every minute: the pending letters that are due.
            models.Index(fields=["next_attempt_at"], condition=models.Q(state="pending"), name="outbox_pending_due"),
            models.Index(fields=["user", "kind", "-created_at"], name="outbox_user_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.kind_label}: {self.recipient}"

    @property
    def kind_label(self) -> str:
        return LETTER_KINDS.get(self.kind, self.kind)
