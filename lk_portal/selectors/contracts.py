from django.db.models import QuerySet

from lk_portal.models import Abonent, Contract


def contract_list(*, abonent: Abonent) -> QuerySet[Contract]:
    return Contract.objects.filter(abonent=abonent).order_by("start_date", "number")
