"""Rows read into typed records by the columns of their kind (lk_portal/exchange/records.py)."""

import datetime
from decimal import Decimal

from lk_portal.exchange.header import read_header
from lk_portal.exchange.kinds import KINDS
from lk_portal.exchange.records import RecordReader

from .helpers import GUIDE_PAYMENTS

PAYMENTS = KINDS["payments"]


def _records(rows, kind=PAYMENTS):
    table = read_header(rows[0], kind=kind, name=f"{kind.name}.csv")
    return list(RecordReader(table).records(rows[1:]))


def test_the_guide_rows_are_typed_values():
    (number, record, problems), _ = _records(GUIDE_PAYMENTS)
    assert number == 2 and problems == []
    assert record == {
        "deleted": False,
        "external_id": "P-86",
        "contract_no": "05 Т",
        "number": "86",
        "date": datetime.date(2015, 4, 17),
        "period": datetime.date(2015, 4, 1),
        "amount": Decimal("7220.27"),
        "kind": "Аванс",
        "purpose": GUIDE_PAYMENTS[1][7],
    }


def test_row_problems_name_row_column_value_and_reason():
    rows = [GUIDE_PAYMENTS[0], GUIDE_PAYMENTS[1], ["P-2", "05 Т", "2", "31.02.15", "2015,4", "7,220.27", "", "x"]]
    number, _, problems = _records(rows)[1]
    assert number == 3
    texts = [str(p) for p in problems]
    assert texts[0].startswith("Файл «payments.csv», строка 3, столбец «Дата оплаты», значение «31.02.15»")
    assert any("столбец «Отчетный период», значение «2015,4»: ожидается период" in t for t in texts)
    assert any("столбец «Сумма оплаты», значение «7,220.27»: ожидается сумма" in t for t in texts)
    assert any("столбец «Вид реализации», значение «»: обязательное значение не заполнено" in t for t in texts)


def test_cells_are_trimmed_and_a_text_too_long_is_a_problem():
    rows = [GUIDE_PAYMENTS[0], ["  P-1 ", "05 Т", "1" * 51, "17.04.15", "2015,04", " 1,00 ", "Аванс", "   "]]
    (_, record, problems) = _records(rows)[0]
    assert record["external_id"] == "P-1" and record["amount"] == Decimal("1.00") and "purpose" not in record
    assert [p.message for p in problems] == ["слишком длинное значение: 51 символов, допустимо не больше 50"]


def test_extra_cells_beyond_the_header_are_a_row_problem_and_blank_rows_are_skipped():
    rows = [GUIDE_PAYMENTS[0], [*GUIDE_PAYMENTS[1], "лишнее"], [], ["", " ", ""], [*GUIDE_PAYMENTS[2], ""]]
    records = _records(rows)
    assert [number for number, _, _ in records] == [2, 5]
    assert "в строке 9 значений, а в заголовке 8 столбцов; проверьте разделители" in str(records[0][2][0])
    assert records[1][2] == []


def test_deleted_row_needs_only_its_key():
    rows = [
        [*GUIDE_PAYMENTS[0], "deleted"],
        ["P-1", "", "", "", "", "", "", "", "1"],
        ["", "", "", "", "", "", "", "", "1"],
        ["P-2", "", "", "", "", "", "", "", "да"],
    ]
    first, second, third = _records(rows)
    assert first[1] == {"deleted": True, "external_id": "P-1"} and first[2] == []
    assert "Код" in str(second[2][0])
    assert third[2][0].message == "ожидается 1 или 0" and third[1]["deleted"] is False


def test_xlsx_cells_of_numbers_and_dates():
    rows = [
        GUIDE_PAYMENTS[0],
        ("P-86", "05 Т", 86, datetime.datetime(2015, 4, 17), "2015,04", 7220.27, "Аванс", None),
        (None, None, None, None, None, None, None, None),
    ]
    ((_, record, problems),) = _records(rows)
    assert problems == [] and record["number"] == "86" and record["date"] == datetime.date(2015, 4, 17)
    assert record["amount"] == Decimal("7220.27") and "purpose" not in record
