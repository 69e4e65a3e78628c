"""Staff screens of the metering kinds (admin_views/billing.py): lists, search and the export of the file's columns."""

import csv
import io

import pytest
from django.urls import reverse

from lk_portal.admin_views import billing
from tests.factories import ConsumptionFactory, MeteringUnitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("boss", "boss@example.ru", "x"))
    return client


def test_units_list_searches_and_exports_the_files_columns(staff):
    unit = MeteringUnitFactory(unit_id="U-77", serial_no="0412857")
    MeteringUnitFactory(unit_id="U-78")
    url = reverse(billing.MeteringUnitViewSet().get_url_name("index"))
    html = staff.get(url, {"q": "0412857"}).content.decode()
    assert "U-77" in html and "U-78" not in html
    response = staff.get(url, {"export": "csv"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0][:3] == ["Код узла учета", "Договор", "Адрес объекта"]
    assert len(rows) == 3 and unit.unit_id in {rows[1][0], rows[2][0]}


def test_consumption_list_reads_periods_as_the_cabinet(staff):
    ConsumptionFactory(unit__unit_id="U-5")
    html = staff.get(reverse(billing.ConsumptionViewSet().get_url_name("index"))).content.decode()
    assert "2015,01" in html and "U-5" in html
    assert "Добавить потребление за месяц" in html


def test_readings_list_filters_by_status_unit_and_branch(staff):
    from lk_portal.models import Branch, Reading
    from tests.factories import ReadingFactory

    chelny = Branch.objects.create(code="chelny", name="Набережночелнинские тепловые сети")
    ReadingFactory(unit__unit_id="U-1", status=Reading.REJECTED, reason="Нет пломбы")
    ReadingFactory(unit__unit_id="U-2", status=Reading.PENDING, unit__contract__abonent__branch=chelny)
    url = reverse(billing.ReadingViewSet().get_url_name("index"))
    html = staff.get(url, {"status": "rejected"}).content.decode()
    assert "U-1" in html and "Нет пломбы" in html and "U-2" not in html
    html = staff.get(url, {"unit": "U-2"}).content.decode()
    assert "U-2" in html and "U-1" not in html
    html = staff.get(url, {"branch": chelny.pk}).content.decode()
    assert "U-2" in html and "U-1" not in html
