"""A person prints what is unpaid and builds the reconciliation act, in a real browser."""

import datetime
import io
from decimal import Decimal

import openpyxl
from pypdf import PdfReader

from tests.factories import (
    BillingDocumentFactory,
    ContractFactory,
    PaymentFactory,
    SupplierBankDetailsFactory,
    UserFactory,
)


def test_print_unpaid_document_and_build_reconciliation_act(page, live_server, login_as, tmp_path):
    contract = ContractFactory(number="05 Т")
    SupplierBankDetailsFactory(branch=contract.abonent.branch)
    user = UserFactory(abonent=contract.abonent)
    BillingDocumentFactory(
        contract=contract,
        doc_type="invoice",
        number="Счет-фактура №702227301/70",
        date=datetime.date(2015, 4, 30),
        period=datetime.date(2015, 4, 1),
        accrued=Decimal("18902.27"),
        paid=Decimal("0.00"),
        debt=Decimal("18902.27"),
        due_date=datetime.date(2015, 5, 10),
    )
    PaymentFactory(contract=contract, number="86", date=datetime.date(2015, 5, 5), amount=Decimal("7220.27"))
    login_as(user)

    # Документы на оплату → «Печать»: the PDF a bank app can pay from.
    page.goto(f"{live_server.url}/lk/to-pay/")
    link = page.get_by_role("link", name="Печать документа Счет-фактура №702227301/70")
    response = page.request.get(f"{live_server.url}{link.get_attribute('href')}")
    assert response.headers["content-type"] == "application/pdf"
    text = PdfReader(io.BytesIO(response.body())).pages[0].extract_text()
    assert "Восемнадцать тысяч девятьсот два рубля 27 копеек" in " ".join(text.split())

    # Акт сверки for 2015: filled in and submitted as a person does, then downloaded as XLSX.
    page.get_by_role("link", name="Акт сверки").click()
    page.fill("input[name=date_from]", "2015-01-01")
    page.fill("input[name=date_to]", "2015-12-31")
    page.get_by_role("button", name="Сформировать").click()
    page.wait_for_selector("#act-title")
    body = " ".join(page.inner_text(".reconciliation-act").split())
    assert "18 902,27" in body and "7 220,27" in body
    assert "11 682,00" in body  # closing balance = 0 + 18 902,27 − 7 220,27
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Скачать XLSX").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".xlsx")
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    sheet = openpyxl.load_workbook(saved).active
    numbers = [c.value for row in sheet.iter_rows() for c in row if isinstance(c.value, Decimal | float | int)]
    assert any(abs(float(n) - 18902.27) < 0.001 for n in numbers)
    assert any(abs(float(n) - 11682.00) < 0.001 for n in numbers)
