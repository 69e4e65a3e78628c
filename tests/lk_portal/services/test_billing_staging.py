"""The staged writer of the large kinds on PostgreSQL (lk_portal/services/billing_staging.py)."""

from decimal import Decimal

import pytest
from django.db import connection

from lk_portal.models import Payment
from lk_portal.services import bulk_schema
from lk_portal.services.billing_spec import Counts
from lk_portal.services.billing_staging import StagingApplier
from tests.factories import ContractFactory, PaymentFactory
from tests.lk_portal.exchange.helpers import GUIDE_PAYMENTS, apply_rows

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the staging path is PostgreSQL's"),
]


def _foreign_keys():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = 'lk_portal_payment'::regclass AND contype = 'f' ORDER BY conname"
        )
        return cursor.fetchall()


@pytest.mark.parametrize("chunk_rows", [1, 2, 50_000])
def test_rows_in_chunks_are_upserted_and_counted(monkeypatch, chunk_rows):
    monkeypatch.setattr(StagingApplier, "CHUNK_ROWS", chunk_rows)
    ContractFactory(number="05 Т")
    counts, problems, applier = apply_rows("payments", GUIDE_PAYMENTS)
    assert isinstance(applier, StagingApplier) and problems == [] and counts == Counts(created=2)
    changed = [GUIDE_PAYMENTS[0], GUIDE_PAYMENTS[1], [*GUIDE_PAYMENTS[2][:5], "1,00", *GUIDE_PAYMENTS[2][6:]]]
    counts, _, _ = apply_rows("payments", changed)
    assert counts == Counts(updated=1, unchanged=1) and Payment.objects.get(external_id="P-74").amount == Decimal("1")


def test_the_temporary_table_is_gone_after_the_file():
    ContractFactory(number="05 Т")
    apply_rows("payments", GUIDE_PAYMENTS)
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass('pg_temp.lk_stage_payments')")
        assert cursor.fetchone() == (None,)


def test_large_load_drops_and_restores_foreign_keys(monkeypatch):
    monkeypatch.setattr(bulk_schema, "LARGE_LOAD_ROWS", 1)
    monkeypatch.setattr(bulk_schema, "LARGE_LOAD_SHARE", 0)
    dropped = []
    real = bulk_schema.drop_foreign_keys_if_large
    monkeypatch.setattr(bulk_schema, "drop_foreign_keys_if_large", lambda *a: dropped.extend(real(*a)) or dropped)
    before = _foreign_keys()
    assert len(before) == 2
    contract = ContractFactory(number="05 Т")
    PaymentFactory(external_id="P-1", contract=contract)  # a pending deferred check must not block the ALTER
    counts, problems, _ = apply_rows("payments", GUIDE_PAYMENTS)
    assert problems == [] and counts == Counts(created=2)
    assert sorted(dropped) == before and _foreign_keys() == before
    assert Payment.objects.filter(external_id="P-86", abonent__contracts__number="05 Т").exists()


def test_a_small_load_keeps_the_foreign_keys():
    assert bulk_schema.LARGE_LOAD_ROWS > 2
    ContractFactory(number="05 Т")
    real = bulk_schema.drop_foreign_keys_if_large
    with connection.cursor() as cursor:
        assert real(cursor, "lk_portal_payment", 2) == []
    apply_rows("payments", GUIDE_PAYMENTS)
    assert len(_foreign_keys()) == 2
