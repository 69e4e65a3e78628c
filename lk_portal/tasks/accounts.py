"""Queue work of the account area: the letters, and the daily auto-block (Moscow time, "utc": False)."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from lk_portal.models import User
from lk_portal.services import account_letters
from lk_portal.services.accounts import accounts_block_expired


@db_task(retries=3, retry_delay=60)
def activation_letter_task(user_id: int) -> None:
    user = User.objects.select_related("abonent__branch").filter(pk=user_id).first()
    if user:
        account_letters.activation_letter_deliver(user=user)


@db_task(retries=3, retry_delay=60)
def password_reset_letter_task(user_id: int) -> None:
    user = User.objects.select_related("abonent").filter(pk=user_id).first()
    if user:
        account_letters.password_reset_letter_deliver(user=user)


@db_task(retries=3, retry_delay=60)
def email_change_letter_task(user_id: int, new_email: str) -> None:
    user = User.objects.select_related("abonent").filter(pk=user_id).first()
    if user:
        account_letters.email_change_letter_deliver(user=user, new_email=new_email)


@db_periodic_task(crontab(hour="0", minute="5"))
def accounts_block_expired_task() -> int:
    """Just after midnight in Moscow: accounts whose D+5 has ended are blocked."""
    return accounts_block_expired()
