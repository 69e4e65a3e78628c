import io

import pytest
from django.core.management import CommandError, call_command

from lk_portal.models import User
from tests.factories import AbonentFactory, BranchFactory

pytestmark = pytest.mark.django_db


def run(*args):
    out = io.StringIO()
    call_command("register_abonent", *args, stdout=out)
    return out.getvalue()


def test_registers_and_prints_login_and_state(django_capture_on_commit_callbacks, mailoutbox):
    BranchFactory()
    with django_capture_on_commit_callbacks(execute=True):
        out = run("--inn", "7707083893", "--kpp", "773601001", "--email", "buh@example.ru", "--name", "ООО «Т»")
    assert "Логин: 7707083893" in out
    assert "Состояние: ожидает активации" in out
    assert User.objects.get(username="7707083893").state == User.PENDING
    assert len(mailoutbox) == 1


def test_existing_billing_abonent_needs_no_name_and_gets_inn_kpp_login():
    AbonentFactory(inn="7707083893", kpp="773601001")
    AbonentFactory(inn="7707083893", kpp="773602001")
    out = run("--inn", "7707083893", "--kpp", "773601001", "--email", "buh@example.ru")
    assert "Логин: 7707083893-773601001" in out


def test_errors_are_printed_in_russian():
    BranchFactory()
    with pytest.raises(CommandError) as error:
        run("--inn", "7707083894", "--kpp", "7736", "--email", "x", "--name", "ООО")
    message = str(error.value)
    assert "ИНН не прошел проверку контрольного числа" in message
    assert "КПП должен содержать 9 символов." in message
    assert "Введите правильный адрес электронной почты" in message


def test_unknown_branch():
    BranchFactory()
    with pytest.raises(CommandError, match="Филиал «nowhere» не найден"):
        run(
            "--inn", "7707083893", "--kpp", "773601001", "--email", "a@example.ru", "--name", "О", "--branch", "nowhere"
        )
