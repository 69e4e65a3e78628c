"""Deletes that cannot surprise (issue 12, item 4): a mass delete is refused until confirmed, with the counts;
a deleted abonent's account is blocked and kept; --dry-run writes nothing."""

import os
import time

import pytest
from django.core.management import CommandError, call_command

from lk_portal.models import Abonent, Contract, ImportRun, Payment, User
from lk_portal.services.billing_drop import billing_drop_folder_import
from lk_portal.services.billing_import import billing_package_import
from tests.factories import ContractFactory, PaymentFactory, UserFactory
from tests.lk_portal.exchange.helpers import write_csv

pytestmark = pytest.mark.django_db

HEADER = ["ИНН", "КПП", "Абонент", "Филиал", "Удален"]


@pytest.fixture
def portal():
    """30 abonents, each with a contract and two payments."""
    contracts = [ContractFactory() for _ in range(30)]
    for contract in contracts:
        PaymentFactory.create_batch(2, contract=contract)
    return contracts


def _deleting(path, abonents):
    rows = [HEADER, *[[a.inn, a.kpp, a.name, "kazan", "1"] for a in abonents]]
    return write_csv(path, rows)


def _import(path, **options):
    return billing_package_import(paths=[path], source=ImportRun.SOURCE_COMMAND, **options)


def _texts(run):
    return [error["text"] for error in run.errors]


def test_a_file_deleting_every_abonent_is_refused_with_the_counts(tmp_path, portal):
    path = _deleting(tmp_path / "abonents.csv", Abonent.objects.all())
    run = _import(path)
    assert run.status == ImportRun.FAILED
    text = _texts(run)[0]
    assert "удаляет больше 5 % таблицы (абонентов — 30 из 30" in text
    assert "будет удалено абонентов: 30, договоров: 30, оплат: 60" in text
    assert "import_billing --allow-mass-delete" in text
    assert (Abonent.objects.count(), Contract.objects.count(), Payment.objects.count()) == (30, 30, 60)


def test_confirmed_it_deletes_and_says_what(tmp_path, portal):
    run = _import(_deleting(tmp_path / "abonents.csv", Abonent.objects.all()), allow_mass_delete=True)
    assert run.status == ImportRun.OK and run.files[0]["deleted"] == 30
    assert "удалено абонентов: 30, договоров: 30, оплат: 60" in run.warnings[-1]["text"]
    assert (Abonent.objects.count(), Contract.objects.count(), Payment.objects.count()) == (0, 0, 0)


def test_a_small_delete_goes_through_with_a_warning(tmp_path, portal):
    run = _import(_deleting(tmp_path / "abonents.csv", Abonent.objects.all()[:1]))
    assert run.status == ImportRun.OK
    assert run.warnings[-1]["text"].endswith("удалено абонентов: 1, договоров: 1, оплат: 2")
    assert Abonent.objects.count() == 29


def test_an_abonent_with_an_account_is_not_deleted_unconfirmed_then_its_account_is_blocked_and_kept(tmp_path, portal):
    abonent = portal[0].abonent
    user = UserFactory(abonent=abonent, username="7701234567")
    path = _deleting(tmp_path / "abonents.csv", [abonent])
    refused = _import(path)
    assert refused.status == ImportRun.FAILED
    assert "удаляет абонентов, у которых есть учетные записи в личном кабинете" in _texts(refused)[0]
    assert "будет заблокировано учетных записей абонентов: 1" in _texts(refused)[0]
    assert Abonent.objects.filter(pk=abonent.pk).exists()
    run = _import(path, allow_mass_delete=True)
    assert run.status == ImportRun.OK
    user = User.objects.get(pk=user.pk)  # kept, with its login
    assert user.abonent_id is None and user.state == User.BLOCKED and user.blocked_at is not None
    assert not Abonent.objects.filter(pk=abonent.pk).exists()


def test_the_drop_folder_never_deletes_en_masse(tmp_path, portal):
    drop = tmp_path / "import"
    drop.mkdir()
    path = _deleting(drop / "abonents.csv", Abonent.objects.all())
    past = time.time() - 3600
    os.utime(path, (past, past))
    billing_drop_folder_import(directory=drop, min_age_seconds=60)
    report = (drop / "failed" / "abonents.csv.errors.txt").read_text(encoding="utf-8")
    assert "будет удалено абонентов: 30, договоров: 30, оплат: 60" in report
    assert Abonent.objects.count() == 30


def test_command_dry_run_writes_nothing_and_tells(tmp_path, portal, capsys):
    path = _deleting(tmp_path / "abonents.csv", Abonent.objects.all()[:2])
    call_command("import_billing", str(path), "--dry-run", "--no-progress")
    out = capsys.readouterr().out
    assert "abonents.csv: был бы загружен; строк 2" in out and "удалено 2" in out
    assert "будет удалено абонентов: 2, договоров: 2, оплат: 4" in out
    assert "Проверка без записи: успешно" in out and "ничего не записано" in out
    assert Abonent.objects.count() == 30 and ImportRun.objects.count() == 0


def test_command_refuses_a_mass_delete_until_allowed(tmp_path, portal, capsys):
    path = _deleting(tmp_path / "abonents.csv", Abonent.objects.all())
    with pytest.raises(CommandError):
        call_command("import_billing", str(path), "--no-progress")
    assert "будет удалено абонентов: 30" in capsys.readouterr().err
    assert Abonent.objects.count() == 30
    call_command("import_billing", str(path), "--no-progress", "--allow-mass-delete")
    assert Abonent.objects.count() == 0
