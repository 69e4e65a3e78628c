"""From the grid to an export: the heading, the typed rows, the file name."""

from __future__ import annotations

import datetime

from django.db.models import QuerySet
from django.utils import timezone

from lk_portal.exports.table import ExportColumn, ExportGroup, ExportTable
from lk_portal.formatting import DATETIME, MONEY, PERIOD, format_int

from .columns import GridDefinition
from .engine import GroupHeader, grid_export
from .filters import column_filter
from .state import GridState

_TRANSLIT = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
        "a b v g d e e zh z i y k l m n o p r s t u f h ts ch sh sch - y - e yu ya".split(),
        strict=True,
    )
)


def transliterate(text: str) -> str:
    """'05 Т' → '05T': Cyrillic to Latin, then only letters, digits, '-' and '_'."""
    out = []
    for char in text:
        low = char.lower()
        if low in _TRANSLIT:
            latin = _TRANSLIT[low].replace("-", "")
            out.append(latin.upper() if char != low and latin else latin)
        elif char.isascii() and (char.isalnum() or char in "-_"):
            out.append(char)
    return "".join(out)


def export_filename(*, slug: str, contract_number: str | None, fmt: str, today: datetime.date | None = None) -> str:
    today = today or timezone.localdate()
    parts = [slug]
    if contract_number:
        parts.append(transliterate(contract_number))
    parts.append(today.isoformat())
    return "_".join(p for p in parts if p) + f".{fmt}"


def grid_state_describe(*, definition: GridDefinition, state: GridState) -> str:
    """The current filter in words, for export headings: «Поиск: «аванс»; Дата оплаты: с 01.01.2015 …»."""
    parts = [f"Поиск: «{state.q}»"] if state.q else []
    for key, bounds in state.filters.items():
        column = definition.column(key)
        parts.append(column_filter(column).describe(column, bounds))
    if state.group:
        parts.append("Группировка: " + ", ".join(definition.column(k).title for k in state.group))
    if state.sort:
        parts.append(
            "Сортировка: "
            + ", ".join(definition.column(k).title + (" (по убыванию)" if d else "") for k, d in state.sort)
        )
    return "; ".join(parts) if parts else "без отбора"


def search_window_note(window) -> str:
    """«Поиск среди последних 20 000 записей (с 17.04.2015)»: what a windowed search left out."""
    since = f" (с {window.since:%d.%m.%Y})" if window.since else ""
    return f"Поиск среди последних {format_int(window.rows)} записей{since}"


def grid_export_table(
    queryset: QuerySet,
    *,
    definition: GridDefinition,
    state: GridState,
    heading: list[str],
    lookups=None,
) -> ExportTable:
    """Every row of the grid's current view as an ExportTable; the rows stream from one query."""
    export = grid_export(queryset, definition=definition, state=state, lookups=lookups)
    columns = definition.columns
    money_index = {c.key: i for i, c in enumerate(columns) if c.kind == MONEY}

    def group_line(label: str, count: int, sums: dict, level: int) -> ExportGroup:
        return ExportGroup(
            level=level,
            label=f"{label} (записей: {count})",
            sums={money_index[key]: value for key, value in sums.items()},
        )

    # Only periods need converting for the renderers; money and dates come typed from the database.
    converters = [(c.field, c.typed if c.kind in (PERIOD, DATETIME) else None) for c in columns]

    def items():
        for item in export.items:
            if isinstance(item, GroupHeader):
                yield group_line(item.label, item.count, item.sums, item.level)
            else:
                yield [item[f] if convert is None else convert(item[f]) for f, convert in converters]

    made = timezone.localtime().strftime("%d.%m.%Y %H:%M")
    return ExportTable(
        title=definition.title,
        heading=[
            *heading,
            f"Отбор: {grid_state_describe(definition=definition, state=state)}",
            *([search_window_note(export.search_window)] if export.search_window else []),
            f"Сформировано: {made}",
        ],
        columns=[ExportColumn(title=c.title, kind=c.kind, width=c.export_width) for c in columns],
        items=items(),
        totals=group_line("Итого", export.totals.count, export.totals.sums, -1),
        size=export.totals.count + export.group_count,
    )
