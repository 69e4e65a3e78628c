import pytest

from lk_portal.domain.accounts import AlreadyRegistered, ContractOfAnother
from lk_portal.selectors.accounts import abonent_registration_conflict
from tests.factories import AbonentFactory, ContractFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_one_account_per_abonent():
    account = UserFactory()
    abonent = account.abonent
    conflict = abonent_registration_conflict(inn=abonent.inn, kpp=abonent.kpp)
    assert isinstance(conflict, AlreadyRegistered) and f"логин {account.username}" in conflict.message


def test_a_contract_of_another_abonent_is_a_conflict_and_an_own_one_is_not():
    abonent = AbonentFactory()
    ContractFactory(abonent=abonent, number="А-05")
    other = ContractFactory(number="А-06")
    assert abonent_registration_conflict(inn=abonent.inn, kpp=abonent.kpp, contract_number="А-05") is None
    conflict = abonent_registration_conflict(inn=abonent.inn, kpp=abonent.kpp, contract_number="А-06")
    assert isinstance(conflict, ContractOfAnother) and other.abonent.inn in conflict.message
    assert abonent_registration_conflict(inn="7707083893", kpp="773601001") is None
