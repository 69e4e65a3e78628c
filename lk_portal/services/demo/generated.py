"""The generated abonents (one contract each, a history of `years` to the present) and the heavy
abonent of the benchmarks."""

import datetime
import random
from decimal import Decimal

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

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
    User,
)

from .context import DemoContext
from .guide import DEMO_AS_OF, DEMO_PASSWORD, GUIDE_TERMS
from .present import OPEN_MONTHS, ContractPlan, key_seed
from .prices import contract_amount_in
from .rows import PAYMENT_COLUMNS, add_months, bulk_write, inn_with_checksum, money, tables_analyze
from .store import Span, histories_write

GENERATED_PREFIX = "1600"
CHUNK = 500
LABELS = {Payment: "оплат", BillingDocument: "документов", DebtSnapshot: "строк задолженности"}
HEAVY_LAST_MONTH = datetime.date(2015, 8, 1)  # the benchmarks' abonent keeps the dates they were measured on

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


def generated_inn(index: int) -> str:
    """The ИНН of the generated abonent № `index`: «1600…» — no tax office has the code 1600."""
    return inn_with_checksum(f"16{index:07d}")


def is_generated_inn(inn: str) -> bool:
    return inn.startswith(GENERATED_PREFIX) and len(inn) == 10 and inn == inn_with_checksum(inn[:9])


def amount_2015(inn: str) -> Decimal:
    """The contractual monthly amount at 2015's prices: 8 000 – 400 000 руб., fixed by the ИНН."""
    return Decimal(8_000) + Decimal(key_seed(inn) % 39_200_000) / 100


def _plan(contract_id, abonent_id, number, start_date, inn, branch_code, *, first_month=None) -> ContractPlan:
    return ContractPlan(
        key=inn,
        abonent_id=abonent_id,
        contract_id=contract_id,
        number=number,
        start_date=start_date,
        branch_code=branch_code,
        amount_2015=amount_2015(inn),
        first_month=first_month,
    )


def _first_month(ctx: DemoContext, start_date: datetime.date) -> datetime.date:
    """`years` of history up to this month, not before the contract began."""
    return max(add_months(ctx.today.replace(day=1), -12 * ctx.years + 1), start_date.replace(day=1))


def others_ensure(ctx: DemoContext) -> None:
    """The generated abonents: the stored ones brought to today, the missing ones of `abonents` created."""
    stored = _stored_contracts(ctx)
    existing = set(Abonent.objects.filter(inn__startswith=GENERATED_PREFIX).values_list("inn", flat=True))
    missing = [i for i in range(ctx.abonents) if generated_inn(i) not in existing]
    chunks = [("stored", stored[i : i + CHUNK]) for i in range(0, len(stored), CHUNK)]
    chunks += [("new", missing[i : i + CHUNK]) for i in range(0, len(missing), CHUNK)]
    for what, chunk in ctx.progress(chunks):
        with transaction.atomic():
            if what == "stored":
                _stored_extend(ctx, chunk)
            else:
                _abonents_create(ctx, chunk)
    if ctx.heavy_payments:
        ctx.report.add("оплат", heavy_abonent_ensure(payments=ctx.heavy_payments, branches=ctx.branches))
    if ctx.report.created["абонентов"] >= 1000:
        tables_analyze([Abonent, Contract, Payment, BillingDocument, DebtSnapshot])


def _stored_contracts(ctx: DemoContext) -> list[tuple]:
    """(id, abonent id, number, start, ИНН, branch code, contractual amount, last debt line) of the
    generated abonents' contracts this load changes: all but those loaded today already."""
    this = ctx.today.replace(day=1)
    rows = (
        Contract.objects.filter(abonent__inn__startswith=GENERATED_PREFIX)
        .annotate(last_line=Max("debt_snapshots__as_of"))
        .order_by("id")
        .values_list(
            "id",
            "abonent_id",
            "number",
            "start_date",
            "abonent__inn",
            "abonent__branch__code",
            "contract_amount",
            "last_line",
        )
    )
    return [
        row
        for row in rows
        if is_generated_inn(row[4])
        and not (
            row[7] == ctx.today and row[6] == contract_amount_in(amount_2015(row[4]), branch_code=row[5], month=this)
        )
    ]


def _stored_extend(ctx: DemoContext, rows: list[tuple]) -> None:
    this = ctx.today.replace(day=1)
    spans, legacy, amounts = [], [], []
    for contract_id, abonent_id, number, start, inn, branch_code, amount, last_line in rows:
        if last_line is None or last_line <= DEMO_AS_OF:
            # Made by the demo that lived in 2015 (its history ended in August 2015): made again.
            legacy.append(contract_id)
            first = _first_month(ctx, start)
            plan = _plan(contract_id, abonent_id, number, start, inn, branch_code, first_month=first)
            spans.append(Span(plan=plan, first=first, fresh=True, lines_from=first))
        else:
            first = add_months(min(last_line, ctx.today).replace(day=1), -OPEN_MONTHS)
            plan = _plan(contract_id, abonent_id, number, start, inn, branch_code)
            spans.append(Span(plan=plan, first=first, fresh=False, lines_from=first))
        current = plan.contract_amount(this)
        if amount != current:
            amounts.append(Contract(id=contract_id, contract_amount=current))
    if legacy:
        for model in (Payment, BillingDocument, DebtSnapshot):
            ctx.report.add(LABELS[model], model.objects.filter(contract_id__in=legacy).delete()[0], deleted=True)
    histories_write(spans, today=ctx.today, report=ctx.report)
    Contract.objects.bulk_update(amounts, ["contract_amount"], batch_size=1000)


