"""The cabinet's gauges, read at scrape time (config.metrics): import runs, the queue, the outbox,
accounts."""

from django.apps import apps
from django.conf import settings
from django.db.models import Count, Max, Min, Q, Sum
from django.utils import timezone
from huey.contrib.djhuey import HUEY
from prometheus_client.core import GaugeMetricFamily, HistogramMetricFamily
from prometheus_client.utils import floatToGoString

from config.metrics import collector, gauge
from lk_portal.models import ImportRun, User

IMPORT_DURATION_BUCKETS = (1.0, 5.0, 15.0, 60.0, 300.0, 900.0, 3600.0)
DROP_IGNORED_SUFFIXES = (".part", ".tmp", ".errors.txt")


@collector
def import_runs():
    runs = GaugeMetricFamily(
        "lk_import_runs", "Billing import runs in the history, by source and result", labels=["source", "status"]
    )
    for source, status, count in ImportRun.objects.values_list("source", "status").annotate(n=Count("id")).order_by():
        runs.add_metric([source, status], count)
    yield runs

    durations = HistogramMetricFamily(
        "lk_import_run_duration_seconds", "Durations of the finished billing import runs", labels=["source"]
    )
    per_bucket = {
        f"le{index}": Count("id", filter=Q(duration_seconds__lte=bound))
        for index, bound in enumerate(IMPORT_DURATION_BUCKETS)
    }
    rows = (
        ImportRun.objects.exclude(duration_seconds=None)
        .values("source")
        .annotate(count=Count("id"), total=Sum("duration_seconds"), **per_bucket)
        .order_by()
    )
    for row in rows:
        buckets = [(floatToGoString(bound), row[f"le{i}"]) for i, bound in enumerate(IMPORT_DURATION_BUCKETS)]
        durations.add_metric([row["source"]], [*buckets, ("+Inf", row["count"])], row["total"] or 0.0)
    yield durations

    last = GaugeMetricFamily(
        "lk_import_last_finished_timestamp_seconds",
        "When the last run of each source and result finished (Unix time)",
        labels=["source", "status"],
    )
    finished = (
        ImportRun.objects.exclude(finished_at=None).values_list("source", "status").annotate(at=Max("finished_at"))
    )
    for source, status, at in finished.order_by():
        last.add_metric([source, status], at.timestamp())
    yield last


@collector
def outbox():
    """Letters stored to be sent by the worker (lk_portal.OutgoingLetter), once the outbox exists."""
    try:
        letter = apps.get_model("lk_portal", "OutgoingLetter")
    except LookupError:
        return
    pending = letter.objects.filter(state="pending")
    counts = letter.objects.filter(state__in=("pending", "failed")).values_list("state").annotate(n=Count("id"))
    by_state = dict(counts.order_by())
    letters = GaugeMetricFamily(
        "lk_outbox_letters", "Letters waiting to be sent, and given up on (failed)", labels=["state"]
    )
    for state in ("pending", "failed"):
        letters.add_metric([state], by_state.get(state, 0))
    yield letters
    yield GaugeMetricFamily(
        "lk_outbox_retrying_letters",
        "Pending letters whose last attempt failed (the mail server refuses or is down)",
        value=pending.filter(attempts__gt=0).count(),
    )
    oldest = pending.aggregate(oldest=Min("created_at"))["oldest"]
    yield GaugeMetricFamily(
        "lk_outbox_oldest_pending_age_seconds",
        "Age of the oldest letter still waiting (0 when none waits)",
        value=(timezone.now() - oldest).total_seconds() if oldest else 0.0,
    )


def _drop_files_waiting() -> int:
    folder = settings.LK_IMPORT_DIR
    if not folder.is_dir():
        return 0
    return sum(1 for path in folder.iterdir() if path.is_file() and not path.name.endswith(DROP_IGNORED_SUFFIXES))


gauge("lk_import_drop_files_waiting", "Files lying in LK_IMPORT_DIR for the nightly import", _drop_files_waiting)
gauge("lk_queue_pending_tasks", "Tasks waiting in the huey queue (letters, imports …)", lambda: HUEY.pending_count())
gauge(
    "lk_queue_scheduled_tasks", "Tasks scheduled for later in huey (retries, delayed)", lambda: HUEY.scheduled_count()
)
gauge(
    "lk_accounts",
    "Abonent accounts by state",
    lambda: User.objects.filter(abonent__isnull=False).values_list("state").annotate(n=Count("id")).order_by(),
    labels=("state",),
)
