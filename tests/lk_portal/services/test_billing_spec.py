"""What a file writes, derived from its kind's declaration (lk_portal/services/billing_spec.py)."""

import datetime
from decimal import Decimal

import pytest

from lk_portal.exchange.header import read_header
from lk_portal.exchange.kinds import KINDS
from lk_portal.exchange.problems import RowRejected
from lk_portal.services.billing_lookups import Lookups
from lk_portal.services.billing_spec import Applier, WriteSpec
from tests.factories import BranchFactory, ContractFactory
from tests.lk_portal.exchange.helpers import GUIDE_PAYMENTS, INN, KPP, apply_rows

pytestmark = pytest.mark.django_db


def _spec(kind, header):
    return WriteSpec(read_header(header, kind=KINDS[kind], name=f"{kind}.csv"), Lookups())


def test_an_upsert_writes_the_references_and_the_columns_the_file_has():
    spec = _spec("payments", GUIDE_PAYMENTS[0][:-1])
    assert spec.key_fields == ("external_id",)
    assert spec.fields == ["contract_id", "abonent_id", "external_id", "number", "date", "period", "amount", "kind"]


def test_a_snapshot_writes_whole_rows_empty_columns_as_the_models_empty_value():
    spec = _spec("payment_terms", ["№ договора", "Дата оплаты", "Виды платежей"])
    assert spec.fields == ["contract_id", "day", "percent", "kind", "next_month"] and spec.key_fields == ()
    contract = ContractFactory(number="05 Т")
    values = spec.values({"contract_no": "05 Т", "day": 5, "kind": "Аванс"})
    assert values == {"contract_id": contract.pk, "day": 5, "percent": None, "kind": "Аванс", "next_month": False}


def test_values_resolve_references_and_keep_the_parsed_values():
    contract = ContractFactory(number="05 Т")
    spec = _spec("payments", GUIDE_PAYMENTS[0])
    record = {"external_id": "P-1", "contract_no": "05 Т", "amount": Decimal("1.00"), "date": datetime.date(2015, 4, 1)}
    values = spec.values(record)
    assert (values["contract_id"], values["abonent_id"], values["amount"]) == (
        contract.pk,
        contract.abonent_id,
        Decimal("1.00"),
    )
    assert values["purpose"] == "" and spec.key(record) == ("P-1",)


def test_a_reference_not_found_rejects_the_row_on_its_first_column():
    spec = _spec("contracts", ["contract_no", "inn", "kpp", "goods", "start_date", "status"])
    with pytest.raises(RowRejected) as rejected:
        spec.values({"contract_no": "05 Т", "inn": INN, "kpp": KPP, "start_date": datetime.date(2004, 10, 1)})
    assert (rejected.value.column, rejected.value.value) == ("inn", f"{INN} / {KPP}")
    assert rejected.value.message == "абонент с такими ИНН и КПП не найден: его нет на портале и в загружаемом пакете"


def test_an_optional_reference_left_empty_gives_none_and_a_wrong_one_is_rejected():
    BranchFactory()
    spec = _spec("tariffs", ["Код", "Филиал", "Наименование", "Ед. изм.", "Тариф", "Действует с"])
    record = {"external_id": "T-1", "name": "Тепло", "valid_from": datetime.date(2015, 7, 1)}
    assert spec.values(record)["branch_id"] is None
    with pytest.raises(RowRejected, match="^филиал не найден$"):
        spec.values({**record, "branch": "Москва"})


def test_the_kinds_rules_apply_after_its_references():
    contract = ContractFactory(number="05 Т", abonent__inn=INN, abonent__kpp=KPP)
    spec = _spec("contracts", ["contract_no", "inn", "kpp", "goods", "start_date", "end_date", "status"])
    record = {"contract_no": "07 Т", "inn": INN, "kpp": KPP, "start_date": datetime.date(2004, 10, 1)}
    assert spec.values(record)["abonent_id"] == contract.abonent_id
    with pytest.raises(RowRejected) as rejected:
        spec.values({**record, "end_date": datetime.date(2004, 9, 30)})
    assert (rejected.value.column, rejected.value.message) == ("end_date", "дата окончания раньше даты начала")


def test_a_debts_key_is_the_contracts_id_and_its_date():
    contract = ContractFactory(number="05 Т")
    spec = _spec("debts", ["inn", "kpp", "contract_no", "as_of", "debt", "penalties"])
    as_of = datetime.date(2015, 9, 7)
    assert spec.key({"contract_no": "05 Т", "as_of": as_of}) == (contract.pk, as_of)
    with pytest.raises(RowRejected, match="договор с таким номером не найден"):
        spec.key({"contract_no": "99 Т", "as_of": as_of})


def test_an_applier_refuses_a_row_whose_reference_fails_or_whose_key_came_before():
    ContractFactory(number="05 Т")
    rows = [
        GUIDE_PAYMENTS[0],
        ["P-1", "05 Т", "1", "17.04.15", "2015,04", "1,00", "Аванс", ""],
        ["P-2", "99 Т", "2", "17.04.15", "2015,04", "1,00", "Аванс", ""],
        ["P-1", "05 Т", "3", "17.04.15", "2015,04", "1,00", "Аванс", ""],
    ]
    counts, problems, applier = apply_rows("payments", rows)
    assert counts is None and applier.failed
    assert [str(p) for p in problems] == [
        "Файл «payments.csv», строка 3, столбец «№ договора», значение «99 Т»: "
        "договор с таким номером не найден: его нет на портале и в загружаемом пакете",
        "Файл «payments.csv», строка 4, столбец «Код», значение «P-1»: этот ключ уже был в строке 2",
    ]


def test_a_repeated_key_of_several_columns_is_shown_by_all_of_them():
    contract = ContractFactory(number="05 Т", abonent__inn=INN, abonent__kpp=KPP)
    rows = [
        ["inn", "kpp", "contract_no", "as_of", "debt", "penalties"],
        [INN, KPP, "05 Т", "07.09.2015", "1", "0"],
        [INN, KPP, "05 Т", "2015-09-07", "2", "0"],
    ]
    _, (problem,), _ = apply_rows("debts", rows)
    assert (problem.column, problem.value) == ("inn, kpp, contract_no, as_of", f"{contract.pk} / 07.09.2015")


def test_an_unknown_branch_is_an_error():
    _, (problem,), _ = apply_rows("abonents", [["inn", "kpp", "name", "branch"], [INN, KPP, "ООО", "Москва"]])
    assert (problem.column, problem.value) == ("branch", "Москва")
    assert problem.message == "филиал не найден: ожидается kazan, chelny, nizhnekamsk или название филиала"


def test_the_applier_base_leaves_the_writing_to_its_subclass():
    spec = _spec("payments", GUIDE_PAYMENTS[0])
    with pytest.raises(NotImplementedError):
        Applier(spec).take(("P-1",), {})
