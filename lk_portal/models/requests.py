"""Обращения (issue 18): an abonent's requests to the supplier, their messages, attachments and statuses.

lk_portal.services.requests writes them (`request_create`, `request_reply`, `request_close`, …); the rules
(statuses, who may move them, due dates) are in lk_portal.domain.requests. Attachments are files under
LK_PRIVATE_DIR, never under the public media; only lk_portal.views.requests serves them.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from lk_portal.domain.requests import STATUS_CHOICES, STATUS_LABELS, Status

from .billing import Abonent, Contract


class RequestKind(models.Model):
    """A type of request staff may edit: its name in the form and its due time in working days."""

    code = models.SlugField("Код", max_length=40, unique=True, help_text="Для API и ссылок: billing, copies …")
    name = models.CharField("Наименование", max_length=200, unique=True)
    due_days = models.PositiveSmallIntegerField("Срок рассмотрения, рабочих дней", default=10)
    sort_order = models.PositiveSmallIntegerField("Порядок", default=0)
    active = models.BooleanField("Предлагать в форме", default=True)

    class Meta:
        verbose_name = "тип обращения"
        verbose_name_plural = "типы обращений"
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name


class RequestSequence(models.Model):
    """The last number given in a year: «№ 2026-000123» is the 123rd of 2026 (a row lock makes it race-safe)."""

    year = models.PositiveSmallIntegerField("Год", primary_key=True)
    last = models.PositiveIntegerField("Последний номер", default=0)

    class Meta:
        verbose_name = "нумератор обращений"
        verbose_name_plural = "нумераторы обращений"


class Request(models.Model):
    year = models.PositiveSmallIntegerField("Год")
    seq = models.PositiveIntegerField("Номер в году")
    number = models.CharField("Номер", max_length=20, unique=True)  # «2026-000123» (domain.requests.request_number)
    abonent = models.ForeignKey(Abonent, on_delete=models.CASCADE, related_name="requests", verbose_name="Абонент")
    contract = models.ForeignKey(
        Contract, on_delete=models.SET_NULL, null=True, blank=True, related_name="requests", verbose_name="Договор"
    )
    kind = models.ForeignKey(RequestKind, on_delete=models.PROTECT, related_name="requests", verbose_name="Тип")
    subject = models.CharField("Тема", max_length=255)
    text = models.TextField("Текст обращения")
    status = models.CharField("Статус", max_length=10, choices=STATUS_CHOICES, default=Status.NEW.value)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="requests_filed",
        verbose_name="Подал",
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="requests_assigned",
        verbose_name="Исполнитель",
        limit_choices_to={"is_staff": True},
    )
    created_at = models.DateTimeField("Подано", default=timezone.now)
    updated_at = models.DateTimeField("Изменено", default=timezone.now)
    due_date = models.DateField("Срок")
    finished_at = models.DateTimeField("Решено или закрыто", null=True, blank=True)
    # The staff's last answer, kept here so the list shows it without reading the thread.
    last_reply_at = models.DateTimeField("Последний ответ", null=True, blank=True)
    last_reply_text = models.CharField("Текст последнего ответа", max_length=300, blank=True)

    class Meta:
        verbose_name = "обращение"
        verbose_name_plural = "обращения"
        ordering = ["-created_at", "-id"]
        permissions = [("view_all_requests", "Может видеть обращения всех филиалов")]
        constraints = [models.UniqueConstraint(fields=["year", "seq"], name="request_year_seq_unique")]
        indexes = [
            models.Index(fields=["abonent", "-created_at"], name="request_abonent_created"),
            models.Index(fields=["status", "due_date"], name="request_status_due"),
            models.Index(fields=["abonent", "updated_at", "id"], name="request_updated"),  # the API's sync
        ]

    def __str__(self) -> str:
        return f"№ {self.number}"

    @property
    def status_label(self) -> str:
        return STATUS_LABELS.get(self.status, self.status)


class RequestMessage(models.Model):
    """One message of a request's thread: the abonent's, staff's answer, or staff's internal note."""

    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="messages", verbose_name="Обращение")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="Автор",
    )
    from_staff = models.BooleanField("От сотрудника", default=False)
    internal = models.BooleanField("Внутренняя заметка", default=False)  # never shown to the abonent
    text = models.TextField("Текст")
    created_at = models.DateTimeField("Создано", default=timezone.now)

    class Meta:
        verbose_name = "сообщение обращения"
        verbose_name_plural = "сообщения обращений"
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.request}: {self.text[:50]}"


class RequestAttachment(models.Model):
    """A file of a request or of one of its messages, kept under LK_PRIVATE_DIR at `path`."""

    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="attachments", verbose_name="Обращение")
    message = models.ForeignKey(
        RequestMessage,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="attachments",
        verbose_name="Сообщение",
    )
    name = models.CharField("Имя файла", max_length=255)
    content_type = models.CharField("Тип", max_length=100)
    size = models.PositiveIntegerField("Размер, байт")
    path = models.CharField("Путь в закрытой папке", max_length=255, unique=True)
    created_at = models.DateTimeField("Загружено", default=timezone.now)

    class Meta:
        verbose_name = "вложение обращения"
        verbose_name_plural = "вложения обращений"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class RequestStatusChange(models.Model):
    """One move of a request's status: from, to, who, when."""

    request = models.ForeignKey(
        Request, on_delete=models.CASCADE, related_name="status_changes", verbose_name="Обращение"
    )
    from_status = models.CharField("Было", max_length=10, choices=STATUS_CHOICES, blank=True)
    to_status = models.CharField("Стало", max_length=10, choices=STATUS_CHOICES)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="Кто"
    )
    by_staff = models.BooleanField("Сотрудник", default=False)
    at = models.DateTimeField("Когда", default=timezone.now)

    class Meta:
        verbose_name = "смена статуса обращения"
        verbose_name_plural = "смены статусов обращений"
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.request}: {self.to_status}"

    @property
    def to_label(self) -> str:
        return STATUS_LABELS.get(self.to_status, self.to_status)
