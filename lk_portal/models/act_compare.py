"""An abonent's own reconciliation act, as read from its upload, kept to be compared with ours (issue 18)."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from .billing import Abonent, Contract


class ActComparison(models.Model):
    """Their act (lk_portal.domain.act_compare.TheirAct as JSON) for a period and contract; ours is read anew."""

    abonent = models.ForeignKey(
        Abonent, on_delete=models.CASCADE, related_name="act_comparisons", verbose_name="Абонент", db_index=False
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, verbose_name="Загрузил"
    )
    contract = models.ForeignKey(
        Contract,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        verbose_name="Договор",
        help_text="Пусто: все договоры",
    )
    date_from = models.DateField("Период с")
    date_to = models.DateField("Период по")
    file_name = models.CharField("Файл", max_length=255)
    their_act = models.JSONField("Акт абонента")
    created_at = models.DateTimeField("Загружен", default=timezone.now)
    sent_at = models.DateTimeField("Расхождения отправлены", null=True, blank=True)
    request_number = models.CharField("Обращение", max_length=40, blank=True)

    class Meta:
        verbose_name = "сравнение актов сверки"
        verbose_name_plural = "сравнения актов сверки"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["abonent", "created_at"], name="act_comparison_abonent")]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.date_from:%d.%m.%Y} – {self.date_to:%d.%m.%Y})"
