"""The API's nightly clean-up: tombstones older than LK_API_TOMBSTONE_KEEP_DAYS go."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from lk_portal.services.tombstones import tombstones_purge


@db_periodic_task(crontab(hour="3", minute="50"))
def tombstones_purge_task() -> int:
    return tombstones_purge()
