"""A contract's generated history to the present, month by month, as the billing system would hold it.

Pure functions, no database. Every month is a function of the contract and the month alone (its
random choices come from a hash of the two), and what the portal knows of it on a day X is what of
it is dated up to X. So a history generated on a later day holds the same rows as before plus
what was dated since, and the keys of its rows are the contract's key and the month.

A month M of a contract under the guide's terms (18th: 35 %, 27th: 50 % of the contractual amount,
the rest by the 10th of the next month):
- two advance bills (счета на оплату) dated the 1st of M, of 35 % and 50 % of the contractual
  amount of M, due the 18th and the 27th; paid by the abonent in time, except now and then;
- the invoice (счет-фактура) of M dated its last day: heat of M (Гкал, by the season) at the
  tariff of M with the VAT of its date; the rest (invoice − advances) due the 10th of M+1;
- in the warm months the advances exceed the invoice: the overpayment pays the next month's
  advance bills first (зачет переплаты), so those bills are paid without money.
The state on X: a bill is open (its debt = its amount − what paid it) until its month's invoice is
issued; then the debt is the invoice's (accrued − paid). The invoice of the month of X is not known
on X yet: the billing issues it on the month's last day and the portal imports it the night after.
Пени (190-ФЗ «О теплоснабжении», ст. 15: 1/300 of the key rate a day to the 60th day overdue, 1/170
to the 90th, 1/130 after) are counted on the overdue debt of an invoice to X; none on advances.
The debt line of X is the sum of the open documents' debts and пени, less an overpayment not yet
credited (see `debt_on`); it equals the reconciliation act's balance on X plus the open advance
bills plus the пени.
"""

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple

from .prices import KOP, TARIFF_2015, VAT_BEFORE, contract_amount_in, key_rate_on, month_prices
from .rows import SEASON, add_months, month_end

D = Decimal
ZERO = D("0.00")
GCAL = D("0.001")
ADVANCES = ((18, D("0.35")), (27, D("0.50")))  # the guide's terms (guide.GUIDE_TERMS)
REST_DAY = 10
# A month's last payment is at most this many days after the rest's due date (the 10th of M+1), so
# a month is settled before the 1st of M+3: three months back from a day are all that can change.
LATEST_DAYS = 50
OPEN_MONTHS = 3
INVOICE_SUFFIX = {"kazan": "70", "chelny": "71", "nizhnekamsk": "72"}
MONTHS_GENITIVE = (
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
)
KIND_ADVANCE = "Аванс"
KIND_MAIN = "Основная реализация"
MASK = (1 << 64) - 1


def _mix(x: int) -> int:
    """splitmix64: 64 well-mixed bits from an integer."""
    x = (x + 0x9E3779B97F4A7C15) & MASK
    x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & MASK
    x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & MASK
    return x ^ (x >> 31)


def key_seed(key: str) -> int:
    """A stable integer of a contract's key (Python's hash() changes between runs)."""
    seed = 1469598103934665603
    for byte in key.encode():
        seed = ((seed ^ byte) * 1099511628211) & MASK
    return seed


def money(value: Decimal) -> Decimal:
    return value.quantize(KOP, rounding=ROUND_HALF_UP)


def vat_in(amount: Decimal, rate: Decimal) -> Decimal:
    return money(amount * rate / (100 + rate))


def dash(amount: Decimal) -> str:
    """7220.27 → «7220-27», as payment orders write sums (`amount` in kopecks already)."""
    return str(amount).replace(".", "-")


def _weekday_back(day: datetime.date) -> datetime.date:
    """Banks pay on working days: a Saturday or Sunday moves back to Friday."""
    weekday = day.weekday()
    return day - datetime.timedelta(days=weekday - 4) if weekday > 4 else day


