"""No query string gives a 500: hypothesis throws arbitrary text at every GET parameter of every page.

The pages come from the URLconf (every route of the cabinet, `lk:`) and from Wagtail's page tree (every live
page and the routes of routable pages, e.g. /novosti/rss/); their parameters are read from each page's own
HTML (the names of its GET forms' fields and of the query strings in its links, with the values seen there,
e.g. each `?export=` format), plus a few every page gets. A new page is covered without a line here; a new
route with arguments in its path adds one line to URL_ARGS (test_every_route_is_covered says so).
"""

import re
from html.parser import HTMLParser
from urllib.parse import parse_qsl, quote, urlencode, urlsplit

import pytest
from django.db import transaction
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page

from lk_portal.models import BillingDocument, ExportJob, MeteringUnit, User
from lk_portal.selectors.viewer import viewer_for
from lk_portal.services.demo import DEMO_LOGIN, demo_load
from lk_portal.services.requests import request_create
from news.models import NewsPage

SUPPRESSED = [
    HealthCheck.too_slow,
    HealthCheck.data_too_large,
    HealthCheck.filter_too_much,
    HealthCheck.function_scoped_fixture,
]
EVERY_PAGE_PARAMS = ("q", "page", "export", "contract", "sort", "next")
# Routes with arguments in their path, and what to put there (the demo abonent's own objects).
URL_ARGS = {
    "lk:activate": lambda site: ["1-c0ffee-0123456789abcdef"],
    "lk:password_reset_confirm": lambda site: ["MQ", "c0ffee-0123456789abcdef"],
    "lk:email_confirm": lambda site: ["not-a-token"],
    "lk:to_pay_pdf": lambda site: [site["document"]],
    "lk:news_detail": lambda site: [site["news"]],
    "lk:team_member": lambda site: [site["user_id"]],
    "lk:team_member_block": lambda site: [site["user_id"]],
    "lk:team_member_unblock": lambda site: [site["user_id"]],
    "lk:team_invitation_revoke": lambda site: [1],
    "lk:api_token_revoke": lambda site: [1],
    "lk:invitation_accept": lambda site: ["not-a-key"],
    "lk:metering_unit": lambda site: [site["metering_unit"]],
    "lk:export_job": lambda site: [site["export_job"]],
    "lk:export_job_state": lambda site: [site["export_job"]],
    "lk:export_job_file": lambda site: [site["export_job"]],
    "lk:act_compare_result": lambda site: [site["act_comparison"]],
    "lk:act_compare_send": lambda site: [site["act_comparison"]],
    "lk:request": lambda site: [site["request"]],
    "lk:request_close": lambda site: [site["request"]],
    "lk:request_reopen": lambda site: [site["request"]],
    "lk:request_file": lambda site: [site["request_file"]],
}
# Values that broke or could break a parser, on top of hypothesis's text: control characters, numbers
# out of every range, dates at the calendar's ends, percent signs, markup, right-to-left marks.
NASTY = [
    "\x00",
    "a\x00b",
    "\x01",
    "\x7f",
    "\x85",
    "\t",
    "%",
    "%00",
    "%zz",
    "-1",
    "0",
    "1e999999",
    "-1e-999999",
    "NaN",
    "-Infinity",
    "9" * 30,
    "-" + "9" * 30,
    "1_000",
    "٣",
    "0x10",
    "9999-12-31",
    "0001-01-01",
    "31.12.9999",
    "29.02.2015",
    "2015,13",
    " ",
    "'\"\\;",
    "<script>alert(1)</script>",
    '=HYPERLINK("http://evil")',
    "\u202e\ufeff\ufffe",
    "𝟙Ёё",
    "я" * 2000,
    "я" * 2001,
    ",-,--date",
]
# For a page that is not HTML (a PDF, the feed): its parameters are the probes of every page only.
NASTY_SHORT = ["\x00", "%zz", "-1", "9" * 30, "я" * 2001]
# Raw percent sequences that are not UTF-8 (a lone surrogate, a cut sequence), put into the query as is.
RAW = ["%ED%A0%80", "%E0%A4%A", "%C3%28", "%FF%FE", "%2", "%u0041"]

numbers = st.one_of(
    st.integers(min_value=-(10**40), max_value=10**40).map(str),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.floats().map(repr),
)
text = st.text(max_size=60)  # any code point but surrogates: control characters, RTL, emoji …
printable = st.text(st.characters(exclude_categories=("Cs", "Cc")), max_size=60)  # what passes the middleware
# What an export is tried with, each format in turn (rendering costs more than a page).
EXPORT_NASTY = [
    "\x00",
    "-1",
    "1e999999",
    "9" * 30,
    "9999-12-31",
    "0001-01-01",
    '=HYPERLINK("http://evil")',
    "\u202e",
    "я" * 2000,
]


def values_for(known: list[str]):
    options = [st.sampled_from(NASTY), numbers, printable, printable, text]
    if known:
        options[:0] = [st.sampled_from(known), st.sampled_from(known)]
    return st.one_of(*options)


