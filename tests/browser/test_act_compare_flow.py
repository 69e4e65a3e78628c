"""An accountant compares its own act from 1С with the portal's, in a real browser, on a laptop and a phone."""

import datetime
from decimal import Decimal

from lk_portal.exports.act_1c import Act1C, Act1CLine, render_act_1c
from tests.factories import BillingDocumentFactory, ContractFactory, PaymentFactory, UserFactory

D = datetime.date
M = Decimal


def test_upload_an_act_and_read_the_differences(page, live_server, login_as, tmp_path):
    contract = ContractFactory(number="05 Т")
    user = UserFactory(abonent=contract.abonent, role="accountant", username="buh@example.ru")
    BillingDocumentFactory(
        contract=contract,
        doc_type="invoice",
        number="Счет-фактура №702222832/70",
        date=D(2015, 3, 31),
        accrued=M("30251.84"),
    )
    PaymentFactory(contract=contract, number="74", date=D(2015, 3, 30), amount=M("16503.48"))
    PaymentFactory(contract=contract, number="86", date=D(2015, 4, 17), amount=M("7220.27"))
    theirs = Act1C(
        own_name=contract.abonent.name,
        other_name="ОАО «Генерирующая компания»",
        date_from=D(2015, 1, 1),
        date_to=D(2015, 6, 30),
        contract_text="по договору 05 Т от 01.10.2004",
        opening=M("0.00"),
        lines=[
            Act1CLine(D(2015, 3, 27), "Оплата (27.03.15 № 74)", M("16503.48"), None),
            Act1CLine(
                D(2015, 3, 31), "Поступление (акт, накладная, УПД) (31.03.15 № 702222832/70)", None, M("30251.84")
            ),
            Act1CLine(D(2015, 4, 17), "Оплата (17.04.15 № 86)", M("7202.27"), None),
            Act1CLine(D(2015, 6, 29), "Оплата (29.06.15 № 951)", M("1500.00"), None),
        ],
    )
    path = tmp_path / "Акт сверки 05 Т.xlsx"
    path.write_bytes(render_act_1c(theirs))
    login_as(user)

    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"{live_server.url}/lk/reconciliation/?date_from=2015-01-01&date_to=2015-06-30")
    page.set_input_files("#id_act_file", str(path))
    page.get_by_role("button", name="Сравнить с нашим актом").click()
    page.wait_for_selector("#compare-title")
    summary = page.locator(".act-compare__summary").inner_text()
    assert "Найдено расхождений: 2. Конечное сальдо не сходится." in summary
    assert "18,00" in page.locator(".act-compare-group--differ").inner_text()
    assert "№ 951" in page.locator(".act-compare-group--only_theirs").inner_text()
    assert page.get_by_role("button", name="Отправить расхождения").is_visible()
    page.screenshot(path=str(tmp_path / "compare-1366.png"), full_page=True)

    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page is {width}px wide on a phone"
    page.screenshot(path=str(tmp_path / "compare-390.png"), full_page=True)
    page.goto(f"{live_server.url}/lk/reconciliation/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
