"""«Передать показания»: the form, the template round trip, archives, the preview, roles, scope, query counts."""

import datetime
import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from lk_portal.models import JournalEntry, Reading
from lk_portal.selectors.viewer import viewer_for
from lk_portal.services.demo.context import DemoContext
from lk_portal.services.demo.guide import guide_ensure
from lk_portal.services.demo.metering import UNITS, metering_ensure, month_figures
from lk_portal.services.demo.readings import readings_ensure
from lk_portal.services.readings_upload import readings_from_upload
from tests.factories import ContractFactory, MeteringUnitFactory, UserFactory
from tests.support.html import soup, text_of
from tests.support.readings import reading_add

pytestmark = pytest.mark.django_db
SAMPLES = Path(__file__).resolve().parents[3] / "docs" / "samples"


def this_month():
    return timezone.localdate().replace(day=1)


def month_before(month):
    return (month - datetime.timedelta(days=1)).replace(day=1)


@pytest.fixture
def unit():
    # a window of the whole month: open today whatever today is
    return MeteringUnitFactory(unit_id="UU-7", serial_no="0412857", resources="heat,water", window_from=1, window_to=31)


def member(unit, role="engineer", **extra):
    user = UserFactory(
        abonent=unit.abonent, username=f"{role}@example.ru", email=f"{role}@example.ru", role=role, **extra
    )
    client = Client()
    client.force_login(user)
    return client


def form_data(unit, heat="1100,5", **extra):
    prefix = f"u{unit.pk}"
    data = {
        "unit": unit.pk,
        f"{prefix}-period": this_month().isoformat(),
        f"{prefix}-taken_on": timezone.localdate().strftime("%d.%m.%Y"),
        f"{prefix}-heat_total": heat,
        f"{prefix}-water_total": "5 000",
        f"{prefix}-hours_total": "9000",
        f"{prefix}-comment": "",
    }
    data.update({f"{prefix}-{key}": value for key, value in extra.items()})
    return data


def preview_texts(page):
    return [
        text_of(li) for li in soup(page).select(".readings-preview li, .readings-problems li, .readings-warnings li")
    ]


def test_the_form_previews_then_submits_and_journals(unit):
    reading_add(unit, month_before(this_month()), "1000", water="4000", hours="8000")
    client = member(unit)
    response = client.post(reverse("lk:readings"), form_data(unit))
    assert response.status_code == 302 and response["Location"] == reverse("lk:readings_preview")
    page = client.get(reverse("lk:readings_preview"))
    cells = [text_of(td) for td in soup(page).select(".readings-preview tbody td")]
    assert cells[3:7] == ["1 100,500", "5 000,000", "9 000,0", f"100,500 с {month_before(this_month()):%Y,%m}"]
    assert soup(page).select_one("button[name=submit]") is not None
    assert Reading.objects.count() == 1  # nothing saved by the preview
    done = client.post(reverse("lk:readings_preview"), {"submit": "1"}, follow=True)
    assert "Показания переданы: 1" in done.content.decode()
    saved = Reading.objects.get(period=this_month())
    assert (saved.heat_gcal_total, saved.heat_gcal, saved.source, saved.status) == (
        Decimal("1100.500"),
        Decimal("100.500"),
        "form",
        "pending",
    )
    assert JournalEntry.objects.filter(action="readings_submit", object="UU-7").count() == 1
    assert client.get(reverse("lk:readings_preview")).status_code == 302  # the preview is gone once submitted


def test_a_decreasing_value_is_shown_and_cannot_be_submitted(unit):
    reading_add(unit, month_before(this_month()), "1000")
    client = member(unit)
    client.post(reverse("lk:readings"), form_data(unit, heat="999"))
    page = client.get(reverse("lk:readings_preview"))
    texts = preview_texts(page)
    assert any("«Тепловая энергия, Гкал» 999,000 меньше показаний за" in t for t in texts), texts
    assert soup(page).select_one("button[name=submit]") is None
    refused = client.post(reverse("lk:readings_preview"), {"submit": "1"})
    assert refused.status_code == 400 and Reading.objects.count() == 1


def test_a_value_that_is_not_a_number_is_a_message_not_a_500(unit):
    client = member(unit)
    client.post(reverse("lk:readings"), form_data(unit, heat="много", taken_on="вчера"))
    texts = preview_texts(client.get(reverse("lk:readings_preview")))
    assert any("«Тепловая энергия, Гкал»: «много» — не число." in t for t in texts), texts
    assert any("«Дата снятия»: «вчера» — не дата." in t for t in texts), texts


