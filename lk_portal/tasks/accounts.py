"""Queue work of the account area: the daily auto-block (Moscow time, "utc": False). Its letters go
through the outbox (lk_portal/tasks/outbox.py)."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from lk_portal.services.accounts import accounts_block_expired


@db_periodic_task(crontab(hour="0", minute="5"))
def accounts_block_expired_task() -> int:
    """Just after midnight in Moscow: accounts whose D+5 has ended are blocked."""
    return accounts_block_expired()
