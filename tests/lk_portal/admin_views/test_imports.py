import json
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lk_portal.models import ImportRun, Payment
from tests.factories import ContractFactory, UserFactory
from tests.lk_portal.exchange.helpers import GUIDE_PAYMENTS, write_csv

pytestmark = pytest.mark.django_db


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
