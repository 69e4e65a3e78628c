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


def _fields(instance) -> dict:
    return {name: value for name, value in instance.__dict__.items() if name != "_state"}


@pytest.mark.parametrize("with_abonent", [True, False])
def test_the_compiled_member_read_gives_what_the_orm_gives(abonent_user, with_abonent):
    from lk_portal.member_query import member_with_abonent

    member = abonent_user if with_abonent else UserFactory(abonent=None, is_staff=True)
    orm = User.objects.select_related("abonent").get(pk=member.pk)
    with CaptureQueriesContext(connection) as queries:
        read = member_with_abonent(User, str(member.pk))
    assert len(queries) == 1
    assert _fields(read) == _fields(orm) and read._state.db == "default" and not read._state.adding
    assert isinstance(read.date_joined, type(orm.date_joined)) and read.date_joined == orm.date_joined
    if with_abonent:
        assert _fields(read.abonent) == _fields(orm.abonent)
    else:
        with CaptureQueriesContext(connection) as queries:
            assert read.abonent is None
        assert len(queries) == 0


def test_a_session_naming_no_member_or_no_id_is_logged_out(client, abonent_user):
    from lk_portal.auth_backend import MemberBackend

    assert MemberBackend().get_user(abonent_user.pk + 1000) is None
    assert MemberBackend().get_user("not-an-id") is None
    client.force_login(abonent_user, backend=BACKEND)
    User.objects.filter(pk=abonent_user.pk).update(is_active=False)
    response = client.get("/lk/contracts/")
    assert response.status_code == 302 and "/lk/login/" in response["Location"]
