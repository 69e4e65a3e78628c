"""An act in the layout 1С:Бухгалтерия prints «Акт сверки взаимных расчетов» to XLSX.

The layout, as 1С 8.3 writes it: the title over a few lines («Акт сверки», «взаимных расчетов за
период: 01.01.2015 - 30.06.2015», «между …», «и …», «по договору …»), the two parties' blocks side by
side — «По данным <организация>, руб.» and «По данным <контрагент>, руб.» — each with Дата / Документ /
Дебет / Кредит over merged cells of a fine column grid, the lines «Сальдо начальное», the documents,
«Обороты за период», «Сальдо конечное», and the conclusion and signatures under them.

It makes the demo abonent's sample act (docs/samples/) and the acts the tests read; the portal's own
act is exports/reconciliation.py.
"""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass, field
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side

from lk_portal.formatting import format_date, format_money

THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
DATE_FORMAT_1C = "DD.MM.YYYY"
MONEY_FORMAT_1C = "# ##0.00"
# A block's four columns on 1С's grid of narrow columns: (first, last) relative to the block's start.
GRID_1C = ((0, 2), (3, 10), (11, 13), (14, 16))


@dataclass(frozen=True)
class Act1CLine:
    date: datetime.date
    text: str
    debit: Decimal | None
    credit: Decimal | None


@dataclass
class Act1C:
    """One act as its owner's books hold it: `lines` on the owner's side, the other side left empty."""

    own_name: str
    other_name: str
    date_from: datetime.date
    date_to: datetime.date
    contract_text: str
    opening: Decimal  # debit − credit
    lines: list[Act1CLine] = field(default_factory=list)
    other_lines: list[Act1CLine] | None = None  # the counterparty's side, if filled in
    start_column: int = 2  # where the owner's block begins (1С leaves column A narrow and empty)
    grid: tuple = GRID_1C
    as_text: bool = False  # dates and amounts written as text («17.04.2015», «7 220,27»)
    own_first: bool = True  # the owner's block on the left (as 1С prints it)

    @property
    def debit_total(self) -> Decimal:
        return sum((line.debit for line in self.lines if line.debit is not None), Decimal("0.00"))

    @property
    def credit_total(self) -> Decimal:
        return sum((line.credit for line in self.lines if line.credit is not None), Decimal("0.00"))

    @property
    def closing(self) -> Decimal:
        return self.opening + self.debit_total - self.credit_total


class _Sheet:
    """Writing one block's cells on 1С's grid of merged columns."""

    def __init__(self, ws, act: Act1C):
        self.ws, self.act = ws, act
        width = act.grid[-1][1] + 1
        own, other = act.start_column, act.start_column + width
        self.own, self.other = (own, other) if act.own_first else (other, own)
        self.end = act.start_column + 2 * width - 1

    def merged(self, row: int, first: int, last: int, value, *, bold=False, fmt=None, center=False):
        ws = self.ws
        if last > first:
            ws.merge_cells(start_row=row, start_column=first, end_row=row, end_column=last)
        cell = ws.cell(row=row, column=first, value=value)
        cell.font = Font(bold=bold, size=9)
        cell.alignment = Alignment(horizontal="center" if center else None, wrap_text=True, vertical="top")
        if fmt:
            cell.number_format = fmt
        for column in range(first, last + 1):
            ws.cell(row=row, column=column).border = BOX
        return cell

    def date(self, value: datetime.date):
        return format_date(value) if self.act.as_text else value

    def money(self, value: Decimal | None):
        if value is None:
            return None
        return format_money(value) if self.act.as_text else value

    def block_row(self, row: int, block: int, cells, *, bold=False, label=False) -> None:
        """Дата / Документ / Дебет / Кредит of one block; a label spans Дата and Документ."""
        grid = self.act.grid
        date, text, debit, credit = cells
        if label:
            self.merged(row, block + grid[0][0], block + grid[1][1], text, bold=bold)
        else:
            self.merged(row, block + grid[0][0], block + grid[0][1], self.date(date), fmt=DATE_FORMAT_1C)
            self.merged(row, block + grid[1][0], block + grid[1][1], text)
        for (first, last), value in zip(grid[2:], (debit, credit), strict=True):
            self.merged(row, block + first, block + last, self.money(value), bold=bold, fmt=MONEY_FORMAT_1C)


def _balance_cells(balance: Decimal) -> tuple[Decimal | None, Decimal | None]:
    return (balance, None) if balance > 0 else (None, -balance if balance < 0 else None)


