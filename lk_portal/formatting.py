"""How numbers, dates and periods are written for a Russian reader: 7 220,27 · 17.04.2015 · 2015,04."""

import datetime
from decimal import ROUND_HALF_UP, Decimal

KOPECK = Decimal("0.01")


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


def format_date(value, *, blank: str = "") -> str:
    if not value:
        return blank
    if isinstance(value, datetime.datetime):
        from django.utils import timezone

        if timezone.is_aware(value):
            value = timezone.localtime(value)
    return value.strftime("%d.%m.%Y")


def format_period(value, *, blank: str = "") -> str:
    """The first day of a month → '2015,04', as the billing system writes periods."""
    if not value:
        return blank
    return f"{value.year},{value.month:02d}"
