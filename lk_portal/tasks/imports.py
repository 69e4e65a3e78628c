"""The nightly import of the billing drop folder (LK_IMPORT_DIR), at 02:00 Moscow time.

No huey lock_task: its lock lives in Redis and outlives a killed worker. The import's own lock
(services/billing_lock.py) dies with its process; while another import runs, this night's files wait
for the next run.
"""

import logging

from django.conf import settings
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from lk_portal.services.billing_drop import billing_drop_folder_import
from lk_portal.services.billing_lock import ImportBusy

logger = logging.getLogger(__name__)


@db_periodic_task(crontab(hour="2", minute="0"))
def import_billing_drop_folder() -> int | None:
    try:
        run = billing_drop_folder_import(
            directory=settings.LK_IMPORT_DIR, min_age_seconds=settings.LK_IMPORT_MIN_AGE_SECONDS
        )
    except ImportBusy as busy:
        logger.warning("nightly billing import skipped: %s", busy)
        return None
    return run.pk if run else None
