"""Submitting readings (issue 17, item 3): check a member's rows, show them, then save them as `Reading`s.

The one way in for every source (the form, the portal's XLSX template, the calculator's archive, the API):

    preview = readings_check(viewer, rows)            # rows: (unit, period, heat_total, water_total,
    if preview.ok:                                    #        hours_total, taken_on, comment)
        readings = readings_submit(viewer, preview, "archive", request=request)

`unit` in a row is a `MeteringUnit`, its id or its code (`unit_id`); only the viewer's units are found
(`owned()`), another organisation's is «unknown_unit» exactly as a code that does not exist. Every problem
is a `ReadingProblem(code, message)`: a machine code and a Russian message naming the unit, the column and
the value. Problems refuse the row (and `readings_submit` saves nothing while any is left); warnings
(`late`, `replaces`, an implausible month with a comment) are shown and the row goes.

Checks, in the order a person reads them: the values (`bad_value`), the unit (`unknown_unit`), the
unit's readings window (`outside_window`; after it closes the row is `late` when LK_READINGS_ALLOW_LATE
allows), cumulative values never below the previous reading's nor above a later one's (`decreasing`), the
month's heat against the unit's history (`implausible`: 3× the same month's median, see
domain/readings.py; a comment lets it through), and one reading per unit and month (`duplicate`, unless
the one there is still «ожидает передачи»: it is replaced).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from lk_portal.domain.metering import readings_window
from lk_portal.domain.readings import GCAL_PLACES, HOURS_PLACES, month_medians, months_covered, plausible_bound
from lk_portal.formatting import format_date, format_period, format_quantity
from lk_portal.models import Consumption, MeteringUnit, Reading
from lk_portal.selectors.viewer import Viewer, owned

SOURCES = frozenset(code for code, _ in Reading.SOURCES)
COLUMNS = {
    "heat_total": "Тепловая энергия, Гкал",
    "water_total": "Теплоноситель, т (м³)",
    "hours_total": "Время работы, ч",
}
TOTAL_FIELDS = tuple(COLUMNS)
MAX_TOTAL = Decimal("999999999.999")  # the model's 12 digits with 3 decimals
MAX_HOURS = Decimal("99999999.9")
COMMENT_MAX = 1000
STATUS_DONE = {Reading.SENT: "переданы в биллинг", Reading.ACCEPTED: "приняты"}  # «показания … уже …»


@dataclass(frozen=True)
class ReadingProblem:
    code: str  # outside_window, decreasing, implausible, duplicate, unknown_unit, bad_value (problems);
    # late, replaces, implausible_commented, no_previous (warnings); archive codes from exchange/calculator_archive
    message: str


@dataclass
class PreviewLine:
    """One row as it will be submitted, with what the checks found."""

    unit: MeteringUnit | None
    unit_ref: str  # what the row named, for a message when the unit is not found
    raw: tuple  # the row as given: kept for the session so a value that could not be read is shown again
    period: datetime.date | None
    heat_total: Decimal | None
    water_total: Decimal | None
    hours_total: Decimal | None
    taken_on: datetime.date | None
    comment: str = ""
    consumption: Decimal | None = None  # the month's heat: heat_total less the previous reading's
    previous_period: datetime.date | None = None
    bound: Decimal | None = None
    late: bool = False
    replaces: int | None = None  # the pending reading's id this one replaces
    problems: list[ReadingProblem] = field(default_factory=list)
    warnings: list[ReadingProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def row(self) -> tuple:
        """The row to check again: the unit by its id, the values read, or as given where they could not be."""
        unit = self.unit.pk if self.unit is not None else self.unit_ref
        _, period, heat, water, hours, taken_on, _ = self.raw
        values = [
            read if read is not None or given in (None, "") else given
            for read, given in (
                (self.period, period),
                (self.heat_total, heat),
                (self.water_total, water),
                (self.hours_total, hours),
                (self.taken_on, taken_on),
            )
        ]
        return (unit, *values, self.comment)


@dataclass
class ReadingsPreview:
    """What `readings_check` found: the lines and the file's own problems and warnings (an archive's)."""

    lines: list[PreviewLine]
    problems: list[ReadingProblem] = field(default_factory=list)
    warnings: list[ReadingProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return bool(self.lines) and not self.problems and all(line.ok for line in self.lines)

    def all_problems(self) -> list[ReadingProblem]:
        return [*self.problems, *(problem for line in self.lines for problem in line.problems)]

    def rows(self) -> list[tuple]:
        return [line.row() for line in self.lines]

    def to_data(self) -> dict:
        """The rows and the file's warnings as JSON-able data (the session keeps it between preview and submit)."""
        return {
            "rows": [rows_dump(row) for row in self.rows()],
            "warnings": [[w.code, w.message] for w in self.warnings],
            "problems": [[p.code, p.message] for p in self.problems if p.code != "empty"],
        }


