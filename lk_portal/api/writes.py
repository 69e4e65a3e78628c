"""POST /api/v1/readings: readings by machine, through the pages' own checks (services/readings.py).

The same rows as the form or the XLSX template — unit, period, taken_on, the cumulative totals and a
comment — go through `readings_check`, and are saved by `readings_submit` (source «API») only when no row
has a problem: a refusal is 422 `{code: "readings_refused", message, problems: [{row, code, message}]}` with
the page's Russian messages and nothing saved. `dry_run` answers the check alone, like the page's preview.
Writing needs a read-write token (`access = write`) and the member's «передача показаний».
"""

from __future__ import annotations

import datetime
import re

from lk_portal.domain.roles import Capability
from lk_portal.services.api_tokens import token_may_write
from lk_portal.services.readings import ReadingsPreview, ReadingsRefused, readings_check, readings_submit

from . import rows as R
from . import schemas as S
from .collections import (
    ERRORS,
    router,  # GET /readings lives there: one router per path, or ninja keeps only one
)
from .errors import ApiError

MAX_ROWS = 500
PERIOD = re.compile(r"^(\d{4})-(\d{2})(?:-01)?$")


def require_write(request, capability: Capability) -> None:
    """403 unless the token is read-write and the member's role allows `capability`."""
    if not token_may_write(request.api_token):
        raise ApiError(
            403,
            "read_only_token",
            "Ключ API только для чтения. Для передачи данных создайте в «Профиле» ключ с правом записи.",
        )
    request.viewer.require(capability)


def _period(text: str):
    found = PERIOD.match(text.strip())
    if found:
        try:
            return datetime.date(int(found[1]), int(found[2]), 1)
        except ValueError:
            pass
    return text  # the check says «Отчетный период»: «…» — не дата.


def _date(text: str):
    try:
        return datetime.date.fromisoformat(text.strip())
    except ValueError:
        return text


def _value(value):
    return None if value is None else str(value)


def _row(item: S.ReadingIn) -> tuple:
    """The row in services/readings' order: unit, period, heat, water, hours, taken_on, comment."""
    return (
        item.unit,
        _period(item.period),
        _value(item.heat_total),
        _value(item.water_total),
        _value(item.hours_total),
        _date(item.taken_on),
        item.comment,
    )


def _rows(body: S.ReadingsIn) -> list[tuple]:
    if len(body.readings) > MAX_ROWS:
        raise ApiError(422, "too_many_rows", f"Не больше {MAX_ROWS} показаний за один запрос.")
    return [_row(item) for item in body.readings]


def _problems(preview: ReadingsPreview, kind: str) -> list[dict]:
    found = [{"row": None, "code": p.code, "message": p.message} for p in getattr(preview, kind)]
    for number, line in enumerate(preview.lines, start=1):
        found += [{"row": number, "code": p.code, "message": p.message} for p in getattr(line, kind)]
    return found


def refused(problems: list[dict]) -> ApiError:
    message = "Показания не приняты: " + "; ".join(p["message"] for p in problems)
    return ApiError(422, "readings_refused", message, extra={"problems": problems})


@router.post(
    "/readings",
    response={**ERRORS, 200: S.ReadingsResultOut, 201: S.ReadingsResultOut, 422: S.RefusedOut},
    summary="Передать показания узлов учета",
    description=(
        "Те же проверки и сообщения, что на странице «Передача показаний»: окно приема, нарастающий итог не "
        "меньше прежнего, правдоподобие расхода (при необычном расходе нужен комментарий), одно показание "
        "за месяц. Если хоть одна строка не прошла проверку, не сохраняется ничего: ответ 422 с problems. "
        "Нужен ключ с правом записи."
    ),
    tags=["Учет"],
)
def readings_post(request, body: S.ReadingsIn):
    require_write(request, Capability.SUBMIT_READINGS)
    viewer = request.viewer
    preview = readings_check(viewer, _rows(body))
    if not preview.ok:
        raise refused(_problems(preview, "problems"))
    warnings = _problems(preview, "warnings")
    if body.dry_run:
        return 200, {"saved": False, "items": [], "warnings": warnings}
    try:
        saved = readings_submit(viewer, preview, "api", request=request)
    except ReadingsRefused as failure:  # the data changed between the check and the lock
        raise refused([{"row": None, "code": p.code, "message": p.message} for p in failure.problems]) from None
    return 201, {"saved": True, "items": [R.reading_row(r) for r in saved], "warnings": warnings}
