import datetime
from decimal import Decimal

from lk_portal.grid import DATE, MONEY, PERIOD, Column, GridDefinition
from lk_portal.grids import PAYMENTS_GRID, TARIFFS_ARCHIVE_GRID

D = datetime.date


def test_defaults_follow_the_kind():
    text, money = Column("number", "№", "number"), Column("amount", "Сумма", "amount", kind=MONEY)
    assert text.is_searchable and not money.is_searchable
    assert (text.filter_kind, money.filter_kind) == (None, "amount_range")
    assert text.is_groupable and not money.is_groupable
    assert (text.export_width, money.export_width, Column("d", "Д", "d", kind=PERIOD).export_width) == (1.4, 1.3, 0.9)
    assert Column("x", "X", "x", width=4).export_width == 4


def test_a_value_as_the_page_writes_it_and_as_a_spreadsheet_holds_it():
    date, period = Column("date", "Дата", "date", kind=DATE), Column("period", "Период", "period", kind=PERIOD)
    money = Column("amount", "Сумма", "amount", kind=MONEY)
    assert (date.display(D(2015, 4, 17)), period.display(D(2015, 4, 1)), money.display(Decimal("7220.27"))) == (
        "17.04.2015",
        "2015,04",
        "7 220,27",
    )
    assert date.display(None) == money.display("") == ""
    assert (period.typed(D(2015, 4, 1)), money.typed(Decimal("1.5")), date.typed("?")) == (
        "2015,04",
        Decimal("1.5"),
        None,
    )


def test_the_definition_reads_each_field_once_and_sums_its_money_columns():
    assert PAYMENTS_GRID.value_fields == ("contract__number", "number", "date", "period", "amount", "kind", "purpose")
    assert [c.key for c in PAYMENTS_GRID.money_columns] == ["amount"]
    assert "decree_url" in TARIFFS_ARCHIVE_GRID.value_fields  # a link's URL is read with its text
    assert TARIFFS_ARCHIVE_GRID.money_columns == ()  # rates are not summed
    grid = GridDefinition("x", "X", (Column("a", "A", "a"),), extra_fields=("a", "b"))
    assert grid.value_fields == ("a", "b") and grid.column("nope") is None
