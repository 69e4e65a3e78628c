"""What office programs need of our files beyond the values: a CSV period that stays text, and a
sheet's print setup and outline (docs/decisions.md, «Exports as office programs expect them»).

CSV carries no types: Excel and LibreOffice Calc guess each cell, and in a Russian locale the
guide's period «2014,10» is the number 2014,1. Quoting does not help (both programs guess quoted
fields too), and a month name alone («октябрь 2014») or «10.2014» is taken for a date. The CSV
writes a period as «Октябрь 2014 г.»: a month, a year and «г.», which neither program reads as a
number or a date in any locale — tests/lk_portal/exports/test_office.py converts a CSV with
LibreOffice headless in the Russian locale and reads the cells back.

XLSX sheets print landscape on A4, fit to the page's width, repeat the column header on every
page, keep it frozen on screen, number the pages, and carry the grid's groups as Excel outline
levels (the header of a group above its rows, so a group folds under its header line).
"""

from __future__ import annotations

import datetime
import re

from openpyxl.worksheet.properties import Outline, PageSetupProperties

from .table import ExportGroup

MONTHS = (
    "Январь",
    "Февраль",
    "Март",
    "Апрель",
    "Май",
    "Июнь",
    "Июль",
    "Август",
    "Сентябрь",
    "Октябрь",
    "Ноябрь",
    "Декабрь",
)
PAPER_A4 = 9  # the paper sizes of SpreadsheetML: 9 is A4
_PERIOD_TEXT = re.compile(r"^(\d{4}),(\d{2})$")  # «2015,04», as lk_portal.formatting.format_period writes it


def csv_period(value) -> str:
    """A period for a CSV cell: date(2014, 10, 1) or «2014,10» → «Октябрь 2014 г.»; other text as it is."""
    if value is None or value == "":
        return ""
    if isinstance(value, datetime.date):
        year, month = value.year, value.month
    else:
        match = _PERIOD_TEXT.match(str(value))
        if not match or not 1 <= int(match.group(2)) <= 12:
            return str(value)
        year, month = int(match.group(1)), int(match.group(2))
    return f"{MONTHS[month - 1]} {year} г."


def sheet_print_setup(sheet, *, header_rows: tuple[int, int], grouped: bool = False) -> None:
    """Landscape A4 fitted to the width, the header rows `(first, last)` repeated on every printed page
    and frozen on screen, «Страница N из M» in the footer; with `grouped`, outline summaries above.

    Works on a write-only sheet too when called before its first row is written.
    """
    first, last = header_rows
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = PAPER_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0  # as many pages down as the rows need
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    sheet.page_margins.top = sheet.page_margins.bottom = 0.6
    sheet.print_options.gridLines = False
    sheet.print_title_rows = f"{first}:{last}"
    sheet.freeze_panes = f"A{last + 1}"
    sheet.oddFooter.center.text = "Страница &P из &N"
    if grouped:
        sheet.sheet_properties.outlinePr = Outline(summaryBelow=False, summaryRight=True)


class OutlineLevels:
    """The Excel outline level of each body line in order: a group header at its own level, the lines
    under it one deeper, the totals line at 0."""

    def __init__(self) -> None:
        self.depth = 0

    def level(self, item) -> int:
        if isinstance(item, ExportGroup):
            if item.level < 0:  # the totals line
                self.depth = 0
                return 0
            self.depth = item.level + 1
            return item.level
        return self.depth


def row_outline(sheet, row: int, level: int) -> None:
    """Give sheet row `row` its outline level before it is written (nothing for level 0)."""
    if level:
        sheet.row_dimensions[row].outline_level = level


def row_written(sheet, row: int) -> None:
    """Forget a written row's dimensions, so a long write-only sheet keeps none in memory."""
    sheet.row_dimensions.pop(row, None)
