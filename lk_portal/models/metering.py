"""Heat metering the portal mirrors from billing (billing-exchange.md: `metering_units`, `consumption`)."""

from django.db import models

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

    class Meta:
        verbose_name = "узел учета"
        verbose_name_plural = "узлы учета"
        ordering = ["contract_id", "address", "unit_id"]
        constraints = [models.UniqueConstraint(fields=["unit_id"], name="metering_unit_id_unique")]
        indexes = [models.Index(fields=["abonent", "contract"], name="metering_unit_abonent")]

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

    class Meta:
        verbose_name = "потребление за месяц"
        verbose_name_plural = "потребление по месяцам"
        ordering = ["unit_id", "-period"]
        constraints = [models.UniqueConstraint(fields=["unit", "period"], name="consumption_unit_period_unique")]

    def __str__(self) -> str:
        return f"{self.unit.unit_id}, {self.period:%m.%Y}"
