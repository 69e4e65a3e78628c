import json
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lk_portal.models import ImportRun, Payment
from tests.factories import ContractFactory, UserFactory
from tests.lk_portal.exchange.helpers import GUIDE_PAYMENTS, write_csv

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def worker_runs_after_the_commit(monkeypatch):
    """The test's transaction never commits: run the queued upload's task (immediate huey) at once."""
    monkeypatch.setattr("lk_portal.services.billing_upload.transaction.on_commit", lambda function, **kw: function())


@pytest.fixture
def staff_client(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("boss", "boss@example.ru", "x"))
    return client


def _upload(client, tmp_path, name, rows, encoding="cp1251"):
    content = write_csv(tmp_path / name, rows, encoding=encoding).read_bytes()
    return client.post(reverse("lk_billing_import_upload"), {"files": [SimpleUploadedFile(name, content)]}, follow=True)


def test_upload_form_shows_in_the_admin_menu(staff_client):
    response = staff_client.get(reverse("lk_billing_import_upload"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Загрузка из биллинга" in html and 'type="file"' in html and "multiple" in html
    home = staff_client.get(reverse("wagtailadmin_home")).content.decode()
    # The sidebar menu is JSON in the page; Cyrillic there may be \u-escaped.
    assert "Загрузка из биллинга" in home or json.dumps("Загрузка из биллинга")[1:-1] in home
    assert reverse("lk_billing_import_upload") in home and reverse("billing_imports:index") in home


def test_upload_imports_and_shows_the_result_in_russian(staff_client, tmp_path):
    ContractFactory(number="05 Т")
    response = _upload(staff_client, tmp_path, "payments_2015-04-17.csv", GUIDE_PAYMENTS)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Загрузка №" in html and "успешно" in html and "payments_2015-04-17.csv" in html and "загружен" in html
    run = ImportRun.objects.get()
    assert run.source == ImportRun.SOURCE_UPLOAD and run.started_by.username == "boss"
    assert Payment.objects.get(external_id="P-86").amount == Decimal("7220.27")


def test_upload_with_errors_writes_nothing_and_lists_them(staff_client, tmp_path):
    ContractFactory(number="05 Т")
    rows = [*GUIDE_PAYMENTS, ["P-9", "05 Т", "9", "31.04.15", "2015,04", "1,00", "Аванс", ""]]
    html = _upload(staff_client, tmp_path, "payments.csv", rows).content.decode()
    assert "Ничего не записано" in html
    assert "Дата оплаты" in html and "«31.04.15»" in html and "такой даты нет в календаре" in html
    assert not Payment.objects.exists()


def test_upload_refuses_other_file_types_in_the_form(staff_client):
    response = staff_client.post(
        reverse("lk_billing_import_upload"), {"files": [SimpleUploadedFile("payments.pdf", b"%PDF-1.4")]}
    )
    assert "Можно загрузить только файлы .csv, .xlsx или .zip" in response.content.decode()
    assert not ImportRun.objects.exists()


def test_history_lists_runs_and_shows_errors(staff_client, tmp_path):
    path = tmp_path / "payments.csv"
    path.write_bytes(b"")
    from lk_portal.services.billing_import import billing_package_import

    run = billing_package_import(paths=[path], source=ImportRun.SOURCE_COMMAND)
    index = staff_client.get(reverse("billing_imports:index"))
    assert index.status_code == 200 and "отклонен" in index.content.decode()
    detail = staff_client.get(reverse("billing_imports:inspect", args=[run.pk])).content.decode()
    assert "файл пуст" in detail and "payments.csv" in detail
    assert staff_client.get(reverse("billing_imports:add")).status_code in (302, 403)


def test_abonent_accounts_cannot_upload(client):
    client.force_login(UserFactory())
    response = client.get(reverse("lk_billing_import_upload"))
    assert response.status_code in (302, 403)


# --- The upload runs in the worker (issue 12, item 6) --------------------------------------------------


def _post(client, files, **fields):
    return client.post(reverse("lk_billing_import_upload"), {"files": files, **fields})


def test_the_upload_is_queued_saved_privately_and_its_page_refreshes(staff_client, tmp_path, monkeypatch, settings):
    monkeypatch.setattr("lk_portal.services.billing_upload.transaction.on_commit", lambda function, **kw: None)
    ContractFactory(number="05 Т")
    content = write_csv(tmp_path / "payments.csv", GUIDE_PAYMENTS).read_bytes()
    response = _post(staff_client, [SimpleUploadedFile("payments.csv", content)])
    run = ImportRun.objects.get()
    assert run.status == ImportRun.QUEUED and run.get_status_display() == "в очереди"
    assert response.status_code == 302 and response["Location"] == reverse("lk_billing_import_progress", args=[run.pk])
    saved = list((settings.LK_IMPORT_UPLOAD_DIR / f"run-{run.pk}").rglob("payments.csv"))
    assert len(saved) == 1 and saved[0].read_bytes() == content
    page = staff_client.get(response["Location"]).content.decode()
    assert '<meta http-equiv="refresh" content="2">' in page and "В очереди" in page
    assert "<script>" not in page.split("</head>")[0].split("refresh")[-1]  # no inline script: a meta refresh
    (saved[0].parents[1] / "progress.json").write_text(
        json.dumps({"file": "payments.csv", "rows": 120000, "rows_per_second": 35000, "done": 0})
    )
    ImportRun.objects.filter(pk=run.pk).update(status=ImportRun.RUNNING)
    page = staff_client.get(response["Location"]).content.decode()
    assert "файл «payments.csv»" in page and "Прочитано строк: 120 000, 35 000 строк/с" in page
    from lk_portal.tasks.imports import import_uploaded_files

    ImportRun.objects.filter(pk=run.pk).update(status=ImportRun.QUEUED)
    import_uploaded_files.call_local(run.pk, [str(saved[0])], False, False)
    result = staff_client.get(response["Location"], follow=True).content.decode()
    assert f"Загрузка № {run.pk}: успешно. Все файлы записаны." in result
    assert Payment.objects.count() == 2 and not saved[0].exists()  # the private copy is removed after the run


def test_an_upload_waits_while_another_import_runs(staff_client, tmp_path):
    from tests.lk_portal.services.test_billing_lock import held_elsewhere

    ContractFactory(number="05 Т")
    content = write_csv(tmp_path / "payments.csv", GUIDE_PAYMENTS).read_bytes()
    with held_elsewhere():
        _post(staff_client, [SimpleUploadedFile("payments.csv", content)])
    run = ImportRun.objects.get()
    assert run.status == ImportRun.QUEUED and not Payment.objects.exists()


def test_the_upload_size_is_limited_with_a_russian_message(staff_client, settings):
    settings.LK_IMPORT_MAX_UPLOAD_BYTES = 1000
    response = _post(staff_client, [SimpleUploadedFile("payments.csv", b"x" * 2000)])
    html = response.content.decode()
    assert response.status_code == 200 and "Файлы слишком большие: 2 КБ" in html and "не больше 1000 Б" not in html
    assert "не больше 1 КБ" in html or "не больше 0,98 КБ" in html or "не больше 1,0 КБ" in html
    assert not ImportRun.objects.exists()


def test_a_dry_run_shows_the_deletes_then_the_checkbox_confirms(staff_client, tmp_path):
    from lk_portal.models import Abonent
    from tests.factories import PaymentFactory

    for _ in range(12):
        PaymentFactory()
    rows = [["ИНН", "КПП", "Абонент", "Филиал", "Удален"]]
    rows += [[a.inn, a.kpp, a.name, "kazan", "1"] for a in Abonent.objects.all()]
    content = write_csv(tmp_path / "abonents.csv", rows).read_bytes()
    refused = staff_client.post(
        reverse("lk_billing_import_upload"), {"files": [SimpleUploadedFile("abonents.csv", content)]}, follow=True
    ).content.decode()
    assert "будет удалено абонентов: 12, договоров: 12, оплат: 12" in refused and "Подтверждаю удаление" in refused
    dry = staff_client.post(
        reverse("lk_billing_import_upload"),
        {"files": [SimpleUploadedFile("abonents.csv", content)], "dry_run": "on", "allow_mass_delete": "on"},
        follow=True,
    ).content.decode()
    assert "без записи" in dry and "ничего не записано" in dry
    assert "будет удалено абонентов: 12, договоров: 12, оплат: 12" in dry
    assert Abonent.objects.count() == 12
    staff_client.post(
        reverse("lk_billing_import_upload"),
        {"files": [SimpleUploadedFile("abonents.csv", content)], "allow_mass_delete": "on"},
        follow=True,
    )
    assert Abonent.objects.count() == 0
