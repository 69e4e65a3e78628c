import pytest

from tests.lk_portal.guide_rows import guide_abonent

pytestmark = pytest.mark.django_db


def test_payments_page_shows_the_guides_columns_and_rows(client):
    user, contract = guide_abonent()
    client.force_login(user)
    response = client.get("/lk/payments/")
    html = response.content.decode()
    assert response.status_code == 200
    print(html[html.find("cabinet-content") :])
