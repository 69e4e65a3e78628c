"""The guide's own abonent, rows and branches, exactly as the user guide shows them."""

import datetime
import random

from lk_portal.domain.roles import Role
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
    User,
)

from .context import DemoContext
from .rows import (
    BILL,
    DOCUMENT_COLUMNS,
    INV,
    PAYMENT_COLUMNS,
    D,
    DemoReport,
    bulk_write,
    history_rows,
    month_start,
)

DEMO_LOGIN = "1234567890"
DEMO_PASSWORD = "demo2015pass"
DEMO_KPP = "123456789"
DEMO_CONTRACT = "05 Т"
DEMO_AS_OF = datetime.date(2015, 9, 7)
DEMO_AMOUNT_2015 = D("20629.34")  # 35 % of it is the guide's advance 7 220,27
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
    fields = {
        "abonent": abonent,
        "goods": "Тепло",
        "start_date": datetime.date(2004, 10, 1),
        "end_date": None,
        "status": "Активный",
        "tariff_group": "Прочие потребители",
    }
    # The contractual amount follows the tariff (continuation.py keeps it current); 2015's at first.
    contract, _ = Contract.objects.update_or_create(
        number=DEMO_CONTRACT, defaults=fields, create_defaults={**fields, "contract_amount": DEMO_AMOUNT_2015}
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
    user.role = Role.ADMIN
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


def guide_history_ensure(contract: Contract, *, years: int, report: DemoReport) -> None:
    """The demo abonent's generated history from January of `years` before 2015 up to August 2015,
    around the guide's rows; from September 2015 on it continues in continuation.py."""
    rng = random.Random(20150907)
    first = month_start(2015 - years + 1, 1) if years > 0 else month_start(2015, 1)
    history = history_rows(
        rng=rng,
        abonent_id=contract.abonent_id,
        contract_id=contract.id,
        key="demo",
        base=DEMO_AMOUNT_2015,
        first_month=first,
        last_month=month_start(2015, 8),
        skip_months=GUIDE_MONTHS,
    )
    payments = [_demo_settle_last_month(row) for row in history.payments] + _guide_months_settlements(contract)
    report.add("оплат", bulk_write(Payment, PAYMENT_COLUMNS, payments, skip_existing=True))
    report.add("документов", bulk_write(BillingDocument, DOCUMENT_COLUMNS, history.documents, skip_existing=True))
    # The demo before it lived in the present kept an unpaid bill of September 2015 here.
    BillingDocument.objects.filter(external_id="G-demo-unpaid-2015-09").delete()


def guide_ensure(ctx: DemoContext) -> None:
    """Branches, the guide's abonent with its rows and logins, and its history to August 2015."""
    ctx.branches = branches_ensure()
    ctx.contract = guide_abonent_ensure(ctx.branches)
    demo_accounts_ensure(ctx.contract)
    guide_history_ensure(ctx.contract, years=ctx.years, report=ctx.report)
