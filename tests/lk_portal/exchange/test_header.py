"""A file's first row mapped to its kind's columns (lk_portal/exchange/header.py)."""

import pytest

from lk_portal.exchange.header import read_header
from lk_portal.exchange.kinds import KINDS
from lk_portal.exchange.problems import FileRefused

from .helpers import GUIDE_PAYMENTS

PAYMENTS = KINDS["payments"]


def _keys(table):
    return [(index, column.key) for index, column in table.positions]


def test_english_keys_in_any_case_and_spaces_and_unknown_column_warns():
    cells = ["  EXTERNAL_ID ", "Contract_No", "number", "DATE", " period", "Amount", "kind", "Лишний столбец"]
    table = read_header(cells, kind=PAYMENTS, name="Payments.csv")
    assert table.warnings == ["Файл «Payments.csv»: неизвестный столбец «Лишний столбец» пропущен"]
    assert _keys(table) == [
        (0, "external_id"),
        (1, "contract_no"),
        (2, "number"),
        (3, "date"),
        (4, "period"),
        (5, "amount"),
        (6, "kind"),
    ]
    assert table.width == 8 and table.title("amount") == "Amount" and table.title("purpose") == "Назначение платежа"


def test_russian_titles_ignore_case_repeated_spaces_and_yo():
    cells = [
        "код",
        "№  ДОГОВОРА",
        "№ документа оплаты",
        "дата оплаты",
        "отчётный период",
        "СУММА ОПЛАТЫ",
        "Вид  реализации",
    ]
    table = read_header(cells, kind=PAYMENTS, name="payments.csv")
    assert [key for _, key in _keys(table)] == [c.key for c in PAYMENTS.columns if c.required]
    assert table.warnings == [] and table.title("period") == "отчётный период"


def test_deleted_is_known_where_rows_can_be_removed_and_empty_titles_are_skipped():
    table = read_header([*GUIDE_PAYMENTS[0], "", "Удален"], kind=PAYMENTS, name="payments.csv")
    assert _keys(table)[-1] == (9, "deleted") and table.warnings == []
    curators = read_header(["№ договора", "Должность", "ФИО", "Удален"], kind=KINDS["curators"], name="curators.csv")
    assert curators.warnings == ["Файл «curators.csv»: неизвестный столбец «Удален» пропущен"]


def test_missing_required_column_refuses_the_file():
    cells = [c for c in GUIDE_PAYMENTS[0] if c != "Сумма оплаты"]
    with pytest.raises(FileRefused, match="нет обязательного столбца: «Сумма оплаты» \\(amount\\)"):
        read_header(cells, kind=PAYMENTS, name="payments.csv")
    with pytest.raises(FileRefused, match="нет обязательных столбцов: «Код» \\(external_id\\), «Сумма оплаты»"):
        read_header(cells[1:], kind=PAYMENTS, name="payments.csv")


def test_duplicate_column_refuses_the_file():
    with pytest.raises(
        FileRefused, match="столбец «Сумма оплаты» \\(amount\\) указан дважды: «Сумма оплаты» и «amount»"
    ):
        read_header([*GUIDE_PAYMENTS[0], "amount"], kind=PAYMENTS, name="payments.csv")