def penalties_on(debt: Decimal, *, due: datetime.date, on: datetime.date) -> Decimal:
    """Пени on `debt` overdue since the day after `due`, to `on` inclusive."""
    days = (on - due).days
    if days <= 0 or debt <= 0:
        return ZERO
    tiers = D(min(days, 60)) / 300 + D(min(max(days - 60, 0), 30)) / 170 + D(max(days - 90, 0)) / 130
    return money(debt * key_rate_on(on) / 100 * tiers)


@dataclass(frozen=True)
class ContractPlan:
    """What the generator knows of a contract."""

    key: str  # the codes of its rows start «DM-<key>-»
    abonent_id: int
    contract_id: int
    number: str
    start_date: datetime.date
    branch_code: str
    amount_2015: Decimal  # the contractual monthly amount at the prices of January–June 2015
    first_month: datetime.date | None  # None: earlier than any month asked for
    opening_credit: Decimal = ZERO  # an overpayment the first month's bills take
    first_bill_day: int = 1  # the day of the first month's bills (the demo's start after the guide's line)
    late_remainder: bool = False  # the demo abonent pays a part of each winter invoice a month late
    month_end_lines: bool = False  # a debt line at every month's end, not only the current one
    # Derived once (the generator makes millions of rows for the benchmarks):
    seed: int = field(init=False, compare=False, repr=False)
    volume_2015: Decimal = field(init=False, compare=False, repr=False)  # Гкал in an average month
    purpose_head: str = field(init=False, compare=False, repr=False)

    def __post_init__(self):
        seed = key_seed(self.key)
        object.__setattr__(self, "seed", seed)
        rate = TARIFF_2015[self.branch_code] * (100 + VAT_BEFORE) / 100
        object.__setattr__(self, "volume_2015", self.amount_2015 / rate)
        head = f"Оплата услуг подачи теплоэнергии по дог.№{self.number} от {_date(self.start_date)}г."
        object.__setattr__(self, "purpose_head", head)

    def contract_amount(self, month: datetime.date) -> Decimal:
        return contract_amount_in(self.amount_2015, branch_code=self.branch_code, month=month)


def _date(day: datetime.date) -> str:
    """17.04.2015 (faster than strftime, which the generator would call millions of times)."""
    return f"{day.day:02d}.{day.month:02d}.{day.year}"


class Cash(NamedTuple):
    """A payment the abonent makes for the month: `target` 0/1 — the advance bill, 2 — the invoice."""

    slot: str
    date: datetime.date
    amount: Decimal
    target: int


class Month(NamedTuple):
    """A month of a contract, all of it, whatever is dated when."""

    plan: ContractPlan
    month: datetime.date
    gcal: Decimal  # the heat of the month: what a metering part shows as the consumption billed
    accrued: Decimal
    bills: tuple[Decimal, Decimal]
    bill_date: datetime.date
    credit_in: Decimal
    credit_parts: tuple[Decimal, Decimal]
    cash: tuple[Cash, ...]
    last_paid: datetime.date  # the date of its last payment (or of its bills)
    vat: Decimal  # of the month: its bills' and its invoice's
    next_month: datetime.date
    invoice_date: datetime.date  # the month's last day
    rest_due: datetime.date  # the 10th of the next month

    @property
    def credit_out(self) -> Decimal:
        """The overpayment the next month's bills take: the advances above the invoice."""
        return max(self.bills[0] + self.bills[1] - self.accrued, ZERO)

    @property
    def invoice_number(self) -> str:
        suffix = INVOICE_SUFFIX.get(self.plan.branch_code, "70")
        return f"Счет-фактура №7{self.plan.seed % 1000:03d}{self.month.year % 100:02d}{self.month.month:02d}1/{suffix}"

    def bill_number(self, n: int) -> str:
        return str(100 + ((self.month.month - 1) * 2 + n) * 97 + self.plan.seed % 97)


PAYMENT_ORDER = {"P1": 0, "P2": 1, "PR": 2, "PR2": 3}


