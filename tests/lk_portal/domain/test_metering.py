"""The readings window and the verification warning (lk_portal/domain/metering.py)."""

import datetime

import pytest

from lk_portal.domain.metering import readings_window, readings_window_now, verification_state

D = datetime.date


@pytest.mark.parametrize(
    ("period", "window", "first", "last"),
    [
        (D(2015, 4, 1), (20, 25), D(2015, 4, 20), D(2015, 4, 25)),
        (D(2015, 4, 1), (23, 3), D(2015, 4, 23), D(2015, 5, 3)),  # into the next month
        (D(2015, 12, 1), (25, 5), D(2015, 12, 25), D(2016, 1, 5)),  # across the year
        (D(2015, 2, 1), (26, 31), D(2015, 2, 26), D(2015, 2, 28)),  # the 31st of February is its last day
        (D(2016, 1, 1), (31, 30), D(2016, 1, 31), D(2016, 2, 29)),
    ],
)
def test_window_of_a_month(period, window, first, last):
    w = readings_window(period=period, window_from=window[0], window_to=window[1])
    assert (w.period, w.first, w.last) == (period, first, last)


@pytest.mark.parametrize(
    ("today", "period", "is_open"),
    [
        (D(2015, 5, 2), D(2015, 4, 1), True),  # last month's window still open
        (D(2015, 5, 3), D(2015, 4, 1), True),
        (D(2015, 5, 4), D(2015, 5, 1), False),  # then the next one, not open yet
        (D(2015, 5, 23), D(2015, 5, 1), True),
        (D(2015, 12, 31), D(2015, 12, 1), True),
    ],
)
def test_window_now_for_23_to_3(today, period, is_open):
    w = readings_window_now(today=today, window_from=23, window_to=3)
    assert (w.period, w.is_open(today)) == (period, is_open)


def test_window_now_after_a_window_within_the_month_is_next_months():
    w = readings_window_now(today=D(2015, 4, 26), window_from=20, window_to=25)
    assert (w.period, w.first, w.last) == (D(2015, 5, 1), D(2015, 5, 20), D(2015, 5, 25))


@pytest.mark.parametrize(
    ("due", "days_left", "warn", "overdue"),
    [
        (D(2015, 7, 1), 61, False, False),
        (D(2015, 6, 30), 60, True, False),
        (D(2015, 5, 1), 0, True, False),
        (D(2015, 4, 30), -1, True, True),
    ],
)
def test_verification_warns_60_days_before(due, days_left, warn, overdue):
    v = verification_state(due=due, today=D(2015, 5, 1))
    assert (v.days_left, v.warn, v.overdue) == (days_left, warn, overdue)
    assert verification_state(due=None, today=D(2015, 5, 1)).warn is False
