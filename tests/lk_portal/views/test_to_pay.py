import datetime
import io
from decimal import Decimal

import pytest
import zxingcpp
from pypdf import PdfReader

from lk_portal.domain.payment_qr import parse_payment_qr_payload
from tests.factories import BillingDocumentFactory, ContractFactory, SupplierBankDetailsFactory, UserFactory
from tests.support.html import links, options, select_one, table_rows, text_of

pytestmark = pytest.mark.django_db


def _pdf(response):
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"] == "application/pdf"
    return PdfReader(io.BytesIO(response.content))


def _qr_fields(page) -> dict[str, str]:
    images = page.images
    assert len(images) == 1
    results = zxingcpp.read_barcodes(images[0].image)
    assert len(results) == 1
    return parse_payment_qr_payload(results[0].bytes.decode("utf-8"))


@pytest.fixture
def unpaid(abonent_user):
    SupplierBankDetailsFactory(branch=abonent_user.abonent.branch)
    contract = abonent_user.abonent.contracts.get()
    return BillingDocumentFactory(
        contract=contract,
        number="Счет-фактура №702227301/70",
        date=datetime.date(2015, 4, 30),
        period=datetime.date(2015, 4, 1),
        accrued=Decimal("18902.27"),
        paid=Decimal("0.00"),
        debt=Decimal("18902.27"),
        vat_rate=Decimal("18"),
        due_date=datetime.date(2015, 5, 10),
    )


def test_list_shows_only_unpaid_documents_with_print_links(abonent_client, unpaid):
    BillingDocumentFactory(contract=unpaid.contract, number="ОПЛАЧЕН-1", debt=Decimal("0.00"))
    page = abonent_client.get("/lk/to-pay/")
    rows = table_rows(page)
    assert [r[3] for r in rows] == ["Счет-фактура №702227301/70"]  # not ОПЛАЧЕН-1
    assert rows[0][6:9] == ["18 902,27", "0,00", "18 902,27"]
    assert ("Печать", f"/lk/to-pay/{unpaid.pk}/pdf/") in links(page, "table a")
    assert ("Распечатать все неоплаченные", "/lk/to-pay/pdf/") in links(page)
    assert options(page, "contract") == [
        ("", "все договоры", True),
        (str(unpaid.contract_id), f"{unpaid.contract.number} от 01.10.2004", False),
    ]


def test_payment_document_pdf_text_and_qr(abonent_client, unpaid):
    abonent = unpaid.abonent
    reader = _pdf(abonent_client.get(f"/lk/to-pay/{unpaid.pk}/pdf/"))
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    for expected in (
        "Восемнадцать тысяч девятьсот два рубля 27 копеек",
        "В том числе НДС (18%)",
        "2 883,40",
        "Счет-фактура №702227301/70 от 30.04.2015",
        "049205603",
        "40702810962000000001",
        "30101810600000000603",
        "ИНН 1655123456",
        f"ИНН {abonent.inn}",
        "10.05.2015",
        "2015,04",
    ):
        assert expected in text, expected

    fields = _qr_fields(reader.pages[0])
    assert fields == {
        "Name": "Филиал ОАО «Генерирующая компания» — Казанские тепловые сети",
        "PersonalAcc": "40702810962000000001",
        "BankName": "ПАО «Банк»",
        "BIC": "049205603",
        "CorrespAcc": "30101810600000000603",
        "PayeeINN": "1655123456",
        "KPP": "165501001",
        "Sum": "1890227",
        "Purpose": fields["Purpose"],
        "PayerINN": abonent.inn,
    }
    assert fields["Purpose"].startswith(f"Оплата по дог. №{unpaid.contract.number} от 01.10.2004 за 2015,04")
    assert fields["Purpose"].endswith("Сумма 18902-27 В т.ч. НДС (18%) 2883-40")
    assert len(fields["Purpose"]) <= 160


def test_long_purpose_keeps_the_vat_clause(abonent_client, unpaid):
    unpaid.number = "Счет-фактура №" + "9" * 85  # the column holds 100
    unpaid.save()
    fields = _qr_fields(_pdf(abonent_client.get(f"/lk/to-pay/{unpaid.pk}/pdf/")).pages[0])
    assert len(fields["Purpose"]) == 160
    assert fields["Purpose"].endswith("Сумма 18902-27 В т.ч. НДС (18%) 2883-40")


