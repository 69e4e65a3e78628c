"""The abonent's own reconciliation act compared with ours, line by line: plain values and rules.

Their act (`TheirAct`) is what `lk_portal.exchange.act_1c` read from the file their accounting program
printed; ours is `lk_portal.domain.reconciliation.ReconciliationAct`. `act_compare(ours, theirs)` gives
the four groups — matched, amounts that differ, only ours, only theirs — and both balances.

Sides. In our books the debit is what the abonent was charged and the credit what it paid. In the
abonent's books it is the mirror: its debit is what it paid the supplier (our credit), its credit what it
received (our debit), and its balance is the negative of ours. A file may still be written in our
orientation (a hand-made act, another program): `orientation_guess` takes the reading under which more of
their lines find one of ours with the same side and amount (the mirror on a tie, as 1С prints it).

Matching, in three passes, each line used once, the nearest dates first:
1. same side, same amount, the same document number, dates within the tolerance of the kind;
2. same side, same amount, dates within `LOOSE_DAYS` (their wording carries no number or another one);
3. same side, the same document number, dates within the tolerance, the amount differs → «суммы расходятся».
The tolerance (docs/decisions.md): a payment may stand `PAYMENT_DAYS` apart — the payer dates its
order, the supplier the bank day it arrived (weekends, holidays); a charge `INVOICE_DAYS` — the buyer
enters a received invoice on the day it came, often in the next month's first days.
"""

from __future__ import annotations

import datetime
import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from .reconciliation import ActLine, ReconciliationAct

ZERO = Decimal("0.00")
PAYMENT_DAYS = 7
INVOICE_DAYS = 15
LOOSE_DAYS = 3
MAX_DAYS = 3 * 366  # the longest period compared, as the act on the page
DEBIT, CREDIT = "debit", "credit"  # a line's side in our books

_NUMBER_SIGN = re.compile(r"№\s*([0-9A-Za-zА-Яа-яЁё][^\s,;)(]*)")
_NUMBER_BEFORE_FROM = re.compile(r"(?<![\w.])([0-9][0-9A-Za-zА-Яа-я/\-]*)\s+от\s+\d{1,2}\.\d{1,2}\.\d{2,4}")
_DATE_IN_TEXT = re.compile(r"(?<!\d)(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})(?!\d)")
_DIGITS = re.compile(r"\d+")


def document_number(text: str) -> str:
    """The document's number in the wording of an act line, '' if it names none.

    «Оплата (17.04.15 № 86)» → '86'; «Продажа (31.03.15 № 374/70)» → '374/70';
    «Платежное поручение 86 от 17.04.2015» → '86'; «Счет-фактура №702222832/70» → '702222832/70'.
    """
    text = text or ""
    match = _NUMBER_SIGN.search(text) or _NUMBER_BEFORE_FROM.search(text)
    return match.group(1).rstrip(".") if match else ""


def number_key(number: str) -> str:
    """A number as compared: its groups of digits without leading zeros ('00БП-000086' and '86' agree)."""
    groups = [group.lstrip("0") for group in _DIGITS.findall(number or "")]
    return "/".join(group for group in groups if group)


def document_date(text: str) -> datetime.date | None:
    """The first date written in the wording («(17.04.15 № 86)»), None if none or not a calendar day."""
    match = _DATE_IN_TEXT.search(text or "")
    if match is None:
        return None
    day, month, year = (int(part) for part in match.groups())
    if year < 100:
        year += 2000 if year < 69 else 1900
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


@dataclass(frozen=True)
class TheirLine:
    row: int  # the row of their sheet, so a person finds it
    date: datetime.date
    text: str  # the document as they wrote it
    debit: Decimal | None  # in their books
    credit: Decimal | None

    @property
    def number(self) -> str:
        return document_number(self.text)

    @property
    def amount(self) -> Decimal:
        return self.debit if self.debit is not None else (self.credit or ZERO)

    def side(self, *, mirrored: bool) -> str:
        """The side the line stands on in our books."""
        theirs = DEBIT if self.debit is not None else CREDIT
        if not mirrored:
            return theirs
        return CREDIT if theirs == DEBIT else DEBIT


