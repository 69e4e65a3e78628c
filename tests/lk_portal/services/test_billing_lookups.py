"""The dictionaries that resolve a file's references (lk_portal/services/billing_lookups.py)."""

import pytest

from lk_portal.exchange.kinds import ABONENT, CONTRACT_AND_ABONENT, KINDS
from lk_portal.models import Branch
from lk_portal.services.billing_lookups import Lookups
from tests.factories import BranchFactory, ContractFactory

pytestmark = pytest.mark.django_db

BRANCH = KINDS["abonents"].references[0]


def test_a_contract_by_its_number_gives_its_id_and_its_abonents():
    contract = ContractFactory(number="05 Т")
    lookups = Lookups()
    assert lookups.find(CONTRACT_AND_ABONENT, {"contract_no": "05 Т"}) == (contract.pk, contract.abonent_id)
    assert lookups.find(CONTRACT_AND_ABONENT, {"contract_no": "05 т"}) is None
    assert lookups.table(CONTRACT_AND_ABONENT) == {"05 Т": (contract.pk, contract.abonent_id)}


def test_an_abonent_by_its_inn_and_kpp():
    abonent = ContractFactory().abonent
    found = Lookups().find(ABONENT, {"inn": abonent.inn, "kpp": abonent.kpp})
    assert found == (abonent.pk,) and Lookups().find(ABONENT, {"inn": abonent.inn, "kpp": "000000000"}) is None


def test_each_dictionary_is_loaded_once(django_assert_num_queries):
    ContractFactory(number="05 Т")
    lookups = Lookups()
    with django_assert_num_queries(1):
        for _ in range(3):
            lookups.find(CONTRACT_AND_ABONENT, {"contract_no": "05 Т"})
            lookups.find(CONTRACT_AND_ABONENT, {"contract_no": "99 Т"})


def test_a_branch_by_its_code_or_name_in_any_case():
    branch = BranchFactory(code="chelny", name="Набережночелнинские тепловые сети")
    lookups = Lookups()
    for written in ("chelny", "CHELNY", "набережночелнинские  тепловые сети"):
        assert lookups.find(BRANCH, {"branch": written}) == (branch.pk,)
    assert lookups.find(BRANCH, {"branch": "Москва"}) is None


def test_one_of_the_companys_branches_is_created_on_its_first_mention_once():
    lookups = Lookups()
    found = lookups.find(BRANCH, {"branch": "Нижнекамские тепловые сети"})
    branch = Branch.objects.get()
    assert found == (branch.pk,) and (branch.code, branch.name) == ("nizhnekamsk", "Нижнекамские тепловые сети")
    assert lookups.find(BRANCH, {"branch": "NIZHNEKAMSK"}) == found and Branch.objects.count() == 1
    assert Lookups().find(BRANCH, {"branch": "nizhnekamsk"}) == found and Branch.objects.count() == 1
