"""Load test of the cabinet (issue 14, item 7; issue 20's capacity figures). Prints figures; run by hand.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lk_big REDIS_URL=redis://127.0.0.1:6379/10 \
        .venv/bin/python bench/bench_load.py --connections 4,16,64 --duration 10 [--baseline DIR]

It runs the portal as production does — gunicorn (deploy/gunicorn.conf.py) with `--workers` sync
workers on 127.0.0.1, the production settings — and drives it with `wrk` (Debian's package) for
`--duration` seconds per step, at each of `--connections`: a mix of cabinet traffic by `--users`
logged-in abonents (Оплата filtered, grouped and paged; documents; debt; a small XLSX export;
news), and then `/healthz` alone as the floor. It prints requests per second, p50 and p99, errors
(non-2xx answers, socket errors and timeouts) and the ratio of `/healthz`'s rate to the mix's.

With `--baseline DIR` (a checkout of another commit, e.g. `git archive main | tar -x -C DIR`) it
starts that code's gunicorn beside this one's, on the same database, and alternates the two at
each step, so both see the same machine; the last column is this code's rate over the baseline's.
A baseline older than the current schema gets its own database with `--baseline-database URL`:
migrate and `load_demo` it with the baseline's own code and the same arguments (the demo's
generator makes the same rows), e.g. the code issue 14 was measured on, da9ca5d.

Bounded: every wrk run lasts `--duration` seconds (at most 60) with a 5 s request timeout; the
servers are stopped at the end, also on Ctrl-C. The database needs the demo (`load_demo`); the
first run makes `--users` generated abonents a login each (`load-<n>`) and collects static files.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from contextlib import ExitStack
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# One entry per request of the mix, cycled through by every connection: (path, share).
MIX = [
    ("/lk/payments/?f_date_from=01.01.2014&sort=-amount", 3),
    ("/lk/payments/?group=period", 2),
    ("/lk/payments/?page=3", 2),
    ("/lk/payments/?q=аванс", 1),
    ("/lk/documents/", 2),
    ("/lk/debt/", 2),
    ("/lk/payments/?export=xlsx&f_date_from=01.01.2025", 1),
    ("/lk/news/", 1),
]

# Run under the code being measured (its settings, its session engine): make the logins and print
# one session cookie per abonent, as JSON.
SESSIONS_SCRIPT = r"""
import json, sys
import django
django.setup()
from django.conf import settings
from django.test import Client
from lk_portal.models import Abonent, User
users = []
for abonent in Abonent.objects.filter(inn__startswith="1600").order_by("id")[:COUNT]:
    user = User.objects.filter(abonent=abonent).first()
    if user is None:
        user = User(username=f"load-{abonent.pk}", abonent=abonent, email="", state=User.ACTIVE)
        user.set_unusable_password()
        user.save()
    if getattr(user, "role", "admin") != "admin":  # the mix exports, which an observer may not
        # (a baseline from before the team's roles has no role: every login then sees everything)
        user.role = "admin"
        user.save(update_fields=["role"])
    users.append(user)
cookies = []
for user in users:
    client = Client()
    client.force_login(user)
    cookies.append(client.cookies[settings.SESSION_COOKIE_NAME].value)
print("COOKIES " + json.dumps({"name": settings.SESSION_COOKIE_NAME, "values": cookies}))
"""

# Run under the code being measured: the mix through Django's handler in this one process (no
# server, no network), REPEAT times after a warm-up; prints the CPU and wall milliseconds per request
# and the queries per round. The CPU time is the process's own, so other load on the machine moves
# it far less than the requests per second.
CPU_SCRIPT = r"""
import json, time
import django
django.setup()
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from lk_portal.models import Abonent, User
paths = PATHS
abonent = Abonent.objects.filter(inn__startswith="1600").order_by("id").first()
client = Client(HTTP_X_FORWARDED_PROTO="https", HTTP_HOST="127.0.0.1")
client.force_login(User.objects.filter(abonent=abonent).first())
def once():
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        if response.streaming:
            b"".join(response.streaming_content)
