"""Background exports (issue 14 item 3): a big export goes to the worker, shows its progress, is served
to its owner only, fails when its worker dies, and is purged after LK_EXPORT_KEEP_HOURS."""

import csv
import datetime
import io
import subprocess
from decimal import Decimal

import pytest
from django.utils import timezone

from lk_portal.models import ExportJob, JournalEntry, Notification
from lk_portal.services.export_jobs import STALE_TEXT, export_job_run, export_jobs_expire, export_jobs_purge
from lk_portal.tasks.exports import export_jobs_expire_task, export_jobs_purge_task
from tests.factories import ContractFactory, PaymentFactory, UserFactory
from tests.support.exports import body
from tests.support.guide import guide_abonent
from tests.support.html import page_text, soup

pytestmark = pytest.mark.django_db

LIMITS = {"pdf": 5, "rtf": 5, "xls": 5, "xlsx": 5, "csv": 5}


@pytest.fixture
def background(settings, tmp_path):
    settings.LK_EXPORT_SYNC_MAX_ROWS = LIMITS
    settings.LK_PRIVATE_DIR = tmp_path / "private"
    settings.MEDIA_ROOT = tmp_path / "media"
    return tmp_path


@pytest.fixture
def many(client, background):
    user, contract = guide_abonent()
    for n in range(30):
        PaymentFactory(
            contract=contract,
            number=f"Р-{n:03d}",
            date=datetime.date(2016, 1, 1) + datetime.timedelta(days=n),
            period=datetime.date(2016, 1, 1),
            amount=Decimal("100.10"),
            kind="Аванс",
            purpose="=cmd" if n == 0 else "аванс",
        )
    client.force_login(user)
    return user, contract


def ask(client, contract, fmt, capture, query="sort=number"):
    with capture(execute=True):
        response = client.get(f"/lk/payments/?contract={contract.pk}&{query}&export={fmt}")
    assert response.status_code == 302, response.status_code
    job = ExportJob.objects.get()
    assert response["Location"] == f"/lk/exports/{job.pk}/"
    return job


def test_a_big_export_is_made_in_the_background_and_downloaded_by_its_owner(
    client, many, django_capture_on_commit_callbacks
):
    user, contract = many
    job = ask(client, contract, "csv", django_capture_on_commit_callbacks, query="q=Р-00&sort=number")
    job.refresh_from_db()
    assert (job.status, job.progress, job.rows_total, job.format) == ("done", 100, 10, "csv")
    assert job.query == f"contract={contract.pk}&q=%D0%A0-00&sort=number"
    assert (background_dir := job.file.startswith("exports/")) and background_dir
    page = client.get(f"/lk/exports/{job.pk}/")
    text = page_text(page)
    assert "Файл готов" in text and "Скачать файл" in text
    state = client.get(f"/lk/exports/{job.pk}/state/").json()
    assert state["status"] == "done" and state["download"] == f"/lk/exports/{job.pk}/file/"
    response = client.get(f"/lk/exports/{job.pk}/file/")
    assert response.status_code == 200 and response.streaming
    assert response["Content-Disposition"].startswith('attachment; filename="oplata_05T_')
    rows = list(csv.reader(io.StringIO(body(response).decode("utf-8-sig")), delimiter=";"))
    numbers = [r[1] for r in rows if len(r) > 1 and r[1].startswith("Р-")]
    assert numbers == [f"Р-{n:03d}" for n in range(10)]  # the query string of the request defined the rows
    assert ["'=cmd"] == [r[6] for r in rows if len(r) > 6 and r[1] == "Р-000"]  # the formula guard
    notification = Notification.objects.get(user=user, kind="export_ready")
    assert notification.link == f"/lk/exports/{job.pk}/"
    assert JournalEntry.objects.filter(action="export", object="Оплата").count() == 1  # the download
    listing = page_text(client.get("/lk/exports/"))
    assert "Оплата" in listing and "готов" in listing and "Скачать" in listing


def test_small_exports_stay_in_the_request(client, many, settings):
    settings.LK_EXPORT_SYNC_MAX_ROWS = {**LIMITS, "csv": 1000}
    _, contract = many
    response = client.get(f"/lk/payments/?contract={contract.pk}&export=csv")
    assert response.status_code == 200 and response.streaming
    assert not ExportJob.objects.exists()


def test_progress_is_written_while_the_rows_are_read(many):
    user, _ = many
    job = ExportJob.objects.create(
        owner=user, abonent=user.abonent, title="Оплата", path="/lk/payments/", format="csv", rows_total=1000
    )
    seen = []

    def chunks(progress):
        for done in range(1, 1001):
            progress(done)
            if done in (450, 900):
                seen.append(ExportJob.objects.values_list("status", "progress").get(pk=job.pk))
            yield b"x"

    export_job_run(job, chunks)
    assert seen == [("running", 40), ("running", 80)]  # written every 200 lines (at least 1 %)
    job.refresh_from_db()
    assert (job.status, job.progress, job.rows_done, job.size) == ("done", 100, 1000, 1000)


