"""«Сравнить с нашим актом» (issue 18, item 5): upload, the side-by-side comparison, its XLSX, sending it."""

import datetime
import io
import sys
import types
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from lk_portal.exports.act_1c import render_act_1c
from lk_portal.models import ActComparison, Contract, JournalEntry
from lk_portal.selectors.reconciliation import reconciliation_act
from lk_portal.selectors.viewer import Viewer
from lk_portal.services.demo import DEMO_LOGIN, demo_load
from lk_portal.services.demo.act_sample import SAMPLE_NAME, act_1c_of
from tests.factories import BillingDocumentFactory, ContractFactory, PaymentFactory, UserFactory
from tests.support.html import page_text, select_one, soup, table_rows, text_of

pytestmark = pytest.mark.django_db
D = datetime.date
M = Decimal
UPLOAD = "/lk/reconciliation/compare/"
SAMPLE = Path(__file__).resolve().parents[3] / "docs" / "samples" / SAMPLE_NAME
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def upload(client, content: bytes, name="akt.xlsx", **data):
    return client.post(UPLOAD, {"file": SimpleUploadedFile(name, content, content_type=XLSX), **data})


def groups(page) -> dict[str, int]:
    html = soup(page)
    return {
        section["class"][1].split("--")[1]: len(section.select("tbody tr"))
        for section in html.select(".act-compare-group")
    }


@pytest.fixture
def contract(abonent_user):
    contract = abonent_user.abonent.contracts.get()
    BillingDocumentFactory(
        contract=contract, number="Счет-фактура №702222832/70", date=D(2015, 3, 31), accrued=M("30251.84")
    )
    PaymentFactory(contract=contract, number="74", date=D(2015, 3, 30), amount=M("16503.48"))
    PaymentFactory(contract=contract, number="86", date=D(2015, 4, 17), amount=M("7220.27"))
    return contract


def their_file(contract, **layout) -> bytes:
    act = reconciliation_act(
        viewer=Viewer(abonent=contract.abonent), contract=contract, date_from=D(2015, 1, 1), date_to=D(2015, 6, 30)
    )
    return render_act_1c(act_1c_of(act, contract_text=f"по договору {contract.number} от 01.10.2004", **layout))


def test_the_demo_sample_shows_exactly_its_three_differences(client):
    """docs/samples' act of the demo abonent (payment 133 missing, 86 another amount, 951 theirs only)."""
    demo_load(abonents=0, years=1)
    from lk_portal.models import User

    client.force_login(User.objects.get(username=DEMO_LOGIN))
    response = upload(client, SAMPLE.read_bytes(), name=SAMPLE_NAME)
    assert response.status_code == 302
    stored = ActComparison.objects.get()
    assert stored.contract == Contract.objects.get(number="05 Т")  # named in their header
    assert (stored.date_from, stored.date_to) == (D(2015, 1, 1), D(2015, 6, 30))  # their period
    page = client.get(response["Location"])
    assert groups(page) == {"differ": 1, "only_ours": 1, "only_theirs": 1, "matched": 18}
    html = soup(page)
    assert "Оплата (платежное поручение № 86 от 17.04.2015)" in text_of(html.select_one(".act-compare-group--differ"))
    assert "18,00" in text_of(html.select_one(".act-compare-group--differ"))
    assert "№ 133 от 10.04.2015" in text_of(html.select_one(".act-compare-group--only_ours"))
    assert "Оплата (29.06.15 № 951)" in text_of(html.select_one(".act-compare-group--only_theirs"))
    assert "Найдено расхождений: 3. Конечное сальдо не сходится." in page_text(page)
    balances = table_rows(page, "table.act-compare-balances")
    assert balances[-1] == ["965,22 — долг абонента", "13 231,58 — долг абонента", "нет"]


def test_mirrored_and_straight_acts_agree_with_ours(abonent_client, contract):
    for layout in ({}, {"as_text": True, "start_column": 3, "own_first": False}):
        response = upload(abonent_client, their_file(contract, **layout))
        page = abonent_client.get(response["Location"])
        assert groups(page) == {"differ": 0, "only_ours": 0, "only_theirs": 0, "matched": 3}
        assert "Расхождений нет" in page_text(page)
        assert "ваш дебет (оплаты) сопоставлен с нашим кредитом" in page_text(page)
        assert select_one(page, "form[action$='/send/']") is None  # nothing to send