@dataclass(frozen=True)
class TheirAct:
    """The abonent's act as read from its file; amounts in its own books (debit − credit its balance)."""

    own_name: str  # «По данным <own_name>»: the block read
    other_name: str  # the other block's party, '' if none
    date_from: datetime.date | None
    date_to: datetime.date | None
    lines: tuple[TheirLine, ...] = ()
    opening: Decimal | None = None  # their opening balance, debit − credit; None: no line «Сальдо начальное»
    closing: Decimal | None = None
    debit_total: Decimal | None = None  # «Обороты за период», as written
    credit_total: Decimal | None = None
    contract_text: str = ""  # «по договору …» of their header


def their_act_to_json(act: TheirAct) -> dict:
    """The act as JSON-able values (stored with the comparison)."""

    def money(value):
        return None if value is None else str(value)

    return {
        "own_name": act.own_name,
        "other_name": act.other_name,
        "date_from": act.date_from.isoformat() if act.date_from else None,
        "date_to": act.date_to.isoformat() if act.date_to else None,
        "opening": money(act.opening),
        "closing": money(act.closing),
        "debit_total": money(act.debit_total),
        "credit_total": money(act.credit_total),
        "contract_text": act.contract_text,
        "lines": [
            [line.row, line.date.isoformat(), line.text, money(line.debit), money(line.credit)] for line in act.lines
        ],
    }


def their_act_from_json(data: dict) -> TheirAct:
    def money(value):
        return None if value is None else Decimal(value)

    def day(value):
        return datetime.date.fromisoformat(value) if value else None

    return TheirAct(
        own_name=data["own_name"],
        other_name=data.get("other_name", ""),
        date_from=day(data.get("date_from")),
        date_to=day(data.get("date_to")),
        opening=money(data.get("opening")),
        closing=money(data.get("closing")),
        debit_total=money(data.get("debit_total")),
        credit_total=money(data.get("credit_total")),
        contract_text=data.get("contract_text", ""),
        lines=tuple(
            TheirLine(row, datetime.date.fromisoformat(date), text, money(debit), money(credit))
            for row, date, text, debit, credit in data["lines"]
        ),
    )


@dataclass(frozen=True)
class Pair:
    ours: ActLine
    theirs: TheirLine

    @property
    def difference(self) -> Decimal:
        """Ours − theirs."""
        return _our_amount(self.ours) - self.theirs.amount


@dataclass(frozen=True)
class Comparison:
    mirrored: bool  # their debit is our credit (as an act from the abonent's own books is)
    matched: list[Pair]
    differ: list[Pair]  # the same document, another amount
    only_ours: list[ActLine]
    only_theirs: list[TheirLine]
    our_opening: Decimal
    our_closing: Decimal
    their_opening: Decimal | None  # in our terms: positive — the abonent owes
    their_closing: Decimal | None
    inconsistencies: list = field(default_factory=list)  # of their file with itself (Inconsistency)

    @property
    def closing_agrees(self) -> bool:
        return self.their_closing is not None and self.their_closing == self.our_closing

    @property
    def opening_agrees(self) -> bool:
        return self.their_opening is not None and self.their_opening == self.our_opening

    @property
    def discrepancies(self) -> int:
        return len(self.differ) + len(self.only_ours) + len(self.only_theirs)


def _our_side(line: ActLine) -> str:
    return DEBIT if line.debit is not None else CREDIT


def _our_amount(line: ActLine) -> Decimal:
    return line.debit if line.debit is not None else (line.credit or ZERO)


def _our_key(line: ActLine) -> str:
    return number_key(document_number(line.number) or line.number)


def _days_apart(ours: ActLine, theirs: TheirLine) -> int:
    """The nearer of their line's date and the date in its wording, in days from ours."""
    days = abs((theirs.date - ours.date).days)
    written = document_date(theirs.text)
    return min(days, abs((written - ours.date).days)) if written else days


def _tolerance(side: str) -> int:
    return PAYMENT_DAYS if side == CREDIT else INVOICE_DAYS


def orientation_guess(ours: list[ActLine], theirs: tuple[TheirLine, ...]) -> bool:
    """True (mirrored) unless more of their lines find our side and amount read straight."""
    have = {(_our_side(line), _our_amount(line)) for line in ours}
    mirrored = sum((line.side(mirrored=True), line.amount) in have for line in theirs)
    straight = sum((line.side(mirrored=False), line.amount) in have for line in theirs)
    return straight <= mirrored


