"""A heat calculator's archive as its software exports it (ТВ7, ВКТ-7, СПТ…): CSV or XLSX, daily or monthly.

What is read: lines of the device's heading above the table (a serial number may be there), then the
header row — a date column and columns whose titles start with `Q` (Гкал), `M`/`V` (т, м³), `t`/`T` (°C,
not totals: ignored), «Время»/`Тр`/`ВНР` (ч); any other column is ignored with a warning. Rows are
grouped by month; the archive's newest month is the one submitted (an archive is exported to report a
month; its earlier rows only tell what kind of figures it holds).

Totals or increments: a heat column that never decreases holds cumulative totals (the month's values are
its last row's); one that goes up and down by amounts like its own values holds each day's (or month's)
increments, summed to the month. A column of totals that drops somewhere (small drops among large values)
is a counter going backwards: refused, with the day and the values.

CSV: UTF-8 with or without BOM, or Windows-1251; `;`, tab or `,` between cells. Nothing here touches the
database: `archive_read(content, filename)` returns an `Archive`, or its `problems` say why not.
"""

from __future__ import annotations

import calendar
import csv
import datetime
import io
import re
import statistics
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from lk_portal.formatting import format_date, format_period, format_quantity

HEADING_LINES = 40  # the device's heading may take this many lines before the header row
MAX_ROWS = 5000
MONTHS_RU = {
    name: number
    for number, names in enumerate(
        (
            ("январь", "января", "янв"),
            ("февраль", "февраля", "фев"),
            ("март", "марта", "мар"),
            ("апрель", "апреля", "апр"),
            ("май", "мая"),
            ("июнь", "июня", "июн"),
            ("июль", "июля", "июл"),
            ("август", "августа", "авг"),
            ("сентябрь", "сентября", "сен"),
            ("октябрь", "октября", "окт"),
            ("ноябрь", "ноября", "ноя"),
            ("декабрь", "декабря", "дек"),
        ),
        start=1,
    )
    for name in names
}
HEAT, WATER, HOURS, TEMPERATURE, DATE = "heat", "water", "hours", "temperature", "date"
KIND_TITLES = {HEAT: "Q (Гкал)", WATER: "M/V (т, м³)", HOURS: "Время работы (ч)"}


@dataclass(frozen=True)
class ArchiveProblem:
    code: str
    message: str


@dataclass
class ArchiveColumn:
    index: int
    title: str
    kind: str | None


@dataclass
class ArchiveMonth:
    period: datetime.date
    taken_on: datetime.date
    heat: Decimal | None  # the month's end total, or (increments) the month's sum
    water: Decimal | None
    hours: Decimal | None
    days: int  # rows of the month in the archive


@dataclass
class Archive:
    months: list[ArchiveMonth] = field(default_factory=list)
    increments: bool = False  # the figures are each row's increments, summed to the month
    daily: bool = True
    columns: dict[str, str] = field(default_factory=dict)  # kind → the title used
    heading: str = ""  # the device's heading and the file name: where a serial number is looked for
    problems: list[ArchiveProblem] = field(default_factory=list)
    warnings: list[ArchiveProblem] = field(default_factory=list)

    @property
    def month(self) -> ArchiveMonth | None:
        """The newest month: the one submitted."""
        return self.months[-1] if self.months else None

    def mentions_serial(self, serial_no: str) -> bool:
        """The serial number is in the heading or the file name as a whole token (0412857, not 104128579)."""
        digits = re.escape(serial_no.strip())
        return (
            bool(digits)
            and re.search(rf"(?<![0-9A-Za-zА-Яа-я]){digits}(?![0-9A-Za-zА-Яа-я])", self.heading) is not None
        )


def _refused(text: str) -> Archive:
    return Archive(problems=[ArchiveProblem("bad_file", text)])


NOT_AN_ARCHIVE = (
    "Файл не похож на архив тепловычислителя: в нем нет строки заголовков со столбцом даты и столбцом "
    "тепловой энергии Q (Гкал). Выгрузите архив из программы вычислителя в CSV или XLSX"
)


# -- the file as a table of text cells --------------------------------------------------------------------


