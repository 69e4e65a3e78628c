import datetime

import pytest

from lk_portal.domain.errors import NotFound
from lk_portal.selectors.contracts import ContractNotFound, contract_find, contract_list
from tests.factories import ContractFactory
from tests.support.viewers import viewer_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def contracts():
    later = ContractFactory(number="К-07", start_date=datetime.date(2010, 1, 1))
    first = ContractFactory(abonent=later.abonent, number="К-05", start_date=datetime.date(2004, 10, 1))
    ContractFactory()  # another abonent's
    return list(contract_list(viewer=viewer_of(first))), first, later


def test_the_viewers_contracts_oldest_first(contracts):
    found, first, later = contracts
    assert found == [first, later]


def test_find_by_id_blank_is_all_anything_else_is_not_found(contracts):
    found, first, _ = contracts
    assert contract_find(contracts=found, raw_id=str(first.pk)) == first
    assert contract_find(contracts=found, raw_id=None) is None
    assert contract_find(contracts=found, raw_id="  ") is None
    foreign = ContractFactory()
    for raw in (str(foreign.pk), "abc", "1.5", "-1"):
        with pytest.raises(ContractNotFound):
            contract_find(contracts=found, raw_id=raw)
    assert issubclass(ContractNotFound, NotFound)  # the views answer 404
