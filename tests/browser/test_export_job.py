"""The progress page of a background export updates by itself (static/js/export_job.js, no inline
script) and offers the file when it is ready; «Мои выгрузки» lists it. Screenshots at 1366 and 390 px
go to $LK_SCREENSHOTS when set."""

import os

import pytest
from playwright.sync_api import expect

from lk_portal.models import ExportJob
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def shot(page, name: str) -> None:
    folder = os.environ.get("LK_SCREENSHOTS")
    if folder:
        page.screenshot(path=f"{folder}/{name}.png", full_page=True)


@pytest.mark.parametrize("width", [1366, 390])
def test_the_bar_moves_and_the_link_comes(page, live_server, login_as, csp_violations, width, settings, tmp_path):
    settings.LK_PRIVATE_DIR = tmp_path
    page.set_viewport_size({"width": width, "height": 800})
    user = UserFactory()
    login_as(user)
    job = ExportJob.objects.create(
        owner=user,
        abonent=user.abonent,
        title="Оплата",
        path="/lk/payments/",
        format="pdf",
        filename="oplata_2026-12-02.pdf",
        status="running",
        progress=45,
        rows_total=20000,
        rows_done=9000,
    )
    page.goto(f"{live_server.url}/lk/exports/{job.pk}/")
    expect(page.locator("[data-export-status]")).to_have_text("Файл готовится: 45 %")
    shot(page, f"export-job-running-{width}")
    ExportJob.objects.filter(pk=job.pk).update(progress=80, rows_done=16000)
    expect(page.locator("[data-export-status]")).to_have_text("Файл готовится: 80 %", timeout=10000)
    assert page.locator("progress").get_attribute("value") == "80"
    expect(page.locator("[data-export-rows]")).to_contain_text("16")
    (tmp_path / "exports").mkdir()
    (tmp_path / "exports" / "f.pdf").write_bytes(b"%PDF-1.4 test")
    ExportJob.objects.filter(pk=job.pk).update(status="done", progress=100, rows_done=20000, file="exports/f.pdf")
    expect(page.get_by_role("link", name="Скачать файл")).to_be_visible(timeout=10000)
    expect(page.locator("[data-export-status]")).to_have_text("Файл готов.")
    assert not page.locator("progress").is_visible()
    shot(page, f"export-job-done-{width}")
    page.goto(f"{live_server.url}/lk/exports/")
    expect(page.get_by_role("link", name="Скачать")).to_be_visible()
    shot(page, f"export-jobs-{width}")
    assert not csp_violations
