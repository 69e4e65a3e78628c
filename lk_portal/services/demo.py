"""The demo data set: the guide's own abonent and rows, exactly, and a generated history around them.

`demo_load()` is idempotent: the guide's rows are upserted by key; a generated abonent whose
ИНН already exists is left as it is, so a second run adds nothing and changes nothing.
`--abonents N --years Y` makes large data for benchmarks with bulk writes (COPY on PostgreSQL).
"""

import datetime
import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db import connection, transaction
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
    SupplierBankDetails,
    Tariff,
    User,
)

D = Decimal
KOP = D("0.01")

DEMO_LOGIN = "1234567890"
DEMO_PASSWORD = "demo2015pass"
DEMO_KPP = "123456789"
DEMO_CONTRACT = "05 Т"
DEMO_AS_OF = datetime.date(2015, 9, 7)
STAFF_LOGIN = "admin"
STAFF_PASSWORD = "admin2015pass"

BRANCHES = [
    (
        "kazan",
        "Казанские тепловые сети",
        "г. Казань, ул. Восстания, д. 90 Б",
        "(843) 567-77-93",
        ("Филиал ОАО «Генерирующая компания» - Казанские тепловые сети", "1655000010", "165943001"),
    ),
    (
        "chelny",
        "Набережночелнинские тепловые сети",
        "г. Набережные Челны, пр. Мусы Джалиля, д. 51\nг. Елабуга, пром. пл. «Алабуга», ул. 14, кор. 1",
        "(8552) 20-17-88",
        ("Филиал ОАО «Генерирующая компания» - Набережночелнинские тепловые сети", "1655000010", "165043001"),
    ),
    (
        "nizhnekamsk",
        "Нижнекамские тепловые сети",
        "г. Нижнекамск, ул. Мурадыяна, д. 14а, (8555) 32-00-15\nг. Заинск, ул. Казанская, д. 8, (85558) 7-29-80",
        "(8555) 32-00-15",
        ("Филиал ОАО «Генерирующая компания» - Нижнекамские тепловые сети", "1655000010", "165143001"),
    ),
]

GUIDE_CURATORS = [
    ("Инженер, Сектор по ДР Гр.пДПП", "Хлынова Ирина Владимировна", ""),
    ("Расчетчица, ОРТЭ ОРЗатЭ", "Гурьянова Елена Ивановна", "567-77-94"),
    ("Инженер, ОРТЭ Гр.по РСП ЦЭР", "Антонов Андрей Анатольевич", "567-77-74"),
]

GUIDE_TERMS = [
    (18, D("35"), "Аванс, % от договорных", False),
    (27, D("50"), "Аванс, % от договорных", False),
    (10, None, "10 -е число следующего отчетного периода (т.е. +1 месяц)", True),
]

PURPOSE_86 = (
    "Оплата услуг подачи теплоэнергии за ОАО «Теплопотребитель» по доп.соглашению к дог.№05 Т от "
    "01.11.2013г аванс за 1 пол.апреля 2015г.по сч.374/70 от 26.03.15 Сумма 7220-27 В т.ч. НДС (18%) 1101-40"
)
PURPOSE_74 = (
    "Оплата услуг подачи теплоэнергии за ОАО «Теплопотребитель» по доп.соглашению к дог.№05 Т от "
    "01.11.2013г.аванс за 2 пол.марта 2015г.по счету №1154/70 от 20.02.2015г. Сумма 16503-48 "
    "В т.ч. НДС (18%) 2517-48"
)

# (external_id, number, date, period, amount, kind, purpose)
GUIDE_PAYMENTS = [
    ("P-86", "86", datetime.date(2015, 4, 17), datetime.date(2015, 4, 1), D("7220.27"), "Аванс", PURPOSE_86),
    ("P-74", "74", datetime.date(2015, 3, 30), datetime.date(2015, 3, 1), D("16503.48"), "Аванс", PURPOSE_74),
]

