import datetime
from decimal import Decimal

import pytest

from lk_portal.selectors.debt import debt_latest_snapshots, debt_summary
from tests.factories import AbonentFactory, ContractFactory, DebtSnapshotFactory
from tests.support.viewers import viewer_of

pytestmark = pytest.mark.django_db
D = datetime.date


def test_the_header_line_sums_each_contracts_latest_snapshot():
    first = ContractFactory()
    second = ContractFactory(abonent=first.abonent)
    DebtSnapshotFactory(contract=first, as_of=D(2015, 8, 1), debt=Decimal("500.00"))
    latest = DebtSnapshotFactory(contract=first, as_of=D(2015, 9, 7), debt=Decimal("-17.51"))
    DebtSnapshotFactory(contract=second, as_of=D(2015, 9, 1), debt=Decimal("1200.00"), penalties=Decimal("12.30"))
    DebtSnapshotFactory(debt=Decimal("777.77"))  # another abonent's
    viewer = viewer_of(first)
    assert latest in debt_latest_snapshots(viewer=viewer) and debt_latest_snapshots(viewer=viewer).count() == 2
    summary = debt_summary(viewer=viewer)
    assert (summary.as_of, summary.debt, summary.penalties) == (D(2015, 9, 7), Decimal("1182.49"), Decimal("12.30"))


def test_no_snapshots_no_date_and_zero_debt():
    summary = debt_summary(viewer=viewer_of(AbonentFactory()))
    assert (summary.as_of, summary.debt, summary.penalties) == (None, Decimal("0.00"), Decimal("0.00"))
