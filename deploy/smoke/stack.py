"""The real parts for the smoke: a PostgreSQL database, a Redis queue name, gunicorn instances, the
huey worker and nginx, each a process of its own on a free high port, all under one folder."""

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg

ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_url(admin_url: str, name: str) -> str:
    parts = urlsplit(admin_url)
    return urlunsplit(parts._replace(path=f"/{name}"))


class Database:
    """A database of its own, created with a UTF-8 locale and dropped at the end."""

    def __init__(self, admin_url: str, name: str, locale: str):
        self.admin_url, self.name, self.locale = admin_url, name, locale
        self.url = database_url(admin_url, name)

    def create(self) -> None:
        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            conn.execute(
                f"CREATE DATABASE \"{self.name}\" TEMPLATE template0 ENCODING 'UTF8' "
                f"LC_COLLATE '{self.locale}' LC_CTYPE '{self.locale}'"
            )

    def drop(self) -> None:
        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')

    def query(self, sql: str, params=()) -> list[tuple]:
        with psycopg.connect(self.url, autocommit=True) as conn:
            return conn.execute(sql, params).fetchall()


@dataclass
class Service:
    name: str
    argv: list[str]
    env: dict
    log_dir: Path
    process: subprocess.Popen | None = None

    @property
    def stdout(self) -> Path:
        return self.log_dir / f"{self.name}.out"

    @property
    def stderr(self) -> Path:
        return self.log_dir / f"{self.name}.err"

    def start(self) -> "Service":
        out, err = self.stdout.open("ab"), self.stderr.open("ab")
        self.process = subprocess.Popen(
            self.argv, cwd=ROOT, env=self.env, stdout=out, stderr=err, start_new_session=True
        )
        out.close()
        err.close()
        return self

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def send(self, signum: int) -> None:
        if self.running:
            os.kill(self.process.pid, signum)

    def _group_alive(self) -> bool:
        try:
            os.killpg(self.process.pid, 0)
        except ProcessLookupError:
            return False
        return True

    def stop(self, signum: int = signal.SIGTERM, timeout: float = 45) -> int | None:
        """Stop as systemd does (KillMode=mixed aside): the signal to the whole process group (faketime
        runs its command as a child), then SIGKILL to what is left after `timeout`."""
        if self.process is None:
            return None
        if self.process.poll() is None:
            os.killpg(self.process.pid, signum)
        deadline = time.monotonic() + timeout
        try:
            code = self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            code = None
        while self._group_alive() and time.monotonic() < deadline:
            time.sleep(0.1)
        if self._group_alive():
            os.killpg(self.process.pid, signal.SIGKILL)
        return code if code is not None else self.process.wait(10)

    def tail(self, lines: int = 15) -> str:
        text = []
        for path in (self.stdout, self.stderr):
            if path.exists():
                content = path.read_text(errors="replace").splitlines()[-lines:]
                text.append(f"--- {path.name}\n" + "\n".join(content))
        return "\n".join(text)


def wait_http(url: str, *, timeout: float, service: Service | None = None) -> None:
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        if service is not None and not service.running:
            raise AssertionError(f"{service.name} exited ({service.process.returncode}):\n{service.tail()}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError as error:
            last = error
        time.sleep(0.25)
    raise AssertionError(f"{url} did not answer within {timeout:.0f} s ({last})")


def wait_port(port: int, *, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise AssertionError(f"nothing listens on 127.0.0.1:{port} after {timeout:.0f} s")


def portal_environment(*, root: Path, database: str, redis_url: str, huey_name: str, smtp_port: int,
                       site: str, trusted_origins: list[str], admin_path: str) -> dict:  # fmt: skip
    """Production settings as deploy/lk.env.example has them, pointed at the smoke's own parts."""
    keep = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG", "LC_ALL", "TZ", "TMPDIR"}}
    return {
        **keep,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "localhost,127.0.0.1",
        "CSRF_TRUSTED_ORIGINS": ",".join(trusted_origins),
        "LK_SITE_ADDRESS": site,
        "DATABASE_URL": database,
        "REDIS_URL": redis_url,
        "HUEY_NAME": huey_name,
        "HUEY_IMMEDIATE": "false",
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_port),
        "EMAIL_USE_TLS": "false",
        "EMAIL_USE_SSL": "false",
        "DEFAULT_FROM_EMAIL": "ЛК ОАО «Генерирующая компания» <lk@smoke.test>",
        "LK_VAR_DIR": str(root / "var"),
        "MEDIA_ROOT": str(root / "media"),
        "STATIC_ROOT": str(root / "static"),
        "LK_IMPORT_DIR": str(root / "import"),
        "BEHIND_PROXY": "true",
        "SECURE_SSL_REDIRECT": "true",
        "LK_ADMIN_PATH": admin_path,
        "LK_METRICS_TOKEN": secrets.token_urlsafe(24),
        "LOG_FORMAT": "json",
        "LOG_LEVEL": "INFO",
        "GUNICORN_WORKERS": "2",
    }


def manage(env: dict, *args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [str(VENV_BIN / "python"), "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True,
        timeout=timeout,
    )  # fmt: skip
    if result.returncode:
        raise AssertionError(f"manage.py {' '.join(args)} failed ({result.returncode}):\n{result.stderr[-3000:]}")
    return result


def gunicorn(name: str, *, port: int, env: dict, root: Path, faketime: str | None = None) -> Service:
    metrics = root / f"metrics-{name}"
    argv = [str(VENV_BIN / "gunicorn"), "--config", "deploy/gunicorn.conf.py", "--bind", f"127.0.0.1:{port}"]
    if faketime:
        argv = ["faketime", "-f", faketime, *argv]
    own = {"PROMETHEUS_MULTIPROC_DIR": str(metrics), "GUNICORN_CONTROL_SOCKET": str(root / f"{name}.ctl")}
    return Service(name, argv, {**env, **own}, root / "logs")


def worker(env: dict, root: Path) -> Service:
    argv = [str(VENV_BIN / "python"), "manage.py", "run_huey", "--flush-locks"]  # as lk-worker.service
    return Service("worker", argv, env, root / "logs")
