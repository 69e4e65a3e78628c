"""Heat metering's nightly and daily jobs (Moscow time, issue 17): the readings file for billing at 01:30
(before the 02:00 import of billing's files), the readings and verification reminders at 08:00."""

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, lock_task

from lk_portal.services.readings_export import readings_export
from lk_portal.services.readings_notifications import readings_reminders_daily


@db_periodic_task(crontab(hour="1", minute="30"), retries=2, retry_delay=600)
@lock_task("readings-export")
def readings_export_task() -> int:
    exported = readings_export()
    return exported.count if exported else 0


@db_periodic_task(crontab(hour="8", minute="0"), retries=2, retry_delay=600)
@lock_task("readings-reminders")
def readings_reminders_task() -> int:
    return readings_reminders_daily(today=timezone.localdate()).total
