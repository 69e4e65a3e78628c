"""Reading the cabinet's HTML with a parser (BeautifulSoup), as a person reads the page."""

from __future__ import annotations

from bs4 import BeautifulSoup, Tag


def soup(page) -> BeautifulSoup:
    """A parsed page from HTML text, bytes or a test client's response."""
    content = getattr(page, "content", page)
    if isinstance(content, bytes):
        content = content.decode()
    return BeautifulSoup(content, "html.parser")


def text_of(node: Tag | None) -> str:
    """The text a person reads in the element, whitespace collapsed ('' for no element)."""
    return " ".join(node.get_text(" ").split()) if node is not None else ""


def page_text(page) -> str:
    return text_of(soup(page).body or soup(page))


def select_one(page, selector: str) -> Tag | None:
    return soup(page).select_one(selector)


def grid_rows(page, table: str = "table.grid-table") -> list[list[str]]:
    """The data rows of a table's body as lists of cell texts (group headers excluded)."""
    return table_rows(page, table=table, skip_class="grid-group")


def table_rows(page, table: str = "table", skip_class: str = "") -> list[list[str]]:
    """The body rows of the first `table` (a CSS selector) as lists of cell texts."""
    node = soup(page).select_one(table)
    if node is None or node.tbody is None:
        return []
    rows = []
    for tr in node.tbody.find_all("tr", recursive=False):
        if skip_class and skip_class in (tr.get("class") or []):
            continue
        rows.append([text_of(td) for td in tr.find_all("td", recursive=False)])
    return rows


def group_headers(page) -> list[str]:
    """The grid's group header lines: «Отчетный период: 2015,03 (записей: 1) 16 503,48»."""
    return [text_of(tr) for tr in soup(page).select("table.grid-table tr.grid-group")]


def header_titles(page, table: str = "table.grid-table") -> list[str]:
    """The column titles of a table's first header row (the sort arrows left out)."""
    row = soup(page).select_one(f"{table} thead tr")
    return [text_of(th).replace("▲", "").replace("▼", "").strip() for th in row.find_all("th")]


def options(page, name: str) -> list[tuple[str, str, bool]]:
    """A select's options as (value, text, selected)."""
    select = soup(page).find("select", attrs={"name": name})
    return [(o.get("value", ""), text_of(o), o.has_attr("selected")) for o in select.find_all("option")]


def field(page, name: str) -> Tag | None:
    """The visible input (or select) named `name` (hidden inputs that carry state along are skipped)."""
    for node in soup(page).find_all(["input", "select", "textarea"], attrs={"name": name}):
        if node.get("type") != "hidden":
            return node
    return None


def links(page, selector: str = "a") -> list[tuple[str, str]]:
    """(text, href) of the links matching `selector`."""
    return [(text_of(a), a.get("href", "")) for a in soup(page).select(selector)]


def hidden_inputs(page, form: str) -> list[tuple[str, str]]:
    """(name, value) of the hidden inputs of the form matching the CSS selector `form`."""
    node = soup(page).select_one(form)
    return [(i["name"], i.get("value", "")) for i in node.select("input[type=hidden]")]


def hidden_field_value(page, name: str) -> str:
    """The value a hidden input named `name` carries (a captcha's key, a token)."""
    return soup(page).find("input", attrs={"type": "hidden", "name": name})["value"]
