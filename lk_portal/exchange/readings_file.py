"""The `readings` file the portal writes for billing (billing-exchange.md, «What the portal sends back»).

One declaration per column, in the contract's order: the English key, the Russian title written in the
first row, and how a reading's value is written. Numbers are written as billing reads them (`1250,403`:
a decimal comma, no thousands separator), dates `17.04.2015`, periods `2015,04`, the time submitted in
Moscow time `01.11.2026 12:00`. The CSV is UTF-8 with a BOM, `;`-delimited, quoted as RFC 4180 wants.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, TextIO

from django.utils import timezone

__all__ = ["READINGS_COLUMNS", "readings_csv_write"]


def _number(value: Decimal | None) -> str:
    return "" if value is None else format(value, "f").replace(".", ",")


def _who(user) -> str:
    if user is None:
        return ""
    name = user.get_full_name().strip() or user.username
    return f"{name} <{user.email}>" if user.email else name


def _submitted_at(value) -> str:
    return timezone.localtime(value).strftime("%d.%m.%Y %H:%M")


@dataclass(frozen=True)
class OutColumn:
    key: str
    title: str
    value: Callable[[Any], str]


READINGS_COLUMNS: tuple[OutColumn, ...] = (
    OutColumn("reading_id", "Код показаний", lambda r: str(r.pk)),
    OutColumn("unit_id", "Код узла учета", lambda r: r.unit.unit_id),
    OutColumn("contract_no", "№ договора", lambda r: r.unit.contract.number),
    OutColumn("period", "Отчетный период", lambda r: f"{r.period:%Y,%m}"),
    OutColumn("taken_on", "Дата снятия", lambda r: f"{r.taken_on:%d.%m.%Y}"),
    OutColumn("heat_gcal_total", "Тепловая энергия нарастающим итогом, Гкал", lambda r: _number(r.heat_gcal_total)),
    OutColumn("water_total", "Теплоноситель нарастающим итогом", lambda r: _number(r.water_total)),
    OutColumn("hours_total", "Время работы нарастающим итогом, ч", lambda r: _number(r.hours_total)),
    OutColumn("heat_gcal", "За период, Гкал", lambda r: _number(r.heat_gcal)),
    OutColumn("source", "Источник", lambda r: r.source),
    OutColumn("submitted_at", "Передано", lambda r: _submitted_at(r.submitted_at)),
    OutColumn("submitted_by", "Кем", lambda r: _who(r.submitted_by)),
    OutColumn("late", "Подано после окна", lambda r: "1" if r.late else "0"),
    OutColumn("comment", "Комментарий", lambda r: r.comment),
)


def readings_csv_write(handle: TextIO, readings: Iterable) -> int:
    """Write the file (the BOM, the titles, a row per reading) to a text handle opened with newline=''."""
    handle.write("\ufeff")
    writer = csv.writer(handle, delimiter=";", lineterminator="\r\n")
    writer.writerow([column.title for column in READINGS_COLUMNS])
    count = 0
    for reading in readings:
        writer.writerow([column.value(reading) for column in READINGS_COLUMNS])
        count += 1
    return count