def payment_number(slot: str, day: datetime.date) -> str:
    """The abonent's payment order number: rising through the year with the date, from 100 (the
    guide's are 74 and 86), one a day for each kind of payment."""
    return str(100 + (day.toordinal() - datetime.date(day.year, 1, 1).toordinal()) * 4 + PAYMENT_ORDER[slot])


def _month_hash(plan: ContractPlan, index: int) -> int:
    return _mix(plan.seed ^ (index * 0x2545F4914F6CDD1D & MASK))


SEASON_D = {month: D(str(factor)) for month, factor in SEASON.items()}
SPREAD_UNIT = D("0.2") / 65536
SPREAD_FROM = D("0.9")


def _amounts(plan: ContractPlan, month: datetime.date, h: int):
    """Heat (Гкал), the invoice's sum, the two advance bills and the VAT of a month."""
    vat, gross_rate, index = month_prices(plan.branch_code, month)
    spread = (h & 0xFFFF) * SPREAD_UNIT + SPREAD_FROM
    gcal = (plan.volume_2015 * SEASON_D[month.month] * spread).quantize(GCAL, rounding=ROUND_HALF_UP)
    accrued = (gcal * gross_rate).quantize(KOP, rounding=ROUND_HALF_UP)
    amount = (plan.amount_2015 * index).quantize(KOP, rounding=ROUND_HALF_UP)
    bills = (money(amount * ADVANCES[0][1]), money(amount * ADVANCES[1][1]))
    return gcal, accrued, bills, vat


def _days(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n)


ONE_DAY = _days(1)


def _credit_in(plan: ContractPlan, month: datetime.date, index: int, previous: Month | None) -> Decimal:
    """The overpayment the month starts with: the opening credit, the previous month's, or recomputed."""
    if plan.first_month is not None and month <= plan.first_month:
        return plan.opening_credit if month == plan.first_month else ZERO
    if previous is not None and previous.next_month == month:
        return previous.credit_out
    _, prev_accrued, prev_bills, _ = _amounts(plan, add_months(month, -1), _month_hash(plan, index - 1))
    return max(prev_bills[0] + prev_bills[1] - prev_accrued, ZERO)


def _advance_cash(month, h: int, bills, parts, *, rest: Decimal, bill_date: datetime.date) -> list[Cash]:
    """The payments of the two advance bills (what the credit did not cover), one of them now and then late."""
    roll = ((h >> 22) & 0x3FF) / 1024
    late = (h >> 32) & 0x3F
    cash = []
    for n, part in ((0, parts[0]), (1, parts[1])):
        amount = bills[n] - part
        if amount <= 0:
            continue
        due = month.replace(day=ADVANCES[n][0])
        if n == 1 and rest > 0 and 0.09 <= roll < 0.14:  # an advance paid late
            day = due + _days(3 + late % 18)
        else:
            day = due - _days((h >> (16 + 2 * n)) & 3)
        cash.append(Cash(f"P{n + 1}", max(_weekday_back(day), bill_date), amount, n))
    return cash


def _rest_cash(plan: ContractPlan, h: int, rest: Decimal, due: datetime.date) -> list[Cash]:
    """The payments of the invoice's remainder: mostly in time, sometimes late or in two parts."""
    if rest <= 0:
        return []
    roll = ((h >> 22) & 0x3FF) / 1024
    late = (h >> 32) & 0x3F
    on_time = _weekday_back(due - _days(((h >> 20) & 0xFF) % 3))
    share = D((h >> 38) & 0xFF) / 256
    if plan.late_remainder:  # a third or so paid a month and more late
        part = money(rest * (D("0.60") + share * D("0.15")))
        return [Cash("PR", on_time, part, 2), Cash("PR2", _weekday_back(due + _days(33 + late % 18)), rest - part, 2)]
    if roll < 0.05:  # the rest paid late
        return [Cash("PR", _weekday_back(due + _days(15 + late % 36)), rest, 2)]
    if roll < 0.09:  # the rest paid in part, the remainder late
        part = money(rest * (D("0.5") + share * D("0.3")))
        return [Cash("PR", on_time, part, 2), Cash("PR2", _weekday_back(due + _days(20 + late % 31)), rest - part, 2)]
    return [Cash("PR", on_time, rest, 2)]


