"""The NinjaAPI of /api/v1/: token auth, JSON errors in Russian, ETag / If-None-Match, the docs page.

No session auth and so no CSRF: every call carries `Authorization: Bearer <token>`. Every error is
`{"code", "message"}` (NotFound → 404, NotAllowed → 403 with the role's reason, bad input → 400/422).
A 200 answer to GET carries a strong ETag of its body; a matching If-None-Match gets 304.
"""

from __future__ import annotations

import hashlib
import json

from csp.constants import SELF
from csp.decorators import csp_update
from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponseNotModified
from ninja import NinjaAPI, Swagger
from ninja.errors import AuthenticationError, HttpError, ValidationError

from lk_portal.domain.errors import NotFound
from lk_portal.domain.requests import RequestError
from lk_portal.domain.roles import NotAllowed

from . import act, collections, requests, writes  # noqa: F401 (writes adds POST /readings to collections.router)
from .auth import TokenAuth
from .errors import ApiError

DESCRIPTION = """
JSON для учетной системы абонента: договоры, расчеты, документы, учет тепловой энергии, новости.

* Доступ — по личному ключу пользователя (раздел «Профиль» → «Ключи API»): `Authorization: Bearer <ключ>`.
  Ключ видит ровно то, что его владелец видит на страницах кабинета (роль и договоры).
* Деньги — десятичные строки в рублях (`"7220.27"`), Гкал — три знака, даты ISO 8601, периоды `ГГГГ-ММ`.
* Страницы — курсором: передайте `next_cursor` в `cursor`; на последней странице `next_updated_since` —
  значение `updated_since` для следующей синхронизации; удаленные записи — в `/deleted`.
* `ETag` / `If-None-Match` → 304; предел обращений на ключ в минуту — ответ 429 с `Retry-After`.
"""


class PortalApi(NinjaAPI):
    def create_response(self, request, data, *, status=None, temporal_response=None):
        response = super().create_response(request, data, status=status, temporal_response=temporal_response)
        if request.method in ("GET", "HEAD") and response.status_code == 200:
            tag = _etag(data, response.content)
            response["ETag"] = tag
            response["Cache-Control"] = "private, no-cache"
            wanted = request.headers.get("If-None-Match", "")
            if tag in [part.strip().removeprefix("W/") for part in wanted.split(",")]:
                not_modified = HttpResponseNotModified()
                not_modified["ETag"] = tag
                return not_modified
        return response


def _etag(data, content: bytes) -> str:
    """The body's hash, leaving out a last page's next_updated_since (the clock's, not the data's)."""
    if isinstance(data, dict) and data.get("next_updated_since") is not None:
        content = json.dumps({**data, "next_updated_since": None}, cls=DjangoJSONEncoder).encode()
    return '"' + hashlib.sha256(content).hexdigest()[:32] + '"'


def _error(api, request, status: int, code: str, message: str, headers=None, extra=None):
    response = api.create_response(request, {"code": code, "message": message, **(extra or {})}, status=status)
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def _validation_message(exc: ValidationError) -> str:
    fields = []
    for error in exc.errors:
        loc = [str(part) for part in error.get("loc", ()) if part not in ("query", "body", "params", "path")]
        fields.append(".".join(loc) or "запрос")
    return "Неверные параметры запроса: " + ", ".join(dict.fromkeys(fields)) + "."


api = PortalApi(
    title="API личного кабинета потребителя тепловой энергии",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api_v1",
    auth=TokenAuth(),
    docs=Swagger(settings={"persistAuthorization": False, "defaultModelsExpandDepth": 0}),
    # The docs page is ours and self-hosted (ninja's vendored Swagger UI); its icons are data: images.
    docs_decorator=csp_update({"img-src": [SELF, "data:"]}),
)
api.add_router("", collections.router)
api.add_router("", act.router)
api.add_router("", requests.router)


@api.exception_handler(ApiError)
def _api_error(request, exc: ApiError):
    return _error(api, request, exc.status, exc.code, exc.message, exc.headers, exc.extra)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request, exc):
    message = "Нужен ключ API: заголовок Authorization: Bearer <ключ> (создается в разделе «Профиль»)."
    return _error(api, request, 401, "unauthorized", message, {"WWW-Authenticate": 'Bearer realm="api"'})


@api.exception_handler(NotAllowed)
def _not_allowed(request, exc: NotAllowed):
    return _error(api, request, 403, "forbidden", exc.message)


@api.exception_handler(NotFound)
def _not_found(request, exc: NotFound):
    return _error(api, request, 404, "not_found", str(exc) or "Не найдено.")


def _too_big(request):
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE / (1024 * 1024)
    message = f"Запрос больше {limit:g} МБ. Передавайте показания частями; файлы обращений — как multipart/form-data."
    return _error(api, request, 413, "too_large", message)


@api.exception_handler(RequestDataTooBig)
def _data_too_big(request, exc):
    return _too_big(request)


@api.exception_handler(HttpError)
def _http_error(request, exc: HttpError):
    """ninja's own refusals; a body it could not read (not JSON, or over DATA_UPLOAD_MAX_MEMORY_SIZE) above all."""
    if isinstance(exc.__cause__, RequestDataTooBig):
        return _too_big(request)
    if exc.status_code == 400 and isinstance(exc.__cause__, ValueError):
        message = "Тело запроса — не JSON: проверьте синтаксис и кодировку (UTF-8)."
        return _error(api, request, 400, "bad_json", message)
    return _error(api, request, exc.status_code, "error", str(exc))


@api.exception_handler(RequestError)
def _request_error(request, exc: RequestError):
    return _error(api, request, 422, exc.code, exc.message)


@api.exception_handler(ValidationError)
def _invalid(request, exc: ValidationError):
    return _error(api, request, 422, "invalid", _validation_message(exc))
