"""An uploaded readings file to a preview: the portal's XLSX template or a heat calculator's archive.

The file is told by its content: a table with the template's header is the template (source «template»,
its rows name their units); anything else is read as a calculator's archive (source «archive",
exchange/calculator_archive.py). An archive names no unit: the member picks it, or a calculator's serial
number in the archive's heading or the file name picks it; an archive whose serial number is another of the
viewer's units than the one picked is refused («wrong_unit»). An archive of increments becomes totals by
adding the month's sums to the previous month's reading; without one it is refused.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from lk_portal.domain.readings import month_after
from lk_portal.exchange.calculator_archive import Archive, archive_read, archive_table
from lk_portal.exchange.readings_template import is_template, template_rows
from lk_portal.formatting import format_period
from lk_portal.models import MeteringUnit, Reading
from lk_portal.selectors.metering import metering_unit_queryset
from lk_portal.selectors.viewer import Viewer

from .readings import ReadingProblem, ReadingsPreview, readings_check, unit_label


@dataclass
class UploadPreview:
    preview: ReadingsPreview
    source: str  # «template» or «archive»
    archive: Archive | None = None


def _refused(code: str, message: str, source: str = "archive", archive: Archive | None = None) -> UploadPreview:
    return UploadPreview(ReadingsPreview([], problems=[ReadingProblem(code, message)]), source, archive)


def readings_from_upload(
    viewer: Viewer,
    *,
    content: bytes,
    filename: str = "",
    unit: MeteringUnit | None = None,
    comment: str = "",
    today: datetime.date | None = None,
) -> UploadPreview:
    """Read the file and check what it holds; nothing is written."""
    today = today or timezone.localdate()
    limit = settings.LK_READINGS_MAX_UPLOAD_BYTES
    if len(content) > limit:
        return _refused("too_large", f"Файл больше {limit // (1024 * 1024)} МБ — это не архив показаний за месяц.")
    table = archive_table(content) if content.strip() else None
    if table and is_template(table):
        return _from_template(viewer, table, today)
    archive = archive_read(content, filename)
    if archive.problems:
        preview = ReadingsPreview([], problems=[ReadingProblem(p.code, p.message) for p in archive.problems])
        return UploadPreview(preview, "archive", archive)
    return _from_archive(viewer, archive, unit, comment, today)


def _from_template(viewer: Viewer, table, today) -> UploadPreview:
    read = template_rows(table)
    if read.problems:
        return _refused("bad_file", " ".join(read.problems), "template")
    return UploadPreview(readings_check(viewer, read.rows, today=today), "template")


def _unit_for(viewer: Viewer, archive: Archive, chosen: MeteringUnit | None) -> MeteringUnit | ReadingProblem:
    units = list(metering_unit_queryset(viewer=viewer))
    named = [u for u in units if archive.mentions_serial(u.serial_no)]
    if chosen is not None:
        if named and chosen.pk not in {u.pk for u in named}:
            return ReadingProblem(
                "wrong_unit",
                f"Архив снят с вычислителя № {named[0].serial_no} ({unit_label(named[0])}), а выбран "
                f"{unit_label(chosen)}. Выберите узел учета этого вычислителя или загрузите его архив.",
            )
        return chosen
    if len(named) == 1:
        return named[0]
    return ReadingProblem(
        "unit_required",
        "Выберите узел учета: в архиве и в имени файла не найден заводской номер вычислителя ни одного "
        "из узлов учета ваших договоров.",
    )


def _previous(unit: MeteringUnit, period: datetime.date) -> Reading | None:
    return (
        Reading.objects.filter(unit=unit, period__lt=period)
        .exclude(status=Reading.REJECTED)
        .order_by("-period", "-submitted_at")
        .first()
    )


def _totals(archive: Archive, unit: MeteringUnit) -> tuple | ReadingProblem:
    month = archive.month
    if not archive.increments:
        return month.heat, month.water, month.hours
    before = _previous(unit, month.period)
    if before is None or month_after(before.period) != month.period:
        return ReadingProblem(
            "no_previous_total",
            f"В архиве приращения за {format_period(month.period)}, а показаний {unit_label(unit)} за предыдущий "
            "месяц в кабинете нет: нарастающий итог не вычислить. Выгрузите архив с итоговыми значениями или "
            "введите показания в форме.",
        )

    def plus(total, increment):
        return None if total is None or increment is None else total + increment

    return (
        plus(before.heat_gcal_total, month.heat),
        plus(before.water_total, month.water),
        plus(before.hours_total, month.hours),
    )


def _from_archive(viewer, archive: Archive, chosen, comment: str, today) -> UploadPreview:
    warnings = [ReadingProblem(w.code, w.message) for w in archive.warnings]
    unit = _unit_for(viewer, archive, chosen)
    if isinstance(unit, ReadingProblem):
        return UploadPreview(ReadingsPreview([], problems=[unit], warnings=warnings), "archive", archive)
    totals = _totals(archive, unit)
    if isinstance(totals, ReadingProblem):
        return UploadPreview(ReadingsPreview([], problems=[totals], warnings=warnings), "archive", archive)
    month = archive.month
    preview = readings_check(viewer, [(unit, month.period, *totals, min(month.taken_on, today), comment)], today=today)
    preview.warnings = warnings + preview.warnings
    return UploadPreview(preview, "archive", archive)
