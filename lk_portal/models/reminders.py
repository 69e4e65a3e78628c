"""Which payment reminders went out: one letter per (account, contract, due date)."""

from django.conf import settings
from django.db import models


class PaymentReminderSent(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="payment_reminders_sent",
        verbose_name="Учетная запись",
    )
    contract = models.ForeignKey(
        "lk_portal.Contract", on_delete=models.CASCADE, related_name="payment_reminders_sent", verbose_name="Договор"
    )
    due_date = models.DateField("Срок оплаты")
    amount = models.DecimalField("Сумма", max_digits=14, decimal_places=2, null=True, blank=True)
    sent_at = models.DateTimeField("Отправлено", auto_now_add=True)

    class Meta:
        verbose_name = "отправленное напоминание об оплате"
        verbose_name_plural = "отправленные напоминания об оплате"
        constraints = [
            models.UniqueConstraint(fields=["user", "contract", "due_date"], name="payment_reminder_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.contract} · {self.due_date:%d.%m.%Y}"
