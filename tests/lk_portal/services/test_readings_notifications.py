"""Reminders of readings windows and verification dates (issue 17 item 6): each told once, to who sees the unit."""

import datetime

import pytest

from lk_portal.models import Notification, Reading
from lk_portal.models.notifications import NotificationSettings
from lk_portal.services.readings_notifications import readings_reminders_daily
from tests.factories import ContractFactory, MeteringUnitFactory, ReadingFactory, UserFactory

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def admin():
    return UserFactory(username="admin@example.ru", email="")


@pytest.fixture
def unit(admin):
    # window 20–25 of each month; verification far away
    return MeteringUnitFactory(
        contract__abonent=admin.abonent, unit_id="U-1", window_from=20, window_to=25, verification_due=D(2030, 1, 1)
    )


def _told(user=None):
    rows = Notification.objects.filter(**({"user": user} if user else {})).order_by("dedup_key")
    return [(n.kind, n.title) for n in rows]


def test_the_window_opening_is_told_once(admin, unit):
    assert readings_reminders_daily(today=D(2026, 11, 19)).total == 0  # not open yet
    assert readings_reminders_daily(today=D(2026, 11, 20)).total == 1
    assert _told(admin) == [("readings_window", "Открыт прием показаний за 2026,11: U-1")]
    assert readings_reminders_daily(today=D(2026, 11, 21)).total == 0  # the same window: told already
    assert readings_reminders_daily(today=D(2026, 12, 20)).total == 1  # the next month's is news


def test_two_days_before_closing_only_when_nothing_was_sent(admin, unit):
    readings_reminders_daily(today=D(2026, 11, 20))
    assert readings_reminders_daily(today=D(2026, 11, 22)).total == 0  # three days left
    assert readings_reminders_daily(today=D(2026, 11, 23)).total == 1
    assert ("readings_window", "Прием показаний за 2026,11 закрывается 25.11.2026: U-1") in _told(admin)
    assert readings_reminders_daily(today=D(2026, 11, 24)).total == 0  # once
    ReadingFactory(unit=unit, period=D(2026, 12, 1), status=Reading.PENDING)
    readings_reminders_daily(today=D(2026, 12, 20))
    assert readings_reminders_daily(today=D(2026, 12, 23)).total == 0  # December's are in


def test_verification_is_told_60_days_before_once(admin, unit):
    unit.verification_due = D(2027, 1, 31)
    unit.save()
    assert readings_reminders_daily(today=D(2026, 11, 1)).total == 0  # 91 days: not yet
    assert readings_reminders_daily(today=D(2026, 12, 2)).total == 1  # 60 days
    assert _told(admin) == [("verification_due", "Поверка узла учета U-1 — 31.01.2027")]
    assert readings_reminders_daily(today=D(2026, 12, 3)).total == 0


def test_only_members_who_see_the_unit_are_told(admin, unit):
    abonent = admin.abonent
    other_contract = ContractFactory(abonent=abonent)
    accountant = UserFactory(abonent=abonent, username="acc@example.ru", role="accountant")  # no VIEW_METERING
    engineer = UserFactory(abonent=abonent, username="eng@example.ru", role="engineer")  # all contracts
    scoped_in = UserFactory(abonent=abonent, username="in@example.ru", role="engineer", contracts=[unit.contract])
    scoped_out = UserFactory(abonent=abonent, username="out@example.ru", role="engineer", contracts=[other_contract])
    blocked = UserFactory(abonent=abonent, username="blk@example.ru", role="engineer", is_active=False)
    stranger = UserFactory(username="stranger@example.ru")  # another organisation
    readings_reminders_daily(today=D(2026, 11, 20))
    told = set(Notification.objects.values_list("user__username", flat=True))
    assert told == {admin.username, engineer.username, scoped_in.username}
    assert not {accountant.username, scoped_out.username, blocked.username, stranger.username} & told


def test_a_person_who_switched_the_kind_off_is_not_told(admin, unit):
    NotificationSettings.objects.create(user=admin, kinds_off=["readings_window"])
    unit.verification_due = D(2026, 12, 1)
    unit.save()
    readings_reminders_daily(today=D(2026, 11, 20))
    assert _told(admin) == [("verification_due", "Поверка узла учета U-1 — 01.12.2026")]


def test_the_daily_task_runs_the_reminders(admin, unit, monkeypatch):
    from lk_portal.tasks import metering

    monkeypatch.setattr(metering.timezone, "localdate", lambda: D(2026, 11, 20))
    assert metering.readings_reminders_task.call_local() == 1