INV = BillingDocument.INVOICE
BILL = BillingDocument.BILL
# (external_id, doc_type, number, date, period, accrued, paid, debt, kind)
GUIDE_DOCUMENTS = [
    (
        "D-702227301",
        INV,
        "Счет-фактура №702227301/70",
        datetime.date(2015, 4, 30),
        datetime.date(2015, 4, 1),
        D("18902.27"),
        D("18902.27"),
        D("0.00"),
        "Основная реализация",
    ),
    ("D-375", BILL, "375", datetime.date(2015, 3, 26), datetime.date(2015, 3, 1), None, D("7220.27"), None, "Аванс"),
    ("D-1153", BILL, "1153", datetime.date(2015, 3, 27), datetime.date(2015, 3, 1), None, D("0.00"), None, "Аванс"),
    (
        "D-702222832",
        INV,
        "Счет-фактура №702222832/70",
        datetime.date(2015, 3, 31),
        datetime.date(2015, 3, 1),
        D("30251.84"),
        D("30251.84"),
        D("0.00"),
        "Основная реализация",
    ),
    ("D-1147", BILL, "1147", datetime.date(2015, 2, 20), datetime.date(2015, 2, 1), None, D("16503.48"), None, "Аванс"),
    ("D-387", BILL, "387", datetime.date(2015, 2, 19), datetime.date(2015, 2, 1), None, D("11552.44"), None, "Аванс"),
    (
        "D-702210010",
        INV,
        "Счет-фактура №702210010/70",
        datetime.date(2015, 2, 28),
        datetime.date(2015, 2, 1),
        D("34481.41"),
        D("34481.41"),
        D("0.00"),
        "Основная реализация",
    ),
]
GUIDE_MONTHS = {datetime.date(2015, 2, 1), datetime.date(2015, 3, 1), datetime.date(2015, 4, 1)}

# Monthly heat consumption shape: winter months cost several times the summer ones.
SEASON = {1: 1.9, 2: 1.75, 3: 1.5, 4: 1.0, 5: 0.45, 6: 0.3, 7: 0.28, 8: 0.3, 9: 0.5, 10: 1.0, 11: 1.45, 12: 1.8}
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


def money(value: float | Decimal) -> Decimal:
    return D(str(value)).quantize(KOP, rounding=ROUND_HALF_UP)


def month_start(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, 1)


def add_months(day: datetime.date, months: int) -> datetime.date:
    index = day.year * 12 + day.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def month_end(first: datetime.date) -> datetime.date:
    return add_months(first, 1) - datetime.timedelta(days=1)


def inn_with_checksum(nine_digits: str) -> str:
    weights = (2, 4, 10, 3, 5, 9, 4, 6, 8)
    check = sum(int(d) * w for d, w in zip(nine_digits, weights, strict=True)) % 11 % 10
    return nine_digits + str(check)


@dataclass
class DemoReport:
    abonents_created: int = 0
    payments_created: int = 0
    documents_created: int = 0


# ----------------------------------------------------------------------------------------------
# Branches, the guide's abonent and rows


def branches_ensure() -> dict[str, Branch]:
    result = {}
    for order, (code, name, addresses, phone, (payee, inn, kpp)) in enumerate(BRANCHES):
        branch, _ = Branch.objects.update_or_create(
            code=code, defaults={"name": name, "addresses": addresses, "phone": phone, "sort_order": order}
        )
        SupplierBankDetails.objects.update_or_create(
            branch=branch,
            defaults={
                "payee_name": payee,
                "inn": inn,
                "kpp": kpp,
                "bank_name": "ОТДЕЛЕНИЕ-НБ РЕСПУБЛИКА ТАТАРСТАН",
                "bic": "049205001",
                "account": f"4070281010000000{order + 1:04d}",
                "corr_account": "30101810000000000805",
                "address": addresses.split("\n")[0],
                "phone": phone,
            },
        )
        result[code] = branch
    return result


