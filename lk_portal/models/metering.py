"""Heat metering the portal mirrors from billing (billing-exchange.md: `metering_units`, `consumption`)."""

from django.db import models
from django.utils import timezone

from .billing import Abonent, Contract

GCAL = {"max_digits": 12, "decimal_places": 3}  # Гкал, 3 decimals (developer rules)

RESOURCE_LABELS = {"heat": "тепловая энергия", "water": "теплоноситель"}


class MeteringUnit(models.Model):
    """A heat metering unit (узел учета тепловой энергии) with its heat calculator, under one contract."""

    unit_id = models.CharField("Код узла учета", max_length=64)
    abonent = models.ForeignKey(
        Abonent, on_delete=models.CASCADE, related_name="metering_units", verbose_name="Абонент", db_index=False
    )
    contract = models.ForeignKey(
        Contract, on_delete=models.CASCADE, related_name="metering_units", verbose_name="Договор"
    )
    address = models.CharField("Адрес объекта", max_length=500)
    object_name = models.CharField("Наименование объекта", max_length=255, blank=True)
    calculator = models.CharField("Тепловычислитель", max_length=100)
    serial_no = models.CharField("Заводской номер", max_length=100)
    resources = models.CharField("Ресурсы", max_length=50, help_text="heat или heat,water")
    verification_due = models.DateField("Дата очередной поверки", null=True, blank=True)
    window_from = models.PositiveSmallIntegerField("Прием показаний с", help_text="Число месяца, 1–31")
    window_to = models.PositiveSmallIntegerField(
        "Прием показаний по", help_text="Число месяца, 1–31; меньше «с» — в следующем месяце"
    )
    installed_on = models.DateField("Дата ввода", null=True, blank=True)

    # Kept by the database on every update whoever writes (migration 0016 triggers); the API syncs by it.
    updated_at = models.DateTimeField("Изменено", default=timezone.now, editable=False)

    class Meta:
        verbose_name = "узел учета"
        verbose_name_plural = "узлы учета"
        ordering = ["contract_id", "address", "unit_id"]
        constraints = [models.UniqueConstraint(fields=["unit_id"], name="metering_unit_id_unique")]
        indexes = [
            models.Index(fields=["abonent", "contract"], name="metering_unit_abonent"),
            models.Index(fields=["abonent", "updated_at", "id"], name="metering_unit_updated"),
        ]

    def __str__(self) -> str:
        return f"{self.calculator} № {self.serial_no}, {self.address}"

    @property
    def resource_list(self) -> list[str]:
        return [RESOURCE_LABELS.get(code, code) for code in self.resources.split(",") if code]


class Consumption(models.Model):
    """What billing took as a unit's consumption for one month."""

    METER = "meter"
    CALC = "calc"
    METHODS = [(METER, "по прибору учета"), (CALC, "расчетным способом")]

    unit = models.ForeignKey(
        MeteringUnit, on_delete=models.CASCADE, related_name="consumption", verbose_name="Узел учета", db_index=False
    )
    period = models.DateField("Отчетный период", help_text="Первое число месяца")
    heat_gcal = models.DecimalField("Тепловая энергия, Гкал", **GCAL)
    water = models.DecimalField("Теплоноситель, т или м³", null=True, blank=True, **GCAL)
    hours = models.DecimalField("Время работы, ч", max_digits=7, decimal_places=1, null=True, blank=True)
    method = models.CharField("Способ", max_length=10, choices=METHODS)
    outdoor_temp = models.DecimalField(
        "Средняя температура наружного воздуха, °C", max_digits=4, decimal_places=1, null=True, blank=True
    )

    # Kept by the database on every update whoever writes (migration 0016 triggers); the API syncs by it.
    updated_at = models.DateTimeField("Изменено", default=timezone.now, editable=False)

    class Meta:
        verbose_name = "потребление за месяц"
        verbose_name_plural = "потребление по месяцам"
        ordering = ["unit_id", "-period"]
        constraints = [models.UniqueConstraint(fields=["unit", "period"], name="consumption_unit_period_unique")]

    def __str__(self) -> str:
        return f"{self.unit.unit_id}, {self.period:%m.%Y}"


class Reading(models.Model):
    """A month's cumulative readings of a unit as a member submitted them, and their way to billing and back.

    `status` moves pending («ожидает передачи») → sent («передано в биллинг», by `export_readings`) →
    accepted / rejected («принято», «отклонено: <reason>», by billing's `reading_statuses`).
    """

    PENDING = "pending"
    SENT = "sent"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    STATUSES = [
        (PENDING, "ожидает передачи"),
        (SENT, "передано в биллинг"),
        (ACCEPTED, "принято"),
        (REJECTED, "отклонено"),
    ]
    SOURCES = [("form", "форма"), ("template", "шаблон XLSX"), ("archive", "архив вычислителя"), ("api", "API")]

    unit = models.ForeignKey(
        MeteringUnit, on_delete=models.CASCADE, related_name="readings", verbose_name="Узел учета", db_index=False
    )
    period = models.DateField("Отчетный период", help_text="Первое число месяца")
    taken_on = models.DateField("Дата снятия")
    heat_gcal_total = models.DecimalField("Тепловая энергия нарастающим итогом, Гкал", **GCAL)
    water_total = models.DecimalField("Теплоноситель нарастающим итогом, т или м³", null=True, blank=True, **GCAL)
    hours_total = models.DecimalField(
        "Время работы нарастающим итогом, ч", max_digits=9, decimal_places=1, null=True, blank=True
    )
    heat_gcal = models.DecimalField("За период, Гкал", null=True, blank=True, **GCAL)
    source = models.CharField("Источник", max_length=10, choices=SOURCES)
    late = models.BooleanField("Подано после окна", default=False)
    comment = models.TextField("Комментарий", blank=True)
    submitted_by = models.ForeignKey(
        "lk_portal.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="readings",
        verbose_name="Кем передано",
    )
    submitted_at = models.DateTimeField("Передано")
    status = models.CharField("Статус", max_length=10, choices=STATUSES, default=PENDING)
    reason = models.TextField("Причина отклонения", blank=True)
    billed_gcal = models.DecimalField("Принято к расчету, Гкал", null=True, blank=True, **GCAL)
    exported_at = models.DateTimeField("Выгружено в биллинг", null=True, blank=True)
    export_file = models.CharField("Файл выгрузки", max_length=100, blank=True)
    status_at = models.DateTimeField("Статус получен", null=True, blank=True)

    # Kept by the database on every update whoever writes (migration 0016 triggers); the API syncs by it.
    updated_at = models.DateTimeField("Изменено", default=timezone.now, editable=False)

    class Meta:
        verbose_name = "показания"
        verbose_name_plural = "показания"
        ordering = ["unit_id", "-period", "-submitted_at"]
        indexes = [
            models.Index(fields=["unit", "period"], name="reading_unit_period"),
            models.Index(fields=["status", "id"], name="reading_status"),
        ]

    def __str__(self) -> str:
        return f"{self.unit.unit_id}, {self.period:%m.%Y}: {self.heat_gcal_total} Гкал"
