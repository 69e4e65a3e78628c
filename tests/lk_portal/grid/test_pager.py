import pytest

from lk_portal.grid.pager import page_clamp, pager_make, paginate
from lk_portal.grid.state import PageState
from lk_portal.models import Payment
from tests.factories import PaymentFactory


def state(page, per_page=10, params=()):
    return PageState(page=page, per_page=per_page, params=list(params) or ([("page", str(page))] if page > 1 else []))


def test_a_page_past_the_end_is_the_last_one():
    s = state(99)
    assert page_clamp(s, total=27) == 3 and s.page == 3
    empty = state(5)
    assert page_clamp(empty, total=0) == 1 and empty.page == 1


def test_the_pager_shows_three_pages_each_side_and_where_the_rows_are():
    pager = pager_make(state(5, params=[("q", "аванс"), ("page", "5")]), total=95, page_count=10)
    assert [p["number"] for p in pager.pages] == [2, 3, 4, 5, 6, 7, 8]
    assert [p["number"] for p in pager.pages if p["current"]] == [5]
    assert (pager.first_index, pager.last_index) == (41, 50)
    assert pager.prev_url == "?q=%D0%B0%D0%B2%D0%B0%D0%BD%D1%81&page=4"
    assert pager.pages[0]["url"] == "?q=%D0%B0%D0%B2%D0%B0%D0%BD%D1%81&page=2"
    first = pager_make(state(1, params=[("page", "1")]), total=5, page_count=1)
    assert (first.prev_url, first.next_url, first.first_index, first.last_index) == ("", "", 1, 5)
    assert pager_make(state(1), total=0, page_count=1).first_index == 0


def test_only_a_list_with_a_choice_of_sizes_carries_the_size_form():
    s = state(2, params=[("sort", "-date"), ("page", "2"), ("per_page", "10")])
    assert pager_make(s, total=30, page_count=3, sizes=(10, 20)).size_hidden == [("sort", "-date")]
    assert pager_make(s, total=30, page_count=3).size_hidden == []


@pytest.mark.django_db
def test_paginate_slices_in_the_database(django_assert_num_queries):
    for n in range(23):
        PaymentFactory(number=f"{n:02d}")
    s = state(3)
    with django_assert_num_queries(2):  # the count and the page
        rows, pager = paginate(Payment.objects.order_by("number"), state=s)
    assert [p.number for p in rows] == ["20", "21", "22"]
    assert (pager.total, pager.page_count, pager.next_url) == (23, 3, "")