def _decode(content: bytes) -> str | None:
    if b"\x00" in content[:65536]:
        return None
    for encoding in ("utf-8-sig", "cp1251"):
        try:
            text = content.decode(encoding)
        except UnicodeDecodeError:
            continue
        controls = sum(1 for ch in text[:65536] if ord(ch) < 32 and ch not in "\t\r\n")
        return None if controls > 2 else text
    return None  # pragma: no cover (cp1251 decodes nearly any bytes; controls refuse them)


def _delimiter(lines: list[str]) -> str:
    counts = {d: sum(line.count(d) for line in lines[:HEADING_LINES]) for d in (";", "\t")}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


def _csv_table(content: bytes) -> list[list[str]] | None:
    text = _decode(content)
    if text is None:
        return None
    lines = text.splitlines()
    reader = csv.reader(io.StringIO(text), delimiter=_delimiter(lines))
    return [[cell.strip() for cell in row] for _, row in zip(range(MAX_ROWS + HEADING_LINES), reader, strict=False)]


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.strftime("%d.%m.%Y %H:%M") if value.time() != datetime.time() else value.strftime("%d.%m.%Y")
    if isinstance(value, datetime.date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, float):
        return repr(value)
    return str(value).strip()


def _xlsx_table(content: bytes) -> list[list[str]] | None:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        sheet = book.worksheets[0]
        rows = [
            [_cell_text(value) for value in row]
            for _, row in zip(range(MAX_ROWS + HEADING_LINES), sheet.iter_rows(values_only=True), strict=False)
        ]
        book.close()
    except Exception:  # noqa: BLE001 — any broken workbook is one refusal, never a 500
        return None
    return rows


def archive_table(content: bytes) -> list[list[str]] | None:
    """The file's cells as text (CSV or XLSX by content, not by name); None when it is neither."""
    if content.startswith(b"PK\x03\x04"):
        return _xlsx_table(content)
    if content.startswith((b"\xd0\xcf\x11\xe0", b"%PDF", b"\x1f\x8b", b"\xff\xfe", b"\xfe\xff")):
        return None
    return _csv_table(content)


# -- the header ---------------------------------------------------------------------------------------


def column_kind(title: str) -> str | None:
    """What a column holds, by its title; None: not known (ignored with a warning)."""
    plain = title.strip().lstrip("Σ∑").strip()
    low = plain.lower()
    if low.startswith(("дата", "date", "время/дата")) or low in ("день", "месяц", "период"):
        return DATE
    if low.startswith(("время", "тр", "внр", "tр", "tp", "tраб", "наработка")):
        return HOURS
    if plain[:1] == "Q":
        return HEAT
    if plain[:1] in ("M", "V", "М"):
        return WATER
    if plain[:1] in ("t", "T", "Т"):
        return TEMPERATURE
    return None


def _header_at(table: list[list[str]]) -> int | None:
    for number, row in enumerate(table[:HEADING_LINES]):
        kinds = [column_kind(cell) for cell in row if cell]
        if DATE in kinds and HEAT in kinds:
            return number
    return None


def _pick(columns: list[ArchiveColumn], kind: str, archive: Archive) -> ArchiveColumn | None:
    """The column of a kind: the only one, or the one titled as a sum, else the first (with a warning)."""
    found = [column for column in columns if column.kind == kind]
    if not found:
        return None
    summed = [c for c in found if re.search(r"сум|итог|Σ|∑", c.title, re.IGNORECASE)]
    chosen = (summed or found)[0]
    others = [c.title for c in found if c is not chosen]
    if others:
        archive.warnings.append(
            ArchiveProblem(
                "column_chosen",
                f"{KIND_TITLES[kind]}: взят столбец «{chosen.title}», столбцы «{'», «'.join(others)}» не учитываются.",
            )
        )
    return chosen


# -- the values ---------------------------------------------------------------------------------------


