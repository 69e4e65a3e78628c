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
