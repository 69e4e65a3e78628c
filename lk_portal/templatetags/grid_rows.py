"""The grid's body rows written in Python (issue 14, item 7): a page of 50 rows × 7 cells through
template loops cost a cabinet page more CPU than all its queries. The markup is the one
templates/components/grid/table.html had; every text is escaped."""

import html

from django import template
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

register = template.Library()


def _escape(value) -> str:
    """conditional_escape, without its lazy-string wrapper for the plain str nearly every cell holds."""
    return html.escape(value) if type(value) is str else conditional_escape(value)


def _cell(cell) -> str:
    text = _escape(cell.text)
    if cell.link:
        text = f'<a href="{_escape(cell.link)}" rel="noopener" target="_blank">{text}</a>'
    return f'<td class="{_escape(cell.css)}">{text}</td>'


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
