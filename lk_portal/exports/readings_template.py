"""The portal's own readings template (XLSX): one row per metering unit, filled in and uploaded back.

The header row's titles are `TEMPLATE_COLUMNS` (exchange/readings_template.py reads the file by them);
the unit's code, address and calculator are filled in, and the period the unit's window is open for.
"""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from lk_portal.domain.readings import TEMPLATE_COLUMNS

from .table import neutralise

TEMPLATE_TITLE = "Показания узлов учета тепловой энергии"
HEADER_ROW = 4


@dataclass(frozen=True)
class TemplateUnit:
    unit_id: str
    address: str
    calculator: str
    period: datetime.date


def render_readings_template(units: list[TemplateUnit], *, abonent: str) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Показания"
    sheet["A1"] = TEMPLATE_TITLE
    sheet["A1"].font = Font(bold=True)
    sheet["A2"] = neutralise(
        f"{abonent}. Заполните значения нарастающим итогом и загрузите файл в личном кабинете "
        "(«Узлы учета» → «Передать показания»)."
    )
    for index, (_, title, width) in enumerate(TEMPLATE_COLUMNS, start=1):
        cell = sheet.cell(row=HEADER_ROW, column=index, value=title)
        cell.font = Font(bold=True)
        sheet.column_dimensions[get_column_letter(index)].width = width
    for number, unit in enumerate(units, start=HEADER_ROW + 1):
        sheet.cell(row=number, column=1, value=neutralise(unit.unit_id))
        sheet.cell(row=number, column=2, value=neutralise(unit.address))
        sheet.cell(row=number, column=3, value=neutralise(unit.calculator))
        sheet.cell(row=number, column=4, value=f"{unit.period:%m.%Y}").number_format = "@"
        for column in (5,):
            sheet.cell(row=number, column=column).number_format = "DD.MM.YYYY"
        for column in (6, 7):
            sheet.cell(row=number, column=column).number_format = "0.000"
        sheet.cell(row=number, column=8).number_format = "0.0"
    sheet.freeze_panes = sheet.cell(row=HEADER_ROW + 1, column=1)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
