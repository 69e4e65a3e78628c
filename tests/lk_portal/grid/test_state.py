import datetime
from decimal import Decimal

from django.http import QueryDict

from lk_portal.grid import grid_state_parse
from lk_portal.grid.state import page_state_parse
from lk_portal.grids import PAYMENTS_GRID


def parse(query: str):
    return grid_state_parse(QueryDict(query), definition=PAYMENTS_GRID)


def test_full_state_round_trip():
    state = parse(
        "sort=-amount,date,bogus&q=+аванс+&group=period,purpose,kind&page=2&per_page=50"
        "&f_date_from=01.01.2015&f_amount_to=100&f_kind=Аванс&contract=5"
    )
    assert state.sort == [("amount", True), ("date", False)]
    assert state.q == "аванс"
    assert state.group == ["period", "kind"]  # purpose is not groupable
    assert (state.page, state.per_page) == (2, 50)
    assert state.filters == {
        "date": {"from": datetime.date(2015, 1, 1)},
        "amount": {"to": Decimal("100")},
        "kind": {"value": "Аванс"},
    }
    assert state.errors == []
    assert state.page_query(1) == state.query(page=None)
    assert "contract=5" in state.export_query("pdf") and "page=" not in state.export_query("pdf")


def test_bad_values_fall_back_with_messages():
    state = parse("per_page=1000000&page=-3&f_period_from=2015-05&f_period_to=2015-01")
    assert state.per_page == PAYMENTS_GRID.default_page_size and state.page == 1
    assert state.filters["period"] == {"from": datetime.date(2015, 1, 1), "to": datetime.date(2015, 5, 1)}
    assert state.errors == ["«Отчетный период»: начало диапазона позже конца — границы поменяны местами."]


def test_group_commands_give_a_redirect_query():
    assert parse("group=period&group_add=kind").redirect_query == "?group=period%2Ckind"
    assert parse("group=period&group_add=purpose").redirect_query == "?group=period"
    assert parse("group=period,kind&group_remove=period").redirect_query == "?group=kind"
    assert parse("group=period").redirect_query is None


def test_group_may_be_repeated_and_links_write_the_comma_form():
    state = parse("group=period&group=kind&group=period&page=2")
    assert state.group == ["period", "kind"]
    assert state.group_query(["kind"]) == "?group=kind"
    assert parse("group=period&group=kind&group_remove=period").redirect_query == "?group=kind"
    assert parse("group=period&group=kind&group_add=contract").redirect_query == "?group=period%2Ckind%2Ccontract"


def test_header_click_toggles_sort():
    assert parse("").sort_query("amount") == "?sort=amount"
    assert parse("sort=amount").sort_query("amount") == "?sort=-amount"
    assert parse("sort=-amount").sort_query("amount") == "?sort=amount"
    assert parse("sort=-amount&page=3").sort_query("date") == "?sort=date"


def test_too_many_group_levels_are_cut_with_a_message():
    state = parse("group=contract,number,date,period")
    assert state.group == ["contract", "number", "date"]
    assert state.errors == ["Группировать можно не более чем по 3 колонкам."]


def test_group_add_takes_one_known_groupable_key_and_keeps_the_limit():
    assert parse("group=period&group_add=period,kind").redirect_query == "?group=period"
    assert parse("group=contract,number,date&group_add=kind").redirect_query == "?group=contract%2Cnumber%2Cdate"
    assert parse("group_add=").redirect_query == "?"


def test_search_is_cut_to_200_characters_and_export_and_commands_are_not_carried():
    state = parse("q=" + "я" * 300 + "&export=csv&group_add=kind")
    assert len(state.q) == 200
    assert [k for k, _ in state.params] == ["q"]


def test_a_plain_list_reads_only_the_page():
    state = page_state_parse(QueryDict("page=3&contract=5&per_page=7"), page_sizes=(50,), default_page_size=50)
    assert (state.page, state.per_page) == (3, 50)
    assert state.page_query(1) == "?contract=5&per_page=7"
    assert state.page_query(4) == "?contract=5&per_page=7&page=4"
    assert page_state_parse(QueryDict("page=x"), page_sizes=(50,), default_page_size=50).page == 1


def test_links_keep_the_given_parameters_encoded_and_in_order():
    from lk_portal.grid.state import PageState

    state = PageState(params=[("q", "аванс & пени"), ("f_date_from", "01.01.2014"), ("sort", "-amount")])
    assert (
        state.query(page=3)
        == "?q=%D0%B0%D0%B2%D0%B0%D0%BD%D1%81+%26+%D0%BF%D0%B5%D0%BD%D0%B8&f_date_from=01.01.2014&sort=-amount&page=3"
    )
    assert state.query(sort="date", drop=("q",)) == "?f_date_from=01.01.2014&sort=date"
    assert state.query(q=None, sort=None, f_date_from="") == "?"
    state.params.append(("group", "period,kind"))  # the parameters changed after a first link: encoded again
    assert state.query(drop=("q", "f_date_from")) == "?sort=-amount&group=period%2Ckind"
