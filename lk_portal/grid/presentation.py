"""The grid page as plain data for the templates in templates/components/grid/."""

from __future__ import annotations

from dataclasses import dataclass

from lk_portal.exports.formats import EXPORT_FORMATS
from lk_portal.formatting import format_money

from .columns import AMOUNT_RANGE, CHOICE, DATE_RANGE, MONEY, PERIOD_RANGE
from .engine import GridPage, GroupHeader

INPUT_TYPES = {DATE_RANGE: "date", PERIOD_RANGE: "month", AMOUNT_RANGE: "text"}


@dataclass
class Cell:
    text: str
    css: str = ""
    link: str = ""


def _native_input_value(kind: str, value) -> str | None:
    """A parsed bound as <input type=date|month> wants it (17.04.2015 typed → 2015-04-17)."""
    if value is None:
        return None
    if kind == DATE_RANGE:
        return value.isoformat()
    if kind == PERIOD_RANGE:
        return f"{value.year:04d}-{value.month:02d}"
    return None


def _sum_cells(page: GridPage, sums: dict) -> list[Cell]:
    """Cells from the first money column on: each money column's sum under it."""
    columns = page.definition.columns
    first = next((i for i, c in enumerate(columns) if c.kind == MONEY), len(columns))
    return [
        Cell(format_money(sums.get(c.key)) if c.kind == MONEY else "", "num" if c.kind == MONEY else "")
        for c in columns[first:]
    ]


def grid_context(page: GridPage) -> dict:
    definition, state = page.definition, page.state
    columns = definition.columns
    first_money = next((i for i, c in enumerate(columns) if c.kind == MONEY), len(columns))
    headers = []
    for column in columns:
        descending = state.sort_map.get(column.key)
        headers.append(
            {
                "column": column,
                "sort_url": state.sort_query(column.key) if column.sortable else "",
                "sorted": descending is not None,
                "descending": bool(descending),
                "group_url": state.group_query([*state.group, column.key])
                if column.is_groupable and column.key not in state.group
                else "",
                "css": "num" if column.kind == MONEY else "",
            }
        )
    filters = []
    for column in columns:
        kind = column.filter_kind
        if not kind:
            filters.append(None)
            continue
        entry = {"column": column, "kind": kind, "input_type": INPUT_TYPES.get(kind, "text")}
        if kind == CHOICE:
            entry["name"] = f"f_{column.key}"
            entry["value"] = state.raw.get(entry["name"], "")
            entry["choices"] = page.choices.get(column.key, [])
        else:
            entry["name_from"], entry["name_to"] = f"f_{column.key}_from", f"f_{column.key}_to"
            parsed = state.filters.get(column.key, {})
            for end in ("from", "to"):
                raw = state.raw.get(entry[f"name_{end}"], "")
                value = _native_input_value(kind, parsed.get(end))
                if raw and value is None:
                    # Unreadable input stays visible as typed, in a text box, next to its error.
                    entry["input_type"] = "text"
                entry[f"value_{end}"] = value if value is not None else raw
        filters.append(entry)
    items = []
    for item in page.items:
        if isinstance(item, GroupHeader):
            items.append(
                {
                    "group": True,
                    "level": item.level,
                    "label": item.label,
                    "count": item.count,
                    "span": max(1, first_money),
                    "sum_cells": _sum_cells(page, item.sums),
                }
            )
        else:
            cells = []
            for column in columns:
                link = item.get(column.link_field) if column.link_field else ""
                cells.append(
                    Cell(
                        column.display(item[column.field]),
                        ("num " if column.kind == MONEY else "") + column.css,
                        link or "",
                    )
                )
            items.append({"group": False, "cells": cells})
    groups = [
        {
            "column": definition.column(key),
            "remove_url": state.group_query([k for k in state.group if k != key]),
        }
        for key in state.group
    ]
    group_options = [c for c in columns if c.is_groupable and c.key not in state.group]
    window = range(max(1, state.page - 3), min(page.page_count, state.page + 3) + 1)
    return {
        "grid": page,
        "state": state,
        "columns": columns,
        "headers": headers,
        "filters": filters,
        "has_filters": any(filters),
        "items": items,
        "colspan": len(columns),
        "first_money": max(1, first_money),
        "total_cells": _sum_cells(page, page.totals.sums),
        "groups": groups,
        "group_options": group_options,
        "can_group_more": len(state.group) < definition.max_group_levels,
        "pages": [{"number": n, "url": state.page_query(n), "current": n == state.page} for n in window],
        "prev_url": state.page_query(state.page - 1) if state.page > 1 else "",
        "next_url": state.page_query(state.page + 1) if state.page < page.page_count else "",
        "exports": [
            {"label": f.label, "url": state.export_query(f.code), "code": f.code} for f in EXPORT_FORMATS.values()
        ],
        "filter_hidden": state.hidden_inputs(exclude=("q", *state.raw.keys(), *_filter_names(definition))),
        "group_hidden": state.hidden_inputs(exclude=()),
        "size_hidden": state.hidden_inputs(exclude=("per_page",)),
        "reset_url": state.query(drop=tuple(_filter_names(definition)) + ("q", "page")),
    }


def _filter_names(definition) -> list[str]:
    names = []
    for column in definition.columns:
        if column.filter_kind == CHOICE:
            names.append(f"f_{column.key}")
        elif column.filter_kind:
            names += [f"f_{column.key}_from", f"f_{column.key}_to"]
    return names
