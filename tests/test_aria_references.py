"""Every id a form control points at (aria-describedby, aria-labelledby, a label's `for`) exists on the
page: with help texts, and with the errors of a wrong submission."""

import pytest

from home.services.application_page import application_page_ensure
from home.services.site_pages import site_pages_ensure
from lk_portal.services.demo import branches_ensure
from tests.support.html import soup

pytestmark = pytest.mark.django_db


def dangling_references(response) -> list[str]:
    page = soup(response)
    ids = {node["id"] for node in page.select("[id]")}
    missing = []
    for attr in ("aria-describedby", "aria-labelledby", "aria-controls"):
        for node in page.select(f"[{attr}]"):
            missing += [f"{attr}={ref}" for ref in node[attr].split() if ref not in ids]
    missing += [f"for={label['for']}" for label in page.select("label[for]") if label["for"] not in ids]
    return missing


@pytest.fixture
def site(db):
    branches_ensure()
    pages = site_pages_ensure()
    application_page_ensure(parent=pages["home"])
    return pages


@pytest.mark.parametrize("path", ["/lk/login/", "/lk/password-reset/", "/zayavka/"])
def test_form_pages_point_only_at_existing_ids(client, site, path):
    response = client.get(path)
    assert response.status_code == 200
    page = soup(response)
    assert page.select("[aria-describedby]"), "no help text is tied to its field"
    assert dangling_references(response) == []


def test_login_field_is_described_by_its_help_and_its_error(client, site):
    response = client.post("/lk/login/", {"username": "", "password": ""})
    assert dangling_references(response) == []
    username = soup(response).select_one("#id_username")
    assert "id_username_error" in username["aria-describedby"].split()


def test_application_form_with_errors_points_only_at_existing_ids(client, site):
    response = client.post("/zayavka/", {})
    assert dangling_references(response) == []