class ReadingsRefused(Exception):
    """`readings_submit` found problems (the data changed since the preview, or it was never checked)."""

    def __init__(self, problems: Sequence[ReadingProblem]):
        self.problems = list(problems)
        super().__init__("; ".join(problem.message for problem in self.problems))


def _dump(value):
    if isinstance(value, datetime.date):
        return {"date": value.isoformat()}
    if isinstance(value, Decimal):
        return {"number": str(value)}
    return None if value is None else str(value)


def _load(value):
    if isinstance(value, dict) and "date" in value:
        return datetime.date.fromisoformat(value["date"])
    if isinstance(value, dict) and "number" in value:
        return Decimal(value["number"])
    return value


def rows_dump(row: tuple) -> list:
    unit, *values, comment = row
    return [unit, *(_dump(value) for value in values), comment]


def rows_load(data: dict) -> tuple[list[tuple], list[ReadingProblem]]:
    """`ReadingsPreview.to_data()` back to rows and warnings (to be checked again: nothing is trusted)."""
    rows = [
        (unit, *(_load(value) for value in values), comment or "") for unit, *values, comment in data.get("rows", [])
    ]
    return rows, [ReadingProblem(code, message) for code, message in data.get("warnings", [])]


def unit_label(unit: MeteringUnit) -> str:
    return f"узел учета {unit.unit_id} ({unit.calculator} № {unit.serial_no})"


def _where(line: PreviewLine) -> str:
    who = unit_label(line.unit) if line.unit is not None else f"узел учета «{line.unit_ref}»"
    when = f", период {format_period(line.period)}" if line.period else ""
    return (who + when)[:1].upper() + (who + when)[1:]


def _number(value, places: Decimal) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        number = Decimal(str(value).replace(" ", "").replace("\u00a0", "").replace(",", "."))
    except InvalidOperation as error:
        raise ValueError(str(value)) from error
    if not number.is_finite():
        raise ValueError(str(value))
    return number.quantize(places)


def _line(raw: Sequence) -> PreviewLine:
    """A row as typed: numbers read, first problems of its values (`bad_value`)."""
    unit, period, heat, water, hours, taken_on, comment = (list(raw) + [None] * 7)[:7]
    line = PreviewLine(
        raw=(unit, period, heat, water, hours, taken_on, comment),
        unit=unit if isinstance(unit, MeteringUnit) else None,
        unit_ref=str(unit.unit_id if isinstance(unit, MeteringUnit) else unit or ""),
        period=period.replace(day=1) if isinstance(period, datetime.date) else None,
        heat_total=None,
        water_total=None,
        hours_total=None,
        taken_on=taken_on if isinstance(taken_on, datetime.date) else None,
        comment=str(comment or "").strip()[:COMMENT_MAX],
    )
    for title, value in (("Отчетный период", period), ("Дата снятия", taken_on)):
        if value not in (None, "") and not isinstance(value, datetime.date):
            line.problems.append(_bad(line, f"«{title}»: «{value}» — не дата."))
    for name, value, places, top in (
        ("heat_total", heat, GCAL_PLACES, MAX_TOTAL),
        ("water_total", water, GCAL_PLACES, MAX_TOTAL),
        ("hours_total", hours, HOURS_PLACES, MAX_HOURS),
    ):
        try:
            number = _number(value, places)
        except ValueError:
            line.problems.append(_bad(line, f"«{COLUMNS[name]}»: «{value}» — не число."))
            continue
        if number is not None and not (0 <= number <= top):
            line.problems.append(_bad(line, f"«{COLUMNS[name]}»: {format_quantity(number)} — вне допустимых значений."))
            continue
        setattr(line, name, number)
    return line


