"""E-mail reminders of coming due dates to the members who opted in (User.payment_reminders).

Each member of an abonent gets its own letters: for the contracts of its scope (all when it has none),
and only when its role sees the finances (Capability.VIEW_FINANCIAL).

A due date gets its letter once it is at most settings.LK_REMINDER_DAYS_BEFORE days away; the row
PaymentReminderSent (unique per account, contract and due date) and the letter in the outbox (whose dedup
key names the same three) are written in one transaction, so a due date gives one letter, and the outbox
retries it while the mail server is down. The run sends its letters itself at the end (it is the worker).
"""

import datetime
import logging

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Prefetch

from config.site import site_address
from lk_portal.domain.payment_calendar import DueItem, payment_calendar
from lk_portal.domain.roles import Capability, Role, role_can
from lk_portal.models import Contract, PaymentReminderSent, PaymentTerm, User
from lk_portal.selectors.payment_terms import contract_base_amount
from lk_portal.services.outbox import letter_enqueue, outbox_send_due

logger = logging.getLogger(__name__)


def _reminder_enqueue(*, user: User, item: DueItem, today: datetime.date) -> int | None:
    """Store the reminder; the letter's id, or None when this due date had its letter already."""
    context = {
        "user": user,
        "abonent": user.abonent,
        "item": item,
        "days_left": (item.due_date - today).days,
        "site": site_address(),
    }
    subject = f"Напоминание: срок оплаты по договору № {item.contract.number} — {item.due_date:%d.%m.%Y}"
    try:
        with transaction.atomic():
            PaymentReminderSent.objects.create(
                user=user, contract=item.contract, due_date=item.due_date, amount=item.amount
            )
            letter = letter_enqueue(
                kind="payment_reminder",
                to=user.email,
                template="payment_reminder",
                subject=subject,
                context=context,
                user=user,
                abonent=user.abonent,
                dedup_key=f"payment-reminder:{user.pk}:{item.contract.pk}:{item.due_date:%Y-%m-%d}",
                schedule=False,
            )
    except IntegrityError:
        return None  # sent already (another run got there first)
    return letter.pk


def payment_reminders_send(*, today: datetime.date) -> int:
    """Send the reminders due `today` (Moscow date); returns how many letters were stored for it."""
    days_before = settings.LK_REMINDER_DAYS_BEFORE
    horizon = today + datetime.timedelta(days=days_before)
    financial = [role for role in Role if role_can(role, Capability.VIEW_FINANCIAL)]
    contracts = Contract.objects.prefetch_related(
        Prefetch("payment_terms", queryset=PaymentTerm.objects.order_by("sort_order", "next_month", "day"))
    )
    users = list(
        User.objects.filter(
            payment_reminders=True, is_active=True, state=User.ACTIVE, abonent__isnull=False, role__in=financial
        )
        .exclude(email="")
        .select_related("abonent")
        .prefetch_related(Prefetch("abonent__contracts", queryset=contracts), Prefetch("contracts", queryset=contracts))
    )
    sent_before = set(
        PaymentReminderSent.objects.filter(user__in=users, due_date__gte=today).values_list(
            "user_id", "contract_id", "due_date"
        )
    )
    letter_ids: list[int] = []
    months = days_before // 28 + 1
    for user in users:
        scope = list(user.contracts.all()) or list(user.abonent.contracts.all())
        for contract in scope:
            terms = list(contract.payment_terms.all())
            if not terms:
                continue
            items = payment_calendar(
                contract=contract,
                today=today,
                months=months,
                terms=terms,
                base=contract_base_amount(contract=contract),
            )
            for item in items:
                if item.due_date > horizon or (user.pk, contract.pk, item.due_date) in sent_before:
                    continue
                letter_id = _reminder_enqueue(user=user, item=item, today=today)
                if letter_id is not None:
                    letter_ids.append(letter_id)
    if letter_ids:
        outbox_send_due(ids=letter_ids)
    logger.info("Payment reminders stored: %s", len(letter_ids))
    return len(letter_ids)