def archive_date(text: str) -> datetime.date | None:
    """01.11.2026, 01.11.26, 2026-11-01, «01.11.2026 23:59», 11.2026, «ноябрь 2026», 2026,11 → a date."""
    text = text.strip().lower()
    patterns = (
        (r"(\d{1,2})[./](\d{1,2})[./](\d{4})", lambda m: (int(m[3]), int(m[2]), int(m[1]))),
        (r"(\d{1,2})[./](\d{1,2})[./](\d{2})(?!\d)", lambda m: (2000 + int(m[3]), int(m[2]), int(m[1]))),
        (r"(\d{4})-(\d{1,2})-(\d{1,2})", lambda m: (int(m[1]), int(m[2]), int(m[3]))),
        (r"^(\d{1,2})[./](\d{4})$", lambda m: (int(m[2]), int(m[1]), 1)),
        (r"^(\d{4})[,.-](\d{1,2})$", lambda m: (int(m[1]), int(m[2]), 1)),
    )
    for pattern, parts in patterns:
        match = re.search(pattern, text)
        if match:
            try:
                return datetime.date(*parts(match))
            except ValueError:
                return None
    match = re.match(r"^([а-я]+)\.?\s+(\d{4})", text)
    if match and match[1] in MONTHS_RU:
        return datetime.date(int(match[2]), MONTHS_RU[match[1]], 1)
    return None


def archive_number(text: str) -> Decimal | None:
    """1 234,567 / 1234.567 / «-» → Decimal or None; raises ValueError for anything else."""
    plain = text.replace("\u00a0", "").replace(" ", "").replace(",", ".")
    if plain in ("", "-", "—", "н/д", "нд", "*"):
        return None
    try:
        number = Decimal(plain)
    except InvalidOperation as error:
        raise ValueError(text) from error
    if not number.is_finite():
        raise ValueError(text)
    return number


@dataclass
class _Row:
    day: datetime.date
    values: dict[str, Decimal | None]


def _rows(table, header_at, picked, archive) -> list[_Row]:
    date_index = next(c.index for c in picked.values() if c.kind == DATE)
    rows = []
    for line, cells in enumerate(table[header_at + 1 :], start=header_at + 2):
        if not any(cells):
            continue
        cell = cells[date_index] if date_index < len(cells) else ""
        day = archive_date(cell)
        if day is None:
            if rows:  # a total line under the table («Итого», «Среднее») ends it
                break
            continue
        values = {}
        for kind, column in picked.items():
            if kind == DATE:
                continue
            raw = cells[column.index] if column.index < len(cells) else ""
            try:
                values[kind] = archive_number(raw)
            except ValueError:
                archive.problems.append(
                    ArchiveProblem("bad_value", f"Строка {line}, столбец «{column.title}»: «{raw}» — не число.")
                )
                values[kind] = None
        rows.append(_Row(day, values))
    return sorted(rows, key=lambda row: row.day)


def _is_increments(series: list[Decimal]) -> bool | None:
    """True: increments; False: totals; None: totals that go backwards somewhere."""
    if len(series) < 2:
        return False
    diffs = [b - a for a, b in zip(series, series[1:], strict=False)]
    if all(d >= 0 for d in diffs):
        return False
    level = statistics.median(abs(v) for v in series)
    step = statistics.median(abs(d) for d in diffs)
    falling = sum(1 for d in diffs if d < 0)
    # totals that drop: few drops (a quarter of the steps at most) and steps small beside the values
    return None if (falling * 4 <= len(diffs) and step < level / 10) else True


def _backwards(rows: list[_Row], kind: str, title: str) -> ArchiveProblem:
    for before, after in zip(rows, rows[1:], strict=False):
        a, b = before.values.get(kind), after.values.get(kind)
        if a is not None and b is not None and b < a:
            return ArchiveProblem(
                "decreasing",
                f"Столбец «{title}»: {format_date(after.day)} — {format_quantity(b)}, меньше, чем "
                f"{format_date(before.day)} — {format_quantity(a)}: показания нарастающим итогом не могут уменьшаться. "
                "Проверьте вычислитель или архив.",
            )
    raise AssertionError("a backwards series has a drop")  # pragma: no cover


def _month_of(rows: list[_Row], increments: bool, daily: bool) -> ArchiveMonth:
    period = rows[-1].day.replace(day=1)
    last_day = period.replace(day=calendar.monthrange(period.year, period.month)[1])
    values = {}
    for kind in (HEAT, WATER, HOURS):
        series = [row.values.get(kind) for row in rows if row.values.get(kind) is not None]
        if not series:
            values[kind] = None
        else:
            values[kind] = sum(series, Decimal(0)) if increments else series[-1]
    taken_on = rows[-1].day if daily else last_day
    return ArchiveMonth(period, taken_on, values[HEAT], values[WATER], values[HOURS], len(rows))