def test_print_all_unpaid_gives_one_pdf_page_per_document(abonent_client, unpaid):
    second = BillingDocumentFactory(contract=unpaid.contract, debt=Decimal("7220.27"), vat_rate=None)
    BillingDocumentFactory(contract=unpaid.contract, debt=Decimal("0.00"))
    reader = _pdf(abonent_client.get("/lk/to-pay/pdf/"))
    assert len(reader.pages) == 2
    sums = sorted(_qr_fields(page)["Sum"] for page in reader.pages)
    assert sums == ["1890227", "722027"]
    assert "Без НДС" in reader.pages[1].extract_text() or "Без НДС" in reader.pages[0].extract_text()
    assert second.number in reader.pages[0].extract_text() + reader.pages[1].extract_text()


def test_print_all_without_unpaid_documents_says_so(abonent_client):
    response = abonent_client.get("/lk/to-pay/pdf/", follow=True)
    assert "Неоплаченных документов нет." in response.content.decode()


def test_missing_bank_details_give_a_message_not_a_pdf(abonent_client, unpaid):
    unpaid.abonent.branch.bank_details.delete()
    response = abonent_client.get(f"/lk/to-pay/{unpaid.pk}/pdf/")
    assert response.status_code == 409
    assert "Банковские реквизиты филиала «Казанские тепловые сети» не заполнены" in response.content.decode()


def test_another_abonents_document_is_404(client, unpaid):
    stranger = UserFactory(abonent=ContractFactory().abonent)
    client.force_login(stranger)
    assert client.get(f"/lk/to-pay/{unpaid.pk}/pdf/").status_code == 404
    assert client.get(f"/lk/to-pay/?contract={unpaid.contract_id}").status_code == 404
    assert client.get(f"/lk/to-pay/pdf/?contract={unpaid.contract_id}").status_code == 404


def test_paid_document_cannot_be_printed(abonent_client, unpaid):
    unpaid.debt = Decimal("0.00")
    unpaid.save()
    assert abonent_client.get(f"/lk/to-pay/{unpaid.pk}/pdf/").status_code == 404


def test_list_runs_a_fixed_number_of_queries(abonent_client, unpaid, django_assert_max_num_queries):
    for _ in range(30):
        BillingDocumentFactory(contract=unpaid.contract)
    with django_assert_max_num_queries(12):
        assert abonent_client.get("/lk/to-pay/").status_code == 200


def test_one_contracts_documents_and_the_print_all_link_keep_the_contract(abonent_client, unpaid):
    other = ContractFactory(abonent=unpaid.abonent, number="07 Т")
    BillingDocumentFactory(contract=other, number="ДРУГОЙ-ДОГОВОР")
    page = abonent_client.get(f"/lk/to-pay/?contract={other.pk}")
    assert [r[3] for r in table_rows(page)] == ["ДРУГОЙ-ДОГОВОР"]
    assert ("Распечатать все неоплаченные", f"/lk/to-pay/pdf/?contract={other.pk}") in links(page)
    assert (str(other.pk), "07 Т от 01.10.2004", True) in options(page, "contract")


def test_long_lists_are_paged_with_the_contract_kept(abonent_client, unpaid):
    for n in range(52):
        BillingDocumentFactory(contract=unpaid.contract, number=f"ДОК-{n:02d}", date=datetime.date(2016, 1, 1))
    page = abonent_client.get(f"/lk/to-pay/?contract={unpaid.contract_id}")
    assert len(table_rows(page)) == 50
    pager = select_one(page, "nav.grid-pager")
    assert "Записи 1–50 из 53" in text_of(pager)
    assert pager.select_one("a[rel=next]")["href"] == f"?contract={unpaid.contract_id}&page=2"
    second = abonent_client.get(f"/lk/to-pay/?contract={unpaid.contract_id}&page=2")
    assert len(table_rows(second)) == 3
    assert select_one(second, "nav.grid-pager a[rel=prev]")["href"] == f"?contract={unpaid.contract_id}"


def test_a_contract_id_over_a_thousand_is_written_without_a_thousands_space(abonent_client, abonent_user):
    """USE_THOUSAND_SEPARATOR writes 1007 as «1 007»: an id in a form's value must not be localised."""
    contract = ContractFactory(pk=12345, abonent=abonent_user.abonent, number="12 Т")
    values = [value for value, _, _ in options(abonent_client.get("/lk/to-pay/").content.decode(), "contract")]
    assert str(contract.pk) in values