def month_build(plan: ContractPlan, month: datetime.date, *, previous: Month | None = None) -> Month:
    """The month's amounts and payments (all of them, whatever their date)."""
    index = month.year * 12 + month.month
    h = _month_hash(plan, index)
    gcal, accrued, bills, vat = _amounts(plan, month, h)
    next_month = add_months(month, 1)
    credit_in = _credit_in(plan, month, index, previous)
    part0 = min(credit_in, bills[0])
    part1 = min(credit_in - part0, bills[1])
    bill_date = month.replace(day=plan.first_bill_day) if month == plan.first_month else month
    rest = accrued - bills[0] - bills[1]
    rest_due = next_month.replace(day=REST_DAY)
    cash = _advance_cash(month, h, bills, (part0, part1), rest=rest, bill_date=bill_date)
    cash += _rest_cash(plan, h, rest, rest_due)
    return Month(
        plan,
        month,
        gcal,
        accrued,
        bills,
        bill_date,
        credit_in,
        (part0, part1),
        tuple(cash),
        max([bill_date] + [c.date for c in cash]),
        vat,
        next_month,
        next_month - ONE_DAY,
        rest_due,
    )


VAT_TEXT: dict[Decimal, str] = {}


def _vat_text(rate: Decimal) -> str:
    if rate not in VAT_TEXT:
        VAT_TEXT[rate] = f"{rate.normalize():f}"
    return VAT_TEXT[rate]


def _bill_paid(m: Month, n: int, on: datetime.date) -> Decimal:
    return m.credit_parts[n] + sum((c.amount for c in m.cash if c.target == n and c.date <= on), ZERO)


def _invoice_debt(m: Month, on: datetime.date) -> Decimal:
    if m.last_paid <= on:
        return max(m.accrued - m.credit_in - sum((c.amount for c in m.cash), ZERO), ZERO)
    paid = m.credit_in + sum((c.amount for c in m.cash if c.date <= on), ZERO)
    return max(m.accrued - paid, ZERO)


def month_debt(m: Month, *, on: datetime.date, invoiced: bool) -> tuple[Decimal, Decimal]:
    """The month's part of the debt line on `on`, and its пени."""
    if invoiced:
        debt = _invoice_debt(m, on)
        if on < m.next_month:  # the next month's bills are not issued yet to take the overpayment
            debt -= m.credit_out
        return debt, penalties_on(debt, due=m.rest_due, on=on) if debt > 0 else ZERO
    if m.bill_date > on:
        return ZERO, ZERO
    return sum((m.bills[n] - _bill_paid(m, n, on) for n in (0, 1)), ZERO), ZERO