def test_an_act_in_our_orientation_is_compared_straight(abonent_client, contract):
    from lk_portal.exports.act_1c import Act1C, Act1CLine

    straight = Act1C(
        own_name=contract.abonent.name,
        other_name="ОАО «Генерирующая компания»",
        date_from=D(2015, 1, 1),
        date_to=D(2015, 6, 30),
        contract_text="",
        opening=M("0.00"),
        lines=[
            Act1CLine(D(2015, 3, 28), "Платежное поручение 74 от 28.03.2015", None, M("16503.48")),
            Act1CLine(D(2015, 3, 31), "Продажа (31.03.15 № 702222832/70)", M("30251.84"), None),
            Act1CLine(D(2015, 4, 17), "Оплата (17.04.15 № 86)", None, M("7220.27")),
        ],
    )
    response = upload(abonent_client, render_act_1c(straight), contract=str(contract.pk))
    page = abonent_client.get(response["Location"])
    assert groups(page)["matched"] == 3 and "Расхождений нет" in page_text(page)
    assert "записаны так же, как в нашем" in page_text(page)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\x00\x01garbage" * 50, "это не файл XLSX"),
        (b"PK\x03\x04broken", "поврежден"),
    ],
)
def test_a_bad_file_is_refused_with_a_russian_message_and_nothing_kept(abonent_client, contract, content, message):
    page = upload(abonent_client, content, name="акт.xlsx")
    assert page.status_code == 400
    assert "Файл «акт.xlsx» не принят" in page_text(page) and message in page_text(page)
    assert not ActComparison.objects.exists()


def test_no_file_and_a_too_big_file(abonent_client, contract, settings):
    page = abonent_client.post(UPLOAD, {"contract": ""})
    assert page.status_code == 400 and "Выберите файл акта сверки" in page_text(page)
    settings.LK_ACT_COMPARE_MAX_BYTES = 1000
    page = upload(abonent_client, their_file(contract))
    assert page.status_code == 400 and "больше 1 КБ" in page_text(page)


def test_another_organisations_comparison_and_contract_are_404(abonent_client, contract):
    response = upload(abonent_client, their_file(contract))
    url = response["Location"]
    stranger = UserFactory(abonent=ContractFactory().abonent)
    client = Client()
    client.force_login(stranger)
    assert client.get(url).status_code == 404
    assert client.post(url + "send/").status_code == 404
    assert abonent_client.get(UPLOAD, {"contract": str(stranger.abonent.contracts.get().pk)}).status_code == 404
    assert (
        upload(abonent_client, their_file(contract), contract=str(stranger.abonent.contracts.get().pk)).status_code
        == 404
    )


def test_the_page_runs_a_fixed_number_of_queries(abonent_client, contract, django_assert_num_queries):
    url = upload(abonent_client, their_file(contract))["Location"]
    abonent_client.get(url)
    for day in range(1, 28):
        PaymentFactory(contract=contract, number=str(500 + day), date=D(2015, 5, day), amount=M("10.00"))
    with django_assert_num_queries(QUERIES):
        abonent_client.get(url)


QUERIES = 6  # member with its abonent, the comparison, the act (opening 2, invoices, payments), …; the session, the scope with its contracts and the header's figures from the cache


def test_comparison_as_xlsx(abonent_client, contract):
    url = upload(abonent_client, their_file(contract, as_text=True))["Location"]
    response = abonent_client.get(url, {"export": "xlsx"})
    assert response["Content-Disposition"] == 'attachment; filename="sravnenie-akta-sverki-20150101-20150630.xlsx"'
    ws = load_workbook(io.BytesIO(response.content)).active
    values = [cell for row in ws.iter_rows(values_only=True) for cell in row if cell is not None]
    assert "Сравнение актов сверки взаимных расчетов" in values
    assert "Совпадают: 3" in values and "Суммы расходятся: 0" in values
    assert M("7220.27") in [M(str(v)) for v in values if isinstance(v, float)]
    assert JournalEntry.objects.filter(action="export", object="Сравнение актов сверки").exists()


