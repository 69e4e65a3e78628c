"""domain/requests.py: every status move and who may make it, reopening's window, due dates across weekends."""

import datetime

import pytest

from lk_portal.domain.requests import (
    Actor,
    RequestError,
    Status,
    add_working_days,
    is_overdue,
    request_number,
    transition_allowed,
    transition_check,
    transitions_from,
)

N, W, A, R, C = Status.NEW, Status.IN_WORK, Status.AWAITING, Status.RESOLVED, Status.CLOSED
AB, ST = Actor.ABONENT, Actor.STAFF

# Written from the issue, not read from the table: (from, to) → who may.
EXPECTED = {
    (N, W): {ST},
    (N, A): {ST},
    (N, R): {ST},
    (N, C): {AB, ST},
    (W, A): {ST},
    (W, R): {ST},
    (W, C): {AB, ST},
    (A, W): {AB, ST},
    (A, R): {ST},
    (A, C): {AB, ST},
    (R, C): {AB, ST},
    (R, W): {AB, ST},
    (C, W): {AB, ST},
}


@pytest.mark.parametrize("current", list(Status))
@pytest.mark.parametrize("target", list(Status))
@pytest.mark.parametrize("actor", list(Actor))
def test_every_move_and_who_may_make_it(current, target, actor):
    allowed = actor in EXPECTED.get((current, target), set())
    assert transition_allowed(current, target, actor) is allowed


def test_the_abonent_offers_only_closing_from_new_and_staff_the_work_moves():
    assert transitions_from(N, AB) == [C]
    assert transitions_from(N, ST) == [W, A, R, C]
    assert transitions_from(C, AB) == [W]
    assert transitions_from("nonsense", ST) == []


NOW = datetime.datetime(2026, 3, 31, 12, tzinfo=datetime.UTC)


def test_reopening_by_the_abonent_only_within_the_window():
    inside = NOW - datetime.timedelta(days=30)
    transition_check(current=R, target=W, actor=AB, finished_at=inside, now=NOW, reopen_days=30)
    late = NOW - datetime.timedelta(days=30, seconds=1)
    with pytest.raises(RequestError) as refused:
        transition_check(current=C, target=W, actor=AB, finished_at=late, now=NOW, reopen_days=30)
    assert refused.value.code == "reopen_expired" and "30 дн." in refused.value.message
    transition_check(current=C, target=W, actor=ST, finished_at=late, now=NOW, reopen_days=30)  # staff: always


def test_a_move_not_in_the_table_is_refused_in_russian():
    with pytest.raises(RequestError) as refused:
        transition_check(current=N, target=R, actor=AB, finished_at=None, now=NOW, reopen_days=30)
    assert refused.value.code == "transition_not_allowed"
    assert refused.value.message == "Обращение в статусе «новое» нельзя перевести в статус «решено»."


@pytest.mark.parametrize(
    ("start", "days", "due"),
    [
        ("2026-03-02", 1, "2026-03-03"),  # Monday → Tuesday
        ("2026-03-06", 1, "2026-03-09"),  # Friday → Monday
        ("2026-03-07", 1, "2026-03-09"),  # Saturday → Monday
        ("2026-03-08", 1, "2026-03-09"),  # Sunday → Monday
        ("2026-03-04", 5, "2026-03-11"),  # Wednesday + a week
        ("2026-03-06", 10, "2026-03-20"),  # Friday + two weeks
        ("2026-03-05", 3, "2026-03-10"),  # Thursday over the weekend to Tuesday
        ("2026-03-07", 0, "2026-03-07"),
    ],
)
def test_due_dates_skip_weekends(start, days, due):
    assert add_working_days(datetime.date.fromisoformat(start), days) == datetime.date.fromisoformat(due)


def test_overdue_only_while_open_and_after_the_due_day():
    due = datetime.date(2026, 3, 10)
    assert not is_overdue(status=W, due=due, today=due)
    assert is_overdue(status=A, due=due, today=due + datetime.timedelta(days=1))
    assert not is_overdue(status=R, due=due, today=due + datetime.timedelta(days=10))


def test_the_number_is_the_year_and_six_digits():
    assert request_number(2026, 123) == "2026-000123"
