from decimal import Decimal

import pytest

from lk_portal.domain.payment_qr import (
    PaymentQrData,
    PaymentQrError,
    amount_in_kopecks,
    parse_payment_qr_payload,
    payment_qr_payload,
)


def _data(**overrides):
    values = {
        "name": "Филиал ОАО «Генерирующая компания» — Казанские тепловые сети",
        "personal_acc": "40702810962000000001",
        "bank_name": "ПАО «Банк»",
        "bic": "049205603",
        "corresp_acc": "30101810600000000603",
        "payee_inn": "1655123456",
        "kpp": "165501001",
        "amount": Decimal("18902.27"),
        "purpose": "Оплата по дог. №05 Т",
        "payer_inn": "7700000013",
    }
    return PaymentQrData(**{**values, **overrides})


def test_payload_order_and_header():
    payload = payment_qr_payload(data=_data())
    assert payload == (
        "ST00012|Name=Филиал ОАО «Генерирующая компания» — Казанские тепловые сети|PersonalAcc=40702810962000000001"
        "|BankName=ПАО «Банк»|BIC=049205603|CorrespAcc=30101810600000000603|PayeeINN=1655123456|KPP=165501001"
        "|Sum=1890227|Purpose=Оплата по дог. №05 Т|PayerINN=7700000013"
    )


def test_separator_and_newlines_never_leak_into_values():
    payload = payment_qr_payload(data=_data(purpose="Оплата | аванс\nза апрель", bank_name="Банк|Филиал"))
    fields = parse_payment_qr_payload(payload)
    assert fields["Purpose"] == "Оплата / аванс за апрель"
    assert fields["BankName"] == "Банк/Филиал"
    assert payload.count("|") == 10


def test_values_are_cut_to_their_limits():
    fields = parse_payment_qr_payload(
        payment_qr_payload(data=_data(name="Я" * 300, bank_name="Б" * 80, purpose="П" * 400))
    )
    assert len(fields["Name"]) == 160
    assert len(fields["BankName"]) == 45
    assert len(fields["Purpose"]) == 160


@pytest.mark.parametrize(
    "overrides",
    [
        {"bic": "04920560"},
        {"personal_acc": "4070281096200000000X"},
        {"corresp_acc": ""},
        {"name": "  "},
        {"amount": Decimal("0")},
    ],
)
def test_invalid_required_fields_are_refused(overrides):
    with pytest.raises(PaymentQrError):
        payment_qr_payload(data=_data(**overrides))


@pytest.mark.parametrize(("amount", "kopecks"), [("0.01", 1), ("1", 100), ("18902.27", 1890227), ("7220.275", 722028)])
def test_sum_is_in_kopecks(amount, kopecks):
    assert amount_in_kopecks(Decimal(amount)) == kopecks
