"""Generated abonents, tariffs and the heavy abonent of the benchmarks."""

import datetime
import random
from collections.abc import Callable, Iterable

from django.db import transaction
from django.utils import timezone

from lk_portal.models import (
    Abonent,
    BillingDocument,
    Branch,
    Contract,
    Curator,
    DebtSnapshot,
    Payment,
    PaymentTerm,
    Tariff,
    User,
)

from .guide import DEMO_PASSWORD, GUIDE_TERMS
from .rows import (
    DOCUMENT_COLUMNS,
    PAYMENT_COLUMNS,
    D,
    DemoReport,
    add_months,
    bulk_write,
    history_rows,
    inn_with_checksum,
    money,
    month_end,
)

ORG_FORMS = ["ООО", "ОАО", "АО", "ЗАО", "МУП", "ГБУ", "ИП"]
ORG_NAMES = [
    "Теплострой",
    "Казанский хлебозавод № 3",
    "Волга-Сервис",
    "Камский торговый дом",
    "Школа № 17",
    "Детский сад «Солнышко»",
    "Автоцентр Восток",
    "Татмебель",
    "Поликлиника № 4",
    "Челны-Логистик",
    "Элеком",
    "Нижнекамская типография",
]


def tariffs_ensure(*, first_year: int, last_year: int, branches: dict[str, Branch]) -> None:
    """Tariffs that change each July, per branch, with the decree that set them."""
    for order, branch in enumerate(branches.values()):
        rate = D("1180.40") + D(order * 35)
        for year in range(first_year, last_year + 1):
            for half, (start, end) in enumerate(
                (
                    (datetime.date(year, 1, 1), datetime.date(year, 6, 30)),
                    (datetime.date(year, 7, 1), datetime.date(year, 12, 31)),
                )
            ):
                if half == 1:
                    rate = money(float(rate) * 1.075)
                decree_date = datetime.date(year - 1, 12, 19) if half == 0 else datetime.date(year, 6, 20)
                Tariff.objects.update_or_create(
                    external_id=f"T-{branch.code}-{year}-{half + 1}",
                    defaults={
                        "branch": branch,
                        "tariff_group": "",
                        "name": "Тепловая энергия (отопление, горячее водоснабжение)",
                        "unit": "руб./Гкал",
                        "rate": rate,
                        "vat_rate": D("18"),
                        "valid_from": start,
                        "valid_to": end,
                        "decree": f"Постановление Государственного комитета Республики Татарстан по тарифам "
                        f"от {decree_date:%d.%m.%Y} № {3 + half}-{order + 30}/тэ",
                        "decree_url": f"https://tarif.tatarstan.ru/rus/documents/{year}/{half + 1}/{branch.code}.htm",
                    },
                )


