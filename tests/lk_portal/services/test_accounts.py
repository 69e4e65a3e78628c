import datetime

import pytest

from lk_portal.domain.accounts import RegistrationError
from lk_portal.models import Abonent, User
from lk_portal.services.accounts import (
    ActivationStatus,
    abonent_register,
    account_activate,
    account_block_if_expired,
    account_block_if_expired_at_login,
    account_reregister,
    accounts_block_expired,
    activation_check,
    activation_letter_send,
)
from lk_portal.tasks.accounts import accounts_block_expired_task
from lk_portal.tokens import activation_key_make
from tests.factories import AbonentFactory, BranchFactory, ContractFactory, UserFactory
from tests.support.accounts import DAY_D, INN, KPP, days, link_path, moscow, register

pytestmark = pytest.mark.django_db


@pytest.fixture
def on_day_d(time_machine):
    time_machine.move_to(moscow(DAY_D), tick=False)
    return time_machine


def test_register_creates_pending_account_and_mails_the_guide_letter(
    on_day_d, django_capture_on_commit_callbacks, mailoutbox
):
    user = register(django_capture_on_commit_callbacks)

    assert user.username == INN
    assert user.state == User.PENDING
    assert user.activation_sent_on == DAY_D
    assert not user.has_usable_password()
    assert user.abonent.inn == INN and user.abonent.kpp == KPP
    assert len(mailoutbox) == 1
    letter = mailoutbox[0]
    assert letter.to == ["buh@example.ru"]
    assert "Вы успешно зарегистрированы в Личном кабинете" in letter.body
    assert f"ИНН: {INN}; КПП: {KPP};" in letter.body
    assert "на следующий день после получения данного письма, но не позднее 5 (пяти) дней" in letter.body
    assert "Ссылка действует с 11.03.2025 по 15.03.2025 включительно" in letter.body
    assert "(843) 567-77-93" in letter.body
    assert link_path(letter.body).startswith("/lk/activate/")


def test_letter_is_sent_only_after_commit(on_day_d, django_capture_on_commit_callbacks, mailoutbox):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        abonent_register(inn=INN, kpp=KPP, email="a@example.ru", name="ООО «А»", branch=BranchFactory())
    assert mailoutbox == []
    assert len(callbacks) == 1


def test_register_picks_up_the_billing_abonent_and_updates_contacts(on_day_d, django_capture_on_commit_callbacks):
    abonent = AbonentFactory(inn=INN, kpp=KPP, name="ОАО «Из биллинга»", email="", contact_person="", phone="")
    ContractFactory(abonent=abonent, number="05 Т")

    user = register(
        django_capture_on_commit_callbacks,
        name="Другое имя",
        contract_number="05 Т",
        contact_person="Петрова А. А.",
        phone="555-55-55",
    )

    assert Abonent.objects.count() == 1
    abonent.refresh_from_db()
    assert user.abonent == abonent
    assert abonent.name == "ОАО «Из биллинга»"
    assert (abonent.email, abonent.contact_person, abonent.phone) == ("buh@example.ru", "Петрова А. А.", "555-55-55")


def test_one_account_per_inn_kpp(on_day_d, django_capture_on_commit_callbacks):
    register(django_capture_on_commit_callbacks)
    with pytest.raises(RegistrationError) as error:
        register(django_capture_on_commit_callbacks)
    assert error.value.field == "kpp"
    assert "уже зарегистрирован" in error.value.message
    assert User.objects.count() == 1


def test_contract_of_another_abonent_is_refused(on_day_d, django_capture_on_commit_callbacks):
    ContractFactory(number="77 Т")
    with pytest.raises(RegistrationError) as error:
        register(django_capture_on_commit_callbacks, contract_number="77 Т")
    assert error.value.field == "contract_number"


def test_login_is_inn_kpp_where_the_inn_has_other_abonents(on_day_d, django_capture_on_commit_callbacks):
    AbonentFactory(inn=INN, kpp="773602001")
    user = register(django_capture_on_commit_callbacks)
    assert user.username == f"{INN}-{KPP}"


@pytest.mark.parametrize(
    ("offset", "hour", "status"),
    [
        (0, 23, ActivationStatus.TOO_EARLY),
        (1, 0, ActivationStatus.OK),
        (3, 12, ActivationStatus.OK),
        (5, 23, ActivationStatus.OK),
        (6, 0, ActivationStatus.EXPIRED),
    ],
)
def test_activation_check_by_moscow_day(on_day_d, django_capture_on_commit_callbacks, mailoutbox, offset, hour, status):
    register(django_capture_on_commit_callbacks)
    key = link_path(mailoutbox[0].body).split("/")[3]

    on_day_d.move_to(moscow(days(offset), hour, 1), tick=False)
    check = activation_check(key=key)

    assert check.status is status
    check.user.refresh_from_db()
    assert check.user.state == (User.BLOCKED if status is ActivationStatus.EXPIRED else User.PENDING)