def _bad(line: PreviewLine, text: str) -> ReadingProblem:
    return ReadingProblem("bad_value", f"{_where(line)}: {text}")


def _mentioned(line: PreviewLine, text: str) -> bool:
    return any(text in problem.message for problem in line.problems)


def _check_period(line: PreviewLine, today: datetime.date) -> None:
    if line.period is None:
        if not _mentioned(line, "«Отчетный период»"):
            line.problems.append(_bad(line, "не указан отчетный период."))
    elif line.period > today:
        line.problems.append(_bad(line, f"период {format_period(line.period)} еще не наступил."))


def _check_taken_on(line: PreviewLine, today: datetime.date) -> None:
    if line.taken_on is None:
        if not _mentioned(line, "«Дата снятия»"):
            line.problems.append(_bad(line, "не указана дата снятия показаний."))
    elif line.taken_on > today:
        line.problems.append(_bad(line, f"дата снятия {format_date(line.taken_on)} позже сегодняшней."))
    elif line.period is not None and line.taken_on < line.period:
        line.problems.append(
            _bad(line, f"дата снятия {format_date(line.taken_on)} раньше начала периода {format_period(line.period)}.")
        )


def _check_values(line: PreviewLine, today: datetime.date) -> None:
    _check_period(line, today)
    if line.heat_total is None and not _mentioned(line, COLUMNS["heat_total"]):
        line.problems.append(_bad(line, f"не указано значение «{COLUMNS['heat_total']}»."))
    _check_taken_on(line, today)
    if line.unit is not None and line.water_total is not None and "water" not in line.unit.resources:
        line.warnings.append(
            ReadingProblem(
                "ignored_value",
                f"{_where(line)}: узел не учитывает теплоноситель, «{COLUMNS['water_total']}» не передается.",
            )
        )
        line.water_total = None


def _ref_id(line: PreviewLine) -> int | None:
    """The unit's id the line names: the unit given, or a reference of digits."""
    if line.unit is not None:
        return line.unit.pk
    return int(line.unit_ref) if str(line.unit_ref).isdigit() else None


def _units_of(viewer: Viewer, lines: list[PreviewLine], *, lock: bool) -> None:
    """Each line's unit among the viewer's (one query); a unit not found is `unknown_unit`."""
    ids = {pk for pk in map(_ref_id, lines) if pk is not None}
    codes = {line.unit_ref for line in lines if line.unit is None and line.unit_ref}
    units = owned(MeteringUnit.objects, viewer=viewer).filter(Q(pk__in=sorted(ids)) | Q(unit_id__in=sorted(codes)))
    if lock:
        units = units.select_for_update()
    by_id = {unit.pk: unit for unit in units}
    by_code = {unit.unit_id: unit for unit in by_id.values()}
    for line in lines:
        given = line.unit is not None
        found = by_id.get(_ref_id(line)) if given else (by_code.get(line.unit_ref) or by_id.get(_ref_id(line)))
        line.unit = found
        if found is None:
            line.problems.insert(
                0,
                ReadingProblem(
                    "unknown_unit",
                    f"Узел учета «{line.unit_ref}» не найден среди узлов учета ваших договоров.",
                ),
            )


def _check_window(line: PreviewLine, today: datetime.date) -> None:
    unit = line.unit
    window = readings_window(period=line.period, window_from=unit.window_from, window_to=unit.window_to)
    span = f"с {format_date(window.first)} по {format_date(window.last)}"
    if today < window.first:
        line.problems.append(
            ReadingProblem(
                "outside_window",
                f"{_where(line)}: показания за этот период принимаются {span}; прием еще не начался.",
            )
        )
    elif today > window.last:
        if settings.LK_READINGS_ALLOW_LATE:
            line.late = True
            line.warnings.append(
                ReadingProblem(
                    "late",
                    f"{_where(line)}: прием показаний был {span}; показания будут отмечены как поданные с опозданием.",
                )
            )
        else:
            line.problems.append(
                ReadingProblem("outside_window", f"{_where(line)}: прием показаний за этот период был {span} и закрыт.")
            )


