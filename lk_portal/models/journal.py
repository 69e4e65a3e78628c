"""The journal of actions (issue 15, item 5): who did what in an abonent's cabinet, from where, when.

lk_portal.services.journal writes it (`journal_record`, one INSERT); the team's administrators read
their abonent's rows at /lk/team/journal/, staff read all of them in Wagtail admin.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

# The kinds of entries, with the names people read. A new kind adds a line here (no migration: the
# column has no choices, as for LETTER_KINDS).
JOURNAL_ACTIONS: dict[str, str] = {
    "login": "вход",
    "login_failed": "неудачный вход",
    "login_code_failed": "неверный код двухфакторного входа",
    "logout": "выход",
    "export": "выгрузка",
    "print": "печать документа",
    "profile_change": "изменение контактных данных",
    "email_change_request": "запрос смены email",
    "email_change": "смена email",
    "password_change": "смена пароля",
    "password_reset": "восстановление пароля",
    "two_factor_on": "двухфакторный вход включен",
    "two_factor_off": "двухфакторный вход выключен",
    "recovery_codes": "новые резервные коды",
    "two_factor_require": "требование двухфакторного входа",
    "staff_view": "просмотр кабинета сотрудником",
    "api_token_create": "создан ключ API",
    "api_token_revoke": "отозван ключ API",
    "api_use": "обращения к API за день",
    "invitation_sent": "приглашение пользователя",
    "invitation_revoked": "приглашение отозвано",
    "invitation_accepted": "приглашение принято",
    "member_changed": "изменение роли и договоров пользователя",
    "member_blocked": "пользователь заблокирован",
    "member_unblocked": "пользователь разблокирован",
    "readings_submit": "передача показаний",
    "act_compare_send": "отправка расхождений акта сверки",
    "request_create": "подано обращение",
    "request_reply": "ответ по обращению",
    "request_close": "обращение закрыто",
    "request_reopen": "обращение возобновлено",
}


class JournalEntry(models.Model):
    # Wagtail's reference index would add a handful of queries to every write (the journal is in its admin);
    # nothing refers to an entry, and an entry's own links are not worth indexing.
    wagtail_reference_index_ignore = True

    at = models.DateTimeField("Время", default=timezone.now)
    abonent = models.ForeignKey(
        "lk_portal.Abonent",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="journal_entries",
        verbose_name="Абонент",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="Пользователь",
    )
    # The login as it was typed or as it was then: stays readable after a member is removed.
    login = models.CharField("Логин", max_length=254, blank=True)
    action = models.CharField("Действие", max_length=40)
    object = models.CharField("Объект", max_length=255, blank=True)
    details = models.JSONField("Данные", default=dict, blank=True)
    summary = models.CharField("Подробности", max_length=500, blank=True)  # domain.journal.details_text(details)
    ip = models.GenericIPAddressField("IP-адрес", null=True, blank=True)
    user_agent = models.CharField("User-Agent", max_length=300, blank=True)
    browser = models.CharField("Браузер", max_length=100, blank=True)  # domain.journal.browser_short(user_agent)

    class Meta:
        verbose_name = "запись журнала"
        verbose_name_plural = "журнал действий"
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["abonent", "-at"], name="journal_abonent_at"),
            models.Index(fields=["at"], name="journal_at"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%d.%m.%Y %H:%M} {self.action_title}"

    @property
    def action_title(self) -> str:
        return JOURNAL_ACTIONS.get(self.action, self.action)
