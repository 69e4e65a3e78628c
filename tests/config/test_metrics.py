"""/metrics: who may scrape, request latency by view, and the gauges read at scrape time."""

import datetime

import pytest
from django.utils import timezone
from prometheus_client import REGISTRY
from prometheus_client.parser import text_string_to_metric_families

from config import metrics
from lk_portal.models import ImportRun
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def scrape(client, **headers) -> dict:
    response = client.get("/metrics", **headers)
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("text/plain")
    samples = {}
    for family in text_string_to_metric_families(response.content.decode()):
        for sample in family.samples:
            samples[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return samples


def value(samples, name, **labels):
    return samples.get((name, tuple(sorted(labels.items()))))


def test_localhost_scrapes_without_a_token(client):
    client.get("/healthz")
    samples = scrape(client)
    assert value(samples, "lk_http_request_duration_seconds_count", view="healthz", method="GET", status="2xx") >= 1


@pytest.mark.parametrize(
    "headers",
    [
        {"REMOTE_ADDR": "10.1.2.3"},
        {"HTTP_X_FORWARDED_FOR": "127.0.0.1"},  # through nginx: the caller is not local
        {"HTTP_X_REAL_IP": "127.0.0.1"},
        {"REMOTE_ADDR": "10.1.2.3", "HTTP_AUTHORIZATION": "Bearer "},
    ],
)
def test_others_get_404_without_the_token(client, headers):
    assert client.get("/metrics", **headers).status_code == 404


def test_the_token_opens_it_from_anywhere(client, settings):
    settings.LK_METRICS_TOKEN = "s3cret-metrics-token"
    remote = {"REMOTE_ADDR": "10.1.2.3", "HTTP_X_FORWARDED_FOR": "192.0.2.7"}
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer wrong", **remote).status_code == 404
    assert client.get("/metrics", HTTP_AUTHORIZATION="s3cret-metrics-token", **remote).status_code == 404
    scrape(client, HTTP_AUTHORIZATION="Bearer s3cret-metrics-token", **remote)


def test_latency_is_counted_per_view_and_status_class(client):
    before = scrape(client)
    for _ in range(3):
        client.get("/lk/login/")
    client.get("/lk/no-such-page/")
    after = scrape(client)
    key = {"view": "lk:login", "method": "GET", "status": "2xx"}
    assert (
        value(after, "lk_http_request_duration_seconds_count", **key)
        - (value(before, "lk_http_request_duration_seconds_count", **key) or 0)
        == 3
    )
    assert value(after, "lk_http_request_duration_seconds_bucket", le="+Inf", **key) == value(
        after, "lk_http_request_duration_seconds_count", **key
    )
    assert value(after, "lk_http_request_duration_seconds_count", view="wagtail_serve", method="GET", status="4xx")


def test_exports_are_counted_by_format(abonent_client):
    def served():
        return REGISTRY.get_sample_value("lk_exports_total", {"format": "csv", "view": "lk:payments"}) or 0

    before = served()
    response = abonent_client.get("/lk/payments/", {"export": "csv"})
    assert response.status_code == 200
    abonent_client.get("/lk/payments/")
    assert served() == before + 1


def test_import_runs_counts_durations_and_last_finish(client):
    finished = timezone.make_aware(datetime.datetime(2025, 3, 1, 2, 0, 7))
    ImportRun.objects.create(source="upload", status="ok", duration_seconds=3.0, finished_at=finished)
    ImportRun.objects.create(source="upload", status="partial", duration_seconds=40.0, finished_at=finished)
    ImportRun.objects.create(source="drop", status="failed", duration_seconds=1200.0, finished_at=finished)
    ImportRun.objects.create(source="drop", status="running")
    samples = scrape(client)
    assert value(samples, "lk_import_runs", source="upload", status="ok") == 1
    assert value(samples, "lk_import_runs", source="drop", status="running") == 1
    assert value(samples, "lk_import_run_duration_seconds_bucket", source="upload", le="5.0") == 1
    assert value(samples, "lk_import_run_duration_seconds_bucket", source="upload", le="60.0") == 2
    assert value(samples, "lk_import_run_duration_seconds_bucket", source="drop", le="900.0") == 0
    assert value(samples, "lk_import_run_duration_seconds_bucket", source="drop", le="+Inf") == 1
    assert value(samples, "lk_import_run_duration_seconds_count", source="drop") == 1  # the running one has none
    assert value(samples, "lk_import_run_duration_seconds_sum", source="upload") == 43.0
    assert value(samples, "lk_import_last_finished_timestamp_seconds", source="upload", status="ok") == (
        finished.timestamp()
    )


def test_queue_drop_folder_and_accounts(client, settings):
    settings.LK_IMPORT_DIR.mkdir(parents=True)
    (settings.LK_IMPORT_DIR / "payments_2015-04.csv").write_text("x")
    (settings.LK_IMPORT_DIR / "payments_2015-05.csv.part").write_text("x")
    (settings.LK_IMPORT_DIR / "done").mkdir()
    UserFactory(state="pending")
    UserFactory(state="active")
    UserFactory(state="active")
    samples = scrape(client)
    assert value(samples, "lk_import_drop_files_waiting") == 1
    assert value(samples, "lk_accounts", state="active") == 2
    assert value(samples, "lk_accounts", state="pending") == 1
    assert value(samples, "lk_queue_pending_tasks") is not None
    assert value(samples, "lk_queue_scheduled_tasks") is not None


def test_a_broken_gauge_is_reported_and_the_others_still_answer(client):
    def broken():
        raise RuntimeError("the table is not there")

    metrics.gauge("lk_test_broken", "a gauge that fails", broken)
    metrics.gauge("lk_test_rows", "a gauge with labels", lambda: [("a", 1), ("b", 2)], labels=("kind",))
    try:
        samples = scrape(client)
    finally:
        metrics._collectors.pop("lk_test_broken")
        metrics._collectors.pop("lk_test_rows")
    assert value(samples, "lk_metrics_collector_errors", collector="lk_test_broken") == 1
    assert value(samples, "lk_test_rows", kind="b") == 2
    assert value(samples, "lk_queue_pending_tasks") is not None


def test_outbox_gauges_follow_its_table(client):
    """The outbox (lk_portal.OutgoingLetter) is read when the model exists; without it, nothing fails."""
    from django.apps import apps

    samples = scrape(client)
    assert value(samples, "lk_metrics_collector_errors", collector="lk_portal.metrics.outbox") is None
    try:
        letter = apps.get_model("lk_portal", "OutgoingLetter")
    except LookupError:
        assert not [name for name, _ in samples if name.startswith("lk_outbox")]
        return
    now = timezone.now()
    fields = {"kind": "activation", "subject": "s", "body": "b"}
    letter.objects.create(
        recipient="a@example.ru", state="pending", created_at=now - datetime.timedelta(minutes=10), **fields
    )
    letter.objects.create(recipient="b@example.ru", state="pending", attempts=2, created_at=now, **fields)
    letter.objects.create(recipient="c@example.ru", state="failed", attempts=9, **fields)
    letter.objects.create(recipient="d@example.ru", state="sent", attempts=1, **fields)
    samples = scrape(client)
    assert value(samples, "lk_outbox_letters", state="pending") == 2
    assert value(samples, "lk_outbox_letters", state="failed") == 1
    assert value(samples, "lk_outbox_retrying_letters") == 1
    assert 590 <= value(samples, "lk_outbox_oldest_pending_age_seconds") <= 700
