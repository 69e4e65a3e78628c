"""Daily payment reminders (09:00 Moscow time: HUEY["utc"] is False, the crontab is local)."""

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, lock_task

from lk_portal.services.payment_reminders import payment_reminders_send


@db_periodic_task(crontab(hour="9", minute="0"), retries=2, retry_delay=600)
@lock_task("payment-reminders")
def payment_reminders_daily() -> int:
    return payment_reminders_send(today=timezone.localdate())
