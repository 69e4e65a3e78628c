"""/lk/requests/: the list, the form and its shortcuts, a request's page, replies, closing, its files."""

import re
from urllib.parse import parse_qs, urlparse

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from lk_portal.models import Request
from lk_portal.selectors.viewer import viewer_for
from lk_portal.services.requests import request_create, request_reply
from tests.factories import BillingDocumentFactory, ContractFactory, MeteringUnitFactory, UserFactory
from tests.support.files import PDF_BYTES, PNG_BYTES
from tests.support.html import soup, text_of

pytestmark = pytest.mark.django_db


def filed(user, contract, **kwargs):
    defaults = {"kind_code": "billing", "subject": "Вопрос по счету", "text": "Текст", "attachments": []}
    return request_create(viewer=viewer_for(user), contract=contract, **{**defaults, **kwargs})


@pytest.fixture
def contract(abonent_user):
    return abonent_user.abonent.contracts.get()


def test_the_list_shows_number_type_status_and_the_last_reply_in_fixed_queries(
    abonent_client, abonent_user, contract, django_assert_num_queries
):
    staff = UserFactory(abonent=None, username="op", is_staff=True, is_superuser=True)
    for n in range(3):
        req = filed(abonent_user, contract, subject=f"Вопрос {n}")
    request_reply(req=req, text="Ответ поставщика по вопросу 2", staff=staff)
    abonent_client.get("/lk/requests/")  # warm the caches (session, site, scope, the header's figures)
    with django_assert_num_queries(5):
        page = abonent_client.get("/lk/requests/")
    text = text_of(soup(page).select_one(".grid-table"))
    assert req.number in text and "Вопрос по начислениям" in text and "новое" in text
    assert "Ответ поставщика по вопросу 2" in text
    links = [a["href"] for a in soup(page).select(".grid-table a")]
    assert f"/lk/requests/{req.pk}/" in links
    for n in range(5):
        filed(abonent_user, contract, subject=f"Еще {n}")
    with django_assert_num_queries(5):  # the same whatever the count of requests
        abonent_client.get("/lk/requests/")


def test_the_form_files_a_request_with_an_attachment(abonent_client, contract):
    upload = SimpleUploadedFile("Фото счета.png", PNG_BYTES, content_type="image/png")
    response = abonent_client.post(
        "/lk/requests/new/",
        {
            "kind": "billing",
            "contract": str(contract.pk),
            "subject": "Оспорить счет",
            "text": "Неверный объем",
            "files": [upload],
        },
        follow=True,
    )
    req = Request.objects.get()
    assert response.redirect_chain[-1][0] == f"/lk/requests/{req.pk}/"
    html = response.content.decode()
    assert f"Обращение № {req.number} отправлено" in html and "Фото счета.png" in html


def test_a_renamed_text_file_is_refused_and_nothing_typed_is_lost(abonent_client, contract):
    fake = SimpleUploadedFile("счет.pdf", b"plain text pretending", content_type="application/pdf")
    response = abonent_client.post(
        "/lk/requests/new/",
        {
            "kind": "billing",
            "contract": str(contract.pk),
            "subject": "Моя тема",
            "text": "Мой длинный текст",
            "files": [fake],
        },
    )
    assert response.status_code == 400 and not Request.objects.exists()
    page = soup(response)
    assert "Файл «счет.pdf» не принят" in text_of(page.select_one(".form-row--error"))
    assert "выберите их еще раз" in text_of(page.select_one(".form-errors"))
    assert page.select_one("input[name=subject]")["value"] == "Моя тема"
    assert page.select_one("textarea[name=text]").get_text().strip() == "Мой длинный текст"


def test_too_many_files_are_refused_with_the_limit(abonent_client, contract, settings):
    settings.LK_REQUEST_MAX_FILES = 2
    files = [SimpleUploadedFile(f"{n}.pdf", PDF_BYTES) for n in range(3)]
    response = abonent_client.post(
        "/lk/requests/new/",
        {"kind": "other", "contract": str(contract.pk), "subject": "s", "text": "t", "files": files},
    )
    assert response.status_code == 400 and "не больше 2 файлов" in response.content.decode()


def test_shortcuts_open_the_form_pre_filled(abonent_client, abonent_user, contract):
    doc = BillingDocumentFactory(contract=contract, number="СФ-77", debt=100)
    to_pay = soup(abonent_client.get("/lk/to-pay/"))
    dispute = to_pay.find("a", string="Оспорить")["href"]
    copy = to_pay.find("a", string="Запросить копию")["href"]
    assert parse_qs(urlparse(dispute).query) == {
        "kind": ["billing"],
        "subject": [f"Оспорить документ № {doc.number}"],
        "contract": [str(contract.pk)],
    }
    assert parse_qs(urlparse(copy).query)["kind"] == ["copies"]
    form = soup(abonent_client.get(dispute))
    assert form.select_one("select[name=kind] option[selected]")["value"] == "billing"
    assert form.select_one("select[name=contract] option[selected]")["value"] == str(contract.pk)
    assert form.select_one("input[name=subject]")["value"] == "Оспорить документ № СФ-77"
    unit = MeteringUnitFactory(contract=contract)
    verify = soup(abonent_client.get(f"/lk/metering/{unit.pk}/")).find("a", string="Заявка на поверку")["href"]
    assert parse_qs(urlparse(verify).query)["kind"] == ["metering"]