def month_rows(m: Month, *, on: datetime.date, invoiced: bool) -> tuple[list[tuple], list[tuple]]:
    """The month's payments and documents known on `on`, in PAYMENT_COLUMNS / DOCUMENT_COLUMNS order."""
    if m.bill_date > on:
        return [], []
    plan = m.plan
    prefix = f"DM-{plan.key}-{m.month.year}{m.month.month:02d}-"
    month = m.month
    vat = m.vat
    vat_text = _vat_text(vat)
    numbers = (m.bill_number(0), m.bill_number(1))
    invoice_number = m.invoice_number
    settled = invoiced and m.last_paid <= on  # most months: everything paid, nothing to count
    payments = []
    for c in m.cash:
        if not settled and c.date > on:
            continue
        if c.target < 2:
            purpose = (
                f"{plan.purpose_head} аванс за {c.target + 1} пол.{MONTHS_GENITIVE[month.month - 1]} {month.year}г. "
                f"по сч.{numbers[c.target]} от {m.bill_date.day:02d}.{month.month:02d}.{month.year % 100:02d} "
                f"Сумма {dash(c.amount)} В т.ч. НДС ({vat_text}%) {dash(vat_in(c.amount, vat))}"
            )
            if m.credit_parts[c.target] > 0:
                purpose += f" (с учетом переплаты {dash(m.credit_parts[c.target])})"
            kind = KIND_ADVANCE
        else:
            purpose = (
                f"{'Доплата' if c.slot == 'PR2' else 'Оплата'} по счету-фактуре {invoice_number[13:]} от "
                f"{_date(m.invoice_date)} за {month.month:02d}.{month.year} по дог.№{plan.number} "
                f"Сумма {dash(c.amount)} В т.ч. НДС ({vat_text}%) {dash(vat_in(c.amount, vat))}"
            )
            kind = KIND_MAIN
        payments.append(
            (prefix + c.slot, plan.abonent_id, plan.contract_id, payment_number(c.slot, c.date), c.date, month)
            + (c.amount, kind, purpose)
        )
    documents = []
    for n in (0, 1):
        paid = m.bills[n] if settled else _bill_paid(m, n, on)
        documents.append(
            (prefix + ("B1", "B2")[n], plan.abonent_id, plan.contract_id, "bill", "за тепло", numbers[n], m.bill_date)
            + (month, None, paid, None if invoiced else m.bills[n] - paid, KIND_ADVANCE, vat)
            + (month.replace(day=ADVANCES[n][0]), None)
        )
    if invoiced:
        debt = _invoice_debt(m, on)
        penalties = penalties_on(debt, due=m.rest_due, on=on) if debt > 0 else None
        documents.append(
            (prefix + "I", plan.abonent_id, plan.contract_id, "invoice", "за тепло", invoice_number, m.invoice_date)
            + (month, m.accrued, m.accrued - debt, debt, KIND_MAIN, vat, m.rest_due, penalties)
        )
    return payments, documents


@dataclass
class History:
    payments: list[tuple] = field(default_factory=list)
    documents: list[tuple] = field(default_factory=list)
    lines: list[tuple[datetime.date, Decimal, Decimal]] = field(default_factory=list)  # as_of, debt, пени
    months: dict[datetime.date, Month] = field(default_factory=dict)

    def month(self, plan: ContractPlan, month: datetime.date) -> Month:
        if month not in self.months:
            self.months[month] = month_build(plan, month, previous=self.months.get(add_months(month, -1)))
        return self.months[month]


def debt_line(plan: ContractPlan, history: History, *, on: datetime.date, invoiced_through: datetime.date):
    """(debt with пени, пени) on `on` when the invoices up to `invoiced_through` (a month) are known."""
    debt = penalties = ZERO
    this = on.replace(day=1)
    for offset in range(-OPEN_MONTHS, 1):
        month = add_months(this, offset)
        if plan.first_month is not None and month < plan.first_month:
            continue
        part, fine = month_debt(history.month(plan, month), on=on, invoiced=month <= invoiced_through)
        debt += part + fine
        penalties += fine
    return debt, penalties


def history_build(plan: ContractPlan, *, first: datetime.date, today: datetime.date) -> History:
    """The rows of the months from `first` to the month of `today` as known on `today`, and the debt
    lines dated in those months: today's, and each month's end before it if the plan keeps them."""
    history = History()
    this = today.replace(day=1)
    last_invoiced = add_months(this, -1)
    month = first
    while month <= this:
        m = history.month(plan, month)
        payments, documents = month_rows(m, on=today, invoiced=month <= last_invoiced)
        history.payments += payments
        history.documents += documents
        if plan.month_end_lines and month <= last_invoiced:
            end = month_end(month)
            history.lines.append((end, *debt_line(plan, history, on=end, invoiced_through=month)))
        month = add_months(month, 1)
    history.lines.append((today, *debt_line(plan, history, on=today, invoiced_through=last_invoiced)))
    return history
