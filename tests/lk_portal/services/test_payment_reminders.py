import datetime
from decimal import Decimal

import pytest
from django.core import mail

from lk_portal.models import PaymentReminderSent, User
from lk_portal.services.payment_reminders import payment_reminders_send
from tests.factories import ContractFactory, PaymentTermFactory, UserFactory

pytestmark = pytest.mark.django_db
D = datetime.date


def _account(*, opted_in: bool, **user_kwargs):
    contract = ContractFactory(contract_amount=Decimal("10000.00"))
    PaymentTermFactory(contract=contract, day=18, percent=Decimal("35"))
    PaymentTermFactory(contract=contract, day=27, percent=Decimal("50"))
    PaymentTermFactory(contract=contract, day=10, percent=None, next_month=True)
    return UserFactory(abonent=contract.abonent, payment_reminders=opted_in, **user_kwargs), contract


def test_reminder_goes_out_days_before_and_only_once(settings):
    settings.LK_REMINDER_DAYS_BEFORE = 3
    user, contract = _account(opted_in=True)

    assert payment_reminders_send(today=D(2015, 4, 14)) == 0  # 18.04 is 4 days away
    assert payment_reminders_send(today=D(2015, 4, 15)) == 1
    assert payment_reminders_send(today=D(2015, 4, 15)) == 0
    assert payment_reminders_send(today=D(2015, 4, 16)) == 0

    assert len(mail.outbox) == 1
    letter = mail.outbox[0]
    assert letter.to == [user.email]
    assert f"договору № {contract.number}" in letter.subject
    assert "18.04.2015" in letter.subject
    assert "Срок оплаты: 18.04.2015 (через 3 дн.)" in letter.body
    assert "3 500,00 руб." in letter.body
    assert list(PaymentReminderSent.objects.values_list("user", "contract", "due_date")) == [
        (user.pk, contract.pk, D(2015, 4, 18))
    ]


def test_a_missed_day_is_caught_up_but_not_repeated(settings):
    settings.LK_REMINDER_DAYS_BEFORE = 3
    _account(opted_in=True)
    # The worker was down on 15.04; on 16.04 the 18.04 reminder still goes out.
    assert payment_reminders_send(today=D(2015, 4, 16)) == 1
    # On 24.04 the 27.04 one; on 07.05 the 10.05 one (the rest of April).
    assert payment_reminders_send(today=D(2015, 4, 24)) == 1
    assert payment_reminders_send(today=D(2015, 5, 7)) == 1
    assert "Сумма по условиям договора: 1 500,00 руб. (15 %)" in mail.outbox[-1].body
    assert payment_reminders_send(today=D(2015, 5, 8)) == 0
    assert len(mail.outbox) == 3


def test_no_reminders_for_those_who_did_not_opt_in_or_are_not_active(settings):
    settings.LK_REMINDER_DAYS_BEFORE = 3
    _account(opted_in=False)
    _account(opted_in=True, state=User.BLOCKED)
    _account(opted_in=True, email="")
    assert payment_reminders_send(today=D(2015, 4, 15)) == 0
    assert mail.outbox == []


def test_each_opted_in_account_gets_its_own_letter(settings):
    settings.LK_REMINDER_DAYS_BEFORE = 1
    first, _ = _account(opted_in=True)
    second, _ = _account(opted_in=True)
    _account(opted_in=False)
    assert payment_reminders_send(today=D(2015, 4, 17)) == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted([first.email, second.email])


def test_the_unique_constraint_refuses_a_second_row():
    from django.db import IntegrityError, transaction

    user, contract = _account(opted_in=True)
    PaymentReminderSent.objects.create(user=user, contract=contract, due_date=D(2015, 4, 18))
    with pytest.raises(IntegrityError), transaction.atomic():
        PaymentReminderSent.objects.create(user=user, contract=contract, due_date=D(2015, 4, 18))


def test_each_member_who_opted_in_gets_the_reminders_of_its_contracts(settings):
    settings.LK_REMINDER_DAYS_BEFORE = 3
    admin, alpha = _account(opted_in=True)
    beta = ContractFactory(abonent=alpha.abonent, contract_amount=Decimal("20000.00"))
    PaymentTermFactory(contract=beta, day=18, percent=Decimal("35"))
    member = dict(abonent=alpha.abonent, payment_reminders=True)
    scoped = UserFactory(
        username="buh@example.ru", email="buh@example.ru", role="accountant", contracts=[beta], **member
    )
    UserFactory(username="obs@example.ru", email="obs@example.ru", role="observer", **member)
    UserFactory(username="eng@example.ru", email="eng@example.ru", role="engineer", **member)  # no finances
    UserFactory(username="off@example.ru", email="off@example.ru", role="accountant", abonent=alpha.abonent)

    assert payment_reminders_send(today=D(2015, 4, 15)) == 5
    sent = sorted((m.to[0], m.subject.split("№ ")[1].split(" —")[0]) for m in mail.outbox)
    assert sent == sorted(
        [
            (admin.email, alpha.number),
            (admin.email, beta.number),
            ("obs@example.ru", alpha.number),
            ("obs@example.ru", beta.number),
            (scoped.email, beta.number),
        ]
    )
