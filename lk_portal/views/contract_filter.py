"""The «Договор:» selector of the financial pages: ?contract=<id> among the abonent's own contracts."""

from django.http import Http404

from lk_portal.models import Abonent, Contract


def selected_contract(request, *, abonent: Abonent, param: str = "contract") -> Contract | None:
    """None for «все договоры»; another abonent's or a malformed id is a 404."""
    raw = request.GET.get(param, "").strip()
    if not raw:
        return None
    if not raw.isdigit():
        raise Http404("Договор не найден.")
    try:
        return Contract.objects.get(abonent=abonent, pk=int(raw))
    except Contract.DoesNotExist as exc:
        raise Http404("Договор не найден.") from exc


def contract_choices(*, abonent: Abonent) -> list[Contract]:
    return list(Contract.objects.filter(abonent=abonent).order_by("start_date", "number"))
