import datetime
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from lk_portal import models


class BranchFactory(DjangoModelFactory):
    class Meta:
        model = models.Branch
        django_get_or_create = ("code",)

    code = "kazan"
    name = "Казанские тепловые сети"
    addresses = "г. Казань, ул. Восстания, д. 90 Б"
    phone = "(843) 567-77-93"


class SupplierBankDetailsFactory(DjangoModelFactory):
    class Meta:
        model = models.SupplierBankDetails

    branch = factory.SubFactory(BranchFactory)
    payee_name = "Филиал ОАО «Генерирующая компания» — Казанские тепловые сети"
    inn = "1655123456"
    kpp = "165501001"
    bank_name = "ПАО «Банк»"
    bic = "049205603"
    account = "40702810962000000001"
    corr_account = "30101810600000000603"


def _inn(n: int) -> str:
    """A valid 10-digit ИНН built from a sequence number (checksum computed)."""
    base = f"77{n:07d}"[:9]
    weights = (2, 4, 10, 3, 5, 9, 4, 6, 8)
    check = sum(int(d) * w for d, w in zip(base, weights, strict=True)) % 11 % 10
    return base + str(check)


class AbonentFactory(DjangoModelFactory):
    class Meta:
        model = models.Abonent

    inn = factory.Sequence(_inn)
    kpp = "165501001"
    name = factory.Sequence(lambda n: f"ООО «Абонент {n}»")
    branch = factory.SubFactory(BranchFactory)
    email = factory.Sequence(lambda n: f"abonent{n}@example.ru")
    contact_person = "Иванова Мария Петровна"
    phone = "(843) 555-00-00"


class UserFactory(DjangoModelFactory):
    class Meta:
        model = models.User
        django_get_or_create = ("username",)

    abonent = factory.SubFactory(AbonentFactory)
    username = factory.LazyAttribute(lambda o: o.abonent.inn if o.abonent else "staff")
    email = factory.LazyAttribute(lambda o: o.abonent.email if o.abonent else "staff@example.ru")
    role = "admin"  # the abonent's first account; other members say their role
    state = models.User.ACTIVE
    password = factory.PostGenerationMethodCall("set_password", "secret2015pass")

    @factory.post_generation
    def contracts(self, create, extracted, **kwargs):
        if create and extracted:
            self.contracts.set(extracted)


class ContractFactory(DjangoModelFactory):
    class Meta:
        model = models.Contract

    abonent = factory.SubFactory(AbonentFactory)
    number = factory.Sequence(lambda n: f"{n:02d} Т")
    goods = "Тепло"
    start_date = datetime.date(2004, 10, 1)
    status = "Активный"


class CuratorFactory(DjangoModelFactory):
    class Meta:
        model = models.Curator

    contract = factory.SubFactory(ContractFactory)
    position = "Инженер"
    full_name = "Хлынова Ирина Владимировна"
    phone = "567-77-94"


class PaymentTermFactory(DjangoModelFactory):
    class Meta:
        model = models.PaymentTerm

    contract = factory.SubFactory(ContractFactory)
    day = 18
    percent = Decimal("35")
    kind = "Аванс, % от договорных"


class PaymentFactory(DjangoModelFactory):
    class Meta:
        model = models.Payment

    external_id = factory.Sequence(lambda n: f"P-{n}")
    contract = factory.SubFactory(ContractFactory)
    abonent = factory.LazyAttribute(lambda o: o.contract.abonent)
    number = factory.Sequence(lambda n: str(100 + n))
    date = datetime.date(2015, 4, 17)
    period = datetime.date(2015, 4, 1)
    amount = Decimal("1000.00")
    kind = "Аванс"
    purpose = "Оплата услуг подачи теплоэнергии"


class BillingDocumentFactory(DjangoModelFactory):
    class Meta:
        model = models.BillingDocument

    external_id = factory.Sequence(lambda n: f"D-{n}")
    contract = factory.SubFactory(ContractFactory)
    abonent = factory.LazyAttribute(lambda o: o.contract.abonent)
    doc_type = models.BillingDocument.INVOICE
    name = "за тепло"
    number = factory.Sequence(lambda n: f"Счет-фактура №70{n:07d}/70")
    date = datetime.date(2015, 4, 30)
    period = datetime.date(2015, 4, 1)
    accrued = Decimal("1000.00")
    paid = Decimal("0.00")
    debt = Decimal("1000.00")
    kind = "Основная реализация"
    vat_rate = Decimal("18")


class DebtSnapshotFactory(DjangoModelFactory):
    class Meta:
        model = models.DebtSnapshot

    contract = factory.SubFactory(ContractFactory)
    abonent = factory.LazyAttribute(lambda o: o.contract.abonent)
    as_of = datetime.date(2015, 9, 7)
    debt = Decimal("0.00")
    penalties = Decimal("0.00")


class TariffFactory(DjangoModelFactory):
    class Meta:
        model = models.Tariff

    external_id = factory.Sequence(lambda n: f"T-{n}")
    branch = factory.SubFactory(BranchFactory)
    name = "Тепловая энергия"
    unit = "Гкал"
    rate = Decimal("1234.56")
    vat_rate = Decimal("18")
    valid_from = datetime.date(2015, 7, 1)
    decree = "Постановление ГКТ РТ № 1"


class MeteringUnitFactory(DjangoModelFactory):
    class Meta:
        model = models.MeteringUnit

    contract = factory.SubFactory(ContractFactory)
    abonent = factory.LazyAttribute(lambda unit: unit.contract.abonent)
    unit_id = factory.Sequence(lambda n: f"UF-{n:04d}")
    address = factory.Sequence(lambda n: f"г. Казань, ул. Баумана, {n + 1}")
    calculator = "ТВ7"
    serial_no = factory.Sequence(lambda n: f"{100000 + n}")
    resources = "heat,water"
    window_from = 23
    window_to = 3


class ConsumptionFactory(DjangoModelFactory):
    class Meta:
        model = models.Consumption

    unit = factory.SubFactory(MeteringUnitFactory)
    period = datetime.date(2015, 1, 1)
    heat_gcal = Decimal("125.403")
    method = models.Consumption.METER


class ReadingFactory(DjangoModelFactory):
    class Meta:
        model = models.Reading

    unit = factory.SubFactory(MeteringUnitFactory)
    period = datetime.date(2026, 10, 1)
    taken_on = datetime.date(2026, 10, 31)
    heat_gcal_total = Decimal("1250.403")
    heat_gcal = Decimal("125.403")
    source = "form"
    submitted_at = factory.LazyFunction(lambda: datetime.datetime(2026, 11, 1, 9, 0, tzinfo=datetime.UTC))
    status = models.Reading.SENT
