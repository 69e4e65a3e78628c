"""Wagtail admin under LK_ADMIN_PATH, and django-axes guarding its login as it guards the cabinet's."""

import importlib

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.urls import clear_url_caches, reverse

import config.urls
from config.settings.base import admin_path
from lk_portal.views.auth import LOCKOUT_MESSAGE
from tests.factories import UserFactory

PASSWORD = "secret2015pass"


@pytest.mark.parametrize(
    ("value", "expected"),
    [("admin/", "admin/"), ("/staff/lk-admin", "staff/lk-admin/"), (" kabinet_2 ", "kabinet_2/")],
)
def test_admin_path_is_normalised(value, expected):
    assert admin_path(value) == expected


@pytest.mark.parametrize("value", ["", "/", "lk/", "static/x", "metrics", "staff//x", "адмін/", "a b/", "../x"])
def test_admin_path_refuses_what_would_clash_or_not_route(value):
    with pytest.raises(ImproperlyConfigured, match="LK_ADMIN_PATH"):
        admin_path(value)


@pytest.fixture
def admin_under(settings):
    def move(path):
        settings.LK_ADMIN_PATH = path
        importlib.reload(config.urls)
        clear_url_caches()

    yield move
    settings.LK_ADMIN_PATH = "admin/"
    importlib.reload(config.urls)
    clear_url_caches()


@pytest.mark.django_db
def test_admin_answers_under_the_configured_path_only(client, admin_under):
    admin_under("staff/lk-7f3/")
    assert reverse("wagtailadmin_home") == "/staff/lk-7f3/"
    login = client.get("/staff/lk-7f3/login/")
    assert login.status_code == 200
    assert 'action="/staff/lk-7f3/login/"' in login.content.decode()
    assert client.get("/admin/login/").status_code == 404
    assert client.get("/staff/lk-7f3/")["Location"].startswith("/staff/lk-7f3/login/")


@pytest.mark.django_db
def test_staff_signs_in_under_the_configured_path(client, admin_under):
    admin_under("kabinet-admin/")
    UserFactory(abonent=None, username="operator", is_staff=True, is_superuser=True)
    response = client.post("/kabinet-admin/login/", {"username": "operator", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/kabinet-admin/"
    assert client.get("/kabinet-admin/").status_code == 200


@pytest.mark.django_db
def test_five_wrong_passwords_lock_the_admin_login(client):
    UserFactory(abonent=None, username="operator", is_staff=True, is_superuser=True)
    for _ in range(4):
        assert client.post("/admin/login/", {"username": "operator", "password": "wrong-pass1"}).status_code == 200
    fifth = client.post("/admin/login/", {"username": "operator", "password": "wrong-pass1"})
    assert fifth.status_code == 429
    text = fifth.content.decode()
    assert LOCKOUT_MESSAGE in text
    assert 'action="/admin/login/"' in text  # Wagtail's own login page, not the cabinet's

    right = client.post("/admin/login/", {"username": "operator", "password": PASSWORD})
    assert right.status_code == 429
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/")["Location"].startswith("/admin/login/")


@pytest.mark.django_db
def test_a_lock_on_the_admin_login_also_holds_on_the_cabinet_login(client):
    """One lock per login and address, whichever login page the attempts came through."""
    UserFactory(abonent=None, username="operator", is_staff=True, is_superuser=True)
    for _ in range(5):
        client.post("/admin/login/", {"username": "operator", "password": "wrong-pass1"})
    assert client.post("/lk/login/", {"username": "operator", "password": PASSWORD}).status_code == 429
