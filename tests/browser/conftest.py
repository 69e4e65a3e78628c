"""Browser tests: Playwright driving Debian's chromium against pytest-django's live server.

Run with `pytest -m browser`; skipped when no chromium is installed (`.ci/run` installs it).
"""

import os
import shutil

import pytest

# Playwright's sync API runs an event loop in this thread; Django's ORM calls from the test
# itself are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("LK_CHROMIUM", shutil.which("chromium") or "/usr/bin/chromium")


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
            # A live server needs committed data: transactional tests. serialized_rollback restores what
            # migrations put in the database (Wagtail's root page, topics, content types) after each
            # flush, and keeps post_migrate from re-creating content types with other ids in between.
            item.add_marker(pytest.mark.django_db(transaction=True, serialized_rollback=True))
            if not os.path.exists(CHROMIUM):
                item.add_marker(pytest.mark.skip(reason="chromium is not installed"))


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "ru-RU", "timezone_id": "Europe/Moscow", "accept_downloads": True}


@pytest.fixture
def wagtail_base():
    """Wagtail's root page and collection for a test that builds the site or loads the demo: an earlier
    transactional test may have flushed what Wagtail's migrations made."""
    from tests.factories.pages import wagtail_base_ensure

    return wagtail_base_ensure()


@pytest.fixture
def login_as(page, live_server):
    """Log the browser in as `user` by handing it a session cookie (the login form has its own test)."""
    from django.conf import settings
    from django.test import Client

    def _login(user) -> None:
        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
        page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}])

    return _login


CSP_WATCH = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.__lkCspViolation(`${event.effectiveDirective} blocked ${event.blockedURI || "inline"} on ${document.location.pathname}`);
});
"""


@pytest.fixture
def csp_violations():
    """What the browser refused under the Content-Security-Policy during the test (filled by `context`)."""
    return []


@pytest.fixture
def context(context, csp_violations):
    """pytest-playwright's context that fails the test on any CSP violation: the page's own
    `securitypolicyviolation` events and the console's «Refused to …» / «Content Security Policy» lines,
    in every page the test opens in it."""
    context.expose_function("__lkCspViolation", lambda text: csp_violations.append(text))
    context.add_init_script(CSP_WATCH)

    def on_console(message) -> None:
        if "Content Security Policy" in message.text or message.text.startswith("Refused to"):
            csp_violations.append(message.text)

    context.on("console", on_console)
    yield context
    assert csp_violations == [], f"CSP violations: {csp_violations}"
