"""Prometheus metrics at /metrics (prometheus-client).

Two kinds:
- measured in the web processes: request latency by view, exports served. Under gunicorn each
  worker is a process, so these use prometheus-client's multiprocess mode: with
  `PROMETHEUS_MULTIPROC_DIR` set (the web unit sets it; deploy/gunicorn.conf.py empties it at
  start and marks dead workers), every worker writes its samples to files there and a scrape of
  any worker of that gunicorn sums them. Without the variable (runserver, tests) they live in
  the process.
- read at scrape time from the database or the queue (import runs, queue length, outbox, …):
  nothing to aggregate, every process answers the same. Any module registers one with `gauge()`
  (one line) or `@collector` (several families); every installed app's `metrics.py` is imported
  on the first scrape, so a feature adds its gauges beside its code:

      gauge("lk_export_jobs", "Export jobs by state", lambda: ExportJob.objects.values_list("state")
            .annotate(n=Count("id")).order_by(), labels=("state",))

Access: direct requests from localhost (no X-Forwarded-For, so not through nginx) or
`Authorization: Bearer <LK_METRICS_TOKEN>`; anything else gets 404.
"""

import hmac
import ipaddress
import logging
import os
from collections.abc import Callable, Iterable, Sequence

from django.conf import settings
from django.http import Http404, HttpResponse
from django.utils.module_loading import autodiscover_modules
from prometheus_client import REGISTRY, Counter, Histogram
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.exposition import choose_encoder
from prometheus_client.multiprocess import MultiProcessCollector

from lk_portal.exports.formats import EXPORT_FORMATS

logger = logging.getLogger(__name__)

LATENCY_BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0)
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})

REQUEST_LATENCY = Histogram(
    "lk_http_request_duration_seconds",
    "Time from the request to the response object, by Django view name (streamed bodies: to the first byte)",
    ["view", "method", "status"],
    buckets=LATENCY_BUCKETS,
)
EXPORTS = Counter("lk_exports", "Table exports served (?export=…), by format and view", ["format", "view"])


def request_observe(*, view: str, method: str, status: int, duration: float, export: str = "") -> str:
    """Record one request; returns the export format when the request served an export."""
    REQUEST_LATENCY.labels(view, method if method in METHODS else "other", f"{status // 100}xx").observe(duration)
    if export in EXPORT_FORMATS:
        EXPORTS.labels(export, view).inc()
        return export
    return ""


# Scrape-time collectors: name -> function yielding metric families.
_collectors: dict[str, Callable[[], Iterable[Metric]]] = {}
_discovered = False


def collector(func: Callable[[], Iterable[Metric]]) -> Callable[[], Iterable[Metric]]:
    """Register a function that yields metric families, called at every scrape."""
    _collectors[f"{func.__module__}.{func.__qualname__}"] = func
    return func


def gauge(name: str, documentation: str, read: Callable, labels: Sequence[str] = ()) -> None:
    """A gauge read at scrape time: `read()` returns a number, or rows (label values…, number) with labels."""

    def collect() -> Iterable[Metric]:
        family = GaugeMetricFamily(name, documentation, labels=list(labels))
        if labels:
            for *values, number in read():
                family.add_metric([str(value) for value in values], number)
        else:
            family.add_metric([], read())
        yield family

    _collectors[name] = collect


class ScrapeTimeCollector:
    """Runs every registered collector; one that fails is counted and logged, the others still answer."""

    def collect(self) -> Iterable[Metric]:
        global _discovered
        if not _discovered:
            autodiscover_modules("metrics")
            _discovered = True
        failed = GaugeMetricFamily(
            "lk_metrics_collector_errors", "1 when a scrape-time collector failed in this scrape", labels=["collector"]
        )
        for key, func in list(_collectors.items()):
            try:
                families = list(func())
            except Exception:  # noqa: BLE001 - a broken gauge must not hide the others
                logger.exception("metrics collector %s failed", key)
                failed.add_metric([key], 1)
                continue
            yield from families
        yield failed


class _Scrape:
    def __init__(self, *sources):
        self.sources = sources

    def collect(self) -> Iterable[Metric]:
        for source in self.sources:
            yield from source.collect()


def scrape_allowed(request) -> bool:
    token = settings.LK_METRICS_TOKEN
    auth = request.META.get("HTTP_AUTHORIZATION", "")
    if token and auth.startswith("Bearer ") and hmac.compare_digest(auth[7:].strip().encode(), token.encode()):
        return True
    if "HTTP_X_FORWARDED_FOR" in request.META or "HTTP_X_REAL_IP" in request.META:
        return False  # came through a proxy: "localhost" is the proxy, not the caller
    try:
        return ipaddress.ip_address(request.META.get("REMOTE_ADDR", "")).is_loopback
    except ValueError:
        return False


def metrics_view(request):
    if not scrape_allowed(request):
        raise Http404
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        measured = MultiProcessCollector(None)
    else:
        measured = REGISTRY
    encoder, content_type = choose_encoder(request.META.get("HTTP_ACCEPT", ""))
    body = encoder(_Scrape(measured, ScrapeTimeCollector()))
    response = HttpResponse(body, content_type=content_type)
    response["Cache-Control"] = "no-store"
    return response
