"""The billing data the portal mirrors from the billing system (billing-exchange.md)."""

from django.db import models
from django.db.models import Q
from django.utils import timezone

MONEY = {"max_digits": 14, "decimal_places": 2}


class Branch(models.Model):
    code = models.SlugField("Код", max_length=20, unique=True)  # kazan / chelny / nizhnekamsk
    name = models.CharField("Наименование", max_length=200, unique=True)
    addresses = models.TextField("Адреса и телефоны", blank=True)
    phone = models.CharField("Телефон для справок", max_length=100, blank=True)
    email = models.EmailField(
        "Email для обращений", blank=True, help_text="Сюда приходит письмо о каждом новом обращении абонента филиала."
    )
    # The branch's staff (issue 18): they see its abonents' requests in Wagtail admin.
    staff = models.ManyToManyField(
        "lk_portal.User",
        blank=True,
        related_name="staff_branches",
        verbose_name="Сотрудники филиала",
        limit_choices_to={"is_staff": True},
        help_text="Видят обращения абонентов этого филиала.",
    )
    sort_order = models.PositiveSmallIntegerField("Порядок", default=0)

    class Meta:
        verbose_name = "филиал"
        verbose_name_plural = "филиалы"
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name


class SupplierBankDetails(models.Model):
    """The supplier's details for printed payment documents, one set per branch."""

    branch = models.OneToOneField(Branch, on_delete=models.CASCADE, related_name="bank_details", verbose_name="Филиал")
    payee_name = models.CharField("Получатель", max_length=160)
    inn = models.CharField("ИНН получателя", max_length=12)
    kpp = models.CharField("КПП получателя", max_length=9)
    bank_name = models.CharField("Банк", max_length=45)
    bic = models.CharField("БИК", max_length=9)
    account = models.CharField("Расчетный счет", max_length=20)
    corr_account = models.CharField("Корреспондентский счет", max_length=20)
    address = models.CharField("Адрес", max_length=255, blank=True)
    phone = models.CharField("Телефон", max_length=100, blank=True)

    class Meta:
        verbose_name = "банковские реквизиты филиала"
        verbose_name_plural = "банковские реквизиты филиалов"

    def __str__(self) -> str:
        return f"{self.payee_name} ({self.branch})"


class Abonent(models.Model):
    inn = models.CharField("ИНН", max_length=12)
    kpp = models.CharField("КПП", max_length=9)
    name = models.CharField("Абонент", max_length=255)
    branch = models.ForeignKey(Branch, on_delete=models.PROTECT, related_name="abonents", verbose_name="Филиал")
    email = models.EmailField("Email", blank=True)
    contact_person = models.CharField("Контактное лицо", max_length=255, blank=True)
    phone = models.CharField("Телефон", max_length=100, blank=True)
    require_two_factor = models.BooleanField(
        "Требовать двухфакторный вход",
        default=False,
        help_text="Каждый пользователь организации входит с кодом из приложения-аутентификатора.",
    )

    class Meta:
        verbose_name = "абонент"
        verbose_name_plural = "абоненты"
        ordering = ["name"]
        permissions = [
            ("view_as_abonent", "Может просматривать кабинет абонента (только чтение)"),
            ("export_as_abonent", "Может выгружать и печатать в кабинете абонента при просмотре"),
        ]
        constraints = [models.UniqueConstraint(fields=["inn", "kpp"], name="abonent_inn_kpp_unique")]

    def __str__(self) -> str:
        return f"{self.name} (ИНН {self.inn}, КПП {self.kpp})"


