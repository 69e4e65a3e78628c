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
