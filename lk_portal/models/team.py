"""Invitations of new members to an abonent's cabinet (issue 15): a single-use link valid for five days."""

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower

from lk_portal.domain.roles import ROLE_CHOICES, Role


class Invitation(models.Model):
    abonent = models.ForeignKey(
        "lk_portal.Abonent", on_delete=models.CASCADE, related_name="invitations", verbose_name="Абонент"
    )
    email = models.EmailField("Email")
    full_name = models.CharField("ФИО", max_length=255, blank=True)
    role = models.CharField("Роль", max_length=12, choices=ROLE_CHOICES, default=Role.OBSERVER.value)
    contracts = models.ManyToManyField(
        "lk_portal.Contract", blank=True, related_name="invitations", verbose_name="Договоры"
    )
    # The link's secret is kept as its SHA-256: the table alone opens no cabinet.
    key_hash = models.CharField("Хеш ключа ссылки", max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="invitations_sent",
        verbose_name="Пригласил",
    )
    created_at = models.DateTimeField("Отправлено")
    expires_at = models.DateTimeField("Действует до")
    accepted_at = models.DateTimeField("Принято", null=True, blank=True)
    revoked_at = models.DateTimeField("Отозвано", null=True, blank=True)
    member = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="invitation",
        verbose_name="Пользователь",
    )

    class Meta:
        verbose_name = "приглашение"
        verbose_name_plural = "приглашения"
        ordering = ["-created_at", "-id"]
        constraints = [
            # One open invitation per address in an organisation: a new one replaces it (services/team.py).
            models.UniqueConstraint(
                "abonent",
                Lower("email"),
                condition=models.Q(accepted_at__isnull=True, revoked_at__isnull=True),
                name="invitation_one_open_per_email",
            )
        ]

    def __str__(self) -> str:
        return f"Приглашение {self.email}"
