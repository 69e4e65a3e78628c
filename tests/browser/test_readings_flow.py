"""An engineer uploads a calculator's archive, reads the preview and submits it (issue 17, item 3)."""

import datetime
from decimal import Decimal

from django.utils import timezone
from playwright.sync_api import expect

from lk_portal.models import JournalEntry, Reading
from tests.factories import MeteringUnitFactory, UserFactory
from tests.support.readings import reading_add


def test_engineer_uploads_an_archive_previews_and_submits(live_server, page, login_as, tmp_path):
    unit = MeteringUnitFactory(
        unit_id="UU-05T-1", serial_no="0412857", calculator="ТВ7", resources="heat", window_from=1, window_to=31
    )
    month = timezone.localdate().replace(day=1)
    previous = (month - datetime.timedelta(days=1)).replace(day=1)
    reading_add(unit, previous, "12800")
    engineer = UserFactory(abonent=unit.abonent, username="eng@example.ru", email="eng@example.ru", role="engineer")
    archive = tmp_path / "TV7_0412857.csv"
    archive.write_bytes(
        "\r\n".join(
            [
                "ТВ7 Архив. Суточный архив",
                "Заводской номер: 0412857",
                "Дата;t1, °C;Q1, Гкал;Тр, ч;НС",
                f"{month:%d.%m.%Y};77,80;12810,250;1000,0;",
                f"{month:%d.%m.%Y} 23:59;78,10;12814,500;1024,0;",
            ]
        ).encode("cp1251")
    )
    login_as(engineer)
    page.goto(f"{live_server.url}/lk/metering/")
    page.get_by_role("link", name="Передать показания").click()
    page.set_input_files("input[name=file]", str(archive))
    page.get_by_role("button", name="Проверить файл").click()

    expect(page.get_by_role("heading", name="Проверка показаний перед передачей")).to_be_visible()
    expect(page.locator(".readings-warnings")).to_contain_text("Архив суточный, в нем значения нарастающим итогом")
    expect(page.locator(".readings-warnings")).to_contain_text("Столбцы «НС» не распознаны и не учитываются.")
    row = page.locator(".readings-preview tbody tr")
    expect(row).to_contain_text("UU-05T-1")
    expect(row).to_contain_text("12 814,500")
    expect(row).to_contain_text("14,500")  # the month's heat: 12 814,500 − 12 800,000
    assert not Reading.objects.filter(period=month).exists()

    page.get_by_role("button", name="Передать").click()
    expect(page.get_by_text("Показания переданы: 1.")).to_be_visible()
    saved = Reading.objects.get(period=month)
    assert (saved.heat_gcal_total, saved.heat_gcal, saved.source) == (
        Decimal("12814.500"),
        Decimal("14.500"),
        "archive",
    )
    assert JournalEntry.objects.filter(action="readings_submit").count() == 1
    expect(page.locator("table.readings-units")).to_contain_text("ожидает передачи")
