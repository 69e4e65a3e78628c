"""The payments' summary (migration 0007's triggers): whoever writes payments, it stays equal to
a GROUP BY of the payments, and a key's row goes with its last payment."""

from decimal import Decimal

import pytest
from django.db.models import Count, Sum

from lk_portal.models import Contract, Payment, PaymentSummary
from tests.factories import ContractFactory, PaymentFactory

pytestmark = pytest.mark.django_db


def summary() -> dict:
    return {(s.abonent_id, s.contract_id, s.kind): (s.row_count, s.amount) for s in PaymentSummary.objects.all()}


def recomputed() -> dict:
    rows = Payment.objects.values("abonent_id", "contract_id", "kind").annotate(n=Count("pk"), total=Sum("amount"))
    return {(r["abonent_id"], r["contract_id"], r["kind"]): (r["n"], r["total"]) for r in rows}


def test_inserts_updates_and_deletes_keep_the_summary_equal_to_the_payments():
    first, second = ContractFactory(), ContractFactory()
    PaymentFactory(contract=first, amount=Decimal("7220.27"))
    PaymentFactory(contract=first, amount=Decimal("0.03"), kind="Пени")
    Payment.objects.bulk_create(
        [PaymentFactory.build(contract=second, amount=Decimal("100.10"), kind="Аванс") for _ in range(3)]
    )
    assert summary() == recomputed()
    assert summary()[(first.abonent_id, first.id, "Аванс")] == (1, Decimal("7220.27"))
    assert summary()[(second.abonent_id, second.id, "Аванс")] == (3, Decimal("300.30"))

    Payment.objects.filter(contract=second).update(kind="Основная реализация", amount=Decimal("1.01"))
    Payment.objects.filter(kind="Пени").update(amount=Decimal("5.55"))
    assert summary() == recomputed()
    assert (second.abonent_id, second.id, "Аванс") not in summary()
    assert summary()[(second.abonent_id, second.id, "Основная реализация")] == (3, Decimal("3.03"))

    Payment.objects.filter(contract=first, kind="Аванс").delete()
    assert summary() == recomputed()
    assert set(summary()) == {
        (first.abonent_id, first.id, "Пени"),
        (second.abonent_id, second.id, "Основная реализация"),
    }


def test_a_payment_moved_to_another_contract_moves_in_the_summary():
    first = ContractFactory()
    other = ContractFactory(abonent=first.abonent)
    payment = PaymentFactory(contract=first, amount=Decimal("10.00"))
    payment.contract = other
    payment.save()
    assert summary() == {(first.abonent_id, other.id, "Аванс"): (1, Decimal("10.00"))}


def test_an_update_that_leaves_a_keys_count_and_amount_or_empties_a_key_keeps_the_summary():
    contract = ContractFactory()
    other = ContractFactory(abonent=contract.abonent)
    PaymentFactory(contract=contract, amount=Decimal("1.00"), purpose="a")
    PaymentFactory(contract=contract, amount=Decimal("2.00"), purpose="b")
    Payment.objects.filter(contract=contract).update(purpose="c")  # the key's net change is nothing
    assert summary() == recomputed() == {(contract.abonent_id, contract.id, "Аванс"): (2, Decimal("3.00"))}
    Payment.objects.filter(contract=contract).update(contract=other)  # one key emptied, another filled
    assert summary() == recomputed() == {(contract.abonent_id, other.id, "Аванс"): (2, Decimal("3.00"))}


def test_deleting_a_contract_takes_its_payments_and_their_summary():
    contract = ContractFactory()
    PaymentFactory(contract=contract)
    Contract.objects.filter(pk=contract.pk).delete()
    assert not PaymentSummary.objects.exists()


PAYMENTS_HEADER = (
    "Код;№ договора;№ документа оплаты;Дата оплаты;Отчетный период;Сумма оплаты;Вид реализации;Назначение платежа\n"
)


def test_imported_files_keep_the_summary_first_load_and_changes(tmp_path):
    """The import's paths (on PostgreSQL the COPY fast path: into the empty table, then the upsert)."""
    from lk_portal.models import ImportRun
    from lk_portal.services.billing_import import billing_package_import

    contract = ContractFactory(number="S-01 Т")
    other = ContractFactory(number="S-02 Т")
    first = tmp_path / "payments.csv"
    first.write_text(
        PAYMENTS_HEADER
        + "P-1;S-01 Т;1;17.04.2015;2015,04;7 220,27;Аванс;за апрель\n"
        + "P-2;S-01 Т;2;18.04.2015;2015,04;100,00;Пени;пени\n"
        + "P-3;S-02 Т;3;19.04.2015;2015,04;1,01;Аванс;аванс\n",
        encoding="utf-8",
    )
    run = billing_package_import(paths=[first], source=ImportRun.SOURCE_COMMAND)
    assert run.status == ImportRun.OK, run.errors
    assert summary() == recomputed()
    assert summary()[(contract.abonent_id, contract.id, "Аванс")] == (1, Decimal("7220.27"))

    changed = tmp_path / "payments2.csv"
    changed.write_text(
        PAYMENTS_HEADER
        + "P-1;S-01 Т;1;17.04.2015;2015,04;7 220,27;Аванс;за апрель\n"  # unchanged
        + "P-2;S-02 Т;2;18.04.2015;2015,04;50,00;Пени;пени\n"  # moved to the other contract, new amount
        + "P-4;S-02 Т;4;20.04.2015;2015,04;2,02;Аванс;аванс\n",  # new
        encoding="utf-8",
    )
    run = billing_package_import(paths=[changed], source=ImportRun.SOURCE_COMMAND)
    assert run.status == ImportRun.OK, run.errors
    assert summary() == recomputed()
    assert (contract.abonent_id, contract.id, "Пени") not in summary()
    assert summary()[(other.abonent_id, other.id, "Аванс")] == (2, Decimal("3.03"))
