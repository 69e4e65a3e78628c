"""Writes the sample calculator archives of docs/samples/ from the demo's consumption (issue 17, item 7).

    DJANGO_SETTINGS_MODULE=config.settings.dev .venv/bin/python docs/samples/make_readings_samples.py

The totals continue the demo's readings (services/demo/readings.py: a counter start plus the running sums of the
demo's months), so the archives continue them: `archive_TV7_daily.csv` — ТВ7 № 0412857 (UU-05T-1), November 2026 day
by day, Windows-1251, `;`, as ТВ7's archive program writes it; `archive_VKT7_monthly.xlsx` — ВКТ-7 № 77-0193
(UU-05T-2), monthly records of 2026.
"""

import datetime
import sys
from decimal import Decimal
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
django.setup()

from openpyxl import Workbook  # noqa: E402

from lk_portal.services.demo.metering import UNITS, _noise, month_figures  # noqa: E402
from lk_portal.services.demo.readings import _totals  # noqa: E402
from lk_portal.services.demo.rows import add_months  # noqa: E402

HERE = Path(__file__).resolve().parent
MONTH = datetime.date(2026, 11, 1)


def totals_before(spec, month):
    """The unit's counters at the end of the month before `month`: the demo's readings (services/demo/readings.py)."""
    before = add_months(month, -1)
    _, heat, water, hours = _totals(spec, before)[before]
    return heat, water or Decimal(0), hours


def comma(value, places=3):
    return f"{value:.{places}f}".replace(".", ",")


def tv7_daily():
    spec = UNITS[0]
    heat, water, hours = totals_before(spec, MONTH)
    month_heat = month_figures(spec, MONTH)["heat_gcal"]
    weights = [Decimal(1) + Decimal(str(round(0.2 * _noise("d", day), 3))) for day in range(1, 31)]
    lines = [
        "ТВ7 Архив. Суточный архив;;;;;;;;;",
        "Тепловычислитель: ТВ7-04.1;Заводской номер: 0412857;;;;;;;;",
        "Объект: Административное здание, г. Казань, ул. Баумана, д. 19;;;;;;;;;",
        "Период: с 01.11.2026 по 30.11.2026;;;;;;;;;",
        "Тепловая система 1 (ТС1), схема: закрытая;;;;;;;;;",
        ";;;;;;;;;",
        "Дата;t1, °C;t2, °C;dt, °C;V1, м3;M1, т;M2, т;Q1, Гкал;Тр, ч;НС",
    ]
    given = Decimal(0)
    mass = Decimal(48210) + water
    for day in range(1, 31):
        share = (month_heat * weights[day - 1] / sum(weights)).quantize(Decimal("0.001"))
        given = month_heat if day == 30 else given + share
        mass += Decimal("61.482")
        t1 = 78 + 6 * _noise("t1", day)
        t2 = 47 + 3 * _noise("t2", day)
        lines.append(
            ";".join(
                [
                    f"{day:02d}.11.2026",
                    comma(t1, 2),
                    comma(t2, 2),
                    comma(t1 - t2, 2),
                    comma(mass * Decimal("1.03")),
                    comma(mass),
                    comma(mass - Decimal(day) * Decimal("0.211")),
                    comma(heat + given),
                    comma(hours + 24 * day, 1),
                    "",
                ]
            )
        )
    (HERE / "archive_TV7_daily.csv").write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1251"))


def vkt7_monthly():
    spec = UNITS[1]
    book = Workbook()
    sheet = book.active
    sheet.title = "Месячный архив"
    sheet.append(["ВКТ-7 — месячный архив"])
    sheet.append(["Заводской номер вычислителя", "77-0193"])
    sheet.append(["Объект", "Склад и гараж, г. Казань, ул. Пушкина, д. 5"])
    sheet.append([])
    sheet.append(["Дата", "t1, °C", "t2, °C", "V1, м³", "M1, т", "Q, Гкал", "ВНР, ч", "ВОС, ч"])
    for month_number in range(1, 12):
        period = datetime.date(2026, month_number, 1)
        heat, water, hours = totals_before(spec, add_months(period, 1))
        sheet.append(
            [
                period,
                round(70 + 5 * _noise("t1", period), 2),
                round(45 + 3 * _noise("t2", period), 2),
                float(water * Decimal("1.02")),
                float(water),
                float(heat),
                float(hours),
                0,
            ]
        )
        sheet.cell(row=sheet.max_row, column=1).number_format = "MM.YYYY"
    book.save(HERE / "archive_VKT7_monthly.xlsx")


if __name__ == "__main__":
    tv7_daily()
    vkt7_monthly()
