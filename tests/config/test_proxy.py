"""The lockout's client address behind nginx (BEHIND_PROXY): the real client's, never one it chose."""

import pytest

from config.proxy import client_ip
from tests.factories import UserFactory

PASSWORD = "secret2015pass"


@pytest.mark.parametrize(
    ("behind", "forwarded", "expected"),
    [
        (False, "203.0.113.5", "127.0.0.1"),
        (True, "203.0.113.5", "203.0.113.5"),
        (True, "198.51.100.7, 203.0.113.5", "203.0.113.5"),  # a client's own entry comes first: not taken
        (True, "2001:db8::1", "2001:db8::1"),
        (True, "", "127.0.0.1"),
        (True, "not-an-address", "127.0.0.1"),
    ],
)
def test_client_ip(rf, settings, behind, forwarded, expected):
    settings.BEHIND_PROXY = behind
    request = rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected


def post_login(client, forwarded, password):
    return client.post(
        "/lk/login/", {"username": "7707083893", "password": password}, REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR=forwarded,
    )  # fmt: skip


@pytest.mark.django_db
def test_behind_nginx_a_lock_is_per_client_not_per_login(client, settings):
    settings.BEHIND_PROXY = True
    UserFactory(username="7707083893")
    for _ in range(5):
        locked = post_login(client, "203.0.113.5", "wrong-pass1")
    assert locked.status_code == 429
    assert post_login(client, "203.0.113.5", PASSWORD).status_code == 429
    # Another client (through the same nginx) still logs in with the right password.
    assert post_login(client, "203.0.113.9", PASSWORD).status_code == 302


@pytest.mark.django_db
def test_without_behind_proxy_the_header_is_ignored(client, settings):
    settings.BEHIND_PROXY = False
    UserFactory(username="7707083893")
    for attempt in range(5):
        post_login(client, f"203.0.113.{attempt}", "wrong-pass1")
    assert post_login(client, "203.0.113.99", PASSWORD).status_code == 429
