import pytest

from lk_portal.selectors.contacts import contract_curators
from tests.factories import ContractFactory, CuratorFactory
from tests.support.viewers import viewer_of

pytestmark = pytest.mark.django_db


def test_curators_per_contract_in_two_queries(django_assert_num_queries):
    first = ContractFactory()
    second = ContractFactory(abonent=first.abonent)
    CuratorFactory(contract=first, full_name="Второй", sort_order=2)
    CuratorFactory(contract=first, full_name="Первый", sort_order=1)
    CuratorFactory(full_name="Чужой")
    viewer = viewer_of(first)
    with django_assert_num_queries(2):
        found = contract_curators(viewer=viewer)
        names = [(c, [x.full_name for x in c.curators.all()]) for c in found]
    assert names == [(first, ["Первый", "Второй"]), (second, [])]
    assert contract_curators(viewer=viewer, contract=second) == [second]