def test_link_is_single_use(on_day_d, django_capture_on_commit_callbacks, mailoutbox):
    register(django_capture_on_commit_callbacks)
    key = link_path(mailoutbox[0].body).split("/")[3]
    on_day_d.move_to(moscow(days(1)), tick=False)
    check = activation_check(key=key)
    account_activate(user=check.user, password="heat2015pass")

    again = activation_check(key=key)

    assert again.status is ActivationStatus.USED
    assert again.user.state == User.ACTIVE
    assert again.user.check_password("heat2015pass")


@pytest.mark.parametrize(
    "mangle",
    [lambda k: k[:-1] + ("0" if k[-1] != "0" else "1"), lambda k: "MTIzNDU-" + k.split("-", 1)[1], lambda k: "garbage"],
)
def test_tampered_link_is_invalid(on_day_d, django_capture_on_commit_callbacks, mailoutbox, mangle):
    register(django_capture_on_commit_callbacks)
    key = link_path(mailoutbox[0].body).split("/")[3]
    on_day_d.move_to(moscow(days(1)), tick=False)
    assert activation_check(key=mangle(key)).status is ActivationStatus.INVALID


def test_reregister_gives_a_new_window_and_voids_the_old_link(on_day_d, django_capture_on_commit_callbacks, mailoutbox):
    user = register(django_capture_on_commit_callbacks)
    old_key = link_path(mailoutbox[0].body).split("/")[3]
    on_day_d.move_to(moscow(days(7)), tick=False)
    assert accounts_block_expired() == 1
    user.refresh_from_db()
    assert user.state == User.BLOCKED
    assert activation_check(key=old_key).status is ActivationStatus.EXPIRED

    with django_capture_on_commit_callbacks(execute=True):
        account_reregister(user=user)

    user.refresh_from_db()
    assert (user.state, user.activation_sent_on, user.blocked_at) == (User.PENDING, days(7), None)
    new_key = link_path(mailoutbox[1].body).split("/")[3]
    assert "с 18.03.2025 по 22.03.2025" in mailoutbox[1].body
    on_day_d.move_to(moscow(days(8)), tick=False)
    assert activation_check(key=old_key).status is ActivationStatus.INVALID
    assert activation_check(key=new_key).status is ActivationStatus.OK


def test_resend_repeats_the_same_window(on_day_d, django_capture_on_commit_callbacks, mailoutbox):
    user = register(django_capture_on_commit_callbacks)
    on_day_d.move_to(moscow(days(2)), tick=False)
    with django_capture_on_commit_callbacks(execute=True):
        activation_letter_send(user=user)
    user.refresh_from_db()
    assert user.activation_sent_on == DAY_D
    assert len(mailoutbox) == 2
    assert "с 11.03.2025 по 15.03.2025" in mailoutbox[1].body
    assert activation_check(key=link_path(mailoutbox[1].body).split("/")[3]).ok


def test_resend_refused_for_an_active_account():
    user = UserFactory()
    with pytest.raises(RegistrationError):
        activation_letter_send(user=user)


def test_block_expired_only_after_the_end_of_d_plus_5(db):
    last_day_ok = UserFactory(state=User.PENDING, activation_sent_on=days(0))
    expired = UserFactory(state=User.PENDING, activation_sent_on=days(-1))
    active = UserFactory(state=User.ACTIVE, activation_sent_on=days(-30))

    assert accounts_block_expired(today=days(5)) == 1

    for user in (last_day_ok, expired, active):
        user.refresh_from_db()
    assert (last_day_ok.state, expired.state, active.state) == (User.PENDING, User.BLOCKED, User.ACTIVE)
    assert expired.blocked_at is not None
    assert account_block_if_expired(user=last_day_ok, today=days(6)) is True


def test_daily_task_runs_after_midnight_moscow_and_blocks(time_machine, db):
    expired = UserFactory(state=User.PENDING, activation_sent_on=days(0))
    assert accounts_block_expired_task.s().validate_datetime(datetime.datetime(2025, 3, 16, 0, 5))
    assert not accounts_block_expired_task.s().validate_datetime(datetime.datetime(2025, 3, 16, 12, 5))

    time_machine.move_to(moscow(days(6), 0, 5), tick=False)
    assert accounts_block_expired_task.call_local() == 1
    expired.refresh_from_db()
    assert expired.state == User.BLOCKED


def test_activation_key_of_a_staff_account_is_invalid(db):
    staff = UserFactory(abonent=None, username="staff", state=User.PENDING, activation_sent_on=days(0))
    assert activation_check(key=activation_key_make(staff), today=days(1)).status is ActivationStatus.INVALID


def test_a_login_tried_after_the_window_blocks_the_pending_account(db):
    expired = UserFactory(state=User.PENDING, activation_sent_on=DAY_D)
    waiting = UserFactory(state=User.PENDING, activation_sent_on=days(3))
    assert not account_block_if_expired_at_login(username=f" {expired.username} ", today=days(5))
    assert account_block_if_expired_at_login(username=f" {expired.username} ", today=days(6))
    assert not account_block_if_expired_at_login(username=waiting.username, today=days(6))
    assert not account_block_if_expired_at_login(username="", today=days(6))
    assert not account_block_if_expired_at_login(username="nobody", today=days(6))
    expired.refresh_from_db()
    waiting.refresh_from_db()
    assert (expired.state, waiting.state) == (User.BLOCKED, User.PENDING)
