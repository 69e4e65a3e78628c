"""Request ids and the request log line: what it holds, and what it never holds."""

import io
import json
import logging

import pytest
from django.utils.module_loading import import_string

from config.observability import RedactPathFilter, RequestIdFilter
from config.settings.base import logging_config
from tests.factories import AbonentFactory, UserFactory

PASSWORD = "secret2015pass"


def request_records(caplog):
    return [r for r in caplog.records if r.name == "lk.request"]


@pytest.mark.django_db
def test_every_response_carries_a_request_id(client):
    first, second = client.get("/lk/login/"), client.get("/lk/login/")
    assert len(first["X-Request-ID"]) == 32
    assert first["X-Request-ID"] != second["X-Request-ID"]


@pytest.mark.django_db
def test_the_proxy_request_id_is_kept_and_a_strange_one_replaced(client):
    assert client.get("/lk/login/", HTTP_X_REQUEST_ID="a1b2c3d4e5f60718")["X-Request-ID"] == "a1b2c3d4e5f60718"
    strange = client.get("/lk/login/", HTTP_X_REQUEST_ID="x\r\nSet-Cookie: a=b")["X-Request-ID"]
    assert len(strange) == 32 and "\n" not in strange


@pytest.mark.django_db
def test_request_line_has_view_status_duration_and_account_ids(client, caplog):
    abonent = AbonentFactory(inn="7707083893")
    user = UserFactory(abonent=abonent, username="7707083893")
    caplog.set_level(logging.INFO, logger="lk.request")
    client.post("/lk/login/", {"username": user.username, "password": PASSWORD})
    response = client.get("/lk/contracts/", {"q": "7707083893"})

    record = request_records(caplog)[-1]
    assert record.request_id == response["X-Request-ID"]
    assert (record.method, record.path, record.view, record.status) == ("GET", "/lk/contracts/", "lk:contracts", 200)
    assert record.duration_ms > 0
    assert record.user_id == user.pk and record.abonent_id == abonent.pk
    for line in caplog.records:  # the login (the ИНН), the password and the query are not logged
        text = line.getMessage() + json.dumps({k: str(v) for k, v in line.__dict__.items()})
        assert "7707083893" not in text and PASSWORD not in text


@pytest.mark.django_db
def test_an_anonymous_request_has_no_account_ids(client, caplog):
    caplog.set_level(logging.INFO, logger="lk.request")
    client.get("/lk/login/")
    record = request_records(caplog)[-1]
    assert not hasattr(record, "user_id") and record.status == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "logged"),
    [
        ("/lk/activate/Mzg-secret-key-c2e1f0/", "/lk/activate/[redacted]/"),
        ("/lk/password-reset/MTI/abc-123-token/", "/lk/password-reset/[redacted]/[redacted]/"),
        ("/lk/profile/email/secret.token.value/", "/lk/profile/email/[redacted]/"),
    ],
)
def test_link_secrets_are_not_logged(client, caplog, path, logged):
    caplog.set_level(logging.DEBUG)
    client.get(path)
    assert request_records(caplog)[-1].path == logged
    assert all(path not in r.getMessage() for r in caplog.records)


@pytest.mark.django_db
def test_probes_are_logged_at_debug_only(client, caplog):
    caplog.set_level(logging.DEBUG, logger="lk.request")
    client.get("/healthz")
    assert request_records(caplog)[-1].levelno == logging.DEBUG


def json_handler(stream):
    """The production handler's formatter and filters, writing to `stream`."""
    config = logging_config("json", "INFO")
    options = dict(config["formatters"]["main"])
    handler = logging.StreamHandler(stream)
    handler.setFormatter(import_string(options.pop("()"))(**options))
    handler.addFilter(RequestIdFilter())
    handler.addFilter(RedactPathFilter())
    return handler


@pytest.mark.django_db
def test_production_format_is_one_json_object_per_line(client):
    stream = io.StringIO()
    handler = json_handler(stream)
    logger = logging.getLogger("lk.request")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        response = client.get("/lk/login/", HTTP_X_REQUEST_ID="req-0123456789")
        logging.getLogger("lk.other").warning("outside a request")
    finally:
        logger.removeHandler(handler)
        logger.setLevel(logging.NOTSET)
    line = json.loads(stream.getvalue().splitlines()[0])
    assert response["X-Request-ID"] == "req-0123456789"
    assert line["request_id"] == "req-0123456789"
    assert line["level"] == "INFO" and line["logger"] == "lk.request"
    assert line["message"] == "GET /lk/login/ 200"
    assert (line["path"], line["status"], line["view"]) == ("/lk/login/", 200, "lk:login")
    assert isinstance(line["duration_ms"], float) and "time" in line


def test_django_request_records_get_the_redacted_path(rf):
    from django.urls import resolve

    request = rf.get("/lk/activate/secret-key-value/")
    request.resolver_match = resolve(request.path)
    record = logging.LogRecord("django.request", logging.ERROR, __file__, 1, "%s: %s", ("Boom", request.path), None)
    record.request = request
    stream = io.StringIO()
    handler = json_handler(stream)
    handler.handle(record)
    line = json.loads(stream.getvalue())
    assert line["message"] == "Boom: /lk/activate/[redacted]/"
    assert "request" not in line  # the request object itself is not written out


def test_unknown_log_format_is_refused():
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured, match="LOG_FORMAT"):
        logging_config("xml", "INFO")


@pytest.mark.django_db
def test_lockout_log_lines_show_the_login_masked(client, caplog):
    from config.observability import login_masked

    caplog.set_level(logging.INFO)
    UserFactory(abonent=AbonentFactory(inn="7707083893"), username="7707083893")
    client.post("/lk/login/", {"username": "7707083893", "password": "wrong-pass1"})
    axes = [r.getMessage() for r in caplog.records if r.name.startswith("axes")]
    assert any("77******93" in line for line in axes)
    assert not any("7707083893" in r.getMessage() for r in caplog.records)
    assert login_masked("admin") == "*****" and login_masked("") == ""


def test_axes_lines_name_the_path_without_the_link_key(rf):
    from django.urls import resolve

    from config.observability import axes_client_str

    request = rf.post("/lk/activate/Mw-secret-key/")
    request.resolver_match = resolve(request.path)
    line = axes_client_str("7707083893", "192.0.2.1", "UA", request.path, request)
    assert line == "{login: '77******93', ip_address: '192.0.2.1', path_info: '/lk/activate/[redacted]/'}"


@pytest.mark.django_db
def test_a_refused_query_string_still_gets_its_id_and_line(client, caplog, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 10
    caplog.set_level(logging.INFO, logger="lk.request")
    response = client.get("/lk/login/?" + "&".join(f"f{i}=1" for i in range(20)))
    assert response.status_code == 400
    assert response["X-Request-ID"] == request_records(caplog)[-1].request_id
