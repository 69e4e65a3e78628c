import pytest

from lk_portal.exports.table import group_cells, neutralise
from tests.support.exports import export_table


@pytest.mark.parametrize("text", ["=1+1", "+7 843", "-2+3", "@SUM(A1)", "\tx", "\r=1"])
def test_formula_starts_are_neutralised(text):
    assert neutralise(text) == "'" + text


@pytest.mark.parametrize("text", ["Аванс", "1=1", "05 Т", "", " =1"])
def test_ordinary_text_is_kept(text):
    assert neutralise(text) == text


def test_a_group_line_puts_its_label_first_and_each_sum_under_its_column():
    table = export_table()
    assert group_cells(table, table.totals) == ["Итого (записей: 2)", None, None, table.totals.sums[3]]
    assert table.first_money_index == 3
