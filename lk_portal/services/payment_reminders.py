"""E-mail reminders of coming due dates to the abonents who opted in (User.payment_reminders).

A due date gets its letter once it is at most settings.LK_REMINDER_DAYS_BEFORE days away; the row
PaymentReminderSent (unique per account, contract and due date) is written in the same transaction
as the letter is sent, so a letter goes out once, and a failed one is retried the next day.
"""

import datetime
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.template.loader import render_to_string

from lk_portal.domain.payment_calendar import DueItem, payment_calendar
from lk_portal.models import Contract, PaymentReminderSent, PaymentTerm, User
from lk_portal.selectors.payment_terms import contract_base_amount

logger = logging.getLogger(__name__)


def _reminder_send(*, user: User, item: DueItem, today: datetime.date) -> bool:
    context = {
        "user": user,
        "abonent": user.abonent,
        "item": item,
        "days_left": (item.due_date - today).days,
        "site": settings.LK_SITE_ADDRESS.rstrip("/"),
    }
    subject = f"Напоминание: срок оплаты по договору № {item.contract.number} — {item.due_date:%d.%m.%Y}"
    try:
        with transaction.atomic():
            PaymentReminderSent.objects.create(
                user=user, contract=item.contract, due_date=item.due_date, amount=item.amount
            )
            send_mail(subject, render_to_string("emails/payment_reminder.txt", context), None, [user.email])
    except IntegrityError:
        return False  # sent already (another run got there first)
    return True


def payment_reminders_send(*, today: datetime.date) -> int:
    """Send the reminders due `today` (Moscow date); returns how many letters went out."""
    days_before = settings.LK_REMINDER_DAYS_BEFORE
    horizon = today + datetime.timedelta(days=days_before)
    users = list(
        User.objects.filter(payment_reminders=True, is_active=True, state=User.ACTIVE, abonent__isnull=False)
        .exclude(email="")
        .select_related("abonent")
        .prefetch_related(
            Prefetch(
                "abonent__contracts",
                queryset=Contract.objects.prefetch_related(
                    Prefetch("payment_terms", queryset=PaymentTerm.objects.order_by("sort_order", "next_month", "day"))
                ),
            )
        )
    )
    sent_before = set(
        PaymentReminderSent.objects.filter(user__in=users, due_date__gte=today).values_list(
            "user_id", "contract_id", "due_date"
        )
    )
    sent = 0
    months = days_before // 28 + 1
    for user in users:
        for contract in user.abonent.contracts.all():
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
                if _reminder_send(user=user, item=item, today=today):
                    sent += 1
    logger.info("Payment reminders sent: %s", sent)
    return sent
