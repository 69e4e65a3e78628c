"""The portal's address in letters and on the registration card (config/site.py)."""

import io

import pytest
from django.test import RequestFactory
from pypdf import PdfReader

from config.site import LK_SITE_ADDRESS_FALLBACK, SiteAddressMiddleware, site_address, site_host, site_url
from lk_portal.models import OutgoingLetter
from tests.factories import AbonentFactory, BranchFactory, UserFactory


def _seen_in_request(host: str, *, secure: bool = False) -> str:
    """What site_url("/lk/") says while a request to `host` runs through the middleware."""
    request = RequestFactory().get("/lk/", HTTP_HOST=host, secure=secure)
    return SiteAddressMiddleware(lambda request: site_url("/lk/"))(request)


def test_the_configured_address_wins_over_the_request_host(settings):
    settings.LK_SITE_ADDRESS = "https://lk.example.ru/"
    settings.ALLOWED_HOSTS = ["forged.example.com"]
    assert _seen_in_request("forged.example.com") == "https://lk.example.ru/lk/"
    assert site_host() == "lk.example.ru"


def test_without_a_configured_address_a_request_gives_its_own(settings):
    settings.LK_SITE_ADDRESS = ""
    settings.ALLOWED_HOSTS = ["192.168.1.20", "portal.test"]
    assert _seen_in_request("192.168.1.20:8080") == "http://192.168.1.20:8080/lk/"
    assert _seen_in_request("portal.test", secure=True) == "https://portal.test/lk/"
    # outside a request (the worker, a command) the development default
    assert site_address() == LK_SITE_ADDRESS_FALLBACK == "http://127.0.0.1:8000"


@pytest.fixture
def staff_client(client, db):
    client.force_login(UserFactory(abonent=None, username="operator", is_staff=True, is_superuser=True))
    return client


@pytest.mark.django_db
def test_the_registration_card_and_the_activation_letter_name_the_address_the_portal_runs_on(staff_client, settings):
    settings.LK_SITE_ADDRESS = ""
    settings.ALLOWED_HOSTS = ["10.0.0.5"]
    branch = BranchFactory()
    response = staff_client.post(
        "/admin/lk-accounts/register/",
        {
            "name": "ООО «Теплый дом»",
            "inn": "7707083893",
            "kpp": "773601001",
            "contract_number": "",
            "email": "buh@example.ru",
            "contact_person": "Иванова М. П.",
            "phone": "(843) 555-00-00",
            "branch": branch.pk,
        },
        HTTP_HOST="10.0.0.5:8613",
    )
    assert response.status_code == 302
    letter = OutgoingLetter.objects.get(kind="activation")
    assert "http://10.0.0.5:8613/lk/activate/" in letter.body
    assert "127.0.0.1" not in letter.body

    account = UserFactory(abonent=AbonentFactory(branch=branch), username="7707083893-2")
    card = staff_client.get(f"/admin/lk-accounts/{account.pk}/card.pdf", HTTP_HOST="10.0.0.5:8613")
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(card.content)).pages).split())
    assert "Адрес: 10.0.0.5:8613" in text and "127.0.0.1" not in text
