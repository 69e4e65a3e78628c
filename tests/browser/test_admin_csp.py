"""Wagtail admin works under its own policy (config/csp.py): its pages, the page editor with its
preview load with no CSP violation (conftest's `context` fails the test on one)."""

from django.conf import settings
from playwright.sync_api import expect

from home.services.site_pages import site_pages_ensure
from lk_portal.services.demo import branches_ensure
from tests.factories import UserFactory


def test_admin_pages_and_the_editor_preview_run_under_the_admin_policy(page, live_server, login_as, wagtail_base):
    branches_ensure()
    pages = site_pages_ensure()
    login_as(UserFactory(abonent=None, is_staff=True, is_superuser=True))
    admin = f"{live_server.url}/{settings.LK_ADMIN_PATH}"

    for path in ("", "pages/", "lk-accounts/", "documents/", "images/"):
        response = page.goto(admin + path)
        assert response.status == 200, path
        assert "frame-ancestors 'self'" in response.headers["content-security-policy"]

    page.goto(f"{admin}pages/{pages['contacts'].pk}/edit/")
    expect(page.locator("#id_title")).to_be_visible()
    page.get_by_role("button", name="Предварительный просмотр").first.click()
    expect(page.locator("iframe[title]").first).to_be_attached()
    # the preview (our page, rendered on Wagtail's dummy request) is framed by the admin's preview view
    preview = page.frame_locator("iframe.w-preview__iframe").last
    expect(preview.locator("h1")).to_contain_text("Контакты")