class Contract(models.Model):
    abonent = models.ForeignKey(Abonent, on_delete=models.CASCADE, related_name="contracts", verbose_name="Абонент")
    number = models.CharField("№ договора", max_length=50, unique=True)
    goods = models.CharField("Вид товара", max_length=100)
    start_date = models.DateField("Дата начала")
    end_date = models.DateField("Дата окончания", null=True, blank=True)
    status = models.CharField("Статус", max_length=50)
    tariff_group = models.CharField("Тарифная группа", max_length=100, blank=True)
    contract_amount = models.DecimalField("Договорная сумма в месяц, руб", null=True, blank=True, **MONEY)

    # Kept by the database on every update whoever writes (migration 0016 triggers); the API syncs by it.
    updated_at = models.DateTimeField("Изменено", default=timezone.now, editable=False)

    class Meta:
        verbose_name = "договор"
        verbose_name_plural = "договоры"
        ordering = ["abonent", "start_date", "number"]
        indexes = [
            models.Index(fields=["abonent", "start_date"], name="contract_abonent_start"),
            models.Index(fields=["abonent", "updated_at", "id"], name="contract_abonent_updated"),
        ]

    def __str__(self) -> str:
        return f"{self.number} от {self.start_date:%d.%m.%Y}"


class Curator(models.Model):
    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="curators", verbose_name="Договор")
    position = models.CharField("Должность", max_length=255)
    full_name = models.CharField("ФИО", max_length=255)
    phone = models.CharField("Телефон", max_length=100, blank=True)
    sort_order = models.PositiveIntegerField("Порядок", default=0)

    # Kept by the database on every update whoever writes (migration 0016 triggers); the API syncs by it.
    updated_at = models.DateTimeField("Изменено", default=timezone.now, editable=False)

    class Meta:
        verbose_name = "куратор договора"
        verbose_name_plural = "кураторы договоров"
        ordering = ["contract", "sort_order", "id"]

    def __str__(self) -> str:
        return f"{self.full_name}, {self.position}"


