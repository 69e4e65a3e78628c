import pytest

from lk_portal.services.api_tokens import api_token_create
from tests.factories import ContractFactory, UserFactory


@pytest.fixture(autouse=True)
def _api_cache(settings):
    from django.core.cache import cache

    cache.clear()
    settings.LK_API_RATE_PER_MINUTE = 1000


@pytest.fixture
def member(db):
    contract = ContractFactory(number="1007")
    return UserFactory(abonent=contract.abonent, role="admin")


def bearer(user, access="read", days=30):
    secret = api_token_create(member=user, name="1С", access=access, days=days).secret
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


@pytest.fixture
def auth(member):
    return bearer(member)