def guide_abonent_ensure(branches: dict[str, Branch]) -> Contract:
    abonent, _ = Abonent.objects.update_or_create(
        inn=DEMO_LOGIN,
        kpp=DEMO_KPP,
        defaults={
            "name": "ОАО «Теплопотребитель»",
            "branch": branches["kazan"],
            "email": "demo@example.ru",
            "contact_person": "Сафина Гульнара Ринатовна",
            "phone": "(843) 222-33-44",
        },
    )
    contract, _ = Contract.objects.update_or_create(
        number=DEMO_CONTRACT,
        defaults={
            "abonent": abonent,
            "goods": "Тепло",
            "start_date": datetime.date(2004, 10, 1),
            "end_date": None,
            "status": "Активный",
            "tariff_group": "Прочие потребители",
            "contract_amount": D("20629.34"),
        },
    )
    if [(c.position, c.full_name, c.phone) for c in contract.curators.all()] != GUIDE_CURATORS:
        contract.curators.all().delete()
        Curator.objects.bulk_create(
            Curator(contract=contract, position=p, full_name=n, phone=t, sort_order=i)
            for i, (p, n, t) in enumerate(GUIDE_CURATORS)
        )
    if [(t.day, t.percent, t.kind, t.next_month) for t in contract.payment_terms.all()] != GUIDE_TERMS:
        contract.payment_terms.all().delete()
        PaymentTerm.objects.bulk_create(
            PaymentTerm(contract=contract, day=d, percent=p, kind=k, next_month=n, sort_order=i)
            for i, (d, p, k, n) in enumerate(GUIDE_TERMS)
        )
    for external_id, number, date, period, amount, kind, purpose in GUIDE_PAYMENTS:
        Payment.objects.update_or_create(
            external_id=external_id,
            defaults={
                "abonent": abonent,
                "contract": contract,
                "number": number,
                "date": date,
                "period": period,
                "amount": amount,
                "kind": kind,
                "purpose": purpose,
            },
        )
    for external_id, doc_type, number, date, period, accrued, paid, debt, kind in GUIDE_DOCUMENTS:
        BillingDocument.objects.update_or_create(
            external_id=external_id,
            defaults={
                "abonent": abonent,
                "contract": contract,
                "doc_type": doc_type,
                "name": "за тепло",
                "number": number,
                "date": date,
                "period": period,
                "accrued": accrued,
                "paid": paid,
                "debt": debt,
                "kind": kind,
                "vat_rate": D("18"),
                "due_date": datetime.date(date.year, date.month, 18) if doc_type == BILL else None,
                "penalties": None,
            },
        )
    DebtSnapshot.objects.update_or_create(
        contract=contract,
        as_of=DEMO_AS_OF,
        defaults={"abonent": abonent, "debt": D("-17.51"), "penalties": D("0.00")},
    )
    return contract


def demo_accounts_ensure(contract: Contract) -> None:
    user, _ = User.objects.get_or_create(
        username=DEMO_LOGIN,
        defaults={"abonent": contract.abonent, "email": contract.abonent.email},
    )
    user.abonent = contract.abonent
    user.state = User.ACTIVE
    user.is_active = True
    user.activated_at = user.activated_at or datetime.datetime(2015, 1, 12, 9, 0, tzinfo=datetime.UTC)
    if not user.check_password(DEMO_PASSWORD):
        user.set_password(DEMO_PASSWORD)
    user.save()

    staff, _ = User.objects.get_or_create(username=STAFF_LOGIN, defaults={"email": "admin@example.ru"})
    staff.is_staff = staff.is_superuser = True
    staff.first_name, staff.last_name = "Администратор", "Филиала"
    if not staff.check_password(STAFF_PASSWORD):
        staff.set_password(STAFF_PASSWORD)
    staff.save()


# ----------------------------------------------------------------------------------------------
# Generated history


@dataclass
class History:
    payments: list[tuple]
    documents: list[tuple]


