"""The journal's daily clean-up (Moscow time): entries older than LK_JOURNAL_KEEP_DAYS go."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from lk_portal.services.journal import journal_purge


@db_periodic_task(crontab(hour="3", minute="40"))
def journal_purge_task() -> int:
    return journal_purge()