once()
with CaptureQueriesContext(connection) as captured:  # which keeps the queries across requests
    once()
queries = len(captured)
cpu, wall = time.process_time(), time.perf_counter()
for _ in range(REPEAT):
    once()
count = REPEAT * len(paths)
print("CPU " + json.dumps({"cpu_ms": (time.process_time() - cpu) * 1000 / count,
      "wall_ms": (time.perf_counter() - wall) * 1000 / count, "queries": queries / len(paths)}))
"""

LUA = r"""
local requests = {}
local counter = 0
local errors = 0
local paths = PATHS
local cookies = COOKIES
local cookie_name = COOKIE_NAME

function setup(thread)
  thread:set("offset", counter)
  counter = counter + 1
end

function init(args)
  local n = 0
  for i, cookie in ipairs(cookies) do
    for _, path in ipairs(paths) do
      n = n + 1
      requests[n] = wrk.format("GET", path, {
        ["Cookie"] = cookie_name .. "=" .. cookie,
        ["X-Forwarded-Proto"] = "https",
        ["Host"] = "127.0.0.1",
      })
    end
  end
  index = (offset * 7919) % n
end

function request()
  index = index % #requests + 1
  return requests[index]
end
"""

WRK_RATE = re.compile(r"Requests/sec:\s+([\d.]+)")
WRK_PCT = re.compile(r"^\s+(50|99)%\s+([\d.]+)(us|ms|s)\s*$", re.M)
WRK_NON2XX = re.compile(r"Non-2xx or 3xx responses:\s+(\d+)")
WRK_SOCKET = re.compile(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")
WRK_TOTAL = re.compile(r"(\d+) requests in")


def server_env(source: Path, port: int, workers: int, database_url: str) -> dict:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url,
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY=env.get("SECRET_KEY", "bench-load-not-a-secret-" + "x" * 40),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        LK_SITE_ADDRESS=env.get("LK_SITE_ADDRESS", "https://127.0.0.1"),
        GUNICORN_BIND=f"127.0.0.1:{port}",
        GUNICORN_WORKERS=str(workers),
        GUNICORN_MAX_REQUESTS="100000",
        STATIC_ROOT=str(source / "staticfiles"),
        PYTHONPATH=str(source),
        LOG_LEVEL="WARNING",
    )
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    return env


def python_of(source: Path) -> str:
    local = source / ".venv" / "bin" / "python"
    return str(local if local.exists() else ROOT / ".venv" / "bin" / "python")


def prepare(source: Path, env: dict, users: int) -> dict:
    """Static files collected (the production storage needs its manifest); logins and their cookies."""
    python = python_of(source)
    if not (source / "staticfiles" / "staticfiles.json").exists():
        subprocess.run([python, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=source, env=env, check=True)
    script = SESSIONS_SCRIPT.replace("COUNT", str(users))
    out = subprocess.run([python, "-c", script], cwd=source, env=env, check=True, capture_output=True, text=True)
    line = next(line for line in out.stdout.splitlines() if line.startswith("COOKIES "))
    return json.loads(line[len("COOKIES ") :])


def start(source: Path, env: dict, port: int, stack: ExitStack, log: Path) -> None:
    gunicorn = Path(python_of(source)).parent / "gunicorn"
    handle = open(log, "w")
    stack.callback(handle.close)
    process = subprocess.Popen(
        [str(gunicorn), "-c", "deploy/gunicorn.conf.py"],
        cwd=source,
        env=env,
        stdout=handle,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )

    def stop():
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)

    stack.callback(stop)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
        if process.poll() is not None:
            sys.exit(f"gunicorn of {source} exited; see {log}")
    sys.exit(f"gunicorn of {source} did not answer /healthz in 90 s; see {log}")


def cpu_per_request(source: Path, env: dict, repeat: int) -> dict:
    """CPU and wall ms per request of the mix in one process of that code (CPU_SCRIPT)."""
    script = CPU_SCRIPT.replace("PATHS", json.dumps(weighted_paths(), ensure_ascii=False)).replace(
        "REPEAT", str(repeat)
    )
    out = subprocess.run(
        [python_of(source), "-c", script], cwd=source, env=env, check=True, capture_output=True, text=True
    )
    line = next(line for line in out.stdout.splitlines() if line.startswith("CPU "))
    return json.loads(line[len("CPU ") :])


def cpu_compare(sources: dict, envs: dict, rounds: int) -> None:
    """The mix's CPU per request, the codes alternated `rounds` times; medians and this over the baseline."""
    results = {name: [] for name in sources}
    for _ in range(rounds):
        for name, source in sources.items():
            results[name].append(cpu_per_request(source, envs[name], repeat=3))
    print(f"{'code':9} {'CPU ms/request':>14} {'wall ms/request':>15} {'queries/request':>15}  (median of {rounds})")
    medians = {}
    for name, runs in results.items():
        medians[name] = statistics.median(r["cpu_ms"] for r in runs)
        wall = statistics.median(r["wall_ms"] for r in runs)
        print(f"{name:9} {medians[name]:>14.1f} {wall:>15.1f} {runs[0]['queries']:>15.1f}")
    if "baseline" in medians:
        print(f"baseline CPU / this CPU: {medians['baseline'] / medians['this']:.2f}×")