class _Fields(HTMLParser):
    """Names of GET form fields (with their values) and query strings of links, as the page offers them."""

    def __init__(self, path: str):
        super().__init__()
        self.path = path
        self.post_forms: set[str] = set()
        self.in_post_form = False
        self.fields: list[tuple[str, str, str | None]] = []  # (name, value, form id)
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.in_post_form = (attrs.get("method") or "get").lower() == "post"
            if self.in_post_form and attrs.get("id"):
                self.post_forms.add(attrs["id"])
        elif tag in ("input", "select", "textarea", "button") and attrs.get("name"):
            if not (self.in_post_form and not attrs.get("form")):
                self.fields.append((attrs["name"], attrs.get("value") or "", attrs.get("form")))
        elif tag == "option" and self.fields:
            self.fields.append((self.fields[-1][0], attrs.get("value") or "", self.fields[-1][2]))
        for name, value in attrs.items():
            if value and (name == "href" or name.startswith("data-")) and "?" in value:
                self.links.append(value)

    def handle_endtag(self, tag):
        if tag == "form":
            self.in_post_form = False

    def form_values(self) -> dict[str, str]:
        """What submitting the page's GET forms as they stand would send (the first option of a select)."""
        values: dict[str, str] = {}
        for name, value, form in self.fields:
            if form not in self.post_forms and name != "csrfmiddlewaretoken" and value:
                values.setdefault(name, value)
        return values

    def params(self) -> dict[str, list[str]]:
        found: dict[str, set[str]] = {}
        for name, value, form in self.fields:
            if form not in self.post_forms and name != "csrfmiddlewaretoken":
                found.setdefault(name, set()).add(value)
        for link in self.links:
            parts = urlsplit(link)
            if parts.path in ("", self.path) and not parts.netloc:
                for key, value in parse_qsl(parts.query, keep_blank_values=True):
                    found.setdefault(key, set()).add(value)
        return {name: sorted(v for v in values if v) for name, values in found.items()}


def page_params(response, path: str) -> tuple[dict[str, list[str]], dict[str, str]]:
    """The page's parameters with the values it offers, and what its GET forms send as they stand."""
    params: dict[str, list[str]] = {name: [] for name in EVERY_PAGE_PARAMS}
    submitted: dict[str, str] = {}
    if response.get("Content-Type", "").startswith("text/html"):
        parser = _Fields(path)
        parser.feed(response.content.decode("utf-8", "replace"))
        params.update(parser.params())
        submitted = parser.form_values()
    return params, submitted


def query_string(params: dict[str, str], raw: bool) -> str:
    if not raw:
        return urlencode(params)
    # '%' sequences stay as they are, so the server decodes whatever they mean (or do not mean).
    return "&".join(f"{quote(k, safe='%')}={quote(v, safe='%')}" for k, v in params.items())


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo: the guide's abonent with a year of history, the site's pages and news (rolled back at the end)."""
    with django_db_blocker.unblock(), transaction.atomic():
        demo_load(abonents=0, years=1)
        user = User.objects.get(username=DEMO_LOGIN)
        with override_settings(LK_PRIVATE_DIR=tmp_path_factory.mktemp("private")):
            req = request_create(
                viewer=viewer_for(user),
                kind_code="billing",
                contract=None,
                subject="Вопрос",
                text="Текст",
                attachments=[("скан.pdf", b"%PDF-1.4 demo")],
            )
        yield {
            "request": req.pk,
            "request_file": req.attachments.get().pk,
            "user_id": user.pk,
            "document": BillingDocument.objects.filter(abonent=user.abonent_id).values_list("pk", flat=True).first(),
            "news": NewsPage.objects.live().values_list("pk", flat=True).first(),
            "metering_unit": MeteringUnit.objects.filter(abonent=user.abonent_id).values_list("pk", flat=True).first(),
            "export_job": ExportJob.objects.create(
                owner=user, abonent=user.abonent, title="Оплата", path="/lk/payments/", format="csv"
            ).pk,
            "act_comparison": _act_comparison(user),
        }
        transaction.set_rollback(True)


def _act_comparison(user) -> int:
    """The demo's sample act from docs/samples, uploaded by the demo abonent."""
    from pathlib import Path

    from lk_portal.selectors.viewer import viewer_for
    from lk_portal.services.act_compare import Upload, act_comparison_create
    from lk_portal.services.demo.act_sample import SAMPLE_NAME

    sample = Path(__file__).resolve().parents[1] / "docs" / "samples" / SAMPLE_NAME
    viewer = viewer_for(user)
    contracts = list(user.abonent.contracts.all())
    upload = Upload(name=SAMPLE_NAME, content=sample.read_bytes(), contract=None, contracts=contracts)
    return act_comparison_create(viewer=viewer, upload=upload).pk