def test_the_preview_trusts_nothing_posted_back(unit):
    client = member(unit)
    client.post(reverse("lk:readings"), form_data(unit))
    reading_add(unit, this_month(), "1200", status=Reading.ACCEPTED)  # accepted meanwhile
    refused = client.post(reverse("lk:readings_preview"), {"submit": "1", "heat_total": "1", "unit": "999"})
    assert refused.status_code == 400 and "уже приняты" in refused.content.decode()
    assert Reading.objects.count() == 1


def test_cancel_forgets_the_preview(unit):
    client = member(unit)
    client.post(reverse("lk:readings"), form_data(unit))
    client.post(reverse("lk:readings_preview"), {"cancel": "1"})
    assert client.get(reverse("lk:readings_preview")).status_code == 302 and not Reading.objects.exists()


def test_the_template_downloads_prefilled_and_uploads_back(unit):
    second = MeteringUnitFactory(contract=unit.contract, unit_id="UU-8", resources="heat", window_from=1, window_to=31)
    client = member(unit)
    response = client.get(reverse("lk:readings_template"))
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    book = load_workbook(io.BytesIO(response.content))
    sheet = book.active
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=5)]
    assert [(r[0], r[3]) for r in rows] == [("UU-7", f"{this_month():%m.%Y}"), ("UU-8", f"{this_month():%m.%Y}")]
    sheet.cell(row=5, column=5, value=timezone.localdate())
    sheet.cell(row=5, column=6, value=1234.567)
    sheet.cell(row=5, column=8, value="8 760,5")
    sheet.cell(row=6, column=5, value=timezone.localdate().strftime("%d.%m.%Y"))
    sheet.cell(row=6, column=6, value="42,1")
    out = io.BytesIO()
    book.save(out)
    upload = SimpleUploadedFile("pokazaniya.xlsx", out.getvalue())
    assert client.post(reverse("lk:readings_upload"), {"file": upload}).status_code == 302
    page = client.get(reverse("lk:readings_preview"))
    assert "Способ: шаблон XLSX" in text_of(soup(page).select_one("main"))
    client.post(reverse("lk:readings_preview"), {"submit": "1"})
    saved = {r.unit.unit_id: r for r in Reading.objects.select_related("unit")}
    assert saved["UU-7"].heat_gcal_total == Decimal("1234.567") and saved["UU-7"].hours_total == Decimal("8760.5")
    assert saved["UU-8"].heat_gcal_total == Decimal("42.100") and saved["UU-8"].source == "template"
    assert saved["UU-8"].unit == second


def archive_csv(serial="0412857", *, encoding="cp1251", totals=("1010,5", "1020,0")):
    month = this_month()
    days = [month, month.replace(day=2)] if timezone.localdate().day >= 2 else [month, month]
    lines = [f"ТВ7 зав. № {serial}", "Дата;t1;Q1, Гкал;M1, т;Тр, ч;Шум"]
    for day, heat in zip(days, totals, strict=True):
        lines.append(f"{day:%d.%m.%Y};70,0;{heat};500;{24 * day.day};x")
    return "\r\n".join(lines).encode(encoding)


@pytest.mark.parametrize("encoding", ["cp1251", "utf-8-sig"])
def test_an_archive_finds_its_unit_by_the_serial_number_and_submits(unit, encoding):
    if timezone.localdate().day < 2:
        pytest.skip("the archive needs two days of this month")
    reading_add(unit, month_before(this_month()), "1000")
    client = member(unit)
    upload = SimpleUploadedFile("arhiv.csv", archive_csv(encoding=encoding))
    client.post(reverse("lk:readings_upload"), {"file": upload, "comment": ""})
    page = client.get(reverse("lk:readings_preview"))
    texts = preview_texts(page)
    assert any("Архив суточный, в нем значения нарастающим итогом" in t for t in texts), texts
    assert any("Столбцы «Шум» не распознаны и не учитываются." in t for t in texts), texts
    client.post(reverse("lk:readings_preview"), {"submit": "1"})
    saved = Reading.objects.get(period=this_month())
    assert (saved.heat_gcal_total, saved.source, saved.taken_on) == (
        Decimal("1020.000"),
        "archive",
        this_month().replace(day=2),
    )


def test_an_archive_of_another_calculator_than_the_unit_picked_is_refused(unit):
    other = MeteringUnitFactory(
        contract=unit.contract, unit_id="UU-9", serial_no="77-0193", window_from=1, window_to=31
    )
    client = member(unit)
    upload = SimpleUploadedFile("arhiv.csv", archive_csv(serial="77-0193"))
    client.post(reverse("lk:readings_upload"), {"file": upload, "unit": unit.pk})
    texts = preview_texts(client.get(reverse("lk:readings_preview")))
    assert any(t.startswith(f"Архив снят с вычислителя № 77-0193 (узел учета {other.unit_id}") for t in texts), texts
    assert client.post(reverse("lk:readings_preview"), {"submit": "1"}).status_code == 400
    assert not Reading.objects.exists()


