import datetime
from decimal import Decimal

import pytest
import time_machine
from django.http import QueryDict

from lk_portal.exports.table import ExportGroup
from lk_portal.grid import grid_state_parse
from lk_portal.grid.export import export_filename, grid_export_table, grid_state_describe, transliterate
from lk_portal.grids import PAYMENTS_GRID
from lk_portal.models import Payment
from tests.factories import ContractFactory, PaymentFactory

D = datetime.date


def describe(query):
    return grid_state_describe(
        definition=PAYMENTS_GRID, state=grid_state_parse(QueryDict(query), definition=PAYMENTS_GRID)
    )


def test_file_names_say_what_they_hold():
    assert transliterate("05 Т") == "05T"
    assert transliterate("12/Ж-3") == "12ZH-3"
    assert export_filename(slug="oplata", contract_number="05 Т", fmt="xlsx", today=D(2015, 9, 7)) == (
        "oplata_05T_2015-09-07.xlsx"
    )
    assert (
        export_filename(slug="oplata", contract_number=None, fmt="csv", today=D(2015, 9, 7)) == "oplata_2015-09-07.csv"
    )


def test_the_view_in_words():
    assert describe("") == "без отбора"
    assert describe("q=аванс&f_date_from=01.01.2015&f_kind=Аванс&group=period&sort=-amount,date") == (
        "Поиск: «аванс»; Дата оплаты: с 01.01.2015; Вид реализации: Аванс; Группировка: Отчетный период; "
        "Сортировка: Сумма оплаты (по убыванию), Дата оплаты"
    )


@pytest.mark.django_db
def test_the_table_has_typed_rows_group_lines_and_totals():
    contract = ContractFactory(number="05 Т")
    PaymentFactory(contract=contract, number="86", date=D(2015, 4, 17), period=D(2015, 4, 1), amount=Decimal("7220.27"))
    PaymentFactory(
        contract=contract, number="74", date=D(2015, 3, 30), period=D(2015, 3, 1), amount=Decimal("16503.48")
    )
    state = grid_state_parse(QueryDict("group=period&sort=date"), definition=PAYMENTS_GRID)
    with time_machine.travel(datetime.datetime(2015, 9, 7, 9, 30, tzinfo=datetime.UTC), tick=False):
        table = grid_export_table(Payment.objects.all(), definition=PAYMENTS_GRID, state=state, heading=["Абонент: X"])
    assert table.heading == [
        "Абонент: X",
        "Отбор: Группировка: Отчетный период; Сортировка: Дата оплаты",
        "Сформировано: 07.09.2015 12:30",
    ]
    items = list(table.items)
    assert isinstance(items[0], ExportGroup) and items[0].label == "Отчетный период: 2015,03 (записей: 1)"
    assert items[0].sums == {4: Decimal("16503.48")}
    assert items[1][:5] == ["05 Т", "74", D(2015, 3, 30), "2015,03", Decimal("16503.48")]  # a period as text
    assert table.totals.label == "Итого (записей: 2)" and table.size == 4
    assert [c.kind for c in table.columns][2:5] == ["date", "period", "money"]
