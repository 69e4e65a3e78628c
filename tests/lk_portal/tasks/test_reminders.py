import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core import mail
from huey.contrib.djhuey import HUEY

from lk_portal.tasks.reminders import payment_reminders_daily
from tests.factories import ContractFactory, PaymentTermFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_scheduled_daily_at_nine_local_time():
    assert HUEY.utc is False  # crontab in Django's TIME_ZONE, Europe/Moscow
    task = payment_reminders_daily.s()
    assert task.validate_datetime(datetime.datetime(2015, 4, 15, 9, 0))
    assert not task.validate_datetime(datetime.datetime(2015, 4, 15, 6, 0))
    assert task.name in {t.name for t in HUEY.read_periodic(datetime.datetime(2015, 4, 15, 9, 0))}
    assert task.name not in {t.name for t in HUEY.read_periodic(datetime.datetime(2015, 4, 15, 9, 1))}


def test_task_uses_the_moscow_date(settings):
    settings.LK_REMINDER_DAYS_BEFORE = 3
    contract = ContractFactory(contract_amount=Decimal("100.00"))
    PaymentTermFactory(contract=contract, day=18, percent=Decimal("100"))
    UserFactory(abonent=contract.abonent, payment_reminders=True)
    # 14.04 22:30 UTC is already 15.04 01:30 in Moscow: 18.04 is 3 days away there.
    with time_machine.travel(datetime.datetime(2015, 4, 14, 22, 30, tzinfo=datetime.UTC), tick=False):
        assert payment_reminders_daily.call_local() == 1
    assert len(mail.outbox) == 1