def lk_routes() -> list[tuple[str, bool]]:
    """(name, has path arguments) of every route under /lk/."""

    def walk(patterns, namespace):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                yield from walk(entry.url_patterns, entry.namespace or namespace)
            elif isinstance(entry, URLPattern) and namespace == "lk" and entry.name:
                yield f"lk:{entry.name}", bool(entry.pattern.converters or re.search(r"<\w+>", str(entry.pattern)))

    return sorted(set(walk(get_resolver().url_patterns, None)))


def fuzz(client: Client, path: str, *, examples_per_param: int = 4, thorough: bool = True) -> None:
    """Every parameter of the page gets each NASTY value and about eight of hypothesis's; each export format
    is tried with the other parameters set so. Any 500 (or exception) fails the test with its request."""

    def get(query: str):
        with transaction.atomic():  # each request sees the same data, and a failed one spoils no other
            response = client.get(f"{path}?{query}" if query else path)
            transaction.set_rollback(True)
        assert response.status_code < 500, f"{response.status_code} for {path}?{query}"
        return response

    baseline = get("")
    if not thorough:
        examples_per_param, nasty = 0, NASTY_SHORT
    elif not baseline.get("Content-Type", "").startswith("text/html"):
        examples_per_param, nasty = min(examples_per_param, 2), NASTY_SHORT
    else:
        nasty = NASTY
    params, submitted = page_params(baseline, path)
    # Without the one-shot commands (a group_add redirects): what shows the same page, filled in.
    submitted = {k: v for k, v in submitted.items() if get(urlencode({k: v})).status_code == baseline.status_code}
    if submitted:  # the page as its form shows it (e.g. an act of reconciliation, with its export links)
        for name, values in page_params(get(urlencode(submitted)), path)[0].items():
            params[name] = sorted({*params.get(name, []), *values})
    names = sorted(params)
    # A parameter whose unusable value answers otherwise (404 for a foreign contract, a redirect for a group
    # command) would hide the others: it is tried alone, the rest all at once.
    alone = [name for name in names if get(urlencode({name: "zz"})).status_code != baseline.status_code]
    together = [name for name in names if name not in alone]

    def each(value: str, *, export: str | None = None, raw: bool = False) -> None:
        groups = [together] * bool(together)
        if export is None:
            groups += [[name] for name in alone]
        for group in groups:
            get(query_string({**{name: value for name in group}, **({"export": export} if export else {})}, raw))

    for value in nasty:
        each(value)
    for value in RAW:
        each(value, raw=True)
    exports = params.get("export", [])
    for fmt in exports:
        for value in EXPORT_NASTY:
            each(value, export=fmt)
        for i, name in enumerate(together):  # one wrong value at a time in what the form sends
            get(urlencode({**submitted, name: EXPORT_NASTY[i % len(EXPORT_NASTY)], "export": fmt}))

    @settings(
        max_examples=max(1, examples_per_param * len(names)),
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=SUPPRESSED,
    )
    @given(
        chosen=st.dictionaries(st.sampled_from(names) | text, st.none(), min_size=1, max_size=3).flatmap(
            lambda keys: st.fixed_dictionaries({key: values_for(params.get(key, [])) for key in keys})
        ),
        fmt=st.sampled_from(exports) if exports else st.none(),
        raw=st.booleans(),
    )
    def check(chosen, fmt, raw):
        if fmt and "export" not in chosen and len(chosen) == 2:  # about a third of them as an export
            chosen = {**submitted, **chosen, "export": fmt}
        get(query_string(chosen, raw))

    if examples_per_param:
        check()


def test_every_route_is_covered():
    missing = [name for name, has_args in lk_routes() if has_args and name not in URL_ARGS]
    assert not missing, f"add a line to URL_ARGS for {missing}"


@pytest.mark.parametrize("name", [name for name, _ in lk_routes()])
def test_cabinet_and_account_pages(site, db, name):
    path = reverse(name, args=URL_ARGS[name](site) if name in URL_ARGS else None)
    client = Client()
    anonymous = client.get(path)
    if anonymous.status_code == 302 and anonymous["Location"].startswith(reverse("lk:login")):
        client.force_login(User.objects.get(pk=site["user_id"]))  # a cabinet page: fuzzed logged in
    fuzz(client, path)


def test_public_pages(site, db):
    """Each kind of Wagtail page fully (its first page, and every route of a routable one); the other
    pages of a kind, built by the same code, with the probes only."""
    full, light, kinds = [], [], set()
    for page in Page.objects.live().public().specific().order_by("path"):
        url = page.get_url()
        if not url:
            continue
        (light if type(page) in kinds else full).append(url)
        kinds.add(type(page))
        if isinstance(page, RoutablePageMixin):
            for pattern in page.get_subpage_urls():
                if pattern.name and not pattern.pattern.converters:
                    full.append(url.rstrip("/") + "/" + page.reverse_subpage(pattern.name).lstrip("/"))
    assert {"/", "/novosti/", "/novosti/rss/", "/instrukciya/", "/kontakty/", "/zayavka/"} <= set(full)
    for path in sorted(set(full)):
        fuzz(Client(), path)
    for path in sorted(set(light) - set(full)):
        fuzz(Client(), path, thorough=False)
