"""Benchmark of the export renderers against their floors, measured in the same run (issue 14 items 1, 2).

    .venv/bin/python bench/bench_exports.py [--rows 200000] [--pdf-rows 20000] [--rounds 3]

The same typed rows (as the Оплата grid streams them: number, date, period, amount, kind, purpose)
go to our renderer and to its floor:
- CSV: ours (`stream_csv`: Russian decimal commas, dates, periods as text, the formula guard) against
  the csv module writing the same values with `;`;
- XLSX: ours (`stream_xlsx`: styles, print setup, outline) against openpyxl's write-only mode
  appending the same values;
- PDF: ours (`stream_pdf_table`, drawn page by page) against a plain reportlab `LongTable` of the
  same formatted cells in the same font, with its header repeated.
Each prints seconds, the ratio to its floor, and the peak of Python allocations (tracemalloc) for ours.
"""

import argparse
import csv
import datetime
import io
import os
import statistics
import sys
import time
import tracemalloc
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from openpyxl import Workbook  # noqa: E402
from reportlab.lib.pagesizes import A4, landscape  # noqa: E402
from reportlab.lib.units import mm  # noqa: E402
from reportlab.platypus import LongTable, SimpleDocTemplate, TableStyle  # noqa: E402

from lk_portal.exports.csv_export import stream_csv  # noqa: E402
from lk_portal.exports.pdf_table import FONT, FONT_SIZE, register_fonts, stream_pdf_table  # noqa: E402
from lk_portal.exports.table import ExportColumn, ExportGroup, ExportTable  # noqa: E402
from lk_portal.exports.xlsx import stream_xlsx  # noqa: E402
from lk_portal.formatting import DATE, MONEY, PERIOD, format_value  # noqa: E402

COLUMNS = [
    ExportColumn("Номер", width=0.8),
    ExportColumn("Дата оплаты", DATE, 0.9),
    ExportColumn("Период", PERIOD, 0.8),
    ExportColumn("Сумма, руб.", MONEY, 1.0),
    ExportColumn("Вид реализации", width=1.2),
    ExportColumn("Назначение платежа", width=2.5),
]


def rows(n: int) -> list[list]:
    start = datetime.date(2015, 1, 1)
    out = []
    for i in range(n):
        day = start + datetime.timedelta(days=i % 3650)
        out.append(
            [
                str(1000 + i),
                day,
                f"{day.year},{day.month:02d}",
                Decimal(f"{(i * 7919) % 1000000}.{i % 100:02d}"),
                "Аванс" if i % 3 else "Тепловая энергия",
                f"Оплата по счету № {i} за тепловую энергию" if i % 5 else "Оплата",
            ]
        )
    return out


def table(data: list[list], *, once: bool = False) -> ExportTable:
    """The rows as a table; with `once` they are handed over one by one, as from a database cursor."""
    return ExportTable(
        title="Оплата",
        heading=["Абонент: ООО «Бенчмарк»", "ИНН: 1655000000", "Отбор: без отбора"],
        columns=COLUMNS,
        items=(list(row) for row in data) if once else iter(data),
        totals=ExportGroup(level=-1, label=f"Итого (записей: {len(data)})", sums={3: sum(r[3] for r in data)}),
        size=len(data),
    )


def timed(fn) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def drain(chunks) -> int:
    return sum(len(chunk) for chunk in chunks)


def csv_floor(data) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([c.title for c in COLUMNS])
    writer.writerows(data)
    buffer.getvalue().encode("utf-8-sig")


def xlsx_floor(data) -> None:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Лист1")
    sheet.append([c.title for c in COLUMNS])
    for row in data:
        sheet.append(row)
    book.save(io.BytesIO())


def pdf_floor(data) -> None:
    register_fonts(settings.FONT_DIR)
    page = landscape(A4)
    usable = page[0] - 20 * mm
    weights = [c.width for c in COLUMNS]
    cells = [[c.title for c in COLUMNS]]
    cells += [[format_value(c.kind, v) for c, v in zip(COLUMNS, row, strict=True)] for row in data]
    grid = LongTable(cells, colWidths=[usable * w / sum(weights) for w in weights], repeatRows=1)
    grid.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), FONT), ("FONTSIZE", (0, 0), (-1, -1), FONT_SIZE)]))
    doc = SimpleDocTemplate(io.BytesIO(), pagesize=page, leftMargin=10 * mm, rightMargin=10 * mm)
    doc.build([grid])


def peak_of(fn) -> int:
    tracemalloc.start()
    fn()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak


def compare(name: str, ours, floor, rounds: int) -> float:
    ratios = []
    for number in range(1, rounds + 1):
        floor_s, ours_s = timed(floor), timed(ours)
        ratios.append(ours_s / floor_s)
        print(f"{name} round {number}: ours {ours_s:.2f} s, floor {floor_s:.2f} s, ratio {ours_s / floor_s:.2f}×")
    ratio = statistics.median(ratios)
    print(f"{name}: median ratio {ratio:.2f}× (target ≤ 1.5×)")
    return ratio


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--pdf-rows", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--memory", action="store_true", help="also the peak Python allocations of ours")
    args = parser.parse_args()
    data = rows(args.rows)
    pdf_data = data[: args.pdf_rows]
    results = {
        "CSV": compare("CSV", lambda: drain(stream_csv(table(data))), lambda: csv_floor(data), args.rounds),
        "XLSX": compare("XLSX", lambda: drain(stream_xlsx(table(data))), lambda: xlsx_floor(data), args.rounds),
        "PDF": compare(
            f"PDF {args.pdf_rows} rows",
            lambda: drain(stream_pdf_table(table(pdf_data))),
            lambda: pdf_floor(pdf_data),
            1,
        ),
    }
    for size in (2000, 5000, 10000, args.pdf_rows):
        if size <= args.pdf_rows:
            seconds = timed(lambda s=size: drain(stream_pdf_table(table(data[:s]))))
            print(f"PDF ours {size} rows: {seconds:.2f} s ({seconds / size * 1e6:.0f} µs a row)")
    if args.memory:
        for name, fn in (
            ("CSV", lambda: drain(stream_csv(table(data, once=True)))),
            ("PDF", lambda: drain(stream_pdf_table(table(pdf_data, once=True)))),
        ):
            print(f"{name} ours: peak Python allocations {peak_of(fn) / 2**20:.1f} MiB")
    print("summary: " + ", ".join(f"{k} {v:.2f}×" for k, v in results.items()))


if __name__ == "__main__":
    main()