def lua_script(folder: Path, name: str, paths: list[str], cookies: dict) -> Path:
    def lua_list(values):
        return "{" + ", ".join(json.dumps(v, ensure_ascii=False) for v in values) + "}"

    text = (
        LUA.replace("PATHS", lua_list(paths))
        .replace("COOKIES", lua_list(cookies["values"]))
        .replace("COOKIE_NAME", json.dumps(cookies["name"]))
    )
    path = folder / f"{name}.lua"
    path.write_text(text, encoding="utf-8")
    return path


def to_ms(value: str, unit: str) -> float:
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def wrk(port: int, connections: int, duration: int, script: Path | None, path: str = "/") -> dict:
    threads = min(2, connections)
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--timeout", "5s", "--latency"]
    if script:
        command += ["-s", str(script)]
    else:
        command += ["-H", "Host: 127.0.0.1"]
    command.append(f"http://127.0.0.1:{port}{path}")
    out = subprocess.run(command, capture_output=True, text=True, timeout=duration + 30).stdout
    pct = {p: to_ms(v, u) for p, v, u in WRK_PCT.findall(out)}
    socket = [int(n) for n in (WRK_SOCKET.search(out).groups() if WRK_SOCKET.search(out) else (0, 0, 0, 0))]
    non2xx = int(WRK_NON2XX.search(out).group(1)) if WRK_NON2XX.search(out) else 0
    return {
        "rate": float(WRK_RATE.search(out).group(1)),
        "p50": pct.get("50", 0.0),
        "p99": pct.get("99", 0.0),
        "errors": non2xx + sum(socket),
        "total": int(WRK_TOTAL.search(out).group(1)),
    }


def quoted(path: str) -> str:
    return urllib.parse.quote(path, safe="/?=&,.-_")


def weighted_paths() -> list[str]:
    paths = []
    for path, share in MIX:
        paths.extend([quoted(path)] * share)
    return paths


def check_mix(port: int, cookies: dict) -> None:
    """Every path of the mix answers 200 for the first abonent before any timing."""
    for path, _ in MIX:
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}{quoted(path)}",
            headers={"Cookie": f"{cookies['name']}={cookies['values'][0]}", "X-Forwarded-Proto": "https"},
        )
        with urllib.request.urlopen(request, timeout=30) as answer:
            if answer.status != 200 or answer.url.endswith("/login/"):
                sys.exit(f"{path}: {answer.status} {answer.url}")


