"""The words the billing kinds are declared in (lk_portal/exchange/columns.py)."""

import datetime

import pytest

from lk_portal.exchange.columns import (
    AMOUNT,
    COPY,
    DATE,
    SNAPSHOT,
    Column,
    DatesInOrder,
    FileKind,
    Reference,
    SameRecord,
    choice,
    text,
)
from lk_portal.exchange.problems import RowRejected
from lk_portal.models import Abonent, Contract, Curator, Payment

NUMBER = Column("number", ("№", "Номер"), text(50), required=True)
CONTRACT = Reference(("contract_no",), Contract, ("number",), {"contract_id": "id"}, "нет договора")


def test_a_column_fills_the_field_named_as_its_key_unless_told_otherwise():
    assert NUMBER.field == "number" and NUMBER.filling("doc_number").field == "doc_number"
    assert NUMBER.filling(None).field is None and NUMBER.filling(None).titles == NUMBER.titles
    assert NUMBER.label == "№" and NUMBER.max_length == 50 and NUMBER.parse(" 7 ") == "7"
    assert Column("x", (), AMOUNT).label == "x" and AMOUNT.max_length is None


def test_a_column_in_the_docs_table():
    assert NUMBER.doc_text(key=True) == "**number*** (№ / Номер)"
    assert Column("day", ("День",), DATE, doc="1–31").doc_text(key=False) == "day (День: 1–31)"
    assert Column("flag", (), AMOUNT, doc="0/1").doc_text(key=False) == "flag (0/1)"
    assert Column("bare", (), AMOUNT).doc_text(key=False) == "bare"


def test_a_choice_keeps_the_stored_value_and_is_converted_by_the_fast_path_once_per_text():
    kind = choice({"Счет-фактура": "invoice", "bill": "bill"}, "ожидается счет")
    assert kind.parse("СЧЁТ-ФАКТУРА") == "invoice" and kind.fast == "parsed"
    with pytest.raises(ValueError, match="ожидается счет"):
        kind.parse("акт")


def _kind(**overrides):
    declared = {
        "name": "payments",
        "title": "оплаты",
        "model": Payment,
        "columns": (
            Column("external_id", ("Код",), text(64), required=True),
            Column("contract_no", ("№ договора",), text(50), required=True),
            NUMBER,
            Column("note", (), text(10), field=None),
        ),
        "key": ("external_id",),
        "references": (CONTRACT,),
        "write": COPY,
    }
    return FileKind(**{**declared, **overrides})


def test_plain_columns_fill_their_own_field_and_referenced_ones_do_not():
    kind = _kind()
    assert [c.key for c in kind.plain_columns()] == ["external_id", "number"]
    assert kind.upsert_key == ("external_id",) and _kind(upsert_on=("contract_id",)).upsert_key == ("contract_id",)
    assert kind.model_fields() == ["external_id", "contract", "number"]


def test_deleted_is_a_column_wherever_rows_can_be_removed():
    kind = _kind()
    assert kind.deletable and kind.header_map()["удален"].key == "deleted" and kind.column("deleted").field is None
    snapshot = _kind(model=Curator, key=(), write=SNAPSHOT)
    assert snapshot.snapshot_by_contract and not snapshot.deletable and "удален" not in snapshot.header_map()
    assert kind.header_map()["код"].key == kind.header_map()["external_id"].key == "external_id"


def test_the_kind_in_the_docs_table():
    assert (
        _kind().doc_row()
        == "| payments | **external_id*** (Код) · contract_no* (№ договора) · number* (№ / Номер) · note |"
    )


def test_dates_in_order():
    rule = DatesInOrder("start_date", "end_date", "дата окончания раньше даты начала")
    start = datetime.date(2015, 4, 17)
    rule({"start_date": start, "end_date": None}, {}, None)
    rule({"start_date": start, "end_date": start}, {}, None)
    with pytest.raises(RowRejected) as refused:
        rule({"start_date": start, "end_date": datetime.date(2015, 4, 16)}, {}, None)
    assert (refused.value.column, refused.value.value) == ("end_date", "16.04.2015") and rule.references == ()


def test_same_record_refuses_another_record_or_none():
    abonent = Reference(("inn", "kpp"), Abonent, ("inn", "kpp"), {"abonent_id": "id"}, "нет абонента")
    rule = SameRecord(abonent, "abonent_id", "contract_no", "договор не принадлежит абоненту с ИНН {inn} и КПП {kpp}")
    record = {"inn": "1655123456", "kpp": "165501001", "contract_no": "05 Т"}
    rule(record, {"abonent_id": 7}, lambda reference, row: (7,))
    for found in ((8,), None):
        with pytest.raises(RowRejected) as refused:
            rule(record, {"abonent_id": 7}, lambda reference, row, found=found: found)
        assert (refused.value.column, refused.value.value, refused.value.message) == (
            "contract_no",
            "05 Т",
            "договор не принадлежит абоненту с ИНН 1655123456 и КПП 165501001",
        )
    assert rule.references == (abonent,)
