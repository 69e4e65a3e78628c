"""The nightly import of the billing drop folder (LK_IMPORT_DIR), at 02:00 Moscow time."""

from django.conf import settings
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, lock_task

from lk_portal.services.billing_drop import billing_drop_folder_import


@db_periodic_task(crontab(hour="2", minute="0"))
@lock_task("lk-billing-drop-folder")
def import_billing_drop_folder() -> int | None:
    run = billing_drop_folder_import(
        directory=settings.LK_IMPORT_DIR, min_age_seconds=settings.LK_IMPORT_MIN_AGE_SECONDS
    )
    return run.pk if run else None
