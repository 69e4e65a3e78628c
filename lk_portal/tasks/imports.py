"""The nightly import of the billing drop folder (LK_IMPORT_DIR), at 02:00 Moscow time.

No huey lock_task: its lock lives in Redis and outlives a killed worker. The import's own lock
(services/billing_lock.py) dies with its process; while another import runs, this night's files wait
for the next run.
"""

import logging

from django.conf import settings
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from lk_portal.services.billing_drop import billing_drop_folder_import
from lk_portal.services.billing_lock import ImportBusy
from lk_portal.services.billing_upload import BUSY, run_upload

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


BUSY_RETRY_SECONDS = 30


@db_task()
def import_uploaded_files(run_pk: int, paths: list[str], allow_mass_delete: bool, dry_run: bool) -> str | None:
    """An admin upload, imported by the worker; while another import runs, it waits its turn."""
    result = run_upload(run_pk, paths, allow_mass_delete, dry_run)
    if result == BUSY:
        import_uploaded_files.schedule((run_pk, paths, allow_mass_delete, dry_run), delay=BUSY_RETRY_SECONDS)
    return result
