"""The payment QR code of ГОСТ Р 56042-2014 («Стандарты финансовых операций. Двумерные
символы штрихового кода для осуществления платежей физическими лицами»).

The payload is `ST0001` + the encoding digit (1 windows-1251, 2 UTF-8, 3 KOI8-R) followed by
`|Key=Value` pairs: first the required block (Name, PersonalAcc, BankName, BIC, CorrespAcc),
then the additional fields. `|` is the separator, so it may not appear inside a value.
"""

import base64
import io
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

import segno

FORMAT_ID = "ST0001"
ENCODING_UTF8 = "2"
SEPARATOR = "|"

# Key → maximal length per ГОСТ Р 56042-2014 (Purpose is 210 there; the portal keeps it ≤ 160).
LIMITS = {
    "Name": 160,
    "PersonalAcc": 20,
    "BankName": 45,
    "BIC": 9,
    "CorrespAcc": 20,
    "PayeeINN": 12,
    "KPP": 9,
    "Sum": 18,
    "Purpose": 160,
    "PayerINN": 12,
}
REQUIRED = ("Name", "PersonalAcc", "BankName", "BIC", "CorrespAcc")
DIGITS = {"PersonalAcc": (20,), "BIC": (9,), "CorrespAcc": (20,), "PayeeINN": (10, 12), "PayerINN": (10, 12)}


class PaymentQrError(ValueError):
    """The data cannot make a valid ГОСТ payload; the message is for a person (Russian)."""


@dataclass(frozen=True)
class PaymentQrData:
    name: str
    personal_acc: str
    bank_name: str
    bic: str
    corresp_acc: str
    payee_inn: str
    kpp: str
    amount: Decimal
    purpose: str
    payer_inn: str


def clean_value(value: str, *, limit: int) -> str:
    """One line, no separator, no doubled spaces, at most `limit` characters."""
    text = re.sub(r"\s+", " ", str(value or "").replace(SEPARATOR, "/")).strip()
    return text[:limit].rstrip()


def amount_in_kopecks(amount: Decimal) -> int:
    return int((Decimal(amount).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP) * 100).to_integral_value())


def payment_qr_fields(*, data: PaymentQrData) -> list[tuple[str, str]]:
    """The payload's key/value pairs in order, cleaned and checked."""
    raw = [
        ("Name", data.name),
        ("PersonalAcc", data.personal_acc),
        ("BankName", data.bank_name),
        ("BIC", data.bic),
        ("CorrespAcc", data.corresp_acc),
        ("PayeeINN", data.payee_inn),
        ("KPP", data.kpp),
        ("Sum", str(amount_in_kopecks(data.amount))),
        ("Purpose", data.purpose),
        ("PayerINN", data.payer_inn),
    ]
    fields = []
    for key, value in raw:
        value = clean_value(value, limit=LIMITS[key])
        if key in DIGITS and value and (not value.isdigit() or len(value) not in DIGITS[key]):
            raise PaymentQrError(f"Реквизит {key} должен состоять из {' или '.join(map(str, DIGITS[key]))} цифр.")
        if key in REQUIRED and not value:
            raise PaymentQrError(f"Не заполнен обязательный реквизит {key}.")
        if key == "Sum" and int(value) <= 0:
            raise PaymentQrError("Сумма к оплате должна быть больше нуля.")
        if value:
            fields.append((key, value))
    return fields


def payment_qr_payload(*, data: PaymentQrData) -> str:
    """`ST00012|Name=…|PersonalAcc=…|…` (UTF-8 flavour)."""
    pairs = SEPARATOR.join(f"{key}={value}" for key, value in payment_qr_fields(data=data))
    return f"{FORMAT_ID}{ENCODING_UTF8}{SEPARATOR}{pairs}"


def parse_payment_qr_payload(payload: str) -> dict[str, str]:
    """The inverse of payment_qr_payload (for checks and tests)."""
    header, *pairs = payload.split(SEPARATOR)
    if header != FORMAT_ID + ENCODING_UTF8:
        raise PaymentQrError(f"Неизвестный заголовок {header!r}.")
    return dict(pair.split("=", 1) for pair in pairs)


def payment_qr_png(payload: str, *, scale: int = 4) -> bytes:
    """The QR symbol (error correction M, UTF-8 bytes, no ECI) as PNG."""
    buffer = io.BytesIO()
    segno.make(payload, error="m", encoding="utf-8", micro=False, boost_error=False).save(
        buffer, kind="png", scale=scale, border=4
    )
    return buffer.getvalue()


def payment_qr_data_uri(payload: str) -> str:
    return "data:image/png;base64," + base64.b64encode(payment_qr_png(payload)).decode("ascii")