def _columns(table, header_at, archive) -> dict[str, ArchiveColumn]:
    columns = [ArchiveColumn(i, t, column_kind(t)) for i, t in enumerate(table[header_at]) if t]
    picked = {}
    for kind in (DATE, HEAT, WATER, HOURS):
        column = _pick(columns, kind, archive) if kind != DATE else next(c for c in columns if c.kind == DATE)
        if column is not None:
            picked[kind] = column
            archive.columns[kind] = column.title
    unknown = [c.title for c in columns if c.kind is None]
    if unknown:
        archive.warnings.append(
            ArchiveProblem("unknown_column", f"Столбцы «{'», «'.join(unknown)}» не распознаны и не учитываются.")
        )
    return picked


def archive_read(content: bytes, filename: str = "") -> Archive:
    """Read an archive; a file that is not one, or has wrong values, comes back with `problems`."""
    if not content.strip():
        return _refused("Файл пуст.")
    table = archive_table(content)
    header_at = _header_at(table) if table else None
    if header_at is None:
        return _refused(NOT_AN_ARCHIVE + ".")
    archive = Archive(heading=" ".join([filename, *(" ".join(row) for row in table[:header_at])]))
    picked = _columns(table, header_at, archive)
    rows = _rows(table, header_at, picked, archive)
    if not rows:
        archive.problems.append(ArchiveProblem("bad_file", "В архиве нет ни одной строки с датой и значениями."))
    if archive.problems:
        return archive
    _months(archive, rows, picked)
    return archive


def _kind_of_figures(archive: Archive, rows: list[_Row], picked: dict[str, ArchiveColumn]) -> None:
    """Totals or increments, by the heat column; a column of totals that goes backwards is a problem."""
    heat_series = [row.values[HEAT] for row in rows if row.values.get(HEAT) is not None]
    kind_of = _is_increments(heat_series)
    if kind_of is None:
        archive.problems.append(_backwards(rows, HEAT, picked[HEAT].title))
        return
    archive.increments = kind_of
    for kind in (WATER, HOURS):
        series = [row.values[kind] for row in rows if row.values.get(kind) is not None]
        if not archive.increments and _is_increments(series) is not False:
            archive.problems.append(_backwards(rows, kind, picked[kind].title))
    if archive.increments and any(v < 0 for row in rows for v in row.values.values() if v is not None):
        archive.problems.append(ArchiveProblem("bad_value", "В архиве приращений есть отрицательные значения."))


def _months(archive: Archive, rows: list[_Row], picked: dict[str, ArchiveColumn]) -> None:
    by_month: dict[datetime.date, list[_Row]] = {}
    for row in rows:
        by_month.setdefault(row.day.replace(day=1), []).append(row)
    archive.daily = any(len(month_rows) > 1 for month_rows in by_month.values())
    _kind_of_figures(archive, rows, picked)
    if archive.problems:
        return
    archive.months = [
        _month_of(month_rows, archive.increments, archive.daily) for _, month_rows in sorted(by_month.items())
    ]
    _describe(archive)


def _describe(archive: Archive) -> None:
    month = archive.month
    kind = "суточный" if archive.daily else "месячный"
    figures = (
        "приращения за каждую строку — они суммируются за месяц"
        if archive.increments
        else "значения нарастающим итогом — за месяц берутся значения последней строки"
    )
    archive.warnings.insert(
        0, ArchiveProblem("archive_kind", f"Архив {kind}, в нем {figures} ({format_period(month.period)}).")
    )
    earlier = [format_period(m.period) for m in archive.months[:-1]]
    if earlier:
        archive.warnings.append(
            ArchiveProblem(
                "earlier_months",
                f"В архиве есть и {', '.join(earlier)}; передаются показания за последний месяц "
                f"{format_period(month.period)}.",
            )
        )
    last_day = calendar.monthrange(month.period.year, month.period.month)[1]
    if archive.daily and month.taken_on.day != last_day:
        archive.warnings.append(
            ArchiveProblem(
                "month_incomplete",
                f"Архив за {format_period(month.period)} заканчивается {format_date(month.taken_on)}, "
                "а не последним днем месяца.",
            )
        )


__all__ = ["Archive", "ArchiveMonth", "ArchiveProblem", "archive_date", "archive_number", "archive_read"]