class PaymentTerm(models.Model):
    contract = models.ForeignKey(
        Contract, on_delete=models.CASCADE, related_name="payment_terms", verbose_name="Договор"
    )
    day = models.PositiveSmallIntegerField("Дата оплаты")
    percent = models.DecimalField("%% по договору", max_digits=5, decimal_places=2, null=True, blank=True)
    kind = models.CharField("Виды платежей", max_length=255)
    next_month = models.BooleanField("В следующем месяце", default=False)
    sort_order = models.PositiveIntegerField("Порядок", default=0)

    # Kept by the database on every update whoever writes (migration 0016 triggers); the API syncs by it.
    updated_at = models.DateTimeField("Изменено", default=timezone.now, editable=False)

    class Meta:
        verbose_name = "условие оплаты"
        verbose_name_plural = "условия оплаты"
        ordering = ["contract", "sort_order", "next_month", "day"]
        constraints = [
            models.CheckConstraint(condition=Q(day__gte=1, day__lte=31), name="payment_term_day_1_31"),
            models.CheckConstraint(
                condition=Q(percent__isnull=True) | Q(percent__gte=0, percent__lte=100),
                name="payment_term_percent_0_100",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.day}: {self.kind}"


class Payment(models.Model):
    # Uniqueness as a constraint and no single-column FK indexes: the composite indexes below
    # cover abonent/contract lookups, and every extra index slows the nightly import of
    # millions of rows (issue 4). A constraint, unlike unique=True, adds no "_like" index.
    external_id = models.CharField("Код", max_length=64)
    abonent = models.ForeignKey(
        Abonent, on_delete=models.CASCADE, related_name="payments", verbose_name="Абонент", db_index=False
    )
    contract = models.ForeignKey(
        Contract, on_delete=models.CASCADE, related_name="payments", verbose_name="Договор", db_index=False
    )
    number = models.CharField("№ документа оплаты", max_length=50)
    date = models.DateField("Дата оплаты")
    period = models.DateField("Отчетный период", help_text="Первое число месяца")
    amount = models.DecimalField("Сумма оплаты", **MONEY)
    kind = models.CharField("Вид реализации", max_length=100)
    purpose = models.TextField("Назначение платежа", blank=True)

    # Kept by the database on every update whoever writes (migration 0016 triggers); the API syncs by it.
    updated_at = models.DateTimeField("Изменено", default=timezone.now, editable=False)

    class Meta:
        verbose_name = "оплата"
        verbose_name_plural = "оплаты"
        ordering = ["-date", "-id"]
        constraints = [models.UniqueConstraint(fields=["external_id"], name="payment_external_id_unique")]
        indexes = [
            # … date, id: the order of every listing of an abonent's or a contract's rows (newest
            # first, then by id), read from the index as it stands (issue 14). No index on (date):
            # with one, the planner walks all rows by date to find an abonent's old ones.
            models.Index(fields=["abonent", "date", "id"], name="payment_abonent_date"),
            models.Index(fields=["contract", "date", "id"], name="payment_contract_date"),
            models.Index(fields=["abonent", "period"], name="payment_abonent_period"),
            models.Index(fields=["number"], name="payment_number"),  # the staff's search (issue 14, item 6)
            models.Index(fields=["abonent", "updated_at", "id"], name="payment_abonent_updated"),  # API sync
        ]

    def __str__(self) -> str:
        return f"Оплата № {self.number} от {self.date:%d.%m.%Y}"


class PaymentSummary(models.Model):
    """The abonent's payments counted and summed per contract and kind, kept by the database itself.

    Triggers on the payments table (migration 0007) add each written row's delta in the same
    statement, whoever writes (the import's COPY and upserts, the demo, the admin), so the Оплата
    grid takes its «Вид реализации» choices and its unfiltered totals from a few rows per contract
    instead of a scan of all the abonent's payments (issue 14, item 4). Never written by the ORM;
    no foreign key constraints, so deleting a contract or an abonent never waits on it (the
    triggers remove a key's row when its last payment goes).
    """

    abonent = models.ForeignKey(
        Abonent,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        related_name="+",
        verbose_name="Абонент",
    )
    contract = models.ForeignKey(
        Contract,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        related_name="+",
        verbose_name="Договор",
    )
    kind = models.CharField("Вид реализации", max_length=100)
    row_count = models.BigIntegerField("Оплат")
    amount = models.DecimalField("Сумма оплат", max_digits=18, decimal_places=2)

    class Meta:
        verbose_name = "итог оплат"
        verbose_name_plural = "итоги оплат"
        constraints = [
            models.UniqueConstraint(fields=["abonent", "contract", "kind"], name="payment_summary_key"),
        ]

    def __str__(self) -> str:
        return f"{self.contract_id} {self.kind}: {self.row_count}"


class BillingDocument(models.Model):
    INVOICE = "invoice"
    BILL = "bill"
    DOC_TYPES = [(INVOICE, "Счет-фактура"), (BILL, "Счет на оплату")]

    external_id = models.CharField("Код", max_length=64)  # unique by a constraint, as Payment
    abonent = models.ForeignKey(
        Abonent, on_delete=models.CASCADE, related_name="documents", verbose_name="Абонент", db_index=False
    )
    contract = models.ForeignKey(
        Contract, on_delete=models.CASCADE, related_name="documents", verbose_name="Договор", db_index=False
    )
    doc_type = models.CharField("Тип документа", max_length=10, choices=DOC_TYPES)
    name = models.CharField("Наименование", max_length=255)
    number = models.CharField("№ документа", max_length=100)
    date = models.DateField("Дата документа")
    period = models.DateField("Период начислений", help_text="Первое число месяца")
    accrued = models.DecimalField("Начислено (в т.ч. НДС), руб", null=True, blank=True, **MONEY)
    paid = models.DecimalField("Оплачено (в т.ч. НДС), руб", null=True, blank=True, **MONEY)
    debt = models.DecimalField("Задолженность, руб", null=True, blank=True, **MONEY)
    kind = models.CharField("Вид реализации", max_length=100)
    vat_rate = models.DecimalField("Ставка НДС, %", max_digits=5, decimal_places=2, null=True, blank=True)
    due_date = models.DateField("Срок оплаты", null=True, blank=True)
    penalties = models.DecimalField("Пени, руб", null=True, blank=True, **MONEY)

    # Kept by the database on every update whoever writes (migration 0016 triggers); the API syncs by it.
    updated_at = models.DateTimeField("Изменено", default=timezone.now, editable=False)

    class Meta:
        verbose_name = "платежный документ"
        verbose_name_plural = "платежные документы"
        ordering = ["-date", "-id"]
        constraints = [models.UniqueConstraint(fields=["external_id"], name="document_external_id_unique")]
        indexes = [
            models.Index(fields=["abonent", "date", "id"], name="document_abonent_date"),  # as Payment's
            models.Index(fields=["contract", "date", "id"], name="document_contract_date"),
            models.Index(fields=["abonent", "doc_type", "date"], name="document_abonent_type_date"),
            models.Index(fields=["number"], name="document_number"),
            models.Index(fields=["abonent", "updated_at", "id"], name="document_abonent_updated"),  # API sync
        ]

    def __str__(self) -> str:
        return f"{self.number} от {self.date:%d.%m.%Y}"


class DebtSnapshot(models.Model):
    abonent = models.ForeignKey(
        Abonent, on_delete=models.CASCADE, related_name="debt_snapshots", verbose_name="Абонент"
    )
    contract = models.ForeignKey(
        Contract, on_delete=models.CASCADE, related_name="debt_snapshots", verbose_name="Договор"
    )
    as_of = models.DateField("Дата")
    debt = models.DecimalField("Задолженность", **MONEY)
    penalties = models.DecimalField("Пени", **MONEY)

    # Kept by the database on every update whoever writes (migration 0016 triggers); the API syncs by it.
    updated_at = models.DateTimeField("Изменено", default=timezone.now, editable=False)

    class Meta:
        verbose_name = "задолженность на дату"
        verbose_name_plural = "задолженность на дату"
        ordering = ["-as_of"]
        constraints = [models.UniqueConstraint(fields=["contract", "as_of"], name="debt_contract_as_of_unique")]
        indexes = [
            models.Index(fields=["abonent", "as_of"], name="debt_abonent_as_of"),
            models.Index(fields=["abonent", "updated_at", "id"], name="debt_abonent_updated"),
        ]

    def __str__(self) -> str:
        return f"{self.contract}: {self.debt} на {self.as_of:%d.%m.%Y}"


class Tariff(models.Model):
    external_id = models.CharField("Код", max_length=64, unique=True)
    branch = models.ForeignKey(
        Branch, on_delete=models.CASCADE, null=True, blank=True, related_name="tariffs", verbose_name="Филиал"
    )
    tariff_group = models.CharField("Тарифная группа", max_length=100, blank=True)
    name = models.CharField("Наименование", max_length=255)
    unit = models.CharField("Ед. изм.", max_length=50)
    rate = models.DecimalField("Тариф без НДС", max_digits=14, decimal_places=2)
    vat_rate = models.DecimalField("Ставка НДС, %", max_digits=5, decimal_places=2, null=True, blank=True)
    valid_from = models.DateField("Действует с")
    valid_to = models.DateField("Действует по", null=True, blank=True)
    decree = models.CharField("Нормативный документ", max_length=500, blank=True)
    decree_url = models.URLField("Ссылка", max_length=500, blank=True)

    # Kept by the database on every update whoever writes (migration 0016 triggers); the API syncs by it.
    updated_at = models.DateTimeField("Изменено", default=timezone.now, editable=False)

    class Meta:
        verbose_name = "тариф"
        verbose_name_plural = "тарифы"
        ordering = ["-valid_from", "name"]
        indexes = [
            models.Index(fields=["branch", "tariff_group", "valid_from"], name="tariff_branch_group_from"),
            models.Index(fields=["updated_at", "id"], name="tariff_updated"),
        ]

    def __str__(self) -> str:
        return f"{self.name} с {self.valid_from:%d.%m.%Y}"