def history_rows(
    *,
    rng: random.Random,
    abonent_id: int,
    contract_id: int,
    key: str,
    base: Decimal,
    first_month: datetime.date,
    last_month: datetime.date,
    skip_months: set[datetime.date] = frozenset(),
) -> History:
    """Monthly invoices and two or three advance payments a month, all paid, as tuples in column order."""
    payments, documents = [], []
    month = first_month
    seq = 0
    while month <= last_month:
        if month not in skip_months:
            accrued = money(float(base) * SEASON[month.month] * rng.uniform(0.9, 1.1))
            advances = [money(float(accrued) * 0.35), money(float(accrued) * 0.50)]
            rest = accrued - sum(advances)
            seq += 1
            inv_no = f"Счет-фактура №7{contract_id % 1000:03d}{seq:05d}/70"
            documents.append(
                (f"G-{key}-I{seq}", abonent_id, contract_id, INV, "за тепло", inv_no, month_end(month), month)
                + (accrued, accrued, D("0.00"), "Основная реализация", D("18"), None, None)
            )
            for n, (day, amount, label) in enumerate(((18, advances[0], "1"), (27, advances[1], "2"))):
                bill_no = f"{(seq * 2 + n) % 9000 + 100}"
                bill_date = datetime.date(month.year, month.month, 1) + datetime.timedelta(days=rng.randint(0, 4))
                documents.append(
                    (f"G-{key}-B{seq}-{n}", abonent_id, contract_id, BILL, "за тепло", bill_no, bill_date, month)
                    + (None, amount, None, "Аванс", D("18"), datetime.date(month.year, month.month, day), None)
                )
                pay_day = datetime.date(month.year, month.month, day) - datetime.timedelta(days=rng.randint(0, 3))
                purpose = (
                    f"Оплата услуг подачи теплоэнергии аванс за {label} пол. {month:%m.%Y} по сч.{bill_no} "
                    f"Сумма {amount} В т.ч. НДС (18%)"
                )
                payments.append(
                    (f"G-{key}-P{seq}-{n}", abonent_id, contract_id, f"{rng.randint(10, 999)}", pay_day, month)
                    + (amount, "Аванс", purpose)
                )
            if rest > 0:
                next_month = add_months(month, 1)
                payments.append(
                    (
                        f"G-{key}-P{seq}-r",
                        abonent_id,
                        contract_id,
                        f"{rng.randint(10, 999)}",
                        datetime.date(next_month.year, next_month.month, 10)
                        - datetime.timedelta(days=rng.randint(0, 2)),
                        month,
                        rest,
                        "Основная реализация",
                        f"Оплата по счету-фактуре {inv_no} за {month:%m.%Y} Сумма {rest} В т.ч. НДС (18%)",
                    )
                )
        month = add_months(month, 1)
    return History(payments=payments, documents=documents)


PAYMENT_COLUMNS = ["external_id", "abonent_id", "contract_id", "number", "date", "period", "amount", "kind", "purpose"]
DOCUMENT_COLUMNS = [
    "external_id",
    "abonent_id",
    "contract_id",
    "doc_type",
    "name",
    "number",
    "date",
    "period",
    "accrued",
    "paid",
    "debt",
    "kind",
    "vat_rate",
    "due_date",
    "penalties",
]


def bulk_write(model, columns: list[str], rows: list[tuple], *, skip_existing: bool) -> int:
    """Insert rows (tuples in `columns` order). COPY on PostgreSQL for fresh rows, else bulk_create."""
    if not rows:
        return 0
    if connection.vendor == "postgresql" and not skip_existing:
        table = model._meta.db_table
        # psycopg formats each row for COPY itself (in C with psycopg[binary]), escaping included.
        with connection.cursor() as cursor, cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return len(rows)
    objects = [model(**dict(zip(columns, row, strict=True))) for row in rows]
    before = model.objects.count() if skip_existing else 0
    model.objects.bulk_create(objects, batch_size=2000, ignore_conflicts=skip_existing)
    return (model.objects.count() - before) if skip_existing else len(objects)


# The guide shows only two of the payments of February–April 2015, yet every invoice of its table is
# paid. These settle the rest, so the reconciliation act agrees with the guide's table.
GUIDE_MONTH_SETTLEMENTS = [
    (
        "G-demo-2015-02-a",
        "388",
        datetime.date(2015, 2, 19),
        datetime.date(2015, 2, 1),
        D("11552.44"),
        "Аванс",
        "по сч.387 от 19.02.15",
    ),
    (
        "G-demo-2015-02-r",
        "121",
        datetime.date(2015, 3, 10),
        datetime.date(2015, 2, 1),
        D("22928.97"),
        "Основная реализация",
        "по сч.-ф. №702210010/70 от 28.02.15",
    ),
    (
        "G-demo-2015-03-r",
        "133",
        datetime.date(2015, 4, 10),
        datetime.date(2015, 3, 1),
        D("13748.36"),
        "Основная реализация",
        "по сч.-ф. №702222832/70 от 31.03.15",
    ),
    (
        "G-demo-2015-04-r",
        "152",
        datetime.date(2015, 5, 8),
        datetime.date(2015, 4, 1),
        D("11682.00"),
        "Основная реализация",
        "по сч.-ф. №702227301/70 от 30.04.15",
    ),
]
# The guide's header: «Текущая задолженность на 07.09.2015: -17,51 руб.» — an overpayment, made by the
# settlement of August 2015 paid early, on 04.09.2015.
DEMO_OVERPAYMENT = D("17.51")
DEMO_LAST_SETTLEMENT_DATE = datetime.date(2015, 9, 4)


