"""An accountant disputes a document with a photo attached; staff of the branch answer in Wagtail admin;
the accountant reads the answer, its file, and closes the request (issue 18)."""

import pytest
from playwright.sync_api import expect

from lk_portal.models import BillingDocument, Request, RequestKind
from tests.factories import BillingDocumentFactory, BranchFactory, ContractFactory, UserFactory
from tests.support.files import PDF_BYTES, PNG_BYTES

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_a_request_with_a_photo_is_answered_by_staff_and_closed(live_server, page, login_as, tmp_path):
    url = live_server.url
    # An earlier transactional test may have flushed what migration 0016 seeded.
    RequestKind.objects.get_or_create(code="billing", defaults={"name": "Вопрос по начислениям", "due_days": 10})
    branch = BranchFactory(email="kazan@example.ru")
    contract = ContractFactory(abonent__branch=branch, number="05 Т")
    BillingDocumentFactory(contract=contract, number="СФ-1501", debt=1500, doc_type=BillingDocument.INVOICE)
    accountant = UserFactory(
        abonent=contract.abonent, role="accountant", username="buh@example.ru", email="buh@example.ru"
    )
    staff = UserFactory(abonent=None, username="operator", email="op@example.ru", is_staff=True, is_superuser=True)
    branch.staff.add(staff)
    photo = tmp_path / "Фото счета.png"
    photo.write_bytes(PNG_BYTES)
    renamed = tmp_path / "заметки.pdf"
    renamed.write_bytes("обычный текст".encode())

    # «Оспорить» beside the document opens the form filled in.
    login_as(accountant)
    page.goto(f"{url}/lk/to-pay/")
    page.get_by_role("link", name="Оспорить документ СФ-1501").click()
    expect(page.locator("input[name=subject]")).to_have_value("Оспорить документ № СФ-1501")
    page.fill("textarea[name=text]", "Объем за март завышен, фото счетчика прилагаем.")
    page.set_input_files("input[name=files]", [str(photo), str(renamed)])
    page.get_by_role("button", name="Отправить обращение").click()
    expect(page.get_by_text("Файл «заметки.pdf» не принят")).to_be_visible()  # a text file renamed .pdf
    expect(page.locator("textarea[name=text]")).to_have_value("Объем за март завышен, фото счетчика прилагаем.")
    page.set_input_files("input[name=files]", [str(photo)])
    page.get_by_role("button", name="Отправить обращение").click()
    req = Request.objects.get()
    expect(page.get_by_text(f"Обращение № {req.number} отправлено")).to_be_visible()
    expect(page.locator(".request-thread")).to_contain_text("Фото счета.png")

    # Staff of the branch answer with a file and ask for the abonent's answer.
    login_as(staff)
    page.goto(f"{url}/admin/requests/")
    page.get_by_role("link", name=f"№ {req.number}").click()
    page.fill("textarea[name=text]", "Перерасчет выполнен, корректировочный счет во вложении.")
    answer = tmp_path / "Корректировка.pdf"
    answer.write_bytes(PDF_BYTES)
    page.locator("form:has(input[value=reply]) input[name=files]").set_input_files(str(answer))
    page.locator("form:has(input[value=reply]) select[name=status]").select_option("resolved")
    page.get_by_role("button", name="Отправить").click()
    expect(page.get_by_text("Ответ отправлен абоненту.")).to_be_visible()

    # The accountant is notified, reads the answer, downloads its file and closes the request.
    login_as(accountant)
    page.goto(f"{url}/lk/notifications/")
    expect(page.locator("body")).to_contain_text(f"Ответ по обращению № {req.number}")
    page.goto(f"{url}/lk/requests/")
    expect(page.locator(".grid-table")).to_contain_text("решено")
    page.goto(f"{url}/lk/requests/{req.pk}/")
    expect(page.locator(".request-thread")).to_contain_text("Перерасчет выполнен")
    with page.expect_download() as download:
        page.get_by_role("link", name="Корректировка.pdf").click()
    assert download.value.suggested_filename == "Корректировка.pdf"
    page.get_by_role("button", name="Закрыть обращение").click()
    expect(page.get_by_text(f"Обращение № {req.number} закрыто.")).to_be_visible()
    expect(page.locator(".request-details")).to_contain_text("закрыто")
