"""The data grid around its rows written in Python (issue 14, item 7): the search toolbar, the group
panel, the table with its totals, the pager and the export links. As templates and their includes
they cost a grid page about a third of its CPU; the markup is the one templates/components/grid/*.html
and export_bar.html had. Every text is escaped (`_e`); numbers are localized as the templates did."""

from django import template
from django.utils.safestring import mark_safe

from .grid_rows import escape_text as _e
from .grid_rows import grid_body_rows, grid_head_rows
from .page_frame import _n, hidden_inputs, pager_html

register = template.Library()

SEARCH_PLACEHOLDER = "номер, вид, назначение…"


def _toolbar(c) -> str:
    state = c["state"]
    hidden = hidden_inputs(c.get("filter_hidden"))
    reset = (
        f'<a href="{_e(c.get("reset_url", ""))}" class="grid-toolbar__reset">Сбросить отбор</a>'
        if state.has_filters
        else ""
    )
    note = c.get("search_window_note")
    note = (
        f'<p class="grid-toolbar__note">{_e(note)}. Более ранние оплаты найдутся, если задать период в фильтре даты.</p>'
        if note
        else ""
    )
    return (
        f'<form method="get" id="grid-filter-form" class="grid-toolbar" role="search">\n{hidden}\n'
        '<label for="grid-q">Поиск:</label>\n'
        f'<input type="search" id="grid-q" name="q" value="{_e(state.q)}" class="input" placeholder="{SEARCH_PLACEHOLDER}">\n'
        '<button type="submit" class="button">Найти</button>\n'
        f"{reset}\n"
        f'<span class="grid-toolbar__count" aria-live="polite">Записей: {_n(c["grid"].totals.count)}</span>\n'
        f"{note}\n</form>"
    )


GROUP_HINT = '<span class="grid-group-panel__hint">Перетяните заголовок колонки, чтобы сгруппировать</span>'


def _group_panel(c) -> str:
    groups, more, options = c.get("groups"), c.get("can_group_more"), c.get("group_options")
    parts = ['<div class="grid-group-panel" data-grid-group-panel aria-label="Группировка">']
    if groups:
        parts.append('<span class="grid-group-panel__label">Группировка:</span>')
        chips = []
        for g in groups:
            column = g["column"]
            title = _e(column.title)
            chips.append(
                f'<span class="grid-chip" data-group-key="{_e(column.key)}">{title} <a href="{_e(g["remove_url"])}" '
                f'class="grid-chip__remove" aria-label="Убрать группировку по колонке «{title}»" title="Убрать">×</a></span>'
            )
        parts.append(' <span aria-hidden="true">›</span>\n'.join(chips))
        if more:
            parts.append(GROUP_HINT)
    else:
        parts.append(GROUP_HINT)
    if more and options:
        hidden = hidden_inputs(c.get("group_hidden"))
        choices = "".join(f'<option value="{_e(o.key)}">{_e(o.title)}</option>' for o in options)
        parts.append(
            f'<form method="get" class="grid-group-form">\n{hidden}\n'
            '<label for="grid-group-add" class="visually-hidden">Колонка для группировки</label>\n'
            f'<select name="group_add" id="grid-group-add" class="input">\n{choices}\n</select>\n'
            '<button type="submit" class="button button--secondary">Группировать по</button>\n</form>'
        )
    parts.append("</div>")
    return "\n".join(parts)


def _table(c) -> str:
    items, state, totals = c.get("items") or [], c["state"], c["grid"].totals
    empty = (
        f'<tr><td colspan="{_e(c.get("colspan", ""))}" class="grid-empty">Нет данных'
        f"{' по заданному отбору' if state.has_filters else ''}.</td></tr>"
        if not items
        else ""
    )
    foot = ""
    if totals.count:
        cells = "".join(f'<td class="{_e(t.css)}">{_e(t.text)}</td>' for t in c.get("total_cells") or ())
        foot = (
            f'<tfoot>\n<tr class="grid-totals">\n<td colspan="{_e(c.get("first_money", ""))}">'
            f"Итого (записей: {_n(totals.count)})</td>\n{cells}\n</tr>\n</tfoot>"
        )
    head = grid_head_rows(c.get("headers") or [], c.get("filters") or [], c.get("has_filters"))
    return (
        '<div class="table-wrap">\n<table class="data-table grid-table">\n'
        f"<thead>\n{head}\n</thead>\n<tbody>\n{grid_body_rows(items)}\n{empty}\n</tbody>\n{foot}\n</table>\n</div>"
    )


def _export_link(e, buttons: bool) -> str:
    target = ' target="_blank" rel="noopener"' if e.new_tab else " download"
    css = ' class="button button--secondary"' if buttons else ""
    return f'<li><a href="{_e(e.url)}" data-export="{_e(e.code)}"{target}{css}>{_e(e.label)}</a></li>'


@register.simple_tag
def export_bar_html(export_bar) -> str:
    """«Выгрузить в другие форматы:» under a list, or a document's download buttons (exports.formats.ExportBar)."""
    if not export_bar:
        return ""
    buttons = export_bar.buttons
    title = f'<p class="grid-exports__title">{_e(export_bar.title)}</p>' if export_bar.title else ""
    links = "".join(_export_link(e, buttons) for e in export_bar.links)
    return mark_safe(
        f'<div class="grid-exports{" grid-exports--buttons" if buttons else ""}">\n{title}\n<ul>\n{links}\n</ul>\n</div>'
    )  # every value above is escaped


@register.simple_tag(takes_context=True)
def grid_html(context) -> str:
    """The whole grid of `grid.presentation.grid_context`: errors, toolbar, group panel, table, pager, exports."""
    errors = context["state"].errors
    parts = ['<div class="grid" data-grid>']
    if errors:
        # The alert on a wrapper: on the list itself it would take the list's role, and its items none.
        items = "".join(f"<li>{_e(e)}</li>" for e in errors)
        parts.append(f'<div role="alert"><ul class="grid-errors">{items}</ul></div>')
    parts += [_toolbar(context), _group_panel(context), _table(context), pager_html(context.get("pager"))]
    parts.append(export_bar_html(context.get("export_bar")))
    parts.append("</div>")
    return mark_safe("\n".join(parts))  # every value above is escaped