def other_abonents_ensure(
    *,
    count: int,
    years: int,
    branches: dict[str, Branch],
    last_month: datetime.date,
    progress: Callable[[Iterable], Iterable] = lambda it: it,
    heavy_payments: int = 0,
) -> DemoReport:
    """`count` generated abonents with one contract each and `years` of history; existing ones are kept."""
    report = DemoReport()
    rng = random.Random(4242)
    branch_list = list(branches.values())
    first_month = add_months(last_month, -12 * years + 1)
    existing = set(Abonent.objects.filter(inn__startswith="16").values_list("inn", flat=True))
    chunk = 500
    for start in progress(range(0, count, chunk)):
        new = []
        for i in range(start, min(start + chunk, count)):
            inn = inn_with_checksum(f"16{i:07d}")
            if inn in existing:
                continue
            name = f"{ORG_FORMS[i % len(ORG_FORMS)]} «{ORG_NAMES[i % len(ORG_NAMES)]}{'' if i < 12 else f'-{i}'}»"
            new.append(
                Abonent(
                    inn=inn,
                    kpp=f"16{i % 100:02d}01001",
                    name=name,
                    branch=branch_list[i % len(branch_list)],
                    email=f"buh{i}@example.ru",
                    contact_person="Главный бухгалтер",
                    phone=f"(843) 200-{i % 100:02d}-{i % 97:02d}",
                )
            )
        if not new:
            continue
        with transaction.atomic():
            Abonent.objects.bulk_create(new, batch_size=1000)
            created = list(Abonent.objects.filter(inn__in=[a.inn for a in new]).order_by("inn"))
            contracts = [
                Contract(
                    abonent=a,
                    number=f"{int(a.inn[2:9])}/{a.inn[9]} Т",
                    goods="Тепло",
                    start_date=datetime.date(2004 + int(a.inn[-3:]) % 10, 1 + int(a.inn[-2:]) % 12, 1),
                    status="Активный",
                )
                for a in created
            ]
            Contract.objects.bulk_create(contracts, batch_size=1000)
            contracts = list(Contract.objects.filter(abonent__in=created).select_related("abonent"))
            payments, documents, snapshots, terms = [], [], [], []
            for contract in contracts:
                base = money(rng.uniform(8_000, 400_000))
                history = history_rows(
                    rng=rng,
                    abonent_id=contract.abonent_id,
                    contract_id=contract.id,
                    key=contract.abonent.inn,
                    base=base,
                    first_month=first_month,
                    last_month=last_month,
                )
                payments += history.payments
                documents += history.documents
                debt = money(rng.choice([0, 0, 0, rng.uniform(-500, 50_000)]))
                penalties = money(rng.uniform(0, 900)) if debt > 1000 else D("0.00")
                snapshots.append(
                    DebtSnapshot(
                        abonent_id=contract.abonent_id,
                        contract=contract,
                        as_of=month_end(last_month),
                        debt=debt,
                        penalties=penalties,
                    )
                )
                terms += [
                    PaymentTerm(contract=contract, day=d, percent=p, kind=k, next_month=n, sort_order=j)
                    for j, (d, p, k, n) in enumerate(GUIDE_TERMS)
                ]
            report.payments_created += bulk_write(Payment, PAYMENT_COLUMNS, payments, skip_existing=False)
            report.documents_created += bulk_write(BillingDocument, DOCUMENT_COLUMNS, documents, skip_existing=False)
            DebtSnapshot.objects.bulk_create(snapshots, batch_size=2000)
            PaymentTerm.objects.bulk_create(terms, batch_size=2000)
            Curator.objects.bulk_create(
                Curator(
                    contract=c,
                    position="Инженер, сектор по работе с потребителями",
                    full_name="Петрова Анна Сергеевна",
                    phone="567-77-80",
                )
                for c in contracts
            )
            report.abonents_created += len(created)
    if heavy_payments:
        report.payments_created += heavy_abonent_ensure(
            payments=heavy_payments, branches=branches, last_month=last_month
        )
    return report


def heavy_abonent_ensure(*, payments: int, branches: dict[str, Branch], last_month: datetime.date) -> int:
    """One abonent with `payments` payments (for the cabinet benchmark); its login is its ИНН."""
    inn = inn_with_checksum("159999999")
    if Abonent.objects.filter(inn=inn, kpp="160001001").exists():
        return 0
    rng = random.Random(7)
    abonent = Abonent.objects.create(
        inn=inn, kpp="160001001", name="ПАО «Крупный потребитель»", branch=branches["kazan"], email="big@example.ru"
    )
    contract = Contract.objects.create(
        abonent=abonent, number="BIG-01 Т", goods="Тепло", start_date=datetime.date(2000, 1, 1), status="Активный"
    )
    user = User(username=inn, abonent=abonent, email=abonent.email, state=User.ACTIVE, activated_at=timezone.now())
    user.set_password(DEMO_PASSWORD)
    user.save()
    rows = []
    for n in range(payments):
        month = add_months(last_month, -(n % 240))
        day = datetime.date(month.year, month.month, 1 + n % 27)
        kind = ("Аванс", "Основная реализация", "Пени")[n % 3]
        amount = money(rng.uniform(1_000, 900_000))
        rows.append(
            (
                f"H-{n}",
                abonent.id,
                contract.id,
                str(1000 + n),
                day,
                month,
                amount,
                kind,
                f"Оплата по договору BIG-01 Т, платеж {n}",
            )
        )
    with transaction.atomic():
        return bulk_write(Payment, PAYMENT_COLUMNS, rows, skip_existing=False)
