"""Daily notifications (07:00 Moscow time) and the digest letters (07:30), issue 16."""

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, lock_task

from lk_portal.services.notifications import notification_digests_send, notifications_daily


@db_periodic_task(crontab(hour="7", minute="0"), retries=2, retry_delay=600)
@lock_task("notifications-daily")
def notifications_daily_task() -> int:
    return notifications_daily(today=timezone.localdate()).total


@db_periodic_task(crontab(hour="7", minute="30"), retries=2, retry_delay=600)
@lock_task("notification-digests")
def notification_digests_task() -> int:
    return notification_digests_send(today=timezone.localdate())
