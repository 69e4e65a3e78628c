"""A person groups the payments by dragging «Отчетный период» into the group panel and downloads an XLSX."""

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest

from tests.factories import ContractFactory, PaymentFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_drag_header_to_group_then_export_xlsx(page, live_server, login_as):
    contract = ContractFactory(number="05 Т")
    user = UserFactory(abonent=contract.abonent)
    for number, period, amount in [("86", 4, "7220.27"), ("87", 4, "100.00"), ("74", 3, "16503.48")]:
        PaymentFactory(
            contract=contract,
            number=number,
            period=datetime.date(2015, period, 1),
            amount=Decimal(amount),
            date=datetime.date(2015, period, 17),
            kind="Аванс",
        )
    login_as(user)

    page.goto(f"{live_server.url}/lk/payments/?q=аванс")
    panel = page.locator("[data-grid-group-panel]")
    assert "Перетяните заголовок колонки, чтобы сгруппировать" in panel.inner_text()
    page.locator("th[data-group-key=period]").drag_to(panel)
    page.wait_for_url("**group=period**")

    assert "group=period" in page.url and "q=" in page.url  # the state is in the URL
    groups = page.locator("tr.grid-group").all_inner_texts()
    assert [" ".join(g.split()) for g in groups] == [
        "Отчетный период: 2015,03 (записей: 1) 16 503,48",
        "Отчетный период: 2015,04 (записей: 2) 7 320,27",
    ]
    assert "Отчетный период" in page.locator(".grid-chip").inner_text()

    with page.expect_download() as download_info:
        page.get_by_text("Экспорт в XLSx (MS Excel 2007)").click()
    download = download_info.value
    assert download.suggested_filename == f"oplata_{datetime.date.today().isoformat()}.xlsx"
    sheet = openpyxl.load_workbook(io.BytesIO(open(download.path(), "rb").read())).active
    values = [row for row in sheet.iter_rows(values_only=True)]
    labels = [row[0] for row in values if row and isinstance(row[0], str) and row[0].startswith("Отчетный период:")]
    assert labels == ["Отчетный период: 2015,03 (записей: 1)", "Отчетный период: 2015,04 (записей: 2)"]
    assert values[-1][0] == "Итого (записей: 3)" and values[-1][4] == pytest.approx(23823.75)

    page.go_back()  # the back button returns to the ungrouped view
    page.wait_for_url("**/lk/payments/?q=**")
    assert "group=" not in page.url
