"""Request ids, one log line per request, and the request metrics.

Every request gets an id: nginx's `X-Request-ID` when it sends a sane one (the site in deploy/ sets
it from `$request_id` and writes it to its access log), else a new one. The id is returned in the
`X-Request-ID` response header and put on every log record written while the request runs
(`RequestIdFilter`), so the nginx line, the portal's lines and a user's screenshot of the header
meet. The request line holds the view, status, duration and the account's ids — never the login
(an abonent's login is its ИНН), a password, a query string or a link's token (`redacted_path`).
"""

import contextvars
import logging
import re
import time
import uuid

from django.utils.functional import empty

from config import metrics

request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")
_INCOMING_ID = re.compile(r"[A-Za-z0-9._-]{8,128}")
# URL parameters that are secrets: activation keys, password-reset and e-mail-confirmation tokens.
SECRET_URL_KWARGS = frozenset({"key", "token", "uidb64"})
REDACTED = "[redacted]"
QUIET_VIEWS = frozenset({"healthz", "metrics"})  # polled every few seconds: logged at DEBUG only

request_logger = logging.getLogger("lk.request")


def current_request_id() -> str:
    """The id of the request being served ("-" outside a request): pass it on to queued work."""
    return request_id_var.get()


def redacted_path(request) -> str:
    """The path with the URL's secret parameters replaced by «[redacted]»."""
    path = request.path
    match = getattr(request, "resolver_match", None)
    if match is None:
        return path
    for name, value in match.kwargs.items():
        if name in SECRET_URL_KWARGS and value:
            path = path.replace(str(value), REDACTED)
    return path


def _account_ids(request) -> dict:
    """The logged-in account's numeric ids, read only if the request already loaded the user."""
    user = request.__dict__.get("user")
    if user is None or getattr(user, "_wrapped", None) is empty:
        return {}
    if not getattr(user, "is_authenticated", False):
        return {}
    ids = {"user_id": user.pk}
    if getattr(user, "abonent_id", None):
        ids["abonent_id"] = user.abonent_id
    if getattr(user, "is_staff", False):
        ids["staff"] = True
    staff = getattr(request, "lk_staff", None)
    if staff is not None:  # a staff member looking at this abonent's cabinet (lk_portal/views/staff_view.py)
        ids.update(user_id=staff.pk, staff=True, viewed_as_user_id=user.pk)
    return ids


def login_masked(login: str) -> str:
    """«77******93»: enough to tell which login was tried, never a whole ИНН (logins are ИНН)."""
    login = login or ""
    if len(login) < 6:
        return "*" * len(login)
    return login[:2] + "*" * (len(login) - 4) + login[-2:]


def axes_client_str(username, ip_address, user_agent, path_info, request) -> str:
    """AXES_CLIENT_STR_CALLABLE: django-axes's log lines name the login masked, the path redacted."""
    path = redacted_path(request) if request is not None else path_info
    return f"{{login: {login_masked(username)!r}, ip_address: {ip_address!r}, path_info: {path!r}}}"


def _export_format(request) -> str:
    try:
        return request.GET.get("export", "")
    except Exception:  # noqa: BLE001 - a query string Django refuses (too many fields) already got its 400
        return ""


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id_var.get()
        return True


class RedactPathFilter(logging.Filter):
    """Django's own request records ("Not Found: /lk/activate/<key>/") get the redacted path too."""

    def filter(self, record: logging.LogRecord) -> bool:
        request = getattr(record, "request", None)
        path = getattr(request, "path", None)
        if path and isinstance(record.args, tuple) and path in record.args:
            safe = redacted_path(request)
            record.args = tuple(safe if arg == path else arg for arg in record.args)
        return True


class RequestObservabilityMiddleware:
    """First in MIDDLEWARE: sees every request, including those answered by later middleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.META.get("HTTP_X_REQUEST_ID", "")
        request_id = incoming if _INCOMING_ID.fullmatch(incoming) else uuid.uuid4().hex
        request.request_id = request_id
        token = request_id_var.set(request_id)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            duration = time.perf_counter() - started
            response["X-Request-ID"] = request_id
            self._record(request, response, duration)
            return response
        finally:
            request_id_var.reset(token)

    def _record(self, request, response, duration: float) -> None:
        match = getattr(request, "resolver_match", None)
        view = match.view_name if match and match.view_name else "unresolved"
        export_format = metrics.request_observe(
            view=view,
            method=request.method,
            status=response.status_code,
            duration=duration,
            export=_export_format(request) if response.status_code == 200 else "",
        )
        status = response.status_code
        level = logging.ERROR if status >= 500 else logging.DEBUG if view in QUIET_VIEWS else logging.INFO
        fields = {
            "method": request.method,
            "path": redacted_path(request),
            "view": view,
            "status": status,
            "duration_ms": round(duration * 1000, 1),
            **_account_ids(request),
        }
        if export_format:
            fields["export"] = export_format
        if response.streaming:
            fields["streaming"] = True  # the duration is to the first byte
        request_logger.log(level, "%s %s %s", request.method, fields["path"], status, extra=fields)
