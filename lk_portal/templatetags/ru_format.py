from django import template

from lk_portal import formatting

register = template.Library()


@register.filter
def money(value):
    return formatting.format_money(value)


@register.filter
def ru_date(value):
    return formatting.format_date(value)


@register.filter
def period(value):
    return formatting.format_period(value)


@register.filter
def percent(value):
    return formatting.format_percent(value)


@register.filter
def quantity(value, places=3):
    """Гкал and т with 3 decimals (`|quantity`), hours and °C with one (`|quantity:1`)."""
    return formatting.format_quantity(value, places=int(places))


@register.filter
def change(value):
    """A change in per cent with its sign: «+1,7 %», «−9,1 %», «0,0 %»; nothing for None."""
    if value is None:
        return ""
    text = formatting.format_quantity(abs(value), places=1)
    sign = "+" if value > 0 else "−" if value < 0 else ""
    return f"{sign}{text} %"
