"""Staff look at an abonent's cabinet, read-only (issue 15, item 6).

A staff member with `lk_portal.view_as_abonent` starts it from the account's page in Wagtail admin
(`admin_views/staff_view.py`); the session then holds the abonent's id, and
`lk_portal.middleware.StaffViewMiddleware` shows every /lk/ page as the abonent's login sees it:
`request.user` is that login, `request.lk_staff` the staff member. Only GET and HEAD pass; a file
leaves only with `lk_portal.export_as_abonent` (views/kit.export_response); every page is journaled.
"""

from django.shortcuts import redirect, render
from django.urls import reverse
from django.views import View

from lk_portal.services.journal import journal_record

STAFF_VIEW_KEY = "lk_staff_view"
VIEW_PERMISSION = "lk_portal.view_as_abonent"
EXPORT_PERMISSION = "lk_portal.export_as_abonent"
REFUSED = "В режиме просмотра кабинета сотрудником ничего нельзя изменить, отправить, выгрузить или распечатать."


def staff_view_start(request, *, account) -> None:
    request.session[STAFF_VIEW_KEY] = {"abonent": account.abonent_id, "account": account.pk}


def staff_view_end(request):
    """Back to the account's page in the admin; the visit's end is journaled."""
    state = request.session.pop(STAFF_VIEW_KEY, None)
    if not state:
        return redirect("wagtailadmin_home")
    journal_record(
        "staff_view",
        request=request,
        user=request.user,
        abonent=_Abonent(state["abonent"]),
        object="завершение просмотра",
    )
    return redirect(reverse("lk_accounts:detail", args=[state["account"]]))


def staff_view_refused(request, message: str = REFUSED):
    return render(request, "lk_portal/staff_view_refused.html", {"message": message}, status=403)


class _Abonent:
    """An abonent known by id only (journal_record needs its pk, not a query)."""

    def __init__(self, pk: int):
        self.pk = pk


class StaffViewExitView(View):
    http_method_names = ["post"]

    def post(self, request):
        return staff_view_end(request)
