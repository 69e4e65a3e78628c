"""Writing billing files the way the billing side may write them, for tests."""

import csv
import io
from pathlib import Path

from openpyxl import Workbook


def write_csv(path: Path, rows: list[list], *, encoding: str = "utf-8", delimiter: str = ";") -> Path:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def write_xlsx(path: Path, rows: list[list]) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    workbook.create_sheet("Второй лист").append(["ignored"])
    workbook.save(path)
    return path


GUIDE_PAYMENTS = [
    [
        "Код",
        "№ договора",
        "№ документа оплаты",
        "Дата оплаты",
        "Отчетный период",
        "Сумма оплаты",
        "Вид реализации",
        "Назначение платежа",
    ],
    [
        "P-86",
        "05 Т",
        "86",
        "17.04.15",
        "2015,04",
        "7 220,27",
        "Аванс",
        "Оплата услуг подачи теплоэнергии ... аванс за 1 пол.апреля 2015г.по сч.374/70 от 26.03.15 Сумма 7220-27 В т.ч. НДС (18%) 1101-40",
    ],
    [
        "P-74",
        "05 Т",
        "74",
        "30.03.15",
        "2015,03",
        "16 503,48",
        "Аванс",
        "Оплата услуг подачи теплоэнергии ... аванс за 2 пол.марта 2015г.по счету №1154/70 от 20.02.2015г. Сумма 16503-48 В т.ч. НДС (18%) 2517-48",
    ],
]
