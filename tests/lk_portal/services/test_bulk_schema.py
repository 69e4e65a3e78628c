"""The shared steps of a bulk load (lk_portal/services/bulk_schema.py)."""

import pytest
from django.db import connection

from lk_portal.models import BillingDocument, Payment, PaymentTerm
from lk_portal.services import bulk_schema

pytestmark = pytest.mark.django_db
postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's catalog")


def test_the_fields_a_file_lacks_are_those_new_rows_take_the_default_of():
    written = [f.column for f in Payment._meta.concrete_fields if f.name != "purpose"]
    absent = bulk_schema.absent_fields(Payment, written)
    assert [f.name for f in absent] == ["purpose"] and bulk_schema.default_values(absent) == [""]
    nullable = bulk_schema.absent_fields(BillingDocument, [f.column for f in BillingDocument._meta.concrete_fields][:5])
    assert "accrued" not in [f.name for f in nullable]  # left NULL
    assert bulk_schema.default_values(
        bulk_schema.absent_fields(PaymentTerm, ["contract_id", "day", "kind", "updated_at"])
    ) == [False, 0]
    # updated_at (issue 19): new rows of a COPY take the load's moment, as the ORM's default would give
    (stamp,) = bulk_schema.default_values(
        bulk_schema.absent_fields(PaymentTerm, ["contract_id", "day", "kind", "next_month", "sort_order", "percent"])
    )
    assert stamp is not None


@postgresql
def test_constraints_dropped_and_added_back_are_the_same():
    with connection.cursor() as cursor:
        before = bulk_schema.constraints(cursor, "lk_portal_payment", "fu")
        assert [name for name, _ in before if "external_id" in name] == ["payment_external_id_unique"]
        bulk_schema.drop_constraints(cursor, "lk_portal_payment", before)
        assert bulk_schema.constraints(cursor, "lk_portal_payment", "fu") == []
        bulk_schema.add_constraints(cursor, "lk_portal_payment", before)
        assert bulk_schema.constraints(cursor, "lk_portal_payment", "fu") == before


@postgresql
def test_foreign_keys_are_dropped_for_a_large_load_only(monkeypatch):
    with connection.cursor() as cursor:
        assert (
            bulk_schema.drop_foreign_keys_if_large(cursor, "lk_portal_payment", bulk_schema.LARGE_LOAD_ROWS - 1) == []
        )
        monkeypatch.setattr(bulk_schema, "table_rows", lambda cursor, table: 10 * bulk_schema.LARGE_LOAD_ROWS)
        assert bulk_schema.drop_foreign_keys_if_large(cursor, "lk_portal_payment", bulk_schema.LARGE_LOAD_ROWS) == []
        monkeypatch.setattr(bulk_schema, "table_rows", lambda cursor, table: 0)
        dropped = bulk_schema.drop_foreign_keys_if_large(cursor, "lk_portal_payment", bulk_schema.LARGE_LOAD_ROWS)
        assert len(dropped) == 2 and bulk_schema.constraints(cursor, "lk_portal_payment", "f") == []
        bulk_schema.add_constraints(cursor, "lk_portal_payment", dropped)
        assert bulk_schema.constraints(cursor, "lk_portal_payment", "f") == dropped


@postgresql
def test_secondary_indexes_dropped_and_built_again():
    with connection.cursor() as cursor:
        indexes = bulk_schema.secondary_indexes(cursor, "lk_portal_payment")
        assert [name for name, _ in indexes] == [
            "payment_abonent_date",
            "payment_abonent_period",
            "payment_abonent_updated",  # the API's sync (issue 19)
            "payment_contract_date",
            "payment_number",
        ]
        bulk_schema.drop_indexes(cursor, indexes)
        assert bulk_schema.secondary_indexes(cursor, "lk_portal_payment") == []
        bulk_schema.add_indexes(cursor, indexes)
        assert bulk_schema.secondary_indexes(cursor, "lk_portal_payment") == indexes


@postgresql
def test_only_a_table_no_other_refers_to_is_truncated():
    with connection.cursor() as cursor:
        assert bulk_schema.referenced(cursor, "lk_portal_contract")  # payments refer to contracts
        assert not bulk_schema.referenced(cursor, "lk_portal_payment")
        assert bulk_schema.table_rows(cursor, "lk_portal_payment") >= 0


@postgresql
def test_column_defaults_set_for_a_load_are_the_models_and_the_tables_own_come_back():
    fields = [Payment._meta.get_field("purpose"), Payment._meta.get_field("updated_at")]
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE lk_portal_payment ALTER COLUMN purpose SET DEFAULT 'свой'")
        restore = bulk_schema.set_defaults(cursor, "lk_portal_payment", fields)
        assert [column for column, _ in restore] == ["purpose", "updated_at"]
        assert restore[0][1].startswith("'свой'") and restore[1][1] is None
        during = bulk_schema.column_defaults(cursor, "lk_portal_payment")
        assert during["purpose"].startswith("''") and "timestamp with time zone" in during["updated_at"]
        bulk_schema.restore_defaults(cursor, "lk_portal_payment", restore)
        after = bulk_schema.column_defaults(cursor, "lk_portal_payment")
        assert "updated_at" not in after and after["purpose"].startswith("'свой'")
        assert bulk_schema.set_defaults(cursor, "lk_portal_payment", []) == []
