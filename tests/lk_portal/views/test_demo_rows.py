"""The guide's rows as the demo abonent sees them on the grid pages."""

import pytest

from lk_portal.models import User
from lk_portal.services.demo import DEMO_LOGIN, demo_load
from tests.support.html import grid_rows, group_headers

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_client(client):
    demo_load(abonents=2, years=1)
    client.force_login(User.objects.get(username=DEMO_LOGIN))
    return client


def test_payment_86_on_the_payments_page(demo_client):
    html = demo_client.get("/lk/payments/?f_date_from=2015-01-01&f_date_to=2015-12-31&q=аванс").content.decode()
    rows = {r[1]: r for r in grid_rows(html)}
    assert rows["86"][:6] == ["05 Т", "86", "17.04.2015", "2015,04", "7 220,27", "Аванс"]
    assert rows["74"][4] == "16 503,48"
    html = demo_client.get("/lk/payments/?f_period_from=2015-04&f_period_to=2015-04&group=period").content.decode()
    assert group_headers(html)[0].startswith("Отчетный период: 2015,04 (записей: ")


def test_invoice_702227301_on_the_documents_page(demo_client):
    html = demo_client.get("/lk/documents/?f_period_from=2015-02&f_period_to=2015-04&list=invoice").content.decode()
    row = next(r for r in grid_rows(html) if r[2] == "Счет-фактура №702227301/70")
    assert row == [
        "за тепло",
        "05 Т",
        "Счет-фактура №702227301/70",
        "30.04.2015",
        "2015,04",
        "18 902,27",
        "18 902,27",
        "0,00",
        "Основная реализация",
    ]
    assert len(grid_rows(html)) == 3


def test_demo_pages_answer(demo_client):
    for url in ["/lk/contracts/", "/lk/contacts/", "/lk/tariffs/", "/lk/payments/?group=period,kind", "/lk/documents/"]:
        assert demo_client.get(url).status_code == 200, url
    html = demo_client.get("/lk/contacts/").content.decode()
    assert "Хлынова Ирина Владимировна" in html