def test_a_foreign_contract_in_the_shortcut_is_404(abonent_client):
    foreign = ContractFactory(number="ЧУЖОЙ")
    assert abonent_client.get(f"/lk/requests/new/?contract={foreign.pk}").status_code == 404


def test_the_page_shows_the_thread_without_internal_notes_and_the_history(abonent_client, abonent_user, contract):
    staff = UserFactory(abonent=None, username="op", is_staff=True, is_superuser=True)
    req = filed(abonent_user, contract)
    request_reply(req=req, text="Служебная заметка", staff=staff, internal=True)
    request_reply(req=req, text="Пришлите акт", staff=staff, status="awaiting", attachments=[("ответ.pdf", PDF_BYTES)])
    page = soup(abonent_client.get(f"/lk/requests/{req.pk}/"))
    thread = text_of(page.select_one(".request-thread"))
    assert "Пришлите акт" in thread and "ответ.pdf" in thread and "Служебная заметка" not in thread
    history = text_of(page.select_one(".request-history"))
    assert "новое" in history and "ожидает ответа абонента" in history
    reply = abonent_client.post(f"/lk/requests/{req.pk}/", {"text": "Акт во вложении"}, follow=True)
    assert "Сообщение отправлено." in reply.content.decode()
    req.refresh_from_db()
    assert req.status == "in_work"
    abonent_client.post(f"/lk/requests/{req.pk}/close/")
    req.refresh_from_db()
    assert req.status == "closed"
    page = soup(abonent_client.get(f"/lk/requests/{req.pk}/"))
    assert page.find("button", string="Возобновить обращение") is not None
    assert page.find("button", string="Закрыть обращение") is None


def test_an_empty_reply_is_refused_in_russian(abonent_client, abonent_user, contract):
    req = filed(abonent_user, contract)
    response = abonent_client.post(f"/lk/requests/{req.pk}/", {"text": "  "})
    assert response.status_code == 400 and "Напишите сообщение или приложите файл." in response.content.decode()


def test_an_observer_reads_but_offers_no_reply(client, abonent_user, contract):
    req = filed(abonent_user, contract)
    observer = UserFactory(
        abonent=abonent_user.abonent, username="obs@example.ru", email="obs@example.ru", role="observer"
    )
    client.force_login(observer)
    page = soup(client.get(f"/lk/requests/{req.pk}/"))
    assert page.select_one(".request-reply") is None and page.find("button", string="Закрыть обращение") is None
    assert soup(client.get("/lk/requests/")).find("a", string="Новое обращение") is None
    assert client.post(f"/lk/requests/{req.pk}/", {"text": "x"}).status_code == 403


def test_a_file_is_a_download_with_its_russian_name_and_no_sniffing(abonent_client, abonent_user, contract):
    req = filed(abonent_user, contract, attachments=[("Акт сверки.pdf", PDF_BYTES)])
    response = abonent_client.get(f"/lk/requests/files/{req.attachments.get().pk}/")
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF_BYTES
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert re.search(r"filename\*=utf-8''%D0%90%D0%BA%D1%82%20%D1%81%D0%B2%D0%B5%D1%80%D0%BA%D0%B8\.pdf", disposition)


def test_another_organisations_request_and_file_are_404(abonent_client):
    other = ContractFactory(number="ЧУЖОЙ")
    req = filed(UserFactory(abonent=other.abonent), other, attachments=[("a.pdf", PDF_BYTES)])
    assert abonent_client.get(f"/lk/requests/{req.pk}/").status_code == 404
    assert abonent_client.get(f"/lk/requests/files/{req.attachments.get().pk}/").status_code == 404
    assert abonent_client.post(f"/lk/requests/{req.pk}/", {"text": "x"}).status_code == 404
    assert abonent_client.post(f"/lk/requests/{req.pk}/close/").status_code == 404


def test_a_file_of_an_internal_note_is_404_for_the_abonent(abonent_client, abonent_user, contract):
    staff = UserFactory(abonent=None, username="op", is_staff=True, is_superuser=True)
    req = filed(abonent_user, contract)
    note = request_reply(req=req, text="заметка", staff=staff, internal=True, attachments=[("внутр.pdf", PDF_BYTES)])
    assert abonent_client.get(f"/lk/requests/files/{note.attachments.get().pk}/").status_code == 404


def test_a_requests_page_runs_the_same_queries_however_long_its_thread(
    abonent_client, abonent_user, contract, django_assert_num_queries
):
    staff = UserFactory(abonent=None, username="op", is_staff=True, is_superuser=True)
    req = filed(abonent_user, contract, attachments=[("a.pdf", PDF_BYTES)])
    request_reply(req=req, text="Первый ответ", staff=staff, attachments=[("b.pdf", PDF_BYTES)])
    abonent_client.get(f"/lk/requests/{req.pk}/")
    with django_assert_num_queries(6) as short:  # the scope and the header's figures from the cache
        abonent_client.get(f"/lk/requests/{req.pk}/")
    for n in range(4):
        request_reply(req=req, text=f"Ответ {n}", staff=staff, attachments=[(f"{n}.pdf", PDF_BYTES)])
        request_reply(req=req, text=f"Вопрос {n}", viewer=viewer_for(abonent_user))
    with django_assert_num_queries(len(short.captured_queries)):
        abonent_client.get(f"/lk/requests/{req.pk}/")