def _neighbours(
    readings: list[Reading], period: datetime.date
) -> tuple[Reading | None, Reading | None, Reading | None]:
    """The unit's standing readings (not rejected, newest submission first per period): before, at and after."""
    before = at = after = None
    for reading in readings:
        if reading.period < period and (before is None or reading.period > before.period):
            before = reading
        elif reading.period == period and at is None:
            at = reading
        elif reading.period > period and (after is None or reading.period < after.period):
            after = reading
    return before, at, after


def _check_counters(line: PreviewLine, before: Reading | None, after: Reading | None) -> None:
    for name, title in COLUMNS.items():
        value = getattr(line, name)
        if value is None:
            continue
        low = getattr(before, name.replace("heat_total", "heat_gcal_total"), None) if before else None
        high = getattr(after, name.replace("heat_total", "heat_gcal_total"), None) if after else None
        places = 1 if name == "hours_total" else 3
        if low is not None and value < low:
            line.problems.append(
                ReadingProblem(
                    "decreasing",
                    f"{_where(line)}: «{title}» {format_quantity(value, places=places)} меньше показаний за "
                    f"{format_period(before.period)} ({format_quantity(low, places=places)}): нарастающий итог не может уменьшаться.",
                )
            )
        if high is not None and value > high:
            line.problems.append(
                ReadingProblem(
                    "decreasing",
                    f"{_where(line)}: «{title}» {format_quantity(value, places=places)} больше показаний за более "
                    f"поздний период {format_period(after.period)} ({format_quantity(high, places=places)}).",
                )
            )


def _check_duplicate(line: PreviewLine, at: Reading | None, seen: set) -> None:
    key = (line.unit.pk, line.period)
    if key in seen:
        line.problems.append(
            ReadingProblem("duplicate", f"{_where(line)}: показания за этот период указаны в передаче дважды.")
        )
    seen.add(key)
    if at is None:
        return
    if at.status == Reading.PENDING:
        line.replaces = at.pk
        line.warnings.append(
            ReadingProblem(
                "replaces",
                f"{_where(line)}: заменят показания от {format_date(at.submitted_at)} "
                f"({format_quantity(at.heat_gcal_total)} Гкал), еще не переданные в биллинг.",
            )
        )
    else:
        line.problems.append(
            ReadingProblem(
                "duplicate",
                f"{_where(line)}: показания за этот период уже {STATUS_DONE.get(at.status, at.get_status_display())} "
                f"({format_quantity(at.heat_gcal_total)} Гкал от {format_date(at.submitted_at)}); "
                "повторно передать их нельзя, исправление — через обращение к поставщику.",
            )
        )


def _check_plausible(line: PreviewLine, before: Reading | None, history: list[tuple]) -> None:
    if before is None or line.heat_total is None:
        line.warnings.append(
            ReadingProblem(
                "no_previous",
                f"{_where(line)}: предыдущих показаний в кабинете нет, расход за месяц не рассчитан.",
            )
        )
        return
    line.previous_period = before.period
    line.consumption = line.heat_total - before.heat_gcal_total
    months = months_covered(previous=before.period, period=line.period)
    line.bound = plausible_bound(month_medians(history, before=line.period), months)
    if line.bound is None or line.consumption <= line.bound:
        return
    text = (
        f"{_where(line)}: расход «{COLUMNS['heat_total']}» {format_quantity(line.consumption)} за "
        f"{len(months)} мес. больше правдоподобного {format_quantity(line.bound)} (трижды медиана тех же месяцев "
        "прошлых лет)"
    )
    if line.comment:
        line.warnings.append(ReadingProblem("implausible_commented", f"{text}; передается с вашим комментарием."))
    else:
        line.problems.append(
            ReadingProblem("implausible", f"{text}. Проверьте показания или объясните их в комментарии.")
        )


