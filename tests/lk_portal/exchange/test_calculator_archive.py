"""exchange/calculator_archive.py: archives as the calculators' programs write them, good and bad."""

import datetime
import io
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook

from lk_portal.exchange.calculator_archive import archive_date, archive_number, archive_read, column_kind

SAMPLES = Path(__file__).resolve().parents[3] / "docs" / "samples"
NOV = datetime.date(2026, 11, 1)

DAILY_TOTALS = [
    "Суточный архив ТВ7 зав. № 0412857",
    "Дата;t1, °C;Q1, Гкал;M1, т;Тр, ч;P1, МПа",
    "30.10.2026;70,1;1000,000;500,0;100,0;0,6",
    "31.10.2026;70,1;1005,000;510,0;124,0;0,6",
    "01.11.2026;70,1;1010,500;520,0;148,0;0,6",
    "02.11.2026;70,1;1016,250;530,0;172,0;0,6",
    "03.11.2026;70,1;1022,000;540,0;196,0;0,6",
]


def csv_bytes(lines, *, encoding="cp1251", delimiter=";"):
    return "\r\n".join(line.replace(";", delimiter) for line in lines).encode(encoding)


def xlsx_bytes(rows):
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.mark.parametrize(
    "encoding,delimiter",
    [("cp1251", ";"), ("utf-8", ";"), ("utf-8-sig", ";"), ("utf-8", "\t"), ("cp1251", "\t")],
)
def test_a_daily_archive_of_totals_gives_the_last_days_values(encoding, delimiter):
    archive = archive_read(csv_bytes(DAILY_TOTALS, encoding=encoding, delimiter=delimiter), "tv7.csv")
    assert not archive.problems and archive.daily and not archive.increments
    month = archive.month
    assert (month.period, month.taken_on, month.heat, month.water, month.hours, month.days) == (
        NOV,
        datetime.date(2026, 11, 3),
        Decimal("1022.000"),
        Decimal("540.0"),
        Decimal("196.0"),
        3,
    )
    codes = [w.code for w in archive.warnings]
    assert codes == ["archive_kind", "unknown_column", "earlier_months", "month_incomplete"]
    assert "значения нарастающим итогом" in archive.warnings[0].message
    assert archive.warnings[1].message == "Столбцы «P1, МПа» не распознаны и не учитываются."
    assert archive.mentions_serial("0412857") and not archive.mentions_serial("041285")


def test_a_comma_separated_archive_with_decimal_points():
    lines = ["Дата,Q,V,ВНР", "01.11.2026,10.5,3.0,24", "02.11.2026,11.5,3.0,48"]
    archive = archive_read("\n".join(lines).encode(), "")
    assert not archive.problems and archive.month.heat == Decimal("11.5")


def test_a_daily_archive_of_increments_is_summed_and_said_so():
    lines = [
        "Дата;Q, Гкал;V, м3;Время, ч",
        "01.11.2026;5,100;10;24",
        "02.11.2026;4,200;12;24",
        "03.11.2026;6,300;9;24",
        "04.11.2026;5,000;11;23",
    ]
    archive = archive_read(csv_bytes(lines))
    assert not archive.problems and archive.increments
    assert (archive.month.heat, archive.month.water, archive.month.hours) == (
        Decimal("20.600"),
        Decimal("42"),
        Decimal("95"),
    )
    assert "приращения за каждую строку — они суммируются за месяц" in archive.warnings[0].message


def test_a_counter_going_backwards_is_refused_with_the_day_and_values():
    lines = DAILY_TOTALS[:-1] + ["03.11.2026;70,1;1015,000;540,0;196,0;0,6"]
    archive = archive_read(csv_bytes(lines))
    assert [p.code for p in archive.problems] == ["decreasing"]
    assert archive.problems[0].message == (
        "Столбец «Q1, Гкал»: 03.11.2026 — 1 015,000, меньше, чем 02.11.2026 — 1 016,250: показания нарастающим "
        "итогом не могут уменьшаться. Проверьте вычислитель или архив."
    )
    assert archive.month is None


def test_hours_going_backwards_in_an_archive_of_totals_are_refused_too():
    lines = DAILY_TOTALS[:-1] + ["03.11.2026;70,1;1022,000;540,0;150,0;0,6"]
    archive = archive_read(csv_bytes(lines))
    assert [p.code for p in archive.problems] == ["decreasing"] and "«Тр, ч»" in archive.problems[0].message