def _title(sheet: _Sheet, act: Act1C) -> int:
    ws, first = sheet.ws, act.start_column
    lines = [
        ("Акт сверки", True),
        (f"взаимных расчетов за период: {format_date(act.date_from)} - {format_date(act.date_to)}", True),
        (f"между {act.own_name}", False),
        (f"и {act.other_name}", False),
        (act.contract_text, False),
    ]
    for row, (text, bold) in enumerate(lines, start=1):
        ws.merge_cells(start_row=row, start_column=first, end_row=row, end_column=sheet.end)
        cell = ws.cell(row=row, column=first, value=text)
        cell.font = Font(bold=bold, size=12 if row == 1 else 9)
        cell.alignment = Alignment(horizontal="center")
    ws.merge_cells(start_row=7, start_column=first, end_row=7, end_column=sheet.end)
    ws.cell(
        row=7,
        column=first,
        value=(
            f"Мы, нижеподписавшиеся, Главный бухгалтер {act.own_name} ____________, с одной стороны, "
            f"и Главный бухгалтер {act.other_name} ____________, с другой стороны, составили настоящий акт "
            "сверки в том, что состояние взаимных расчетов по данным учета следующее:"
        ),
    ).alignment = Alignment(wrap_text=True)
    ws.row_dimensions[7].height = 36
    return 9


def _block(sheet: _Sheet, row: int, block: int, lines: list[Act1CLine] | None, opening: Decimal, *, rows: int) -> int:
    """The block's lines from `row` (`rows` of them, both blocks alike); the counterparty's, not filled, is empty."""
    filled = lines is not None
    lines = lines or []
    opening_cells = _balance_cells(opening) if filled else (None, None)
    sheet.block_row(row, block, (None, "Сальдо начальное", *opening_cells), bold=True, label=True)
    for offset, line in enumerate(lines, start=1):
        sheet.block_row(row + offset, block, (line.date, line.text, line.debit, line.credit))
    row += rows + 1
    debit = sum((line.debit for line in lines if line.debit is not None), Decimal("0.00"))
    credit = sum((line.credit for line in lines if line.credit is not None), Decimal("0.00"))
    totals = (debit, credit) if filled else (None, None)
    sheet.block_row(row, block, (None, "Обороты за период", *totals), bold=True, label=True)
    closing = _balance_cells(opening + debit - credit) if filled else (None, None)
    sheet.block_row(row + 1, block, (None, "Сальдо конечное", *closing), bold=True, label=True)
    return row + 2


def _conclusion(sheet: _Sheet, act: Act1C, row: int) -> None:
    ws, first = sheet.ws, act.start_column
    closing = act.closing
    if closing == 0:
        debt = "задолженность отсутствует."
    else:
        creditor = act.other_name if closing < 0 else act.own_name
        debt = f"задолженность в пользу {creditor} {format_money(abs(closing))} руб."
    for offset, text in enumerate(
        (f"По данным {act.own_name}", f"на {format_date(act.date_to)} {debt}", "", f"От {act.own_name}"), start=1
    ):
        ws.merge_cells(start_row=row + offset, start_column=first, end_row=row + offset, end_column=sheet.end)
        ws.cell(row=row + offset, column=first, value=text or None)
    ws.cell(row=row + 6, column=first, value="Главный бухгалтер ________________ (                    )")
    ws.cell(row=row + 8, column=first, value="М.П.")


def render_act_1c(act: Act1C) -> bytes:
    """The act as 1С:Бухгалтерия saves its printed form to XLSX."""
    wb = Workbook()
    ws = wb.active
    ws.title = "TDSheet"  # the name 1С gives the sheet of a printed form
    sheet = _Sheet(ws, act)
    for column in range(1, sheet.end + 2):
        ws.column_dimensions[ws.cell(row=1, column=column).column_letter].width = 3.2
    row = _title(sheet, act)
    width = act.grid[-1][1] + 1
    for block, name in ((sheet.own, act.own_name), (sheet.other, act.other_name)):
        sheet.merged(row, block, block + width - 1, f"По данным {name}, руб.", bold=True, center=True)
        for (first, last), title in zip(act.grid, ("Дата", "Документ", "Дебет", "Кредит"), strict=True):
            sheet.merged(row + 1, block + first, block + last, title, bold=True, center=True)
    rows = max(len(act.lines), len(act.other_lines or ()))
    _block(sheet, row + 2, sheet.other, act.other_lines, -act.opening, rows=rows)
    _conclusion(sheet, act, _block(sheet, row + 2, sheet.own, act.lines, act.opening, rows=rows))
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
