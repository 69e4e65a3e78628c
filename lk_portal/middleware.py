"""Requests no page can use are refused at the edge, before a view or a query sees them.

Rules (each refusal is a 400 with a small Russian page naming what is wrong):
- the path, a query-string key or a header holds a control character, or a query-string value holds
  one other than tab, line feed and carriage return (PostgreSQL refuses NUL in text; XLSX exports refuse
  the other C0 controls);
- the query string is longer than LK_QUERY_MAX_LENGTH, a key longer than LK_QUERY_MAX_KEY_LENGTH or a
  value longer than LK_QUERY_MAX_VALUE_LENGTH characters;
- a field of a submitted form (URL-encoded or multipart, not its files) holds NUL — nothing can store it,
  and people never type it (other control characters, e.g. from text pasted out of Word, pass to the form);
- a cookie with a control character is dropped (its request goes on without it: a session id with NUL would
  otherwise reach the session table).
Malformed numbers and unknown values are each view's business: they are ignored as unusable filters or
answered with the form's own message.
"""

import re

from django.conf import settings
from django.http import HttpResponseBadRequest
from django.template.loader import render_to_string

CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
CONTROL_IN_VALUE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def _shown(name: str) -> str:
    """A parameter's name as the page may quote it."""
    if CONTROL.search(name) or not name:
        return ""
    return name if len(name) <= 40 else name[:40] + "…"


def query_problem(request) -> str | None:
    """Why this request's path, query string or headers are unusable, in Russian; None when they are fine."""
    if CONTROL.search(request.path_info):
        return "Адрес страницы содержит управляющий символ."
    for header, value in request.META.items():
        if header.startswith("HTTP_") and isinstance(value, str) and ("\x00" in value or CONTROL.search(header)):
            return "Запрос содержит недопустимый заголовок."
    raw = request.META.get("QUERY_STRING", "")
    if len(raw) > settings.LK_QUERY_MAX_LENGTH:
        return f"Адрес страницы слишком длинный (больше {settings.LK_QUERY_MAX_LENGTH} символов после «?»)."
    for key, values in request.GET.lists():
        name = _shown(key)
        if CONTROL.search(key):
            return "Имя одного из параметров в адресе страницы содержит управляющий символ."
        if len(key) > settings.LK_QUERY_MAX_KEY_LENGTH:
            return "Имя одного из параметров в адресе страницы слишком длинное."
        for value in values:
            if CONTROL_IN_VALUE.search(value):
                return f"Параметр «{name}» в адресе страницы содержит управляющий символ (например, NUL)."
            if len(value) > settings.LK_QUERY_MAX_VALUE_LENGTH:
                return (
                    f"Значение параметра «{name}» в адресе страницы слишком длинное "
                    f"(больше {settings.LK_QUERY_MAX_VALUE_LENGTH} символов)."
                )
    return None


def form_problem(request) -> str | None:
    if request.method != "POST" or not request.content_type.startswith(FORM_TYPES):
        return None
    for key, values in request.POST.lists():
        if "\x00" in key or any("\x00" in value for value in values):
            name = _shown(key)
            return f"Поле «{name}» формы содержит символ NUL." if name else "Форма содержит символ NUL."
    return None


def drop_control_cookies(request) -> None:
    for name in [n for n, v in request.COOKIES.items() if CONTROL.search(n) or CONTROL.search(v)]:
        del request.COOKIES[name]


def bad_request(problem: str) -> HttpResponseBadRequest:
    return HttpResponseBadRequest(render_to_string("400_input.html", {"problem": problem}))


class RequestGuardMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        problem = query_problem(request)
        if problem is None:
            drop_control_cookies(request)
            problem = form_problem(request)
        if problem is not None:
            return bad_request(problem)
        return self.get_response(request)


class StaffTwoFactorMiddleware:
    """LK_STAFF_REQUIRE_2FA: an admin page opens only in a session that passed the TOTP step.

    Staff who logged in with the password alone are sent to the admin's two-factor page (set up the app
    there, or enter its code); the login, logout and that page itself stay open.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.prefix = "/" + settings.LK_ADMIN_PATH
        self._exempt = None

    def exempt(self) -> tuple[str, ...]:
        if self._exempt is None:
            from django.urls import reverse

            self._exempt = tuple(
                reverse(name) for name in ("wagtailadmin_login", "wagtailadmin_logout", "lk_staff_two_factor")
            ) + (self.prefix + "jsi18n/",)
        return self._exempt

    def __call__(self, request):
        if settings.LK_STAFF_REQUIRE_2FA and request.path.startswith(self.prefix) and self._needs_code(request):
            from django.shortcuts import redirect
            from django.urls import reverse
            from django.utils.http import urlencode

            return redirect(f"{reverse('lk_staff_two_factor')}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)

    def _needs_code(self, request) -> bool:
        if request.path.startswith(self.exempt()):
            return False
        user = request.user
        return user.is_authenticated and not user.is_verified() and user.has_perm("wagtailadmin.access_admin")


class StaffViewMiddleware:
    """A staff member looking at an abonent's cabinet (lk_portal/views/staff_view.py): /lk/ pages as that abonent.

    Costs nothing outside that mode (the session is read anyway); in it, one query for the abonent's login
    and one INSERT for the journal per page.
    """

    SAFE = ("GET", "HEAD")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from lk_portal.views.staff_view import STAFF_VIEW_KEY

        if request.path.startswith("/lk/") and STAFF_VIEW_KEY in request.session:
            answer = self.as_abonent(request)
            if answer is not None:
                return answer
        return self.get_response(request)

    def as_abonent(self, request):
        from django.urls import reverse

        from lk_portal.selectors.accounts import abonent_account_for_staff
        from lk_portal.services.journal import journal_record
        from lk_portal.views import staff_view as sv

        staff = request.user
        allowed = staff.is_authenticated and staff.has_perm(sv.VIEW_PERMISSION)
        if allowed and settings.LK_STAFF_REQUIRE_2FA:
            allowed = staff.is_verified()
        state = request.session[sv.STAFF_VIEW_KEY]
        account = abonent_account_for_staff(abonent_id=state["abonent"]) if allowed else None
        if account is None:
            del request.session[sv.STAFF_VIEW_KEY]
            return None
        if request.path in (reverse("lk:staff_view_exit"), reverse("lk:logout")):
            return sv.staff_view_end(request) if request.method == "POST" else None
        if request.method not in self.SAFE:
            return sv.staff_view_refused(request)
        request.lk_staff = staff
        account.otp_device, account.is_verified = None, lambda: False  # as OTPMiddleware marks a login
        request.user = account
        journal_record(
            "staff_view",
            request=request,
            object=request.path,
            details={"path": request.get_full_path()[:300]} if request.GET else {},
        )
        return None