def test_a_monthly_xlsx_with_real_dates_and_numbers():
    rows = [
        ["ВКТ-7, заводской номер", "77-0193"],
        [],
        ["Дата", "t1, °C", "Q, Гкал", "M1, т", "ВНР, ч"],
        [datetime.datetime(2026, 9, 1), 65.0, 4000.25, 15000.0, 100000],
        [datetime.datetime(2026, 10, 1), 61.0, 4080.5, 15200.0, 100744],
        [datetime.datetime(2026, 11, 1), 58.0, 4190.75, 15400.0, 101464],
        ["Итого", None, 190.5, None, None],
    ]
    archive = archive_read(xlsx_bytes(rows), "vkt.xlsx")
    assert not archive.problems and not archive.daily and not archive.increments
    month = archive.month
    assert (month.period, month.taken_on, month.heat, month.hours) == (
        NOV,
        datetime.date(2026, 11, 30),
        Decimal("4190.75"),
        Decimal("101464"),
    )
    assert archive.mentions_serial("77-0193") and "Архив месячный" in archive.warnings[0].message


def test_the_samples_in_docs_read_as_the_demo_units_november():
    daily = archive_read((SAMPLES / "archive_TV7_daily.csv").read_bytes(), "archive_TV7_daily.csv")
    monthly = archive_read((SAMPLES / "archive_VKT7_monthly.xlsx").read_bytes(), "archive_VKT7_monthly.xlsx")
    assert not daily.problems and not monthly.problems
    assert daily.month.period == monthly.month.period == NOV and daily.month.days == 30
    assert daily.mentions_serial("0412857") and monthly.mentions_serial("77-0193")


@pytest.mark.parametrize(
    "content",
    [
        b"",
        bytes(range(256)) * 40,
        b"\x00\x01\x02garbage\x00" * 100,
        b"PK\x03\x04 not really a workbook" * 10,
        b"%PDF-1.4 a document",
        "Просто текст без таблицы\nи еще строка".encode("cp1251"),
        "Дата;Сумма\n01.11.2026;5".encode(),
    ],
    ids=["empty", "bytes", "binary", "broken-xlsx", "pdf", "text", "no-q"],
)
def test_garbage_is_refused_with_a_russian_reason(content):
    archive = archive_read(content, "x.csv")
    assert [p.code for p in archive.problems] == ["bad_file"] and archive.month is None
    assert archive.problems[0].message.startswith(("Файл пуст", "Файл не похож на архив тепловычислителя"))


def test_a_value_that_is_not_a_number_names_the_line_and_column():
    lines = ["Дата;Q, Гкал", "01.11.2026;10,0", "02.11.2026;12,x"]
    archive = archive_read(csv_bytes(lines))
    assert [p.message for p in archive.problems] == ["Строка 3, столбец «Q, Гкал»: «12,x» — не число."]


@pytest.mark.parametrize(
    "title,kind",
    [
        ("Дата", "date"),
        ("Дата/время", "date"),
        ("Q1, Гкал", "heat"),
        ("Qо", "heat"),
        ("M1, т", "water"),
        ("V2, м3", "water"),
        ("t1, °C", "temperature"),
        ("T2", "temperature"),
        ("Тр, ч", "hours"),
        ("Время работы", "hours"),
        ("ВНР, ч", "hours"),
        ("P1, МПа", None),
    ],
)
def test_column_kinds_by_title(title, kind):
    assert column_kind(title) == kind


def test_dates_and_numbers_as_the_programs_write_them():
    assert archive_date("01.11.2026 23:59") == datetime.date(2026, 11, 1)
    assert archive_date("01.11.26") == datetime.date(2026, 11, 1)
    assert archive_date("2026-11-30") == datetime.date(2026, 11, 30)
    assert archive_date("11.2026") == NOV and archive_date("Ноябрь 2026") == NOV and archive_date("2026,11") == NOV
    assert archive_date("31.02.2026") is None and archive_date("Итого") is None
    assert archive_number("1 234,567") == Decimal("1234.567") and archive_number("-") is None
    with pytest.raises(ValueError):
        archive_number("12 Гкал")