def _abonents_create(ctx: DemoContext, indexes: list[int]) -> None:
    branch_list = list(ctx.branches.values())
    this = ctx.today.replace(day=1)
    new = []
    for i in indexes:
        name = f"{ORG_FORMS[i % len(ORG_FORMS)]} «{ORG_NAMES[i % len(ORG_NAMES)]}{'' if i < 12 else f'-{i}'}»"
        new.append(
            Abonent(
                inn=generated_inn(i),
                kpp=f"16{i % 100:02d}01001",
                name=name,
                branch=branch_list[i % len(branch_list)],
                email=f"buh{i}@example.ru",
                contact_person="Главный бухгалтер",
                phone=f"(843) 200-{i % 100:02d}-{i % 97:02d}",
            )
        )
    Abonent.objects.bulk_create(new, batch_size=1000)
    created = list(Abonent.objects.filter(inn__in=[a.inn for a in new]).select_related("branch").order_by("inn"))
    contracts = []
    for a in created:
        start = datetime.date(2004 + int(a.inn[-3:]) % 10, 1 + int(a.inn[-2:]) % 12, 1)
        contracts.append(
            Contract(
                abonent=a,
                number=f"{int(a.inn[2:9])}/{a.inn[9]} Т",
                goods="Тепло",
                start_date=start,
                status="Активный",
                contract_amount=contract_amount_in(amount_2015(a.inn), branch_code=a.branch.code, month=this),
            )
        )
    Contract.objects.bulk_create(contracts, batch_size=1000)
    contracts = list(Contract.objects.filter(abonent__in=created).select_related("abonent__branch"))
    spans = []
    for c in contracts:
        first = _first_month(ctx, c.start_date)
        plan = _plan(
            c.id, c.abonent_id, c.number, c.start_date, c.abonent.inn, c.abonent.branch.code, first_month=first
        )
        spans.append(Span(plan=plan, first=first, fresh=True, lines_from=first))
    histories_write(spans, today=ctx.today, report=ctx.report)
    PaymentTerm.objects.bulk_create(
        (
            PaymentTerm(contract=c, day=d, percent=p, kind=k, next_month=n, sort_order=j)
            for c in contracts
            for j, (d, p, k, n) in enumerate(GUIDE_TERMS)
        ),
        batch_size=2000,
    )
    Curator.objects.bulk_create(
        (
            Curator(
                contract=c,
                position="Инженер, сектор по работе с потребителями",
                full_name="Петрова Анна Сергеевна",
                phone="567-77-80",
            )
            for c in contracts
        ),
        batch_size=2000,
    )
    ctx.report.add("абонентов", len(created))


def heavy_abonent_ensure(
    *,
    payments: int,
    branches: dict[str, Branch],
    last_month=HEAVY_LAST_MONTH,
    number: int = 1,
    name: str = "ПАО «Крупный потребитель»",
) -> int:
    """One abonent with `payments` payments (for the cabinet benchmark); its login is its ИНН.

    `number` 1 is the demo's (`--heavy-payments`); the benchmarks add more (BIG-02 …) beside it.
    """
    inn = inn_with_checksum(f"{159999999 - (number - 1)}")
    if Abonent.objects.filter(inn=inn, kpp="160001001").exists():
        return 0
    rng = random.Random(7)
    abonent = Abonent.objects.create(
        inn=inn,
        kpp="160001001",
        name=name,
        branch=branches["kazan"],
        email="big@example.ru" if number == 1 else f"big{number}@example.ru",
    )
    code = f"BIG-{number:02d} Т"
    contract = Contract.objects.create(
        abonent=abonent, number=code, goods="Тепло", start_date=datetime.date(2000, 1, 1), status="Активный"
    )
    user = User(
        username=inn,
        abonent=abonent,
        role=Role.ADMIN,
        email=abonent.email,
        state=User.ACTIVE,
        activated_at=timezone.now(),
    )
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
                f"H-{n}" if number == 1 else f"H{number}-{n}",
                abonent.id,
                contract.id,
                str(1000 + n),
                day,
                month,
                amount,
                kind,
                f"Оплата по договору {code}, платеж {n}",
            )
        )
    with transaction.atomic():
        return bulk_write(Payment, PAYMENT_COLUMNS, rows, skip_existing=False)