def warm(port: int, cookies: dict) -> None:
    """Every login opens every page of the mix once: what a running server has in its caches (sessions,
    each member's scope and header figures) is there before the timing, for either code."""
    for value in cookies["values"]:
        for path, _ in MIX:
            request = urllib.request.Request(
                f"http://127.0.0.1:{port}{quoted(path)}",
                headers={"Cookie": f"{cookies['name']}={value}", "X-Forwarded-Proto": "https"},
            )
            with urllib.request.urlopen(request, timeout=30) as answer:
                answer.read()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--connections", default="4,16,64")
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--port", type=int, default=18711)
    parser.add_argument("--baseline", type=Path, help="a checkout of the code to compare with")
    parser.add_argument(
        "--baseline-database",
        metavar="URL",
        help="the baseline's own database (an older code's schema, loaded by its own load_demo with the same "
        "arguments); by default the baseline runs on DATABASE_URL too",
    )
    parser.add_argument(
        "--rounds",
        type=int,
        default=1,
        help="with --baseline: the two codes alternated this many times at each level, and the median ratio "
        "printed (a shared host's speed moves between runs)",
    )
    parser.add_argument(
        "--cpu", type=int, default=0, metavar="ROUNDS", help="only the CPU per request in-process, ROUNDS rounds"
    )
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed: apt-get install -y wrk")
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("DATABASE_URL must name a PostgreSQL database with the demo loaded.")
    duration = max(1, min(args.duration, 60))
    levels = [int(c) for c in args.connections.split(",")]

    # This code first: it makes the load logins, which an older baseline may be unable to write
    # (columns added since); the baseline then only logs them in.
    def database(name: str) -> str:
        return args.baseline_database if name == "baseline" and args.baseline_database else os.environ["DATABASE_URL"]

    sources = {"this": ROOT}
    if args.baseline:
        sources["baseline"] = args.baseline.resolve()
    if args.cpu:
        envs = {name: server_env(source, args.port, args.workers, database(name)) for name, source in sources.items()}
        for name, source in sources.items():
            prepare(source, envs[name], 1)
        cpu_compare(sources, envs, args.cpu)
        return
    with ExitStack() as stack, tempfile.TemporaryDirectory(prefix="lk-load-") as tmp:
        folder = Path(tmp)
        ports, scripts = {}, {}
        for n, (name, source) in enumerate(sources.items()):
            port = args.port + n
            env = server_env(source, port, args.workers, database(name))
            cookies = prepare(source, env, args.users)
            start(source, env, port, stack, folder / f"{name}.log")
            check_mix(port, cookies)
            ports[name] = port
            scripts[name] = lua_script(folder, name, weighted_paths(), cookies)
            warm(port, cookies)
            wrk(port, 4, 2, scripts[name])  # warm-up: every worker's first requests load templates and code
        names = " / ".join(dict.fromkeys(database(name).rsplit("/", 1)[-1] for name in sources))
        print(f"database {names}, {args.workers} workers, {duration} s a run")
        print(
            f"{'code':9} {'conn':>4} {'mix req/s':>9} {'p50 ms':>7} {'p99 ms':>7} {'errors':>6} "
            f"{'healthz/s':>9} {'ratio':>5}{'  vs baseline' if args.baseline else ''}"
        )
        rounds = max(1, min(args.rounds, 9)) if args.baseline else 1
        for connections in levels:
            ratios = []
            for _ in range(rounds):
                rates = {}
                for name in sorted(sources, key=lambda name: name != "baseline"):  # the baseline's rate first
                    mix = wrk(ports[name], connections, duration, scripts[name])
                    health = wrk(ports[name], connections, duration, None, "/healthz")
                    rates[name] = mix["rate"]
                    versus = ""
                    if name == "this" and args.baseline:
                        ratios.append(mix["rate"] / rates["baseline"])
                        versus = f"  {ratios[-1]:.2f}×"
                    print(
                        f"{name:9} {connections:>4} {mix['rate']:>9.1f} {mix['p50']:>7.0f} {mix['p99']:>7.0f} "
                        f"{mix['errors'] + health['errors']:>6} {health['rate']:>9.1f} "
                        f"{health['rate'] / mix['rate']:>5.1f}{versus}",
                        flush=True,
                    )
            if rounds > 1:
                print(
                    f"{'':9} {connections:>4} median of {rounds} rounds, this over the baseline: "
                    f"{statistics.median(ratios):.2f}×",
                    flush=True,
                )


if __name__ == "__main__":
    main()
