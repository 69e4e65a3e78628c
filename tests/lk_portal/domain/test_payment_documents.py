import datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest

from lk_portal.domain.payment_documents import (
    BankDetailsMissing,
    document_title,
    payment_document_print,
    payment_purpose,
    vat_amount,
)
from lk_portal.domain.payment_qr import PaymentQrError, parse_payment_qr_payload

D = datetime.date


def test_vat_is_rounded_half_up_to_the_kopeck():
    assert vat_amount(amount=Decimal("18902.27"), rate=Decimal("18")) == Decimal("2883.40")  # 2883.397…
    assert vat_amount(amount=Decimal("7220.27"), rate=Decimal("18")) == Decimal("1101.40")
    assert vat_amount(amount=Decimal("16503.48"), rate=Decimal("18")) == Decimal("2517.48")
    assert vat_amount(amount=Decimal("120.00"), rate=Decimal("20")) == Decimal("20.00")
    assert vat_amount(amount=Decimal("0.59"), rate=Decimal("18")) == Decimal("0.09")
    assert vat_amount(amount=Decimal("0.03"), rate=Decimal("20")) == Decimal("0.01")  # 0.005: half up, not to even
    assert vat_amount(amount=Decimal("100.00"), rate=None) is None


def document(**overrides):
    values = {
        "number": "Счет-фактура №702227301/70",
        "date": D(2015, 4, 30),
        "period": D(2015, 4, 1),
        "debt": Decimal("18902.27"),
        "vat_rate": Decimal("18.00"),
        "contract": SimpleNamespace(number="05 Т", start_date=D(2004, 10, 1)),
        "get_doc_type_display": lambda: "Счет на оплату",
    }
    values.update(overrides)
    return SimpleNamespace(**values)


def test_title_is_the_billing_systems_own_or_the_type_and_number():
    assert document_title(document()) == "Счет-фактура №702227301/70"
    assert document_title(document(number="1231")) == "Счет на оплату № 1231"


def test_purpose_names_contract_period_document_sum_and_vat():
    purpose = payment_purpose(document=document(), amount=Decimal("18902.27"), vat=Decimal("2883.40"))
    assert purpose == (
        "Оплата по дог. №05 Т от 01.10.2004 за 2015,04 по Счет-фактура №702227301/70 от 30.04.2015. "
        "Сумма 18902-27 В т.ч. НДС (18%) 2883-40"
    )
    assert payment_purpose(document=document(), amount=Decimal("5.00"), vat=None).endswith("Сумма 5-00 Без НДС")


def test_a_long_purpose_is_cut_in_its_head_and_keeps_the_vat_clause():
    purpose = payment_purpose(
        document=document(number="Счет-фактура №" + "9" * 120), amount=Decimal("1.00"), vat=Decimal("0.15")
    )
    assert len(purpose) == 160
    assert purpose.endswith("Сумма 1-00 В т.ч. НДС (18%) 0-15")


BANK = SimpleNamespace(
    payee_name="Филиал ОАО «Генерирующая компания»",
    account="40702810962000000001",
    bank_name="ПАО «Банк»",
    bic="049205603",
    corr_account="30101810600000000603",
    inn="1655123456",
    kpp="165501001",
)


def test_printed_document_carries_words_vat_and_a_gost_payload():
    printed = payment_document_print(abonent=SimpleNamespace(inn="1234567890"), bank=BANK, document=document())
    assert printed.amount_words == "Восемнадцать тысяч девятьсот два рубля 27 копеек"
    assert (printed.vat, printed.vat_rate, printed.title) == (Decimal("2883.40"), "18", "Счет-фактура №702227301/70")
    fields = parse_payment_qr_payload(printed.qr_payload)
    assert (fields["Sum"], fields["PayerINN"], fields["Purpose"]) == ("1890227", "1234567890", printed.purpose)
    assert printed.qr_data_uri.startswith("data:image/png;base64,")


def test_details_a_qr_cannot_hold_are_refused():
    with pytest.raises(PaymentQrError):
        payment_document_print(
            abonent=SimpleNamespace(inn="1234567890"),
            bank=SimpleNamespace(**{**vars(BANK), "bic": "12"}),
            document=document(),
        )


def test_missing_bank_details_say_which_branch():
    assert "Банковские реквизиты филиала «Казанские тепловые сети» не заполнены" in str(
        BankDetailsMissing("Казанские тепловые сети")
    )