def _guide_months_settlements(contract: Contract) -> list[tuple]:
    return [
        (external_id, contract.abonent_id, contract.id, number, date, period, amount, kind)
        + (f"Оплата услуг подачи теплоэнергии по договору №{DEMO_CONTRACT} {note} Сумма {amount}",)
        for external_id, number, date, period, amount, kind, note in GUIDE_MONTH_SETTLEMENTS
    ]


def _demo_settle_last_month(row: tuple) -> tuple:
    """The August 2015 settlement of the demo abonent: paid on 04.09.2015 with 17,51 over."""
    period, kind = row[5], row[7]
    if period != month_start(2015, 8) or kind != "Основная реализация":
        return row
    return row[:4] + (DEMO_LAST_SETTLEMENT_DATE, period, row[6] + DEMO_OVERPAYMENT) + row[7:]


def demo_history_ensure(contract: Contract, *, years: int) -> DemoReport:
    """The demo abonent's generated history up to August 2015, and one unpaid September advance bill."""
    rng = random.Random(20150907)
    first = month_start(2015 - years + 1, 1) if years > 0 else month_start(2015, 1)
    history = history_rows(
        rng=rng,
        abonent_id=contract.abonent_id,
        contract_id=contract.id,
        key="demo",
        base=D("20629.34"),
        first_month=first,
        last_month=month_start(2015, 8),
        skip_months=GUIDE_MONTHS,
    )
    payments = [_demo_settle_last_month(row) for row in history.payments] + _guide_months_settlements(contract)
    report = DemoReport()
    report.payments_created = bulk_write(Payment, PAYMENT_COLUMNS, payments, skip_existing=True)
    report.documents_created = bulk_write(BillingDocument, DOCUMENT_COLUMNS, history.documents, skip_existing=True)
    BillingDocument.objects.update_or_create(
        external_id="G-demo-unpaid-2015-09",
        defaults={
            "abonent_id": contract.abonent_id,
            "contract": contract,
            "doc_type": BILL,
            "name": "за тепло",
            "number": "1231",
            "date": datetime.date(2015, 9, 1),
            "period": datetime.date(2015, 9, 1),
            "accrued": D("3610.13"),
            "paid": D("0.00"),
            "debt": D("3610.13"),
            "kind": "Аванс",
            "vat_rate": D("18"),
            "due_date": datetime.date(2015, 9, 18),
            "penalties": None,
        },
    )
    return report


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


def demo_load(
    *,
    abonents: int = 50,
    years: int = 4,
    heavy_payments: int = 0,
    progress: Callable[[Iterable], Iterable] = lambda it: it,
) -> DemoReport:
    """Load the whole demo; safe to run again."""
    from home.services.application_page import application_page_ensure
    from home.services.site_pages import site_pages_ensure
    from news.services.demo_news import demo_news_ensure

    with transaction.atomic():
        pages = site_pages_ensure()
        application_page_ensure(parent=pages["home"])
        branches = branches_ensure()
        contract = guide_abonent_ensure(branches)
        demo_accounts_ensure(contract)
        report = demo_history_ensure(contract, years=years)
        tariffs_ensure(first_year=2015 - max(years, 1) + 1, last_year=2016, branches=branches)
        demo_news_ensure(index=pages["news"])
    others = other_abonents_ensure(
        count=abonents,
        years=years,
        branches=branches,
        last_month=month_start(2015, 8),
        progress=progress,
        heavy_payments=heavy_payments,
    )
    report.abonents_created += others.abonents_created
    report.payments_created += others.payments_created
    report.documents_created += others.documents_created
    return report
