import datetime
import io
from decimal import Decimal

import pytest
from openpyxl import Workbook

from lk_portal.exchange.act_1c import NOT_AN_ACT, Party, act_1c_read
from lk_portal.exchange.problems import FileRefused
from lk_portal.exports.act_1c import Act1C, Act1CLine, render_act_1c

D = datetime.date
M = Decimal
ABONENT = "ОАО «Теплопотребитель»"
SUPPLIER = "ОАО «Генерирующая компания»"
PARTY = Party(ABONENT, "1234567890", SUPPLIER)
LINES = [
    Act1CLine(D(2015, 3, 31), "Поступление (акт, накладная, УПД) (31.03.15 № 702222832/70)", None, M("30251.84")),
    Act1CLine(D(2015, 4, 17), "Оплата (17.04.15 № 86)", M("7220.27"), None),
]


def act(**layout) -> Act1C:
    return Act1C(
        own_name=ABONENT,
        other_name=SUPPLIER,
        date_from=D(2015, 1, 1),
        date_to=D(2015, 6, 30),
        contract_text="по договору 05 Т от 01.10.2004",
        opening=M("-1000.00"),
        lines=list(LINES),
        **layout,
    )


def test_reads_the_1c_layout_with_excel_dates_and_numbers():
    theirs = act_1c_read(render_act_1c(act()), PARTY)
    assert (theirs.own_name, theirs.other_name) == (ABONENT, SUPPLIER)
    assert (theirs.date_from, theirs.date_to) == (D(2015, 1, 1), D(2015, 6, 30))
    assert theirs.contract_text == "по договору 05 Т от 01.10.2004"
    assert [(line.date, line.text, line.debit, line.credit) for line in theirs.lines] == [
        (line.date, line.text, line.debit, line.credit) for line in LINES
    ]
    assert theirs.opening == M("-1000.00")
    assert (theirs.debit_total, theirs.credit_total) == (M("7220.27"), M("30251.84"))
    assert theirs.closing == M("-1000.00") + M("7220.27") - M("30251.84")


def test_reads_text_dates_and_amounts_in_other_columns_with_the_abonent_on_the_right():
    """«17.04.2015» and «7 220,27» as text, the blocks elsewhere on another grid, the abonent's block second."""
    layout = {"as_text": True, "start_column": 4, "grid": ((0, 1), (2, 7), (8, 9), (10, 12)), "own_first": False}
    theirs = act_1c_read(render_act_1c(act(**layout)), PARTY)
    assert theirs.own_name == ABONENT
    assert [(line.date, line.debit, line.credit) for line in theirs.lines] == [
        (D(2015, 3, 31), None, M("30251.84")),
        (D(2015, 4, 17), M("7220.27"), None),
    ]
    assert theirs.opening == M("-1000.00")


def test_the_supplier_block_filled_in_is_not_read():
    other = [Act1CLine(D(2015, 4, 17), "Оплата (17.04.15 № 86)", None, M("9999.99"))]
    theirs = act_1c_read(render_act_1c(act(other_lines=other)), PARTY)
    assert [line.debit for line in theirs.lines] == [None, M("7220.27")]


def test_an_unknown_name_is_read_as_the_block_that_is_not_the_suppliers():
    theirs = act_1c_read(render_act_1c(act(own_first=False)), Party("ООО «Иное имя»", "0000000000", SUPPLIER))
    assert theirs.own_name == ABONENT


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "это не файл XLSX"),
        (b"%PDF-1.4 garbage", "это не файл XLSX"),
        (b"PK\x03\x04garbage-not-a-zip", "поврежден"),
    ],
)
def test_garbage_is_refused_in_russian(content, message):
    with pytest.raises(FileRefused, match=message):
        act_1c_read(content, PARTY)


def test_a_foreign_workbook_is_refused_in_russian():
    wb = Workbook()
    wb.active.append(["Дата", "Номер", "Сумма"])
    wb.active.append([D(2015, 4, 17), "86", 7220.27])
    buffer = io.BytesIO()
    wb.save(buffer)
    with pytest.raises(FileRefused) as refused:
        act_1c_read(buffer.getvalue(), PARTY)
    assert str(refused.value) == NOT_AN_ACT


def test_an_unreadable_line_is_named_by_its_cell():
    bad = act(as_text=True)
    bad.lines = [Act1CLine(D(2015, 4, 17), "Оплата (17.04.15 № 86)", M("7220.27"), None)]
    content = render_act_1c(bad)
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(content))
    ws = wb.active
    for row in ws.iter_rows():
        for cell in row:
            if cell.value == "7 220,27":
                cell.value = "7 220,27,5"
                where = cell.coordinate
    buffer = io.BytesIO()
    wb.save(buffer)
    with pytest.raises(FileRefused) as refused:
        act_1c_read(buffer.getvalue(), PARTY)
    assert f"ячейка {where} «7 220,27,5»" in str(refused.value)
    assert "По данным ОАО «Теплопотребитель»" in str(refused.value)
