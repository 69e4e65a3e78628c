"""The comparison of two acts as it reads: the four groups' rows, the balances, the summary and the letter.

Shared by the page (templates/lk_portal/act_compare.html), the XLSX (exports/act_compare.py) and the
request «Отправить расхождения» files. Their side is shown as their file holds it (their debit and credit).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from lk_portal.domain.act_compare import CLOSING, CREDIT, DEBIT, Comparison, Inconsistency, TheirAct, TheirLine
from lk_portal.domain.reconciliation import ActLine
from lk_portal.formatting import format_date, format_date_span, format_money

from .reconciliation import ReconciliationActText, act_line_title

MATCHED, DIFFER, ONLY_OURS, ONLY_THEIRS = "matched", "differ", "only_ours", "only_theirs"
GROUP_TITLES = {
    DIFFER: "Суммы расходятся",
    ONLY_OURS: "Есть только в нашем акте",
    ONLY_THEIRS: "Есть только в вашем акте",
    MATCHED: "Совпадают",
}
LETTER_LINES = 50  # lines of each group written into the request's text (all are in the XLSX)


@dataclass(frozen=True)
class Side:
    date: datetime.date
    title: str
    debit: Decimal | None
    credit: Decimal | None
    row: int | None = None  # their sheet's row


@dataclass(frozen=True)
class CompareRow:
    ours: Side | None
    theirs: Side | None
    difference: Decimal | None = None  # ours − theirs, for «Суммы расходятся»


@dataclass(frozen=True)
class Group:
    key: str
    title: str
    rows: list[CompareRow]

    @property
    def count(self) -> int:
        return len(self.rows)


@dataclass(frozen=True)
class Balance:
    title: str  # «Сальдо начальное на 01.01.2015»
    ours: Decimal
    theirs: Decimal | None
    agrees: bool

    @property
    def ours_text(self) -> str:
        return balance_words(self.ours)

    @property
    def theirs_text(self) -> str:
        return "в вашем акте нет этой строки" if self.theirs is None else balance_words(self.theirs)


@dataclass(frozen=True)
class ComparisonText:
    act: ReconciliationActText
    their_name: str
    period: str  # «с 01.01.2015 по 30.06.2015»
    subject: str  # «по договору № 05 Т от 01.10.2004»
    groups: list[Group]  # differ, only ours, only theirs, matched
    balances: list[Balance]
    orientation: str
    notes: list[str]  # their file against itself
    discrepancies: int

    @property
    def summary(self) -> str:
        closing = self.balances[-1]
        if not self.discrepancies and closing.agrees:
            return "Расхождений нет: все строки совпадают, конечное сальдо сходится."
        found = f"Найдено расхождений: {self.discrepancies}." if self.discrepancies else "Все строки совпадают."
        agree = "Конечное сальдо сходится." if closing.agrees else "Конечное сальдо не сходится."
        return f"{found} {agree}"

    def group(self, key: str) -> Group:
        return next(group for group in self.groups if group.key == key)


def balance_words(balance: Decimal) -> str:
    """A balance in our terms: «7 220,27 — долг абонента», «17,51 — переплата абонента», «0,00»."""
    if balance > 0:
        return f"{format_money(balance)} — долг абонента"
    if balance < 0:
        return f"{format_money(-balance)} — переплата абонента"
    return "0,00 — задолженности нет"


def _ours(line: ActLine) -> Side:
    return Side(line.date, act_line_title(line), line.debit, line.credit)


def _theirs(line: TheirLine) -> Side:
    return Side(line.date, line.text or "(без названия)", line.debit, line.credit, row=line.row)


def _note(item: Inconsistency) -> str:
    what = {DEBIT: "обороты по дебету", CREDIT: "обороты по кредиту", CLOSING: "сальдо конечное"}[item.what]
    given = "не следует из сальдо начального и строк" if item.what == CLOSING else "не равны сумме строк"
    return f"В вашем акте {what} {format_money(item.written)} {given} ({format_money(item.computed)})."


def comparison_text(act: ReconciliationActText, theirs: TheirAct, comparison: Comparison) -> ComparisonText:
    groups = [
        Group(
            DIFFER,
            GROUP_TITLES[DIFFER],
            [CompareRow(_ours(p.ours), _theirs(p.theirs), p.difference) for p in comparison.differ],
        ),
        Group(ONLY_OURS, GROUP_TITLES[ONLY_OURS], [CompareRow(_ours(line), None) for line in comparison.only_ours]),
        Group(
            ONLY_THEIRS, GROUP_TITLES[ONLY_THEIRS], [CompareRow(None, _theirs(line)) for line in comparison.only_theirs]
        ),
        Group(
            MATCHED, GROUP_TITLES[MATCHED], [CompareRow(_ours(p.ours), _theirs(p.theirs)) for p in comparison.matched]
        ),
    ]
    balances = [
        Balance(
            f"Сальдо начальное на {format_date(act.date_from)}",
            comparison.our_opening,
            comparison.their_opening,
            comparison.opening_agrees,
        ),
        Balance(
            f"Сальдо конечное на {format_date(act.date_to)}",
            comparison.our_closing,
            comparison.their_closing,
            comparison.closing_agrees,
        ),
    ]
    orientation = (
        "Ваш акт прочитан из ваших книг: ваш дебет (оплаты) сопоставлен с нашим кредитом, ваш кредит (поступления) — с нашим дебетом."
        if comparison.mirrored
        else "Дебет и кредит в вашем акте записаны так же, как в нашем: они сопоставлены напрямую."
    )
    return ComparisonText(
        act=act,
        their_name=theirs.own_name,
        period=format_date_span(act.date_from, act.date_to),
        subject=act.subject,
        groups=groups,
        balances=balances,
        orientation=orientation,
        notes=[_note(item) for item in comparison.inconsistencies],
        discrepancies=comparison.discrepancies,
    )


def _side_words(side: Side) -> str:
    amount = side.debit if side.debit is not None else side.credit
    where = "дебет" if side.debit is not None else "кредит"
    return f"{format_date(side.date)} {side.title}: {format_money(amount)} ({where})"


def discrepancies_letter(text: ComparisonText) -> tuple[str, str]:
    """The request's subject and text: the differences in words (the XLSX holds them all)."""
    subject = f"Расхождения по акту сверки {text.period}"
    parts = [f"Акт сверки {text.period} {text.subject}: сравнение нашего акта с актом {text.their_name}.", text.summary]
    for key in (DIFFER, ONLY_OURS, ONLY_THEIRS):
        group = text.group(key)
        if not group.rows:
            continue
        parts.append(f"{group.title} ({group.count}):")
        for row in group.rows[:LETTER_LINES]:
            if key == DIFFER:
                parts.append(
                    f"— {_side_words(row.ours)}; у нас {format_money(row.ours.debit or row.ours.credit)}, "
                    f"у абонента {format_money(row.theirs.debit or row.theirs.credit)} (строка {row.theirs.row})"
                )
            elif row.ours is not None:
                parts.append(f"— {_side_words(row.ours)}")
            else:
                parts.append(f"— {_side_words(row.theirs)} (строка {row.theirs.row})")
        if group.count > LETTER_LINES:
            parts.append(f"… и еще {group.count - LETTER_LINES} (все — в приложенном файле)")
    for balance in text.balances:
        parts.append(f"{balance.title}: по нашим данным {balance.ours_text}; по данным абонента {balance.theirs_text}.")
    parts.extend(text.notes)
    return subject, "\n".join(parts)