def test_send_needs_file_requests_and_the_observer_may_only_compare(client, contract):
    observer = UserFactory(abonent=contract.abonent, username="observer@example.ru", role="observer")
    client.force_login(observer)
    url = upload(client, their_file(contract))["Location"]
    page = client.get(url)
    assert page.status_code == 200 and select_one(page, "form[action$='/send/']") is None
    assert client.post(url + "send/").status_code == 403


def test_send_without_the_requests_service_says_so_and_keeps_the_comparison(abonent_client, contract, monkeypatch):
    monkeypatch.setitem(sys.modules, "lk_portal.services.requests", None)  # as in a build without issue 18's requests
    url = upload(abonent_client, their_file(contract))["Location"]
    PaymentFactory(contract=contract, number="90", date=D(2015, 5, 5), amount=M("100.00"))  # ours only
    page = abonent_client.get(url)
    assert select_one(page, "form[action$='/send/']") is not None
    page = abonent_client.post(url + "send/", follow=True)
    assert "Обращения пока не подключены" in page_text(page)
    assert ActComparison.objects.get().sent_at is None


def test_send_files_a_request_of_the_type_act_with_the_xlsx(abonent_client, contract, monkeypatch):
    """The call the requests service receives (its own tests cover what it does with it)."""
    calls = []

    def request_create(*, viewer, kind_code, contract, subject, text, attachments):
        calls.append(locals())
        return types.SimpleNamespace(pk=7, number="2026-000007")

    monkeypatch.setitem(
        sys.modules, "lk_portal.services.requests", types.SimpleNamespace(request_create=request_create)
    )
    url = upload(abonent_client, their_file(contract))["Location"]
    PaymentFactory(contract=contract, number="90", date=D(2015, 5, 5), amount=M("100.00"))
    page = abonent_client.post(url + "send/", follow=True)
    assert "Обращение № 2026-000007 «акт сверки» создано" in page_text(page)
    (call,) = calls
    assert call["kind_code"] == "act" and call["contract"] == contract
    assert call["subject"] == "Расхождения по акту сверки с 01.01.2015 по 30.06.2015"
    assert "Есть только в нашем акте (1):" in call["text"] and "№ 90 от 05.05.2015" in call["text"]
    (attachment,) = call["attachments"]
    assert attachment.name.endswith(".xlsx")
    assert "Есть только в нашем акте: 1" in [
        c for row in load_workbook(io.BytesIO(attachment.read())).active.iter_rows(values_only=True) for c in row
    ]
    assert ActComparison.objects.get().request_number == "2026-000007"
    assert JournalEntry.objects.filter(action="act_compare_send").exists()
    assert "Расхождения отправлены" in page_text(abonent_client.get(url))


def test_the_act_page_offers_the_upload_with_its_period(abonent_client, contract):
    page = abonent_client.get(
        "/lk/reconciliation/", {"date_from": "01.01.2015", "date_to": "30.06.2015", "contract": contract.pk}
    )
    form = select_one(page, "form.act-compare-form")
    assert form["action"] == reverse("lk:act_compare") and form["enctype"] == "multipart/form-data"
    assert form.select_one("input[name=date_from]")["value"] == "2015-01-01"
    assert form.select_one(f"option[value='{contract.pk}']").has_attr("selected")
    assert "Сравнить с нашим актом" in text_of(form.select_one("button"))


def test_send_files_a_real_request_the_abonent_finds_with_the_comparison_attached(abonent_client, contract):
    from lk_portal.models import Request

    url = upload(abonent_client, their_file(contract))["Location"]
    PaymentFactory(contract=contract, number="90", date=D(2015, 5, 5), amount=M("100.00"))  # ours only
    page = abonent_client.post(url + "send/", follow=True)

    filed = Request.objects.get()
    assert f"Обращение № {filed.number} «акт сверки» создано" in page_text(page)
    assert filed.kind.code == "act" and filed.contract == contract
    assert filed.subject == "Расхождения по акту сверки с 01.01.2015 по 30.06.2015"
    (attachment,) = filed.attachments.all()
    assert attachment.name.endswith(".xlsx")
    thread = abonent_client.get(reverse("lk:request", args=[filed.pk]))
    assert thread.status_code == 200 and "№ 90 от 05.05.2015" in page_text(thread)
    download = abonent_client.get(reverse("lk:request_file", args=[attachment.pk]))
    assert download.status_code == 200
