import pytest

from tests.factories import AbonentFactory, ContractFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client, django_user_model):
    staff = django_user_model.objects.create_superuser("boss", "boss@example.ru", "x")
    client.force_login(staff)
    return client


def test_admin_abonent_search_folds_cyrillic(staff_client):
    AbonentFactory(name="ООО «Теплосеть Казани»")
    AbonentFactory(name="ООО «Водоканал»")
    html = staff_client.get("/admin/abonents/", {"q": "теплосеть"}).content.decode()
    assert "Теплосеть Казани" in html
    assert "Водоканал" not in html


def test_admin_lists_contracts(staff_client):
    ContractFactory(number="05 Т")
    html = staff_client.get("/admin/contracts/").content.decode()
    assert "05 Т" in html


def test_orm_icontains_folds_cyrillic_on_this_backend():
    from lk_portal.models import Abonent

    AbonentFactory(name="АВАНС Тепло")
    assert Abonent.objects.filter(name__icontains="аванс тепло").count() == 1
    assert Abonent.objects.filter(name__iexact="аванс тепло").count() == 1
    assert Abonent.objects.filter(name__istartswith="аван").count() == 1
