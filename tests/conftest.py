import pytest

from tests.factories import ContractFactory, UserFactory


@pytest.fixture(autouse=True)
def _media_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.LK_IMPORT_DIR = tmp_path / "import"
    settings.LK_IMPORT_LOCK_FILE = tmp_path / "billing-import.lock"
    settings.LK_IMPORT_UPLOAD_DIR = tmp_path / "uploads"
    settings.LK_PRIVATE_DIR = tmp_path / "private"


@pytest.fixture(autouse=True)
def _caches_cleared():
    """Each test starts with empty caches: ids come again after a rollback, and a cached header must not."""
    from django.core.cache import caches

    for cache in caches.all(initialized_only=True):
        cache.clear()


@pytest.fixture
def abonent_user(db):
    """A logged-in-able abonent account with one contract."""
    contract = ContractFactory()
    return UserFactory(abonent=contract.abonent)


@pytest.fixture
def abonent_client(client, abonent_user):
    client.force_login(abonent_user)
    return client
