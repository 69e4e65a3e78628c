import datetime

import pytest

from lk_portal.selectors.tariffs import tariff_current_by_contract, tariff_queryset
from tests.factories import BranchFactory, ContractFactory, TariffFactory
from tests.support.viewers import viewer_of

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def setup():
    kazan = BranchFactory()
    chelny = BranchFactory(code="chelny", name="Набережночелнинские тепловые сети")
    budget = ContractFactory(abonent__branch=kazan, tariff_group="Бюджетные")
    plain = ContractFactory(abonent=budget.abonent, tariff_group="")
    tariffs = {
        "all groups": TariffFactory(branch=kazan, tariff_group="", valid_from=D(2015, 1, 1)),
        "any branch": TariffFactory(branch=None, tariff_group="Бюджетные", valid_from=D(2015, 1, 1)),
        "old": TariffFactory(branch=kazan, tariff_group="", valid_from=D(2014, 1, 1), valid_to=D(2014, 12, 31)),
        "other branch": TariffFactory(branch=chelny, valid_from=D(2015, 1, 1)),
        "other group": TariffFactory(branch=kazan, tariff_group="Промышленные", valid_from=D(2015, 1, 1)),
    }
    return budget, plain, tariffs


def test_tariffs_apply_by_branch_and_group(setup):
    budget, plain, t = setup
    viewer = viewer_of(budget)
    assert set(tariff_queryset(viewer=viewer, contracts=[budget, plain])) == {
        t["all groups"],
        t["any branch"],
        t["old"],
    }
    assert set(tariff_queryset(viewer=viewer, contracts=[plain])) == {t["all groups"], t["old"]}
    assert not tariff_queryset(viewer=viewer, contracts=[]).exists()


def test_tariffs_in_force_per_contract_in_one_query(setup, django_assert_num_queries):
    budget, plain, t = setup
    with django_assert_num_queries(1):
        current = tariff_current_by_contract(viewer=viewer_of(budget), contracts=[budget, plain], on=D(2015, 6, 1))
    assert [(c, set(ts)) for c, ts in current] == [
        (budget, {t["all groups"], t["any branch"]}),
        (plain, {t["all groups"]}),
    ]
