"""The grid page as plain data for the templates in templates/components/grid/."""

from __future__ import annotations

from dataclasses import dataclass

from lk_portal.exports.formats import export_bar
from lk_portal.formatting import MONEY, format_money

from .columns import Column, GridDefinition
from .engine import GridPage, GroupHeader
from .export import search_window_note
from .filters import column_filter, filter_names
from .state import GridState


@dataclass
class Cell:
    text: str
    css: str = ""
    link: str = ""


def _first_money(columns) -> int:
    return next((i for i, c in enumerate(columns) if c.kind == MONEY), len(columns))


def _sum_cells(columns, sums: dict) -> list[Cell]:
    """Cells from the first money column on: each money column's sum under it."""
    return [
        Cell(format_money(sums.get(c.key)), "num") if c.kind == MONEY else Cell("", "")
        for c in columns[_first_money(columns) :]
    ]


def _header(column: Column, state: GridState) -> dict:
    descending = state.sort_map.get(column.key)
    groupable = column.is_groupable and column.key not in state.group
    return {
        "column": column,
        "sort_url": state.sort_query(column.key) if column.sortable else "",
        "sorted": descending is not None,
        "descending": bool(descending),
        "group_url": state.group_query([*state.group, column.key]) if groupable else "",
        "css": "num" if column.kind == MONEY else "",
    }


def _filter_entry(column: Column, page: GridPage) -> dict | None:
    kind = column_filter(column)
    return kind.inputs(column, page.state, page.choices.get(column.key, [])) if kind else None


def _group_item(item: GroupHeader, columns) -> dict:
    return {
        "group": True,
        "level": item.level,
        "label": item.label,
        "count": item.count,
        "span": max(1, _first_money(columns)),
        "sum_cells": _sum_cells(columns, item.sums),
    }


def _row_item(row: dict, columns) -> dict:
    cells = [
        Cell(
            column.display(row[column.field]),
            ("num " if column.kind == MONEY else "") + column.css,
            (row.get(column.link_field) if column.link_field else "") or "",
        )
        for column in columns
    ]
    return {"group": False, "cells": cells}


def _item(item, columns) -> dict:
    return _group_item(item, columns) if isinstance(item, GroupHeader) else _row_item(item, columns)


def _group_panel(definition: GridDefinition, state: GridState) -> dict:
    return {
        "groups": [
            {"column": definition.column(key), "remove_url": state.group_query([k for k in state.group if k != key])}
            for key in state.group
        ],
        "group_options": [c for c in definition.columns if c.is_groupable and c.key not in state.group],
        "can_group_more": len(state.group) < definition.max_group_levels,
    }


def _hidden_inputs(definition: GridDefinition, state: GridState) -> dict:
    names = filter_names(definition.columns)
    return {
        "filter_hidden": state.hidden_inputs(exclude=("q", *state.raw.keys(), *names)),
        "group_hidden": state.hidden_inputs(exclude=()),
        "reset_url": state.query(drop=(*names, "q", "page")),
    }


def grid_context(page: GridPage) -> dict:
    definition, state = page.definition, page.state
    columns = definition.columns
    filters = [_filter_entry(column, page) for column in columns]
    return {
        "grid": page,
        "state": state,
        "columns": columns,
        "headers": [_header(column, state) for column in columns],
        "filters": filters,
        "has_filters": any(filters),
        "items": [_item(item, columns) for item in page.items],
        "colspan": len(columns),
        "first_money": max(1, _first_money(columns)),
        "total_cells": _sum_cells(columns, page.totals.sums),
        "pager": page.pager,
        "search_window_note": search_window_note(page.search_window) if page.search_window else "",
        "export_bar": export_bar(state.export_query),
        **_group_panel(definition, state),
        **_hidden_inputs(definition, state),
    }
