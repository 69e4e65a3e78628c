"""`{% request_link "billing" contract_id "Оспорить документ № 12" %}`: the new request's form, pre-filled.

The shortcuts «Оспорить», «Запросить копию» and «Заявка на поверку» beside documents and metering units.
"""

from django import template
from django.urls import reverse
from django.utils.http import urlencode

register = template.Library()


@register.simple_tag
def request_link(kind: str, contract_id, subject: str) -> str:
    query = {"kind": kind, "subject": subject}
    if contract_id:
        query["contract"] = str(contract_id)
    return f"{reverse('lk:request_new')}?{urlencode(query)}"
