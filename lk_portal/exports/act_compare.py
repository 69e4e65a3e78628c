"""The comparison of two reconciliation acts as an XLSX workbook: what «Отправить расхождения» attaches.

One sheet «Сравнение»: the heading, the summary, the balances, then the groups «Суммы расходятся»,
«Есть только в нашем акте», «Есть только в вашем акте», «Совпадают», our line beside theirs; dates and
amounts as real dates and numbers, texts through the formula guard.
"""

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from lk_portal.presentation.act_compare import ComparisonText, Side
from lk_portal.presentation.reconciliation import SUPPLIER

from .office import sheet_print_setup
from .table import DATE_FORMAT, MONEY_FORMAT, neutralise

HEADERS = (
    "Дата",
    "Документ (наш акт)",
    "Дебет",
    "Кредит",
    "Дата",
    "Документ (ваш акт)",
    "Строка",
    "Дебет",
    "Кредит",
    "Разница",
)
WIDTHS = (11, 44, 13, 13, 11, 44, 8, 13, 13, 13)
GROUP_FILL = PatternFill("solid", fgColor="E8EEF4")
MONEY_COLUMNS = (3, 4, 8, 9, 10)


def _side(side: Side | None, *, theirs: bool) -> list:
    if side is None:
        return [None] * (5 if theirs else 4)
    cells = [side.date, neutralise(side.title)]
    if theirs:
        cells.append(side.row)
    return [*cells, side.debit, side.credit]


def render_comparison_xlsx(text: ComparisonText) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "Сравнение"
    bold = Font(bold=True)
    ws.append(["Сравнение актов сверки взаимных расчетов"])
    ws["A1"].font = Font(bold=True, size=13)
    ws.append([f"за период {text.period} {text.subject}"])
    ws.append([f"Наш акт: по данным {SUPPLIER}; ваш акт: по данным {text.their_name}"])
    ws.append([text.summary])
    ws["A4"].font = bold
    ws.append([])
    for balance in text.balances:
        ws.append([balance.title, f"у нас: {balance.ours_text}", None, None, None, f"у вас: {balance.theirs_text}"])
        ws.cell(row=ws.max_row, column=1).font = bold
    for note in text.notes:
        ws.append([neutralise(note)])
    ws.append([])
    header_row = ws.max_row + 1
    ws.append(list(HEADERS))
    sheet_print_setup(ws, header_rows=(header_row, header_row))
    for cell in ws[header_row]:
        cell.font = bold
        cell.alignment = Alignment(horizontal="center", wrap_text=True)
    for group in text.groups:
        ws.append([f"{group.title}: {group.count}"])
        for cell in ws[ws.max_row][: len(HEADERS)]:
            cell.font, cell.fill = bold, GROUP_FILL
        for row in group.rows:
            ws.append([*_side(row.ours, theirs=False), *_side(row.theirs, theirs=True), row.difference])
            current = ws[ws.max_row]
            for column in (1, 5):
                current[column - 1].number_format = DATE_FORMAT
            for column in MONEY_COLUMNS:
                current[column - 1].number_format = MONEY_FORMAT
    for index, width in enumerate(WIDTHS, start=1):
        ws.column_dimensions[ws.cell(row=1, column=index).column_letter].width = width
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
