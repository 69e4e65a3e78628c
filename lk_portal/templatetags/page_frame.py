"""The pager and the cabinet's tabs written in Python (issue 14, item 7): they are on nearly every
cabinet page, and as template loops they cost more CPU than a query. The markup is the one
templates/components/pager.html and cabinet_tabs.html had; every text is escaped."""

from django import template
from django.utils.formats import localize
from django.utils.safestring import mark_safe

from .grid_rows import escape_text as _e

register = template.Library()


def _n(value) -> str:
    return _e(localize(value))


def hidden_inputs(pairs) -> str:
    """The hidden inputs a form carries along (name, value), escaped."""
    return "".join(f'<input type="hidden" name="{_e(n)}" value="{_e(v)}">' for n, v in pairs or ())


def _pages(pager) -> str:
    parts = []
    if pager.prev_url:
        parts.append(f'<a href="{_e(pager.prev_url)}" rel="prev">« Назад</a>')
    links = "".join(
        (
            f'<strong aria-current="page">{_n(p["number"])}</strong>'
            if p["current"]
            else f'<a href="{_e(p["url"])}">{_n(p["number"])}</a>'
        )
        + " "
        for p in pager.pages
    )
    parts += [links, f"<span>из {_n(pager.page_count)}</span>"]
    if pager.next_url:
        parts.append(f'<a href="{_e(pager.next_url)}" rel="next">Вперед »</a>')
    return "\n".join(parts)


def _sizes(pager) -> str:
    hidden = hidden_inputs(pager.size_hidden)
    options = "".join(
        f'<option value="{_n(n)}" {"selected" if n == pager.per_page else ""}>{_n(n)}</option>' for n in pager.sizes
    )
    return (
        f'<form method="get" class="grid-pager__size" data-autosubmit>\n{hidden}\n'
        '<label for="grid-per-page">Строк на странице:</label>\n'
        f'<select name="per_page" id="grid-per-page" class="input">\n{options}\n</select>\n'
        '<button type="submit" class="button button--secondary">OK</button>\n</form>'
    )


@register.simple_tag
def pager_html(pager) -> str:
    """One pager for every list (lk_portal.grid.pager.Pager); a fixed-size list with one page shows none."""
    if not pager or not (pager.sizes or pager.page_count > 1):
        return ""
    parts = ['<nav class="grid-pager" aria-label="Страницы">']
    if pager.total:
        parts.append(f"<span>Записи {_n(pager.first_index)}–{_n(pager.last_index)} из {_n(pager.total)}</span>")
    if pager.page_count > 1:
        parts.append(_pages(pager))
    if pager.sizes:
        parts.append(_sizes(pager))
    parts.append("</nav>")
    return mark_safe("\n".join(parts))  # every value above is escaped


def _badge(css: str, count) -> str:
    return f' <span class="{css}" aria-label="непрочитанных новостей: {_n(count)}">{_n(count)}</span>'


@register.simple_tag(takes_context=True)
def cabinet_tabs_html(context) -> str:
    """The cabinet's menu: its toggle (naming the current tab) and the tabs, news with its unread count."""
    tab, tabs, unread = context.get("tab"), context.get("cabinet_tabs") or [], context.get("unread_news_count")
    current = "".join(
        f': <span class="menu-toggle__current">{_e(label)}</span>' for key, _h, label, _c in tabs if key == tab
    )
    toggle = (
        '<button type="button" class="menu-toggle cabinet-tabs-toggle" data-menu-toggle aria-controls="cabinet-tabs" '
        f'aria-expanded="false">Разделы кабинета{current}{_badge("menu-toggle__badge", unread) if unread else ""}</button>'
    )
    items = []
    for key, href, label, _capability in tabs:
        active = ' aria-current="page" class="is-active"' if tab == key else " "
        badge = _badge("news-indicator", unread) if key == "news" and unread else ""
        items.append(f'<li><a href="{_e(href)}"{active}>{_e(label)}{badge}</a></li>')
    token = context.get("csrf_token")
    csrf = (
        f'<input type="hidden" name="csrfmiddlewaretoken" value="{_e(str(token))}">'
        if token and str(token) != "NOTPROVIDED"
        else ""
    )
    logout = (
        f'<li>\n<form method="post" action="/lk/logout/" class="cabinet-tabs__logout">{csrf}'
        '<button type="submit" class="link-button">Выход</button></form>\n</li>'
    )
    nav = '<nav class="cabinet-tabs" id="cabinet-tabs" aria-label="Разделы личного кабинета">\n<ul>\n'
    return mark_safe(toggle + "\n" + nav + "\n".join(items) + "\n" + logout + "\n</ul>\n</nav>")  # escaped above
