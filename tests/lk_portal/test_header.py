import datetime
from decimal import Decimal

import pytest

from tests.factories import ContractFactory, DebtSnapshotFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_cabinet_header_sums_latest_snapshot_of_each_contract(client):
    first = ContractFactory()
    second = ContractFactory(abonent=first.abonent)
    DebtSnapshotFactory(contract=first, as_of=datetime.date(2015, 8, 1), debt=Decimal("999.00"))
    DebtSnapshotFactory(contract=first, as_of=datetime.date(2015, 9, 7), debt=Decimal("-17.51"))
    DebtSnapshotFactory(
        contract=second, as_of=datetime.date(2015, 9, 6), debt=Decimal("1000.00"), penalties=Decimal("12.30")
    )
    client.force_login(UserFactory(abonent=first.abonent))

    html = client.get("/lk/contracts/").content.decode()

    assert "Текущая задолженность на 07.09.2015: 982,49 руб., включая пени 12,30 руб." in html
    assert f"<strong>{first.abonent.inn}</strong>" in html


def test_cabinet_requires_login(client):
    response = client.get("/lk/contracts/")
    assert response.status_code == 302
    assert response["Location"] == "/lk/login/?next=/lk/contracts/"
