"""How numbers, dates and periods are written for a Russian reader: 7 220,27 · 17.04.2015 · 2015,04."""

import datetime
from decimal import ROUND_HALF_UP, Decimal

KOPECK = Decimal("0.01")

# The kinds of a column's values, shared by the grid, its page and every export.
TEXT = "text"
DATE = "date"
PERIOD = "period"
MONEY = "money"
DATETIME = "datetime"  # a moment, written in Moscow time: 02.12.2026 07:48:49
QUANTITY = "quantity"  # Гкал, т, м³ with 3 decimals: 1 110,500
QUANTITY1 = "quantity1"  # hours, °C, градусо-сутки with 1 decimal: 744,0 · −10,4
# How spreadsheets show a number column of a kind (Excel writes «# ##0,000» in a Russian locale).
NUMBER_FORMATS = {MONEY: "#,##0.00", QUANTITY: "#,##0.000", QUANTITY1: "#,##0.0"}


def format_money(value, *, blank: str = "") -> str:
    """Decimal → '7 220,27' (space-grouped thousands, comma, always two decimals)."""
    if value is None or value == "":
        return blank
    amount = Decimal(value).quantize(KOPECK, rounding=ROUND_HALF_UP)
    sign = "-" if amount < 0 else ""
    whole, _, frac = f"{abs(amount):.2f}".partition(".")
    groups = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    return f"{sign}{' '.join(groups)},{frac}"


def format_int(value: int) -> str:
    """7200000 → '7 200 000' (space-grouped thousands)."""
    return f"{value:,}".replace(",", " ")


def format_quantity(value, *, places: int = 3, blank: str = "") -> str:
    """Decimal → '1 110,500' (Гкал, т with 3 decimals; hours and °C with 1): space-grouped, comma."""
    if value is None or value == "":
        return blank
    number = Decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    sign = "-" if number < 0 else ""
    whole, _, frac = f"{abs(number):.{places}f}".partition(".")
    groups = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    return f"{sign}{' '.join(groups)}" + (f",{frac}" if frac else "")


def format_date(value, *, blank: str = "") -> str:
    if not value:
        return blank
    if isinstance(value, datetime.datetime):
        from django.utils import timezone

        if timezone.is_aware(value):
            value = timezone.localtime(value)
    return value.strftime("%d.%m.%Y")


def format_datetime(value, *, blank: str = "") -> str:
    """An aware datetime → '02.12.2026 07:48:49' in the portal's time zone (Europe/Moscow)."""
    if not value:
        return blank
    from django.utils import timezone

    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.strftime("%d.%m.%Y %H:%M:%S")


def format_period(value, *, blank: str = "") -> str:
    """The first day of a month → '2015,04', as the billing system writes periods."""
    if not value:
        return blank
    return f"{value.year},{value.month:02d}"


def format_percent(value: Decimal | None) -> str:
    """Decimal('18.00') → '18', Decimal('12.50') → '12,5', None → ''."""
    if value is None:
        return ""
    return f"{value.normalize():f}".replace(".", ",")


def format_date_span(first: datetime.date, last: datetime.date) -> str:
    """«с 11.03.2025 по 15.03.2025»: a span of days, both inclusive."""
    return f"с {format_date(first)} по {format_date(last)}"


_BY_KIND = {
    MONEY: format_money,
    DATE: format_date,
    PERIOD: format_period,
    DATETIME: format_datetime,
    QUANTITY: format_quantity,
    QUANTITY1: lambda value: format_quantity(value, places=1),
}


def format_value(kind: str, value) -> str:
    """A value of a column of `kind` as the page and the text exports (RTF, PDF) write it.

    Text stays as it is (an export's period arrives already written, «2015,04»); None and '' are ''.
    """
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        return value
    return _BY_KIND.get(kind, str)(value)
