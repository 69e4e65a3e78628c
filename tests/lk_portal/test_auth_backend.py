"""The login backend: the member's abonent read with the member; older sessions still valid; one password check."""

import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.signals import user_login_failed
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lk_portal.auth_backend import BACKEND
from lk_portal.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_member_and_its_abonent_are_one_query(client, abonent_user):
    client.force_login(abonent_user, backend=BACKEND)
    client.get("/lk/contracts/")
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/lk/contracts/").status_code == 200
    member_reads = [q["sql"] for q in queries if 'FROM "lk_portal_user"' in q["sql"] and "WHERE" in q["sql"]]
    assert len(member_reads) == 1 and "lk_portal_abonent" in member_reads[0]
    assert not [q for q in queries if q["sql"].startswith('SELECT "lk_portal_abonent"')]


def test_a_session_opened_under_djangos_model_backend_stays_logged_in(client, abonent_user):
    client.force_login(abonent_user, backend="django.contrib.auth.backends.ModelBackend")
    assert client.get("/lk/contracts/").status_code == 200


def test_a_wrong_password_is_checked_once_and_reported_once(rf, monkeypatch):
    user = UserFactory()
    checks, failures = [], []
    original = User.check_password
    monkeypatch.setattr(User, "check_password", lambda self, raw: checks.append(raw) or original(self, raw))

    def failed(sender, credentials, **kwargs):
        failures.append(credentials["username"])

    user_login_failed.connect(failed)
    try:
        assert authenticate(rf.post("/lk/login/"), username=user.username, password="wrong-pass-2015") is None
    finally:
        user_login_failed.disconnect(failed)
    assert checks == ["wrong-pass-2015"] and failures == [user.username]
    assert authenticate(rf.post("/lk/login/"), username=user.username, password="secret2015pass") == user
