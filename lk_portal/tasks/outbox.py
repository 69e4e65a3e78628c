"""The outbox's sender: a letter right after its commit, and every minute whatever is due.

No huey retries here: the outbox keeps its own schedule of attempts on each letter (services/outbox.py).
"""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from lk_portal.services.outbox import outbox_send_due


@db_task()
def outbox_letter_send_task(letter_id: int) -> int:
    return outbox_send_due(ids=[letter_id]).sent


@db_periodic_task(crontab(minute="*"))
def outbox_send_due_task() -> int:
    return outbox_send_due().sent
