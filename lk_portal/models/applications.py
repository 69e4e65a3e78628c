"""Applications for registration («Заявка на регистрацию») filled on the public site."""

from django.db import models

from lk_portal.validators import validate_inn, validate_kpp


class RegistrationApplication(models.Model):
    NEW = "new"
    REGISTERED = "registered"
    REJECTED = "rejected"
    STATUSES = [(NEW, "новая"), (REGISTERED, "зарегистрирован"), (REJECTED, "отклонена")]

    name = models.CharField("Название (полное наименование)", max_length=255)
    inn = models.CharField("ИНН", max_length=12, validators=[validate_inn])
    kpp = models.CharField("КПП", max_length=9, validators=[validate_kpp])
    contract_number = models.CharField("Номер договора", max_length=50)
    email = models.EmailField("Email (для получения логина и ссылки на активацию ЛК)")
    contact_person = models.CharField("Контактное лицо организации", max_length=255)
    phone = models.CharField("Телефон контактного лица", max_length=100)
    branch = models.ForeignKey(
        "lk_portal.Branch", on_delete=models.PROTECT, related_name="registration_applications", verbose_name="Филиал"
    )
    created_at = models.DateTimeField("Подана", auto_now_add=True, db_index=True)
    status = models.CharField("Статус", max_length=20, choices=STATUSES, default=NEW)
    staff_note = models.TextField("Заметка сотрудника", blank=True)
    ip_address = models.GenericIPAddressField("IP-адрес", null=True, blank=True, editable=False)

    class Meta:
        verbose_name = "заявка на регистрацию"
        verbose_name_plural = "заявки на регистрацию"
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["inn", "kpp"], name="regapp_inn_kpp")]

    def __str__(self) -> str:
        return f"{self.name} (ИНН {self.inn}, КПП {self.kpp})"
