import datetime
from decimal import Decimal

import pytest

from tests.factories import BranchFactory, ContractFactory, CuratorFactory, TariffFactory, UserFactory
from tests.support.html import grid_rows

pytestmark = pytest.mark.django_db


def test_contracts_page_columns_and_row(client):
    contract = ContractFactory(number="05 Т", start_date=datetime.date(2004, 10, 1), status="Активный")
    client.force_login(UserFactory(abonent=contract.abonent))
    ContractFactory()  # another abonent's
    html = client.get("/lk/contracts/").content.decode()
    for title in ["№ договора", "Вид товара", "Дата начала", "Дата окончания", "Статус"]:
        assert f">{title}</a>" in html
    assert grid_rows(html) == [["05 Т", "Тепло", "01.10.2004", "", "Активный"]]
    assert client.get("/lk/contracts/?export=csv").status_code == 200


def test_contacts_per_contract_with_selector(client):
    first = ContractFactory(number="05 Т", start_date=datetime.date(2004, 10, 1))
    second = ContractFactory(abonent=first.abonent, number="07 Т")
    CuratorFactory(
        contract=first, position="Инженер, Сектор по ДР Гр.пДПП", full_name="Хлынова Ирина Владимировна", phone=""
    )
    CuratorFactory(
        contract=first, position="Расчетчица, ОРТЭ ОРЗатЭ", full_name="Гурьянова Елена Ивановна", phone="567-77-94"
    )
    CuratorFactory(contract=second, full_name="Антонов Андрей Анатольевич")
    foreign = CuratorFactory(full_name="Чужой Куратор")
    client.force_login(UserFactory(abonent=first.abonent))

    html = client.get("/lk/contacts/").content.decode()
    assert "Договор: 05 Т от 01.10.2004" in html
    for text in [
        "Должность",
        "ФИО",
        "Хлынова Ирина Владимировна",
        "Гурьянова Елена Ивановна",
        "567-77-94",
        "Антонов Андрей Анатольевич",
    ]:
        assert text in html
    assert "Чужой Куратор" not in html
    html = client.get(f"/lk/contacts/?contract={second.pk}").content.decode()
    assert "Антонов Андрей Анатольевич" in html and "Хлынова" not in html
    assert client.get(f"/lk/contacts/?contract={foreign.contract_id}").status_code == 404


def test_tariffs_current_and_archive_match_branch_and_group(client, settings):
    kazan = BranchFactory()
    chelny = BranchFactory(code="chelny", name="Набережночелнинские тепловые сети")
    contract = ContractFactory(abonent__branch=kazan, tariff_group="Бюджетные")
    client.force_login(UserFactory(abonent=contract.abonent))
    today = datetime.date.today()
    TariffFactory(
        branch=kazan,
        tariff_group="",
        name="Тепло для всех групп",
        valid_from=today - datetime.timedelta(days=30),
        decree="Постановление № 5",
        decree_url="https://example.ru/5",
    )
    TariffFactory(
        branch=None,
        tariff_group="Бюджетные",
        name="Тепло бюджетным",
        rate=Decimal("1500.00"),
        valid_from=today - datetime.timedelta(days=10),
    )
    TariffFactory(
        branch=kazan,
        tariff_group="Бюджетные",
        name="Старый тариф",
        valid_from=datetime.date(2014, 7, 1),
        valid_to=datetime.date(2014, 12, 31),
    )
    TariffFactory(branch=chelny, name="Чужой филиал", valid_from=today)
    TariffFactory(branch=kazan, tariff_group="Промышленные", name="Чужая группа", valid_from=today)

    html = client.get("/lk/tariffs/").content.decode()
    current = html.split("Архив тарифов", 1)[0]
    assert "Тепло для всех групп" in current and "Тепло бюджетным" in current and "1 500,00" in current
    assert "Старый тариф" not in current
    assert '<a href="https://example.ru/5" rel="noopener" target="_blank">Постановление № 5</a>' in current
    archive = html.split("Архив тарифов", 1)[1]
    assert "Старый тариф" in archive
    assert "Чужой филиал" not in html and "Чужая группа" not in html
    html = client.get("/lk/tariffs/?f_valid_from_to=2015-01-01").content.decode()
    rows = grid_rows(html.split("Архив тарифов", 1)[1])
    assert [r[0] for r in rows] == ["Старый тариф"]