def _context(units: Iterable[MeteringUnit]) -> tuple[dict[int, list[Reading]], dict[int, list[tuple]]]:
    """The units' standing readings and consumption history: two queries for any number of rows."""
    ids = sorted({unit.pk for unit in units})
    readings: dict[int, list[Reading]] = {pk: [] for pk in ids}
    for reading in (
        Reading.objects.filter(unit_id__in=ids).exclude(status=Reading.REJECTED).order_by("-submitted_at", "-pk")
    ):
        readings[reading.unit_id].append(reading)
    history: dict[int, list[tuple]] = {pk: [] for pk in ids}
    for unit_id, period, heat in Consumption.objects.filter(unit_id__in=ids).values_list(
        "unit_id", "period", "heat_gcal"
    ):
        history[unit_id].append((period, heat))
    return readings, history


def _check(viewer: Viewer, rows: Iterable[Sequence], today: datetime.date, *, lock: bool = False) -> ReadingsPreview:
    lines = [_line(row) for row in rows]
    preview = ReadingsPreview(lines)
    if not lines:
        preview.problems.append(ReadingProblem("empty", "Нет показаний для передачи."))
        return preview
    _units_of(viewer, lines, lock=lock)
    readings, history = _context(line.unit for line in lines if line.unit is not None)
    seen: set = set()
    for line in lines:
        _check_values(line, today)
        if line.unit is None or line.period is None or line.problems:
            continue
        _check_window(line, today)
        before, at, after = _neighbours(readings[line.unit.pk], line.period)
        _check_counters(line, before, after)
        _check_duplicate(line, at, seen)
        _check_plausible(line, before, history[line.unit.pk])
    return preview


def readings_check(viewer: Viewer, rows: Iterable[Sequence], *, today: datetime.date | None = None) -> ReadingsPreview:
    """Check the rows for the viewer; nothing is written. `today` is Moscow's date by default."""
    return _check(viewer, rows, today or timezone.localdate())


def readings_submit(
    viewer: Viewer,
    preview: ReadingsPreview,
    source: str,
    *,
    request=None,
    today: datetime.date | None = None,
) -> list[Reading]:
    """Check the preview's rows again (under a lock of their units) and save them; `ReadingsRefused` if any
    problem is left — then nothing is saved. A pending reading of the same unit and month is replaced."""
    if source not in SOURCES:
        raise ValueError(f"unknown reading source {source!r}")
    now = timezone.now()
    with transaction.atomic():
        checked = _check(viewer, preview.rows(), today or timezone.localdate(), lock=True)
        problems = [*preview.problems, *checked.all_problems()]
        if problems:
            raise ReadingsRefused(problems)
        replaced = [line.replaces for line in checked.lines if line.replaces]
        if replaced:
            Reading.objects.filter(pk__in=replaced, status=Reading.PENDING).delete()
        readings = Reading.objects.bulk_create([_reading(line, viewer, source, now) for line in checked.lines])
        _journal(readings, checked, source, viewer, request)
    return readings


def _reading(line: PreviewLine, viewer: Viewer, source: str, now) -> Reading:
    return Reading(
        unit=line.unit,
        period=line.period,
        taken_on=line.taken_on,
        heat_gcal_total=line.heat_total,
        water_total=line.water_total,
        hours_total=line.hours_total,
        heat_gcal=line.consumption,
        source=source,
        late=line.late,
        comment=line.comment,
        submitted_by=viewer.user,
        submitted_at=now,
    )


def _journal(readings: list[Reading], checked: ReadingsPreview, source: str, viewer: Viewer, request) -> None:
    from lk_portal.services.journal import journal_record

    units = sorted({line.unit.unit_id for line in checked.lines})
    periods = sorted({format_period(line.period) for line in checked.lines})
    journal_record(
        "readings_submit",
        request=request,
        user=None if request is not None else viewer.user,
        abonent=viewer.abonent,
        object=", ".join(units),
        details={
            "source": dict(Reading.SOURCES)[source],
            "readings": len(readings),
            "periods": ", ".join(periods),
            "replaced": sum(1 for line in checked.lines if line.replaces),
        },
    )
