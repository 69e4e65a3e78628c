"""Sessions read through the cache; an unreachable cache costs a query, not the page."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db


def _session_reads(queries) -> int:
    return sum('FROM "django_session"' in q["sql"] for q in queries)


def test_a_page_reads_the_session_from_the_cache(abonent_client):
    abonent_client.get("/lk/contracts/")
    with CaptureQueriesContext(connection) as queries:
        assert abonent_client.get("/lk/contracts/").status_code == 200
    assert _session_reads(queries) == 0


def test_a_flushed_cache_reads_the_database_and_keeps_the_login(abonent_client):
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert abonent_client.get("/lk/contracts/").status_code == 200
    assert _session_reads(queries) == 1


def test_an_unreachable_cache_still_serves_the_page_from_the_database(abonent_client, monkeypatch):
    def down(*args, **kwargs):
        raise ConnectionError("redis is down")

    for name in ("get", "set", "get_many", "set_many", "add", "delete"):
        monkeypatch.setattr(cache, name, down)
    assert abonent_client.get("/lk/contracts/").status_code == 200
    assert abonent_client.get("/lk/payments/").status_code == 200


def test_logging_out_forgets_the_cached_copy(abonent_client):
    abonent_client.get("/lk/contracts/")
    abonent_client.post("/lk/logout/")
    response = abonent_client.get("/lk/contracts/")
    assert response.status_code == 302 and response["Location"].startswith("/lk/login/")
