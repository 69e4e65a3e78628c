"""Every page answers with the strict Content-Security-Policy and a Permissions-Policy (config/csp.py).

The pages are taken from the URLconf itself (a new path is checked without touching this file) and
from Wagtail's live page tree; each is asked for by a visitor and by a logged-in abonent.
"""

import re

import pytest
from django.conf import settings
from django.urls import Resolver404, URLResolver, get_resolver, resolve
from wagtail.models import Page

from home.services.site_pages import site_pages_ensure
from lk_portal.services.demo import branches_ensure
from news.services.demo_news import demo_news_ensure
from tests.factories import UserFactory

ROUTE_SAMPLE = {"int": "1", "str": "x", "slug": "x", "path": "x/y", "uuid": "00000000-0000-0000-0000-000000000000"}
API_DOCS = ("/api/v1/docs", "/api/v1/openapi.json")  # the page-specific policy (lk_portal/api/site.py)
GROUP = re.compile(r"\((?:[^()]|\([^()]*\))*\)")


def policy(header: str) -> dict[str, list[str]]:
    directives = {}
    for part in header.split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives


def route_sample(route: str) -> str:
    return re.sub(r"<(?:(\w+):)?\w+>", lambda m: ROUTE_SAMPLE.get(m.group(1) or "str", "x"), route)


def regex_sample(regex: str) -> str | None:
    """A path matching a regex pattern: each group filled with «1»; None when that does not resolve."""
    body = GROUP.sub("1", regex.replace("^", "").replace("$", "")).replace("\\.", ".")
    return body if "\\" not in body else None


def url_paths(patterns=None, prefix: str = "") -> list[str]:
    """One sample path per pattern of the URLconf, Wagtail admin's aside (its own policy, below)."""
    paths = []
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        raw = str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            if prefix + raw == settings.LK_ADMIN_PATH:
                continue
            paths += url_paths(pattern.url_patterns, prefix + route_sample(raw))
            continue
        sample = route_sample(raw) if ":" in raw or "<" in raw or "^" not in raw else regex_sample(raw)
        if sample is None:
            continue
        path = "/" + prefix + sample
        try:
            resolve(path)
        except Resolver404:
            continue
        paths.append(path)
    return paths


def assert_strict(response) -> None:
    header = response.get("Content-Security-Policy")
    assert header, f"{response.request['PATH_INFO']}: no Content-Security-Policy"
    directives = policy(header)
    assert directives["default-src"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["object-src"] == ["'none'"]
    for name in ("script-src", "style-src"):
        assert directives[name] == ["'self'"], f"{response.request['PATH_INFO']}: {name} {directives[name]}"
    if response.request["PATH_INFO"] in API_DOCS:  # Swagger UI's icons are data: images; no script or style relaxed
        assert directives.pop("img-src") == ["'self'", "data:"]
    sources = {source for values in directives.values() for source in values}
    assert sources <= {"'self'", "'none'"}, f"another origin or an unsafe keyword: {sources}"
    permissions = response.get("Permissions-Policy", "")
    for feature in ("camera=()", "geolocation=()", "microphone=()", "payment=()", "usb=()"):
        assert feature in permissions


@pytest.fixture
def site(db):
    branches_ensure()
    pages = site_pages_ensure()
    demo_news_ensure(index=pages["news"])
    return pages


def test_every_path_of_the_urlconf_answers_with_the_strict_policy(client, site):
    paths = url_paths()
    assert {"/lk/login/", "/lk/debt/", "/lk/payments/", "/lk/to-pay/1/pdf/", "/healthz"} <= set(paths)
    user = UserFactory()
    for logged_in in (False, True):
        if logged_in:
            client.force_login(user)
        for path in paths:
            assert_strict(client.get(path))


def test_every_live_wagtail_page_answers_with_the_strict_policy(client, site):
    urls = [page.url for page in Page.objects.live().specific() if page.url and page.depth > 1]
    assert len(urls) >= 5
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_strict(response)


def test_error_pages_carry_the_policy(client, site):
    assert_strict(client.get("/lk/news/999999/"))
    assert_strict(client.get("/net-takoy-stranicy/"))
    assert_strict(client.get("/lk/payments/?q=%00"))  # the request guard's 400


def test_wagtail_admin_has_its_own_policy_with_no_other_origin(client, site):
    staff = UserFactory(abonent=None, is_staff=True, is_superuser=True)
    client.force_login(staff)
    admin = "/" + settings.LK_ADMIN_PATH
    for path in (admin, admin + "pages/", admin + "login/"):
        directives = policy(client.get(path)["Content-Security-Policy"])
        assert directives["default-src"] == ["'self'"]
        assert directives["frame-ancestors"] == ["'self'"]  # the page editor's preview frame
        assert "'unsafe-inline'" in directives["script-src"]  # Wagtail 7.4's admin needs it
        sources = {source for values in directives.values() for source in values}
        assert not {source for source in sources if source.startswith(("http", "//"))}


def test_recaptcha_mode_adds_googles_origins_only_then(client, site, settings):
    assert "google" not in client.get("/lk/password-reset/")["Content-Security-Policy"]
    settings.RECAPTCHA_PUBLIC_KEY = "public"
    settings.RECAPTCHA_PRIVATE_KEY = "private"
    settings.SILENCED_SYSTEM_CHECKS = [*settings.SILENCED_SYSTEM_CHECKS, "django_recaptcha.recaptcha_test_key_error"]
    response = client.get("/lk/password-reset/")  # the form with the captcha
    directives = policy(response["Content-Security-Policy"])
    assert directives["script-src"] == [
        "'self'",
        "https://www.google.com/recaptcha/",
        "https://www.gstatic.com/recaptcha/",
    ]
    assert "https://www.google.com/recaptcha/" in directives["frame-src"]
    assert directives["style-src"] == ["'self'"]
    html = response.content.decode()
    assert 'src="https://www.google.com/recaptcha/api.js' in html
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), "an inline script in reCAPTCHA mode"


def test_our_templates_hold_no_inline_script_or_style():
    """Templates a browser is served (documents/ are xhtml2pdf's input only, never served as HTML)."""
    offenders = []
    for root in (
        settings.BASE_DIR / "templates",
        settings.BASE_DIR / "lk_portal",
        settings.BASE_DIR / "news",
        settings.BASE_DIR / "home",
    ):
        for path in root.rglob("*.html"):
            if "documents" in path.relative_to(settings.BASE_DIR).parts:
                continue
            text = path.read_text()
            if re.search(r"<style|\sstyle=|<script(?![^>]*\bsrc=)|\son[a-z]+=", text):
                offenders.append(str(path.relative_to(settings.BASE_DIR)))
    assert offenders == []


def test_the_recaptcha_domain_is_django_recaptchas_default():
    from django_recaptcha.constants import DEFAULT_RECAPTCHA_DOMAIN

    from config.csp import DEFAULT_RECAPTCHA_DOMAIN as ours

    assert ours == DEFAULT_RECAPTCHA_DOMAIN
