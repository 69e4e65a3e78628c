"""The reconciliation act as a file: the printed PDF (xhtml2pdf, templates/documents/) and an XLSX
workbook with numbers as numbers and dates as dates. Both read the act as it reads
(lk_portal.presentation.reconciliation); the formats' content types are in EXPORT_FORMATS."""

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from lk_portal.formatting import DATE, MONEY, TEXT
from lk_portal.presentation.reconciliation import SUPPLIER, ReconciliationActText

from .files import written_chunks
from .html_pdf import render_pdf
from .office import sheet_print_setup
from .pdf_table import write_pdf_table
from .table import DATE_FORMAT, MONEY_FORMAT, ExportColumn, ExportGroup, ExportTable, neutralise
from .xlsx import write_xlsx

# Up to this many lines the act is its printed form (xhtml2pdf; a styled workbook); a longer one is drawn page by
# page (PDF) or written row by row (openpyxl write-only XLSX), so memory stays bounded whatever the period.
HTML_PDF_MAX_LINES = 300

THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


def render_act_pdf(act: ReconciliationActText) -> bytes:
    return render_pdf("documents/reconciliation_act.html", {"act": act, "supplier": SUPPLIER})


def render_act_xlsx(act: ReconciliationActText) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "Акт сверки"
    bold = Font(bold=True)
    ws.append(["Акт сверки взаимных расчетов"])
    ws["A1"].font = Font(bold=True, size=13)
    ws.append(
        [
            f"{act.period} между {SUPPLIER} "
            f"и {act.abonent.name} (ИНН {act.abonent.inn}, КПП {act.abonent.kpp}) {act.subject}"
        ]
    )
    ws.append([])
    header_row = 4  # under the title, the subject and an empty line (max_row does not count an empty row)
    ws.append([f"По данным {SUPPLIER}, руб.", None, None, None, f"По данным {act.abonent.name}, руб."])
    ws.append(["Дата", "Документ", "Дебет", "Кредит", "Дата", "Документ", "Дебет", "Кредит"])
    # Landscape, fitted to the width (Дебет and Кредит on the first page), the two header rows on every page.
    sheet_print_setup(ws, header_rows=(header_row, header_row + 1))
    ws.merge_cells(start_row=header_row, start_column=1, end_row=header_row, end_column=4)
    ws.merge_cells(start_row=header_row, start_column=5, end_row=header_row, end_column=8)
    for row in ws.iter_rows(min_row=header_row, max_row=header_row + 1, max_col=8):
        for cell in row:
            cell.font = bold
            cell.border = BOX
            cell.alignment = Alignment(horizontal="center", wrap_text=True)

    def add(date, title, debit, credit, *, strong=False):
        ws.append([date, neutralise(title), debit, credit, None, None, None, None])
        r = ws.max_row
        for col in range(1, 9):
            cell = ws.cell(row=r, column=col)
            cell.border = BOX
            if strong:
                cell.font = bold
        ws.cell(row=r, column=1).number_format = DATE_FORMAT
        ws.cell(row=r, column=3).number_format = MONEY_FORMAT
        ws.cell(row=r, column=4).number_format = MONEY_FORMAT

    add(act.date_from, "Сальдо начальное", act.opening_debit, act.opening_credit, strong=True)
    for line in act.lines:
        title = line.title if act.contract is not None else f"{line.title} (дог. № {line.contract_number})"
        add(line.date, title, line.debit, line.credit)
    add(None, "Обороты за период", act.debit_total, act.credit_total, strong=True)
    add(act.date_to, "Сальдо конечное", act.closing_debit, act.closing_credit, strong=True)

    ws.append([])
    ws.append([act.conclusion])
    ws.append([])
    ws.append([f"От {SUPPLIER}", None, None, None, f"От {act.abonent.name}"])
    ws.append(
        ["Руководитель ____________ / ____________ /", None, None, None, "Руководитель ____________ / ____________ /"]
    )
    ws.append(
        [
            "Главный бухгалтер ____________ / ____________ /",
            None,
            None,
            None,
            "Главный бухгалтер ____________ / ____________ /",
        ]
    )
    ws.append(["М.П.", None, None, None, "М.П."])
    for col, width in zip(range(1, 9), (12, 48, 15, 15, 12, 30, 15, 15), strict=True):
        ws.column_dimensions[get_column_letter(col)].width = width
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


ACT_RENDERERS = {"pdf": render_act_pdf, "xlsx": render_act_xlsx}  # export code → renderer of the act


def act_table(act: ReconciliationActText) -> ExportTable:
    """A long act as a table for the page-by-page PDF: the balances and turnovers as bold lines, the
    conclusion and the signatures under it."""
    columns = [ExportColumn("Дата", DATE, 0.8), ExportColumn("Документ", TEXT, 3.2)]
    columns += [ExportColumn("Дебет, руб.", MONEY, 1.1), ExportColumn("Кредит, руб.", MONEY, 1.1)]

    def balance(label: str, debit, credit) -> ExportGroup:
        return ExportGroup(level=0, label=label, sums={2: debit, 3: credit})

    def items():
        yield balance(f"Сальдо начальное на {act.date_from:%d.%m.%Y}", act.opening_debit, act.opening_credit)
        for line in act.lines:
            title = line.title if act.contract is not None else f"{line.title} (дог. № {line.contract_number})"
            yield [line.date, title, line.debit, line.credit]
        yield balance("Обороты за период", act.debit_total, act.credit_total)

    return ExportTable(
        title="Акт сверки взаимных расчетов",
        heading=[
            f"{act.period} между {SUPPLIER} и {act.abonent.name} (ИНН {act.abonent.inn}, КПП {act.abonent.kpp})",
            f"{act.subject}; по данным {SUPPLIER}, руб.",
        ],
        columns=columns,
        items=items(),
        totals=ExportGroup(
            level=-1,
            label=f"Сальдо конечное на {act.date_to:%d.%m.%Y}",
            sums={2: act.closing_debit, 3: act.closing_credit},
        ),
        footer=[
            act.conclusion,
            "",
            f"От {SUPPLIER}: Руководитель ____________ / ____________ /   Главный бухгалтер ____________ / ____________ /   М.П.",
            f"От {act.abonent.name}: Руководитель ____________ / ____________ /   Главный бухгалтер ____________ / ____________ /   М.П.",
        ],
    )


def stream_act(code: str, act: ReconciliationActText, *, lines: int):
    """The act's file in chunks: a short one in its printed form, a long one page by page (PDF) or row by row
    (write-only XLSX, the grid's layout with the balances in bold and the conclusion under the table)."""
    if code == "pdf" and lines > HTML_PDF_MAX_LINES:
        return written_chunks(write_pdf_table, act_table(act))
    if code == "xlsx" and lines > HTML_PDF_MAX_LINES:
        return written_chunks(write_xlsx, act_table(act))
    if code == "pdf":
        return iter([render_act_pdf(act)])
    return written_chunks(lambda a, out: out.write(render_act_xlsx(a)), act)