@pytest.mark.parametrize("content", [bytes(range(256)) * 50, b"PK\x03\x04junk", "Дата;Сумма\n1;2".encode()])
def test_garbage_bytes_are_a_russian_message_and_nothing_is_saved(unit, content):
    client = member(unit)
    client.post(reverse("lk:readings_upload"), {"file": SimpleUploadedFile("x.csv", content), "unit": unit.pk})
    page = client.get(reverse("lk:readings_preview"))
    assert "Файл не похож на архив тепловычислителя" in text_of(soup(page).select_one(".readings-problems"))
    assert soup(page).select_one("button[name=submit]") is None
    assert client.post(reverse("lk:readings_preview"), {"submit": "1"}).status_code == 400
    assert not Reading.objects.exists()


def test_an_upload_over_the_limit_is_refused_on_the_form(unit, settings):
    settings.LK_READINGS_MAX_UPLOAD_BYTES = 1024 * 1024
    client = member(unit)
    page = client.post(reverse("lk:readings_upload"), {"file": SimpleUploadedFile("big.csv", b"1" * (1024 * 1024 + 1))})
    assert page.status_code == 200 and "Файл больше 1 МБ" in page.content.decode()


def test_the_observer_sees_the_page_but_may_not_submit(unit):
    client = member(unit, role="observer")
    page = client.get(reverse("lk:readings"))
    assert page.status_code == 200 and "только просматривать показания" in page.content.decode()
    assert not soup(page).select("form.readings-form")
    assert client.post(reverse("lk:readings"), form_data(unit)).status_code == 403
    upload = SimpleUploadedFile("arhiv.csv", archive_csv())
    assert client.post(reverse("lk:readings_upload"), {"file": upload}).status_code == 403
    assert client.get(reverse("lk:readings_template")).status_code == 403
    assert client.get(reverse("lk:readings_preview")).status_code == 403
    assert not Reading.objects.exists()


def test_the_accountant_may_not_even_see_readings(unit):
    assert member(unit, role="accountant").get(reverse("lk:readings")).status_code == 403


def test_another_organisations_or_contracts_unit_is_404(unit):
    foreign = MeteringUnitFactory(window_from=1, window_to=31)
    other_contract = MeteringUnitFactory(contract=ContractFactory(abonent=unit.abonent), window_from=1, window_to=31)
    client = member(unit, contracts=[unit.contract])
    assert client.post(reverse("lk:readings"), form_data(foreign)).status_code == 404
    assert client.post(reverse("lk:readings"), form_data(other_contract)).status_code == 404
    upload = SimpleUploadedFile("arhiv.csv", archive_csv())
    refused = client.post(reverse("lk:readings_upload"), {"file": upload, "unit": foreign.pk})
    assert refused.status_code == 200 and "Выберите корректный вариант" in refused.content.decode()
    assert not Reading.objects.exists()


def test_the_page_runs_a_fixed_number_of_queries(unit, django_assert_num_queries):
    client = member(unit)
    client.get(reverse("lk:readings"))  # the session, the first time
    reading_add(unit, month_before(this_month()), "1000")
    with django_assert_num_queries(
        3
    ) as first:  # the session, the scope, the header's figures from the cache; the abonent with the member
        client.get(reverse("lk:readings"))
    for _ in range(3):
        extra = MeteringUnitFactory(contract=unit.contract, window_from=1, window_to=31)
        reading_add(extra, month_before(this_month()), "10")
    with django_assert_num_queries(len(first.captured_queries)):
        page = client.get(reverse("lk:readings"))
    assert len(soup(page).select("section.readings-unit")) == 4


@pytest.mark.parametrize("sample", ["archive_TV7_daily.csv", "archive_VKT7_monthly.xlsx"])
def test_the_samples_upload_cleanly_into_the_demo_abonents_units(sample):
    day = datetime.date(2026, 12, 2)
    ctx = DemoContext(today=day, years=1)
    guide_ensure(ctx)
    metering_ensure(ctx)
    readings_ensure(ctx)  # the demo's readings up to the last closed window, as `load_demo` leaves them
    spec = UNITS[0] if "TV7" in sample else UNITS[1]
    from lk_portal.models import MeteringUnit

    unit = MeteringUnit.objects.get(unit_id=spec["unit_id"])
    viewer = viewer_for(UserFactory(abonent=unit.abonent, username="demo-eng@example.ru", role="engineer"))
    result = readings_from_upload(viewer, content=(SAMPLES / sample).read_bytes(), filename=sample, today=day)
    assert result.preview.ok, [p.message for p in result.preview.all_problems()]
    line = result.preview.lines[0]
    assert line.unit == unit and line.period == datetime.date(2026, 11, 1)
    assert line.consumption == month_figures(spec, datetime.date(2026, 11, 1))["heat_gcal"]
