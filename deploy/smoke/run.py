#!/usr/bin/env python
"""End-to-end smoke of the production stack (`make smoke`; CI runs it after the tests).

Debian's nginx (deploy/nginx/lk.conf, TLS with a throw-away certificate) in front of two gunicorn
instances as one upstream, plus a third under faketime (+1 day) reached through its own nginx
port; PostgreSQL (a database of its own, created and dropped), Redis (its own queue name in the
given db number), the huey worker, a local SMTP server (aiosmtpd) — all on free high ports, with
config.settings.production as the operator runs it. Then, through nginx: an abonent registered
with `manage.py register_abonent` gets the letter, activates on D+1, logs in and opens the pages;
one gunicorn instance stops and the session carries on; staff upload a billing file in Wagtail
admin and it lands; an export; a reload (HUP) under load drops nothing; letters queued while the
worker is stopped and restarted arrive once each; the metrics are scraped; the logs are JSON
without secrets; a backup restores into a new database with the same rows.

Why TLS and not plain HTTP: production settings send cookies only over HTTPS and trust
X-Forwarded-Proto from nginx. The smoke runs the shipped site as an operator would, TLS included,
so nothing in the settings is relaxed for it; the HTTP port is checked for its redirect.

Each check prints one line; any failure prints the logs' tails and exits 1.
Options: --keep (leave the folder), SMOKE_PG (admin URL), SMOKE_REDIS_URL, SMOKE_PG_LOCALE.
"""

import argparse
import http.client
import io
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import openpyxl  # noqa: E402
import redis  # noqa: E402
from prometheus_client.parser import text_string_to_metric_families  # noqa: E402

from deploy.smoke import compare, nginx  # noqa: E402
from deploy.smoke.client import Browser, multipart  # noqa: E402
from deploy.smoke.mailbox import Mailbox  # noqa: E402
from deploy.smoke.stack import (  # noqa: E402
    ROOT,
    Database,
    Service,
    free_port,
    gunicorn,
    manage,
    portal_environment,
    wait_http,
    wait_port,
    worker,
)

PG_ADMIN = os.environ.get("SMOKE_PG", "postgres://postgres@127.0.0.1:5432/postgres")
REDIS_URL = os.environ.get("SMOKE_REDIS_URL", "redis://127.0.0.1:6379/15")
PG_LOCALE = os.environ.get("SMOKE_PG_LOCALE", "C.UTF-8")
# Letters may wait for a periodic send (an outbox); imports may run in the worker.
LETTER_TIMEOUT = float(os.environ.get("SMOKE_LETTER_TIMEOUT", "90"))
IMPORT_TIMEOUT = float(os.environ.get("SMOKE_IMPORT_TIMEOUT", "120"))
ADMIN_PATH = "staff-smoke/"  # not the default: the smoke follows LK_ADMIN_PATH
STAFF = ("admin", "admin2015pass")  # made by load_demo
PASSWORD = "Smoke2015pass"
ABONENT_NAME = "ООО «Проверка связи»"
CABINET_PAGES = (
    "/lk/",
    "/lk/contracts/",
    "/lk/contacts/",
    "/lk/payment-terms/",
    "/lk/payments/",
    "/lk/documents/",
    "/lk/to-pay/",
    "/lk/debt/",
    "/lk/tariffs/",
    "/lk/reconciliation/",
    "/lk/news/",
    "/lk/profile/",
)
PUBLIC_PAGES = ("/", "/novosti/", "/instrukciya/", "/zayavka/")
FINAL_IMPORT_STATES = ("ok", "partial", "failed")
TOOLS = ("nginx", "faketime", "openssl", "pg_dump", "pg_restore", "psql", "sha256sum", "tar")


class SmokeFailure(Exception):
    pass


def inn10(prefix: str) -> str:
    """A ten-digit ИНН with its check digit."""
    weights = (2, 4, 10, 3, 5, 9, 4, 6, 8)
    return prefix + str(sum(int(d) * w for d, w in zip(prefix, weights, strict=True)) % 11 % 10)


def plain(text: str) -> str:
    return text.replace("\xa0", " ").replace("&nbsp;", " ").replace("&#160;", " ")


