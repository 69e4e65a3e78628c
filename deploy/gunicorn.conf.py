"""gunicorn settings of the portal's web processes (deploy/systemd/lk-web.service runs it).

Every figure can be overridden from the environment (the unit's EnvironmentFile). The defaults:
- sync workers, 2 × CPU cores + 1 (gunicorn's own rule for sync workers; 5 on a 2-core server). Each
  holds one request at a time and takes about 120–150 MB; nginx buffers slow clients' uploads and
  downloads, so a worker is busy only while the portal computes.
- timeout 60 s: a worker silent for longer is killed and the user gets 502. The portal's longest
  synchronous answers (a grid's PDF or XLSX of tens of thousands of rows) take seconds; long work
  (imports, mail) belongs in the huey worker. nginx waits 75 s, a little longer than this.
- graceful_timeout 30 s: on reload (HUP) or stop, running requests get this long to finish.
- max_requests 2000 ± 200: a worker is replaced after that many requests (bounds slow memory growth).
"""

import multiprocessing
import os
from pathlib import Path

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
keepalive = 5
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = max_requests // 10
# The grid keeps its whole state in the query string; nginx allows 8 KiB lines too.
limit_request_line = 8190
# Heartbeat files on tmpfs: a worker is never reported dead because /tmp's disk was slow.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
wsgi_app = "config.wsgi:application"
proc_name = "lk-web"
# gunicornc's control socket: where the unit puts it (/run/lk-web/), or none; gunicorn's default in
# $HOME would be shared by every instance of the same user.
control_socket = os.environ.get("GUNICORN_CONTROL_SOCKET", "")
control_socket_disable = not control_socket

# The portal writes one JSON line per request itself (config.observability); gunicorn's own
# messages (boot, worker exits, timeouts) go to stderr as JSON lines too. No access log here:
# nginx has one with the same request id.
accesslog = None
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(levelname)s %(name)s %(process)d %(message)s",
            "timestamp": "time",
            "rename_fields": {"levelname": "level", "name": "logger"},
        }
    },
    "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stderr"}},
    "root": {"handlers": ["stderr"], "level": "INFO"},
    "loggers": {
        "gunicorn.error": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
        # a logconfig_dict switches gunicorn's access log on; it stays off
        "gunicorn.access": {"handlers": [], "level": "CRITICAL", "propagate": False},
    },
}


def _metrics_dir() -> Path | None:
    value = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    return Path(value) if value else None


def on_starting(server):
    """Start with an empty metrics folder: files of a previous run would be summed in."""
    folder = _metrics_dir()
    if folder:
        folder.mkdir(parents=True, exist_ok=True)
        for stale in folder.glob("*.db"):
            stale.unlink()


def child_exit(server, worker):
    """A worker that exited (reload, max_requests, timeout) leaves its counters; its live gauges go."""
    if _metrics_dir():
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)


def post_worker_init(worker):
    """The worker has loaded the portal: load its URLs (every view module) too, then leave every object
    made so far out of the garbage collector's passes (`gc.freeze`). A full pass over them costs a
    worker 140–160 ms on a 2-core server, taken from whichever request is running (issue 14, item 7);
    they live as long as the worker, so there is nothing for the collector to find among them."""
    import gc

    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 (imports the URLconf and every view)
    gc.freeze()
