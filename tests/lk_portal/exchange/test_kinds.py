"""The declaration of the billing kinds (lk_portal/exchange/kinds.py), checked against the models and the docs."""

import dataclasses

import pytest
from django.core.management import call_command

from lk_portal.admin_views.billing import PaymentViewSet
from lk_portal.exchange.columns import COPY, UPDATE
from lk_portal.exchange.fast_csv import fast_columns
from lk_portal.exchange.header import read_header
from lk_portal.exchange.kinds import KIND_ORDER, KINDS, column_table, kind_for_filename
from lk_portal.services.billing_lookups import Lookups
from lk_portal.services.billing_spec import WriteSpec

KIND_LIST = list(KINDS.values())


@pytest.mark.parametrize("kind", KIND_LIST, ids=lambda kind: kind.name)
def test_every_field_a_kind_fills_is_a_field_of_its_model(kind):
    meta = kind.model._meta
    keys = {column.key for column in kind.columns}
    filled = [c.field for c in kind.plain_columns()] + [f for r in kind.references for f in r.fields]
    for field in [*filled, *kind.upsert_key]:
        meta.get_field(field)
    for reference in (*kind.references, *(r for rule in kind.rules for r in rule.references)):
        assert set(reference.columns) <= keys, reference.columns
        for field in (*reference.match, *reference.gives.values()):
            reference.model._meta.get_field(field)
    assert set(kind.key) <= keys and len(set(filled)) == len(filled)


@pytest.mark.parametrize("kind", [k for k in KIND_LIST if k.write != UPDATE], ids=lambda kind: kind.name)
def test_every_field_a_new_row_needs_is_filled(kind):
    filled = {c.field for c in kind.plain_columns()} | {f for r in kind.references for f in r.fields}
    for field in kind.model._meta.concrete_fields:
        needed = not (field.primary_key or field.null or field.has_default() or field.empty_strings_allowed)
        assert not needed or field.attname in filled, field.name


@pytest.mark.parametrize("kind", [k for k in KIND_LIST if k.write == COPY], ids=lambda kind: kind.name)
def test_a_copy_kind_refers_through_one_column_has_one_key_column_and_only_fast_values(kind):
    (reference,) = kind.references
    assert len(reference.columns) == 1 and len(kind.key) == 1 and kind.rules == ()
    assert all(column.value.fast for column in kind.columns)
    for column in kind.plain_columns():
        if column.value.fast == "text":  # the converter writes '' for an empty text, as the Python path stores it
            assert not kind.model._meta.get_field(column.field).null, column.key


@pytest.mark.parametrize("kind", [k for k in KIND_LIST if k.write == UPDATE], ids=lambda kind: kind.name)
def test_an_update_kind_makes_no_row_and_fills_only_its_models_fields(kind):
    assert not kind.deletable and kind.update is not None and kind.key
    fields = {f.attname for f in kind.model._meta.concrete_fields}
    assert {c.field for c in kind.plain_columns()} <= fields and kind.update.field in fields
    assert kind.update.stamp is None or kind.update.stamp in fields


def test_kind_from_file_name():
    assert kind_for_filename("payments_2015-04-17.csv") == "payments"
    assert kind_for_filename("Payments.xlsx") == "payments"
    assert kind_for_filename("payment_terms.csv") == "payment_terms"
    assert kind_for_filename("PAYMENT_TERMS-2015.xlsx") == "payment_terms"
    assert kind_for_filename("paymentsheet.csv") is None
    assert kind_for_filename("report.csv") is None
    assert kind_for_filename("metering_units_2015-04.csv") == "metering_units"
    assert kind_for_filename("Consumption.xlsx") == "consumption"
    assert KIND_ORDER[:2] == ("abonents", "contracts")
    assert kind_for_filename("reading_statuses_2026-11-05.csv") == "reading_statuses"
    # units before the months that name them; billing's answers on readings last
    assert KIND_ORDER[-4:] == ("tariffs", "metering_units", "consumption", "reading_statuses")


def test_the_docs_column_table_is_the_declarations():
    call_command("billing_columns_doc", "--check")  # docs/billing-exchange.md
    assert column_table().count("\n") == len(KINDS) + 2


def test_a_column_added_to_a_kind_reaches_the_readers_the_writers_the_admin_and_the_docs():
    """The payments kind as if its last column were a new optional one: its one declaration is all it takes."""
    full = KINDS["payments"]
    added = full.columns[-1]
    without = dataclasses.replace(full, columns=full.columns[:-1])
    header = [column.label for column in full.columns]

    def seen_by(kind):
        table = read_header(header, kind=kind, name="payments.csv")
        return {
            "reader": [column.key for _, column in table.positions],
            "fast path": fast_columns(table),
            "writers": WriteSpec(table, Lookups()).fields,
            "admin export": kind.model_fields(),
            "docs": kind.doc_row(),
        }

    before, after = seen_by(without), seen_by(full)
    assert not added.required and added.field == added.key
    assert before["reader"] + [added.key] == after["reader"]
    assert before["fast path"] + [added.field] == after["fast path"]
    assert before["writers"] + [added.field] == after["writers"]
    assert before["admin export"] + [added.field] == after["admin export"] == PaymentViewSet.list_export
    assert after["docs"] == before["docs"][:-2] + f" · {added.doc_text(key=False)} |"