def metric_samples(text: str) -> dict:
    samples = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            samples[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return samples


def metric_sum(samples: dict, name: str, **labels) -> float:
    wanted = set(labels.items())
    return sum(value for (sample, found), value in samples.items() if sample == name and wanted <= set(found))


def json_lines(path: Path) -> list[dict]:
    lines = []
    for number, line in enumerate(path.read_text(errors="replace").splitlines(), 1):
        if line.strip():
            try:
                lines.append(json.loads(line))
            except json.JSONDecodeError:
                raise AssertionError(f"{path.name}:{number} is not JSON: {line[:200]}") from None
    return lines


class Smoke:
    def __init__(self, keep: bool):
        self.keep = keep
        self.started = time.monotonic()
        self.checks = 0
        self.services: dict[str, Service] = {}
        self.databases: list[Database] = []
        self.mailbox: Mailbox | None = None
        self.secrets: list[str] = [PASSWORD, STAFF[1]]

    # ---- reporting
    @contextmanager
    def check(self, what: str):
        began = time.monotonic()
        try:
            yield
        except Exception as error:
            print(f"FAIL  {what}\n      {type(error).__name__}: {error}", flush=True)
            raise SmokeFailure(what) from error
        self.checks += 1
        print(f"  ok  {what}  [{time.monotonic() - began:.1f} s]", flush=True)

    def step(self, title: str) -> None:
        print(f"== {title}", flush=True)

    # ---- the run
    def run(self) -> None:
        self.preflight()
        self.prepare()
        self.install()
        self.start()
        self.edge()
        self.register_and_activate()
        self.login_and_pages()
        self.lockout()
        self.stop_one_instance()
        self.admin_upload()
        self.export()
        self.api()
        self.reload_under_load()
        self.letters_across_worker_restart()
        self.metrics()
        self.logs()
        self.backup_and_restore()

    def preflight(self) -> None:
        self.step("preflight")
        with self.check("tools: " + ", ".join(TOOLS)):
            missing = [tool for tool in TOOLS if not shutil.which(tool)]
            assert not missing, f"missing {missing}: apt-get install nginx faketime openssl postgresql-client"
        with self.check(f"PostgreSQL at {PG_ADMIN.rsplit('@', 1)[-1]}, Redis at {REDIS_URL.rsplit('@', 1)[-1]}"):
            import psycopg

            psycopg.connect(PG_ADMIN, connect_timeout=5).close()
            redis.Redis.from_url(REDIS_URL, socket_timeout=5).ping()

    def prepare(self) -> None:
        self.step("prepare")
        self.root = Path(tempfile.mkdtemp(prefix="lk-smoke-"))
        self.root.chmod(0o755)  # nginx's workers (nobody) read the static files under it
        for name in ("logs", "var", "media", "import", "static", "backups"):
            (self.root / name).mkdir()
        self.suffix = secrets.token_hex(3)
        ports = [free_port() for _ in range(7)]
        self.https, self.http, self.fake_https, self.port_a, self.port_b, self.port_c, self.smtp = ports
        self.site = f"https://localhost:{self.https}"
        self.fake_site = f"https://localhost:{self.fake_https}"
        self.huey_name = f"lk-smoke-{self.suffix}"
        with self.check(f"database lk_smoke_{self.suffix} ({PG_LOCALE}), queue {self.huey_name}, folder {self.root}"):
            self.db = Database(PG_ADMIN, f"lk_smoke_{self.suffix}", PG_LOCALE)
            self.databases.append(self.db)
            self.db.create()
        self.env = portal_environment(
            root=self.root,
            database=self.db.url,
            redis_url=REDIS_URL,
            huey_name=self.huey_name,
            smtp_port=self.smtp,
            site=self.site,
            trusted_origins=[self.site, self.fake_site],
            admin_path=ADMIN_PATH,
        )
        self.secrets.append(self.env["LK_METRICS_TOKEN"])
        with self.check("nginx site rendered with the placeholders filled; nginx -t passes"):
            self.cert, key = nginx.self_signed_certificate(self.root)
            site = nginx.render_site(
                {
                    "LK_SERVER_NAME": "localhost",
                    "LK_STATIC_ROOT": str(self.root / "static"),
                    "LK_MEDIA_ROOT": str(self.root / "media"),
                    "LK_ADMIN_PATH": ADMIN_PATH,
                    "LK_UPSTREAM": f"127.0.0.1:{self.port_a}",
                    "LK_TLS_CERTIFICATE": str(self.cert),
                    "LK_TLS_CERTIFICATE_KEY": str(key),
                },
                upstreams=[f"127.0.0.1:{self.port_a}", f"127.0.0.1:{self.port_b}"],
            )
            site = nginx.relocate(site, http_port=self.http, https_port=self.https, log_dir=self.root / "logs")
            (self.root / "lk.conf").write_text(site)
            # The faketime instance behind its own port, with the site's proxy headers.
            faketime_server = f"""
    server {{
        listen 127.0.0.1:{self.fake_https} ssl;
        server_name localhost;
        ssl_certificate {self.cert};
        ssl_certificate_key {key};
        access_log {self.root / "logs" / "faketime.access.log"} lk_json;
        location / {{
            proxy_pass http://127.0.0.1:{self.port_c};
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $remote_addr;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_set_header X-Request-ID $request_id;
        }}
    }}"""
            self.nginx_conf = self.root / "nginx.conf"
            self.nginx_conf.write_text(nginx.main_config(self.root, self.root / "lk.conf", extra=faketime_server))
            result = nginx.nginx_test(self.nginx_conf, self.root)
            assert result.returncode == 0, result.stderr

    def install(self) -> None:
        self.step("install (production settings)")
        with self.check("migrate and collectstatic (whitenoise's manifest storage), side by side"):
            jobs = [
                subprocess.Popen(
                    [sys.executable, "manage.py", *args],
                    cwd=ROOT,
                    env=self.env,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.PIPE,
                    text=True,
                )  # fmt: skip
                for args in (("migrate", "--noinput"), ("collectstatic", "--noinput"))
            ]
            for job in jobs:
                _, err = job.communicate(timeout=300)
                assert job.returncode == 0, err[-3000:]
            assert (self.root / "static" / "staticfiles.json").is_file()
        with self.check("load_demo (branches, the staff login, the guide's abonent, pages and news)"):
            manage(self.env, "load_demo", "--abonents", "0", "--years", "1")

    def start(self) -> None:
        self.step("start")
        with self.check("SMTP, gunicorn web-a and web-b (the upstream), web-faketime (+1 day), worker, nginx"):
            self.mailbox = Mailbox(self.smtp)
            self.mailbox.start()
            for name, port, fake in (("web-a", self.port_a, None), ("web-b", self.port_b, None),
                                     ("web-faketime", self.port_c, "+1d")):  # fmt: skip
                self.services[name] = gunicorn(name, port=port, env=self.env, root=self.root, faketime=fake).start()
            self.services["worker"] = worker(self.env, self.root).start()
            self.services["nginx"] = Service(
                "nginx",
                ["nginx", "-p", str(self.root), "-e", str(self.root / "error.log"), "-c", str(self.nginx_conf),
                 "-g", "daemon off;"],
                self.env,
                self.root / "logs",
            ).start()  # fmt: skip
            for name, port in (("web-a", self.port_a), ("web-b", self.port_b), ("web-faketime", self.port_c)):
                wait_http(f"http://127.0.0.1:{port}/healthz", timeout=60, service=self.services[name])
            wait_port(self.https, timeout=10)
        self.browser = Browser(self.site, cafile=str(self.cert))

    # ---- the checks
    def edge(self) -> None:
        self.step("nginx")
        with self.check("HTTP answers 301 to HTTPS"):
            response = Browser(f"http://localhost:{self.http}").get("/lk/login/", follow=False)
            assert response.status == 301, response.status
            assert re.fullmatch(r"https://localhost(:\d+)?/lk/login/", response.header("Location")), response.headers
        with self.check("an unknown Host gets no answer (default server, 444)"):
            connection = http.client.HTTPConnection("127.0.0.1", self.http, timeout=5)
            try:
                connection.request("GET", "/", headers={"Host": "evil.example"})
                connection.getresponse()
                raise AssertionError("answered")
            except (http.client.RemoteDisconnected, ConnectionResetError):
                pass
        with self.check("/healthz through nginx: 200, one X-Request-ID"):
            response = self.browser.get("/healthz")
            assert response.status == 200 and json.loads(response.body)["database"] == "ok", response.text
            ids = response.headers.get_all("X-Request-ID")
            assert ids and len(ids) == 1 and re.fullmatch(r"[0-9a-f]{32}", ids[0]), ids
        with self.check("a page through nginx: HSTS, secure cookies"):
            response = self.browser.get("/lk/login/")
            assert response.status == 200, response.status
            assert "max-age=" in response.header("Strict-Transport-Security")
            csrf = [cookie for cookie in self.browser.jar if cookie.name == "csrftoken"]
            assert csrf and csrf[0].secure, "csrftoken cookie is not Secure"
        with self.check("static from STATIC_ROOT: hashed names cached a year, gzip beside"):
            manifest = json.loads((self.root / "static" / "staticfiles.json").read_text())["paths"]
            name = next(n for n in sorted(manifest) if n.endswith(".css") and not n.startswith(("wagtail", "admin")))
            hashed = self.browser.get(f"/static/{manifest[name]}", headers={"Accept-Encoding": "gzip"})
            assert hashed.status == 200, hashed.status
            assert "immutable" in hashed.header("Cache-Control") and "31536000" in hashed.header("Cache-Control")
            assert hashed.header("Content-Encoding") == "gzip", hashed.headers
            original = self.browser.get(f"/static/{name}")
            assert original.status == 200 and "max-age=3600" in original.header("Cache-Control")
        with self.check("private media not served; /metrics through nginx only with the token"):
            (self.root / "media" / "documents").mkdir()
            (self.root / "media" / "documents" / "act.pdf").write_bytes(b"%PDF-1.4 smoke\n")
            assert self.browser.get("/media/documents/act.pdf").status == 404
            assert self.browser.get("/metrics").status == 404
            token = {"Authorization": f"Bearer {self.env['LK_METRICS_TOKEN']}"}
            response = self.browser.get("/metrics", headers=token)
            assert response.status == 200 and "lk_http_request_duration_seconds" in response.text

    def register_and_activate(self) -> None:
        self.step("register and activate")
        self.inn = inn10("16" + str(secrets.randbelow(10**7)).zfill(7))
        self.email = f"abonent-{self.suffix}@smoke.test"
        self.secrets.append(self.inn)
        with self.check("manage.py register_abonent"):
            out = manage(
                self.env, "register_abonent", "--inn", self.inn, "--kpp", "165501001", "--email", self.email,
                "--name", ABONENT_NAME, "--branch", "kazan",
            ).stdout  # fmt: skip
            self.login = re.search(r"Логин: (\S+)", out).group(1)
        with self.check(f"the activation letter arrives by SMTP (within {LETTER_TIMEOUT:.0f} s)"):
            letter = self.mailbox.wait_for(self.email, timeout=LETTER_TIMEOUT)[0]
            link = re.search(r"(https://\S+/lk/activate/([^/\s]+)/)", letter.body)
            assert link, letter.body
            assert link.group(1).startswith(self.site + "/"), link.group(1)
            self.activation_path = link.group(1)[len(self.site) :]
            self.secrets.append(link.group(2))
        with self.check("on day D the link says from which day it works"):
            response = self.browser.get(self.activation_path)
            assert response.status == 200 and "Ссылка еще не действует" in response.text, response.status
        with self.check("on D+1 (gunicorn under faketime) the password is set and the cabinet opens"):
            page = self.browser.get(self.fake_site + self.activation_path)
            assert page.status == 200 and 'name="new_password1"' in page.text, page.status
            response = self.browser.post(
                self.fake_site + self.activation_path, {"new_password1": PASSWORD, "new_password2": PASSWORD}
            )
            assert response.history and response.history[0].status == 302, response.status
            assert response.status == 200 and "Проверка связи" in plain(response.text), response.url
            state = self.db.query("SELECT state FROM lk_portal_user WHERE username = %s", (self.login,))
            assert state == [("active",)], state
        with self.check("the session made there is valid on the real-time instances (state in the database)"):
            response = self.browser.get("/lk/contracts/")
            assert response.status == 200 and not response.history and "Проверка связи" in plain(response.text)

    def login_and_pages(self) -> None:
        self.step("log in, pages")
        with self.check("log out, log in with the ИНН and the password"):
            self.browser.get("/lk/contracts/")
            assert self.browser.post("/lk/logout/", {}, follow=False).status == 302
            assert self.browser.get("/lk/contracts/").url.startswith(self.site + "/lk/login/")
            self.browser.get("/lk/login/")
            response = self.browser.post("/lk/login/", {"username": self.login, "password": PASSWORD})
            assert response.status == 200 and response.url == self.site + "/lk/", response.url  # «Главная»
        with self.check(f"{len(CABINET_PAGES)} cabinet pages and {len(PUBLIC_PAGES)} public pages answer 200"):
            for path in CABINET_PAGES:
                response = self.browser.get(path)
                assert response.status == 200 and not response.history, (path, response.status, response.url)
                assert "Проверка связи" in plain(response.text), path
            for path in PUBLIC_PAGES:
                assert self.browser.get(path).status == 200, path

    def lockout(self) -> None:
        self.step("login lockout behind nginx")
        with self.check("five wrong passwords at the admin's login lock it; a forged X-Forwarded-For does not escape"):
            stranger = Browser(self.site, cafile=str(self.cert))
            login = f"/{ADMIN_PATH}login/"
            stranger.get(login)
            statuses = []
            for attempt in range(6):
                # nginx replaces the header with the real address, so every attempt counts for one client
                forged = {"X-Forwarded-For": f"198.51.100.{attempt + 1}"}
                stranger.get(login, headers=forged)
                fields = {"csrfmiddlewaretoken": stranger.cookie("csrftoken"), "username": "intruder", "password": "x1"}
                body = "&".join(f"{k}={v}" for k, v in fields.items()).encode()
                headers = {**forged, "Referer": self.site + login, "Content-Type": "application/x-www-form-urlencoded"}
                statuses.append(stranger.request("POST", login, body=body, headers=headers).status)
            assert statuses == [200, 200, 200, 200, 429, 429], statuses
        with self.check("the same lock holds on the cabinet's login"):
            stranger.get("/lk/login/")
            assert stranger.post("/lk/login/", {"username": "intruder", "password": "x1"}).status == 429
        with self.check("another client (from 127.0.0.2) is not locked out: BEHIND_PROXY takes nginx's address"):
            other = Browser(self.site, cafile=str(self.cert), source="127.0.0.2")
            other.get("/lk/login/")
            response = other.post("/lk/login/", {"username": "intruder", "password": "x1"})
            assert response.status == 200 and "Неверный логин или пароль" in response.text, response.status

    def stop_one_instance(self) -> None:
        self.step("one web instance stops")
        with self.check("web-a stops gracefully (SIGTERM, as systemctl stop)"):
            code = self.services["web-a"].stop(signal.SIGTERM)
            assert code == 0, code
        with self.check("the same session carries on through web-b"):
            ids = set()
            for path in ("/lk/contracts/", "/lk/payments/", "/lk/profile/") * 3:
                response = self.browser.get(path)
                assert response.status == 200 and not response.history, (path, response.status)
                ids.add(response.header("X-Request-ID"))
            time.sleep(0.3)  # nginx writes its log line after the answer
            lines = [line for line in json_lines(self.root / "logs" / "lk.access.log") if line["request_id"] in ids]
            answered_by = {line["upstream"].split(", ")[-1] for line in lines}
            assert len(lines) == len(ids) and answered_by == {f"127.0.0.1:{self.port_b}"}, answered_by

    def admin_upload(self) -> None:
        self.step("Wagtail admin: billing upload")
        self.staff = Browser(self.site, cafile=str(self.cert))
        with self.check(f"staff log in at /{ADMIN_PATH}login/ (LK_ADMIN_PATH)"):
            self.staff.get(f"/{ADMIN_PATH}login/")
            response = self.staff.post(
                f"/{ADMIN_PATH}login/", {"username": STAFF[0], "password": STAFF[1], "next": f"/{ADMIN_PATH}"}
            )
            assert response.status == 200 and response.url == f"{self.site}/{ADMIN_PATH}", response.url
            assert self.browser.get("/admin/").status == 404
        self.contract = f"СМ-{self.suffix}"
        contracts = f"contract_no;inn;kpp;goods;start_date;status\n{self.contract};{self.inn};165501001;Тепловая энергия;01.01.2025;Действующий\n"
        payments = (
            "external_id;contract_no;number;date;period;amount;kind;purpose\n"
            f"SM-{self.suffix}-1;{self.contract};4711;17.04.2025;2025,04;12 345,67;Аванс;Аванс за апрель 2025\n"
            f"SM-{self.suffix}-2;{self.contract};4712;18.05.2025;2025,05;7 220,27;Основная реализация;Оплата за май 2025\n"
        )
        with self.check(
            f"two files uploaded in «Загрузка из биллинга»; the run ends «ok» (within {IMPORT_TIMEOUT:.0f} s)"
        ):
            before = self.db.query("SELECT coalesce(max(id), 0) FROM lk_portal_importrun")[0][0]
            page = self.staff.get(f"/{ADMIN_PATH}billing-import/")
            assert page.status == 200, page.status
            response = self.staff.post(
                f"/{ADMIN_PATH}billing-import/",
                {},
                files={"files": [("contracts_smoke.csv", contracts.encode(), "text/csv"),
                                 ("payments_smoke.csv", payments.encode(), "text/csv")]},
            )  # fmt: skip
            assert response.status == 200, (response.status, response.text[:500])
            deadline = time.monotonic() + IMPORT_TIMEOUT
            while True:
                runs = self.db.query(
                    "SELECT status, rows_total FROM lk_portal_importrun WHERE id > %s ORDER BY id DESC", (before,)
                )
                if runs and runs[0][0] in FINAL_IMPORT_STATES:
                    break
                assert time.monotonic() < deadline, f"import runs: {runs}"
                time.sleep(0.5)
            assert runs[0][0] == "ok", runs
        with self.check("the payments land in the abonent's «Оплата»"):
            text = plain(self.browser.get("/lk/payments/").text)
            assert "4711" in text and "12 345,67" in text and "7 220,27" in text, "payments not shown"
        with self.check("a file dropped for the nightly import waits in LK_IMPORT_DIR"):
            (self.root / "import" / "payments_night.csv").write_text(payments)

    def export(self) -> None:
        self.step("export")
        with self.check("«Оплата» exported to XLSX holds the uploaded rows"):
            response = self.browser.get("/lk/payments/?export=xlsx")
            assert response.status == 200, response.status
            assert "spreadsheetml" in response.header("Content-Type"), response.header("Content-Type")
            sheet = openpyxl.load_workbook(io.BytesIO(response.body), read_only=True).active
            cells = [cell for row in sheet.iter_rows(values_only=True) for cell in row if cell is not None]
            assert any(str(cell) == "4711" for cell in cells), cells[:40]
            assert any(isinstance(cell, int | float) and abs(float(cell) - 12345.67) < 0.001 for cell in cells)

    def api(self) -> None:
        self.step("API")
        with self.check("a read-write token made in «Профиль» → «Ключи API» (shown once, after a redirect)"):
            self.browser.get("/lk/profile/tokens/")
            page = self.browser.post("/lk/profile/tokens/", {"name": "1С smoke", "access": "write", "days": "30"})
            assert page.status == 200 and page.history and page.history[0].status == 302, page.status
            found = re.search(r'<code class="api-secret">([^<]+)</code>', page.text)
            assert found, "no secret on the page"
            self.api_token = found.group(1)
            assert self.api_token not in self.browser.get("/lk/profile/tokens/").text
        machine = Browser(self.site, cafile=str(self.cert))  # no cookies: the token alone
        bearer = {"Authorization": f"Bearer {self.api_token}"}
        with self.check("/api/v1/payments through nginx holds the uploaded payment; ETag → 304"):
            response = machine.get("/api/v1/payments?limit=500", headers=bearer)
            assert response.status == 200, (response.status, response.text[:300])
            items = json.loads(response.body)["items"]
            assert any(i["number"] == "4711" and i["amount"] == "12345.67" for i in items), items[:3]
            again = machine.get(
                "/api/v1/payments?limit=500", headers={**bearer, "If-None-Match": response.header("ETag")}
            )
            assert again.status == 304, again.status
            assert machine.get("/api/v1/payments").status == 401
        with self.check("a request filed through the API with a file (multipart) is listed with its number"):
            body, content_type = multipart(
                {"kind": "billing", "subject": "Проверка API", "text": "Вопрос по счету"},
                {"files": [("schet.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", "application/pdf")]},
            )
            filed = machine.request(
                "POST", "/api/v1/requests", body=body, headers={**bearer, "Content-Type": content_type}
            )
            assert filed.status == 201, (filed.status, filed.text[:300])
            number = json.loads(filed.body)["number"]
            listed = json.loads(machine.get("/api/v1/requests", headers=bearer).body)["items"]
            assert [r["number"] for r in listed] == [number], listed

    def reload_under_load(self) -> None:
        self.step("reload without dropping requests")
        results: list[tuple[int | str, float]] = []
        stop = threading.Event()

        def hammer(browser: Browser) -> None:
            while not stop.is_set():
                began = time.monotonic()
                try:
                    status = browser.get("/lk/contracts/").status
                except Exception as error:  # noqa: BLE001 - any failure is what this counts
                    status = repr(error)
                results.append((status, time.monotonic() - began))

        with self.check("HUP to web-b while two clients keep asking: every request 200"):
            threads = [threading.Thread(target=hammer, args=(self.browser.clone(),)) for _ in range(2)]
            for thread in threads:
                thread.start()
            time.sleep(1.0)
            self.services["web-b"].send(signal.SIGHUP)
            time.sleep(5.0)
            stop.set()
            for thread in threads:
                thread.join(30)
            failed = [status for status, _ in results if status != 200]
            assert len(results) >= 10 and not failed, (len(results), failed[:5])
            boots = self.services["web-b"].stderr.read_text().count("Booting worker")
            assert boots >= 4, f"{boots} workers booted: the reload did not replace them"
            slowest = max(duration for _, duration in results)
            print(f"      {len(results)} requests, none failed, slowest {slowest:.2f} s")

    def letters_across_worker_restart(self) -> None:
        self.step("letters and the worker")
        branch = self.db.query("SELECT id FROM lk_portal_branch WHERE code = 'kazan'")[0][0]
        # More letters than the worker's two threads: some still wait in the queue at the restart.
        addresses = [f"queued-{i}-{self.suffix}@smoke.test" for i in range(5)]
        with self.check("the worker stops gracefully (SIGINT, as lk-worker.service)"):
            code = self.services["worker"].stop(signal.SIGINT, timeout=60)
            assert code == 0, code
        with self.check(f"{len(addresses)} abonents registered in the admin while it is stopped; no letter goes out"):
            for index, address in enumerate(addresses):
                inn = inn10("16" + str(secrets.randbelow(10**7)).zfill(7))
                self.secrets.append(inn)
                self.staff.get(f"/{ADMIN_PATH}lk-accounts/register/")
                response = self.staff.post(
                    f"/{ADMIN_PATH}lk-accounts/register/",
                    {"name": f"ООО «Очередь {index}»", "inn": inn, "kpp": "165501001", "contract_number": "",
                     "email": address, "contact_person": "Петрова А. А.", "phone": "(843) 555-00-00",
                     "branch": str(branch)},
                )  # fmt: skip
                assert response.history and response.history[0].status == 302, (response.status, response.url)
            time.sleep(2)
            assert not any(self.mailbox.to(a) for a in addresses), "a letter left without the worker"
        with self.check("the worker starts, is restarted with letters still queued, each letter arrives once"):
            self.mailbox.delay = 1.0  # a slow mail server: a letter is in flight during the restart
            self.services["worker"] = worker(self.env, self.root).start()
            deadline = time.monotonic() + LETTER_TIMEOUT
            while not any(self.mailbox.to(a) for a in addresses):
                assert time.monotonic() < deadline, "no letter after the worker started"
                time.sleep(0.1)
            code = self.services["worker"].stop(signal.SIGINT, timeout=60)
            assert code == 0, code
            sent = sum(len(self.mailbox.to(a)) for a in addresses)
            assert sent < len(addresses), "every letter went out before the restart: nothing was left queued"
            self.services["worker"] = worker(self.env, self.root).start()
            for address in addresses:
                self.mailbox.wait_for(address, timeout=LETTER_TIMEOUT)
            time.sleep(3)
            counts = {address: len(self.mailbox.to(address)) for address in addresses}
            counts[self.email] = len(self.mailbox.to(self.email))
            assert set(counts.values()) == {1}, counts
            self.mailbox.delay = 0.0
            print(f"      {sent} of {len(addresses)} sent before the restart, the rest after it; each once")

    def metrics(self) -> None:
        self.step("metrics")
        direct = Browser(f"http://127.0.0.1:{self.port_b}")
        with self.check("web-b's /metrics straight from localhost (no token), the same through nginx with it"):
            response = direct.get("/metrics")
            assert response.status == 200, response.status
            samples = metric_samples(response.text)
            token = {"Authorization": f"Bearer {self.env['LK_METRICS_TOKEN']}"}
            through = self.browser.get("/metrics", headers=token)
            assert through.status == 200 and "lk_import_runs" in through.text
        with self.check("request latency by view sums web-b's worker processes, the reloaded ones too"):
            lines = [
                line
                for line in json_lines(self.services["web-b"].stdout)
                if line.get("logger") == "lk.request" and line.get("view") == "lk:contracts"
            ]
            processes = {line["process"] for line in lines}
            counted = metric_sum(samples, "lk_http_request_duration_seconds_count", view="lk:contracts")
            assert counted == len(lines), f"metrics count {counted}, log lines {len(lines)}"
            assert len(processes) >= 2, processes
            print(f"      {len(lines)} requests of lk:contracts by {len(processes)} worker processes")
            rss = []
            for pid in processes:
                status = Path(f"/proc/{pid}/status")
                if status.exists():
                    rss += [
                        int(line.split()[1]) // 1024
                        for line in status.read_text().splitlines()
                        if line.startswith("VmRSS")
                    ]
            if rss:
                print(f"      resident memory of web-b's live workers: {', '.join(f'{r} MB' for r in sorted(rss))}")
        with self.check("import runs, exports, queue, accounts, drop folder"):
            assert metric_sum(samples, "lk_import_runs", source="upload", status="ok") == 1
            assert metric_sum(samples, "lk_import_run_duration_seconds_count", source="upload") == 1
            assert metric_sum(samples, "lk_exports_total", format="xlsx", view="lk:payments") == 1
            assert metric_sum(samples, "lk_accounts", state="pending") >= 3
            assert metric_sum(samples, "lk_import_drop_files_waiting") == 1
            assert ("lk_queue_pending_tasks", ()) in samples
            assert metric_sum(samples, "lk_metrics_collector_errors") == 0
            if ("lk_outbox_letters", (("state", "pending"),)) in samples:  # once the outbox exists
                assert metric_sum(samples, "lk_outbox_letters", state="pending") == 0
                assert metric_sum(samples, "lk_outbox_letters", state="failed") == 0
                print("      outbox: no letter waiting, none failed")

    def logs(self) -> None:
        self.step("logs")
        with self.check("every line the web instances and the worker wrote is JSON"):
            for name in ("web-a", "web-b", "web-faketime", "worker"):
                for path in (self.services[name].stdout, self.services[name].stderr):
                    json_lines(path)
        with self.check("a response's X-Request-ID finds its line in the portal's log and in nginx's"):
            response = self.browser.get("/lk/payments/")
            request_id = response.header("X-Request-ID")
            time.sleep(0.3)
            line = next(
                line for line in json_lines(self.services["web-b"].stdout) if line.get("request_id") == request_id
            )
            assert (line["view"], line["status"], line["path"]) == ("lk:payments", 200, "/lk/payments/"), line
            assert line["user_id"] and line["abonent_id"] and line["duration_ms"] > 0, line
            assert request_id in (self.root / "logs" / "lk.access.log").read_text()
        with self.check("no password, token, link key or ИНН in any log"):
            for path in sorted((self.root / "logs").iterdir()):
                text = path.read_text(errors="replace")
                found = [secret for secret in self.secrets if secret and secret in text]
                assert not found, f"{path.name} holds {len(found)} secret(s)"

    def backup_and_restore(self) -> None:
        self.step("backup and restore")
        env = {
            "PATH": os.environ["PATH"],
            "DATABASE_URL": self.db.url,
            "MEDIA_ROOT": str(self.root / "media"),
            "LK_IMPORT_DIR": str(self.root / "import"),
            "LK_BACKUP_DIR": str(self.root / "backups"),
        }
        with self.check("deploy/backup.sh while the portal runs"):
            result = subprocess.run(
                ["bash", "deploy/backup.sh", "/nonexistent"], cwd=ROOT, env=env, capture_output=True, text=True,
                timeout=300,
            )  # fmt: skip
            assert result.returncode == 0, result.stderr
            backup = Path(re.search(r"backup: (\S+)", result.stdout).group(1))
            print(f"      {result.stdout.strip()}")
        for name in ("nginx", "web-b", "web-faketime", "worker"):
            self.services[name].stop(signal.SIGINT if name == "worker" else signal.SIGTERM, timeout=60)
        restored = Database(PG_ADMIN, f"{self.db.name}_restored", PG_LOCALE)
        self.databases.append(restored)
        with self.check("deploy/restore.sh --files into a new database and new folders"):
            restored.create()
            result = subprocess.run(
                ["bash", "deploy/restore.sh", str(backup), "--files", "/nonexistent"], cwd=ROOT,
                env={**env, "DATABASE_URL": restored.url, "MEDIA_ROOT": str(self.root / "restored" / "media"),
                     "LK_IMPORT_DIR": str(self.root / "restored" / "import")},
                capture_output=True, text=True, timeout=300,
            )  # fmt: skip
            assert result.returncode == 0, result.stderr
        with self.check("every table's row count and rows, and every sequence, equal the original's"):
            original, copy = compare.snapshot(self.db.url), compare.snapshot(restored.url)
            problems = compare.differences(original, copy)
            assert not problems, "; ".join(problems[:10])
            rows = sum(count for count, _ in original["tables"].values())
            print(f"      {len(original['tables'])} tables, {rows} rows, {len(original['sequences'])} sequences")
        with self.check("the private files come back the same"):
            for name in ("media", "import"):
                before = compare.files_digest(self.root / name)
                after = compare.files_digest(self.root / "restored" / name)
                assert before and before == after, (name, sorted(before), sorted(after))
        with self.check("restore refuses a database that is not empty"):
            result = subprocess.run(
                ["bash", "deploy/restore.sh", str(backup), "/nonexistent"], cwd=ROOT,
                env={**env, "DATABASE_URL": restored.url}, capture_output=True, text=True, timeout=60,
            )  # fmt: skip
            assert result.returncode != 0 and "not empty" in result.stderr, result.stderr

    # ---- the end
    def cleanup(self, failed: bool) -> None:
        if failed:
            for service in self.services.values():
                print(f"\n{service.name} (last lines):\n{service.tail()}")
        for service in self.services.values():
            try:
                service.stop(signal.SIGTERM, timeout=20)
            except Exception as error:  # noqa: BLE001 - clean up what can be
                print(f"cleanup: {service.name}: {error}")
        if self.mailbox:
            self.mailbox.stop()
        for database in self.databases:
            try:
                database.drop()
            except Exception as error:  # noqa: BLE001
                print(f"cleanup: drop {database.name}: {error}")
        if hasattr(self, "huey_name"):
            client = redis.Redis.from_url(REDIS_URL)
            for key in client.scan_iter(f"*{self.huey_name}*"):
                client.delete(key)
        if hasattr(self, "root"):
            if self.keep or failed:
                print(f"the smoke's folder is kept: {self.root}")
            else:
                shutil.rmtree(self.root, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--keep", action="store_true", help="keep the folder with logs and configs")
    args = parser.parse_args()
    smoke = Smoke(keep=args.keep)
    failed = True
    try:
        smoke.run()
        failed = False
    except SmokeFailure:
        pass
    except KeyboardInterrupt:
        print("interrupted")
    finally:
        smoke.cleanup(failed)
    elapsed = time.monotonic() - smoke.started
    if failed:
        print(f"smoke FAILED after {smoke.checks} checks, {elapsed:.0f} s")
        return 1
    print(f"smoke passed: {smoke.checks} checks in {elapsed:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