def test_the_progress_page_while_the_file_is_made(client, many):
    user, _ = many
    job = ExportJob.objects.create(
        owner=user,
        abonent=user.abonent,
        title="Оплата",
        path="/lk/payments/",
        format="pdf",
        status="running",
        progress=45,
        rows_total=20000,
        rows_done=9000,
    )
    html = client.get(f"/lk/exports/{job.pk}/")
    page = soup(html)
    assert "Файл готовится: 45 %" in page_text(html)
    assert page.select_one("progress")["value"] == "45"
    assert page.select_one("[data-export-job]")["data-state-url"] == f"/lk/exports/{job.pk}/state/"
    assert "Строк: 9 000 из 20 000" in page_text(html)
    assert client.get(f"/lk/exports/{job.pk}/file/")["Location"] == f"/lk/exports/{job.pk}/"  # not ready yet


def test_another_members_or_organisations_job_is_not_found(client, many):
    user, contract = many
    job = ExportJob.objects.create(
        owner=user, abonent=user.abonent, title="Оплата", path="/lk/payments/", format="csv", status="done"
    )
    colleague = UserFactory(abonent=user.abonent, username="colleague@example.ru", role="accountant")
    stranger = UserFactory(abonent=ContractFactory().abonent, username="stranger@example.ru")
    for other in (colleague, stranger):
        client.force_login(other)
        for suffix in ("", "state/", "file/"):
            assert client.get(f"/lk/exports/{job.pk}/{suffix}").status_code == 404, (other, suffix)
        assert not soup(client.get("/lk/exports/")).select(".export-jobs tbody tr")


def test_a_job_whose_worker_died_is_failed_not_pending_forever(client, many, settings):
    user, _ = many
    settings.LK_EXPORT_STALE_MINUTES = 15
    old = timezone.now() - datetime.timedelta(minutes=20)
    dead = ExportJob.objects.create(
        owner=user,
        abonent=user.abonent,
        title="Оплата",
        path="/lk/payments/",
        format="pdf",
        status="running",
        heartbeat_at=old,
    )
    alive = ExportJob.objects.create(
        owner=user, abonent=user.abonent, title="Оплата", path="/lk/payments/", format="pdf", status="running"
    )
    state = client.get(f"/lk/exports/{dead.pk}/state/").json()
    assert state["status"] == "failed" and state["error"] == STALE_TEXT
    never_taken = ExportJob.objects.create(
        owner=user, abonent=user.abonent, title="Оплата", path="/lk/payments/", format="csv", heartbeat_at=old
    )
    assert export_jobs_expire_task.call_local() == 1
    assert ExportJob.objects.get(pk=never_taken.pk).status == "failed"
    assert ExportJob.objects.get(pk=alive.pk).status == "running"
    assert "Формирование файла прервалось" in page_text(client.get(f"/lk/exports/{dead.pk}/"))
    assert export_jobs_expire() == 0


def test_a_failing_render_ends_in_a_russian_message(many):
    user, _ = many
    job = ExportJob.objects.create(
        owner=user, abonent=user.abonent, title="Оплата", path="/lk/payments/", format="csv", rows_total=3
    )

    def chunks(progress):
        yield b"a"
        raise RuntimeError("disk full")

    export_job_run(job, chunks)
    job.refresh_from_db()
    assert job.status == "failed" and job.error.startswith("Не удалось сформировать файл")
    assert not list((background_dir(job)).glob("*.part"))


def background_dir(job):
    from lk_portal.services.export_jobs import export_dir

    return export_dir()


def test_old_files_are_purged(client, many, django_capture_on_commit_callbacks, settings):
    settings.LK_EXPORT_KEEP_HOURS = 72
    _, contract = many
    job = ask(client, contract, "xlsx", django_capture_on_commit_callbacks)
    job.refresh_from_db()
    path = settings.LK_PRIVATE_DIR / job.file
    assert path.is_file() and not str(path).startswith(str(settings.MEDIA_ROOT))
    assert export_jobs_purge() == 0
    ExportJob.objects.filter(pk=job.pk).update(created_at=timezone.now() - datetime.timedelta(hours=73))
    assert export_jobs_purge_task.call_local() == 1
    assert not path.exists() and not ExportJob.objects.exists()
    assert client.get(f"/lk/exports/{job.pk}/file/").status_code == 404


def test_a_multi_page_pdf_in_the_background(client, many, django_capture_on_commit_callbacks, settings, tmp_path):
    _, contract = many
    for n in range(300):
        PaymentFactory(contract=contract, number=f"М-{n:04d}", date=datetime.date(2017, 1, 1), amount=Decimal("1.00"))
    job = ask(client, contract, "pdf", django_capture_on_commit_callbacks)
    job.refresh_from_db()
    assert job.status == "done"
    pdf = tmp_path / "out.pdf"
    pdf.write_bytes(body(client.get(f"/lk/exports/{job.pk}/file/")))
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    assert pages >= 6
    for number in range(1, pages + 1):
        text = subprocess.run(
            ["pdftotext", "-layout", "-f", str(number), "-l", str(number), str(pdf), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        assert "№ документа" in text and f"Страница {number} из {pages}" in text, number
    last = subprocess.run(["pdftotext", "-f", str(pages), str(pdf), "-"], capture_output=True, text=True).stdout
    assert "Итого (записей: 332)" in last, last[-500:]
    assert "7 220,27" in subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
