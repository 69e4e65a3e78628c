"""The grid's body rows written in Python (issue 14, item 7): a page of 50 rows × 7 cells through
template loops cost a cabinet page more CPU than all its queries. The markup is the one
templates/components/grid/table.html had (now templatetags/grid_frame.py writes the rest of the grid); every text is escaped."""

import html
import re

from django import template
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

register = template.Library()


_SPECIAL = re.compile("[&<>\"']").search


def escape_text(value) -> str:
    """conditional_escape, without its lazy-string wrapper for the plain str nearly every cell holds, and
    without html.escape's five replacements for a text that has none of its characters (most cells)."""
    if type(value) is str:
        return value if _SPECIAL(value) is None else html.escape(value)
    return conditional_escape(value)


def _cell(cell) -> str:
    text = escape_text(cell.text)
    if cell.link:
        text = f'<a href="{escape_text(cell.link)}" rel="noopener" target="_blank">{text}</a>'
    return f'<td class="{escape_text(cell.css)}">{text}</td>'


def _group(item: dict) -> str:
    sums = "".join(
        f'<td class="{conditional_escape(c.css)}">{conditional_escape(c.text)}</td>' for c in item["sum_cells"]
    )
    return (
        f'<tr class="grid-group grid-group--level-{item["level"]}">'
        f'<th scope="rowgroup" colspan="{item["span"]}"><span class="grid-group__label">'
        f'{conditional_escape(item["label"])}</span> <span class="grid-group__count">(записей: {localize(item["count"])})'
        f"</span></th>{sums}</tr>"
    )


@register.simple_tag
def grid_body_rows(items: list[dict]) -> str:
    """The <tr> of each group header and row of `grid_context`'s items."""
    lines = [_group(item) if item["group"] else "<tr>" + "".join(map(_cell, item["cells"])) + "</tr>" for item in items]
    return mark_safe("\n".join(lines))  # every value above is escaped


def _th(h: dict) -> str:
    column, css = h["column"], h["css"]
    attrs = f'class="{escape_text(css)}{" grid-th--groupable" if h["group_url"] else ""}"'
    if h["group_url"]:
        attrs += f' draggable="true" data-group-key="{escape_text(column.key)}" data-group-url="{escape_text(h["group_url"])}"'
    arrow = ("▼" if h["descending"] else "▲") if h["sorted"] else ""
    if h["sorted"]:
        attrs += f' aria-sort="{"descending" if h["descending"] else "ascending"}"'
    title = escape_text(column.title)
    if h["sort_url"]:
        mark = f' <span aria-hidden="true">{arrow}</span>' if arrow else ""
        title = f'<a href="{escape_text(h["sort_url"])}" class="grid-sort" draggable="false">{title}{mark}</a>'
    return f'<th scope="col" {attrs}>{title}</th>'


def _filter_td(f: dict | None) -> str:
    if not f:
        return "<td></td>"
    label = escape_text(f["column"].title)
    if f["kind"] == "choice":
        options = "".join(
            f'<option value="{escape_text(v)}" {"selected" if v == f["value"] else ""}>{escape_text(v)}</option>'
            for v in f["choices"]
        )
        return (
            f'<td><select name="{escape_text(f["name"])}" form="grid-filter-form" class="input" aria-label="{label}">'
            f'<option value="">все</option>{options}</select></td>'
        )
    decimal = ' inputmode="decimal"' if f["kind"] == "amount_range" else ""
    inputs = "".join(
        f'<input type="{escape_text(f["input_type"])}" name="{escape_text(f["name_" + end])}" value="{escape_text(f["value_" + end])}" '
        f'form="grid-filter-form" class="input grid-filter-input" aria-label="{label} {word}" placeholder="{word}"{decimal}>'
        for end, word in (("from", "с"), ("to", "по"))
    )
    return f"<td>{inputs}</td>"


@register.simple_tag
def grid_head_rows(headers: list[dict], filters: list, has_filters: bool) -> str:
    """The <thead>'s rows: the column titles (sort links, group handles) and the filter inputs."""
    head = "<tr>" + "".join(map(_th, headers)) + "</tr>"
    if has_filters:
        head += '\n<tr class="grid-filter-row">' + "".join(map(_filter_td, filters)) + "</tr>"
    return mark_safe(head)  # every value above is escaped
