import datetime
import io
from decimal import Decimal
from types import SimpleNamespace

from openpyxl import load_workbook
from pypdf import PdfReader

from lk_portal.exports.reconciliation import (
    ACT_RENDERERS,
    HTML_PDF_MAX_LINES,
    render_act_pdf,
    render_act_xlsx,
    stream_act,
)
from lk_portal.presentation.reconciliation import ActLineText, ReconciliationActText

D = datetime.date


def act(*lines, contract=None) -> ReconciliationActText:
    return ReconciliationActText(
        abonent=SimpleNamespace(name="ООО «Теплый дом»", inn="7707083893", kpp="773601001"),
        contract=contract,
        date_from=D(2015, 1, 1),
        date_to=D(2015, 12, 31),
        subject="по всем договорам",
        conclusion="По данным ОАО «Генерирующая компания» на 31.12.2015 задолженность отсутствует.",
        lines=list(lines),
        opening_debit=Decimal("100.00"),
        opening_credit=None,
        debit_total=Decimal("0.00"),
        credit_total=Decimal("100.00"),
        closing_debit=None,
        closing_credit=None,
    )


def test_xlsx_has_numbers_dates_and_the_formula_guard_of_every_export():
    lines = [
        ActLineText(D(2015, 3, 30), "Оплата (платежное поручение № 74 от 30.03.2015)", "05 Т", None, Decimal("100.00")),
        ActLineText(D(2015, 3, 31), "\t=HYPERLINK(1)", "05 Т", None, None),
    ]
    ws = load_workbook(io.BytesIO(render_act_xlsx(act(*lines)))).active
    rows = [row for row in ws.iter_rows(values_only=True)]
    assert rows[1][0].startswith("за период с 01.01.2015 по 31.12.2015 между ОАО «Генерирующая компания» и ООО")
    by_title = {row[1]: row for row in rows if row[1]}
    assert by_title["Сальдо начальное"][0] == datetime.datetime(2015, 1, 1) and by_title["Сальдо начальное"][2] == 100
    # all contracts: each line names its contract
    assert "Оплата (платежное поручение № 74 от 30.03.2015) (дог. № 05 Т)" in by_title
    assert "'\t=HYPERLINK(1) (дог. № 05 Т)" in by_title  # a tab start is a formula start too
    assert all(cell.data_type != "f" for row in ws.iter_rows() for cell in row)
    assert ws.merged_cells.ranges and ws.column_dimensions["B"].width == 48


def test_pdf_prints_the_act_and_the_signatures():
    text = " ".join(PdfReader(io.BytesIO(render_act_pdf(act()))).pages[0].extract_text().split())
    assert "Акт сверки взаимных расчетов" in text and "задолженность отсутствует" in text
    assert "От ООО «Теплый дом»" in text and "М.П." in text


def test_the_act_is_rendered_in_the_two_formats_the_page_offers():
    assert list(ACT_RENDERERS) == ["pdf", "xlsx"]


def test_a_long_act_is_written_row_by_row_with_its_balances_and_conclusion():
    lines = [
        ActLineText(D(2015, 1, 1) + datetime.timedelta(days=n % 365), f"Оплата № {n}", "05 Т", None, Decimal("1.00"))
        for n in range(HTML_PDF_MAX_LINES + 1)
    ]
    data = b"".join(stream_act("xlsx", act(*lines), lines=len(lines)))
    rows = [row for row in load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True)]
    titles = [str(row[1]) if row[1] is not None else str(row[0]) for row in rows if any(row)]
    assert "Сальдо начальное на 01.01.2015" in titles and "Обороты за период" in titles
    assert "Сальдо конечное на 31.12.2015" in titles
    assert sum(1 for t in titles if t.startswith("Оплата № ")) == len(lines)
    body = [row for row in rows if row[1] == "Оплата № 7 (дог. № 05 Т)"]
    assert body and body[0][3] == 1  # a number, not text
    assert any("задолженность отсутствует" in str(row[0]) for row in rows if row[0])