class _Matcher:
    """The passes over the two sides' free lines; indexes keep each pass near-linear."""

    def __init__(self, ours: list[ActLine], theirs: tuple[TheirLine, ...], *, mirrored: bool):
        self.ours, self.theirs, self.mirrored = ours, theirs, mirrored
        self.our_free = set(range(len(ours)))
        self.their_free = set(range(len(theirs)))
        self.their_keys = [number_key(line.number) for line in theirs]
        self.our_keys = [_our_key(line) for line in ours]

    def run(self, index_of, accept) -> list[Pair]:
        """Pair free lines that share `index_of(side, amount, number)` and pass `accept`, nearest dates first."""
        index = defaultdict(list)
        for i in self.our_free:
            line = self.ours[i]
            key = index_of(_our_side(line), _our_amount(line), self.our_keys[i])
            if key is not None:
                index[key].append(i)
        candidates = []
        for j in self.their_free:
            line = self.theirs[j]
            key = index_of(line.side(mirrored=self.mirrored), line.amount, self.their_keys[j])
            for i in index.get(key, ()) if key is not None else ():
                days = _days_apart(self.ours[i], line)
                if accept(self.ours[i], line, days):
                    candidates.append((days, j, i))
        pairs = []
        for _days, j, i in sorted(candidates):
            if i in self.our_free and j in self.their_free:
                self.our_free.discard(i)
                self.their_free.discard(j)
                pairs.append(Pair(self.ours[i], self.theirs[j]))
        return pairs


def _by_amount(side: str, amount: Decimal, number: str):
    return (side, amount)


def _by_number(side: str, amount: Decimal, number: str):
    return (side, number) if number else None


def _by_amount_and_number(side: str, amount: Decimal, number: str):
    return (side, amount, number) if number else None


def _within_tolerance(ours, theirs, days):
    return days <= _tolerance(_our_side(ours))


def _within_loose(ours, theirs, days):
    return days <= LOOSE_DAYS


def _amount_differs(ours, theirs, days):
    return days <= _tolerance(_our_side(ours)) and _our_amount(ours) != theirs.amount


def _their_balance(value: Decimal | None, *, mirrored: bool) -> Decimal | None:
    if value is None:
        return None
    return -value if mirrored else value


@dataclass(frozen=True)
class Inconsistency:
    """A figure of their file that its own lines do not give: `what` is DEBIT, CREDIT (the turnovers) or CLOSING."""

    what: str
    written: Decimal
    computed: Decimal


CLOSING = "closing"


def their_inconsistencies(theirs: TheirAct) -> list[Inconsistency]:
    """Their file against itself: turnovers that are not the sum of its lines, a closing that does not follow."""
    found = []
    debit = sum((line.debit for line in theirs.lines if line.debit is not None), ZERO)
    credit = sum((line.credit for line in theirs.lines if line.credit is not None), ZERO)
    if theirs.debit_total is not None and theirs.debit_total != debit:
        found.append(Inconsistency(DEBIT, theirs.debit_total, debit))
    if theirs.credit_total is not None and theirs.credit_total != credit:
        found.append(Inconsistency(CREDIT, theirs.credit_total, credit))
    if theirs.opening is not None and theirs.closing is not None:
        expected = theirs.opening + debit - credit
        if expected != theirs.closing:
            found.append(Inconsistency(CLOSING, theirs.closing, expected))
    return found


def act_compare(ours: ReconciliationAct, theirs: TheirAct) -> Comparison:
    """Our act and theirs for the same period, line by line (the module's docstring has the rules)."""
    lines = list(ours.lines)
    mirrored = orientation_guess(lines, theirs.lines)
    matcher = _Matcher(lines, theirs.lines, mirrored=mirrored)
    matched = matcher.run(_by_amount_and_number, _within_tolerance)
    matched += matcher.run(_by_amount, _within_loose)
    differ = matcher.run(_by_number, _amount_differs)
    return Comparison(
        mirrored=mirrored,
        matched=sorted(matched, key=lambda pair: (pair.ours.date, pair.theirs.row)),
        differ=sorted(differ, key=lambda pair: (pair.ours.date, pair.theirs.row)),
        only_ours=[lines[i] for i in sorted(matcher.our_free)],
        only_theirs=[theirs.lines[j] for j in sorted(matcher.their_free)],
        our_opening=ours.opening,
        our_closing=ours.closing,
        their_opening=_their_balance(theirs.opening, mirrored=mirrored),
        their_closing=_their_balance(theirs.closing, mirrored=mirrored),
        inconsistencies=their_inconsistencies(theirs),
    )
