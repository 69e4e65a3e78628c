import io

import pytest
from pypdf import PdfReader

from lk_portal.services.applications import registration_application_create, registration_application_pdf
from tests.factories import BranchFactory

pytestmark = pytest.mark.django_db


def data(branch, **overrides):
    values = {
        "name": "ООО «Теплый дом»",
        "inn": "7707083893",
        "kpp": "773601001",
        "contract_number": "05 Т",
        "email": "buh@example.ru",
        "contact_person": "Иванова М. П.",
        "phone": "(843) 555-00-00",
        "branch": branch,
    }
    values.update(overrides)
    return values


def text(pdf: bytes) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).split())


def test_a_stored_application_prints_filled_in():
    branch = BranchFactory()
    application = registration_application_create(data=data(branch), ip_address="10.0.0.1")
    assert (application.inn, application.branch, application.ip_address) == ("7707083893", branch, "10.0.0.1")
    printed = text(registration_application_pdf(application=application))
    assert "ООО «Теплый дом»" in printed and "7707083893" in printed and branch.name in printed


def test_the_blank_form_lists_every_branch():
    BranchFactory()
    BranchFactory(code="chelny", name="Набережночелнинские тепловые сети")
    printed = text(registration_application_pdf())
    assert "Казанские тепловые сети" in printed and "Набережночелнинские тепловые сети" in printed
