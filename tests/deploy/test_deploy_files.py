"""The environment examples list every variable the portal reads; the systemd units are valid."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
READ = re.compile(r'(?:environ\.get|env_bool|env_list)\(\s*"([A-Z][A-Z0-9_]+)"')
LISTED = re.compile(r"^#?\s*([A-Z][A-Z0-9_]+)=", re.MULTILINE)


def read_by(*paths) -> set[str]:
    return {name for path in paths for name in READ.findall((ROOT / path).read_text())}


def listed_in(path) -> set[str]:
    return set(LISTED.findall((ROOT / path).read_text()))


def test_env_example_lists_every_variable_the_settings_read():
    settings_files = sorted(p.relative_to(ROOT) for p in (ROOT / "config" / "settings").glob("*.py"))
    missing = read_by(*settings_files) - listed_in(".env.example")
    assert not missing, f"add to .env.example: {sorted(missing)}"


def test_the_deploy_env_file_has_every_variable_of_env_example_and_gunicorn():
    expected = listed_in(".env.example") | read_by("deploy/gunicorn.conf.py")
    set_by_the_unit = set(
        re.findall(r"^Environment=([A-Z_]+)=", (ROOT / "deploy/systemd/lk-web.service").read_text(), re.M)
    )
    assert set_by_the_unit == {"PROMETHEUS_MULTIPROC_DIR", "GUNICORN_CONTROL_SOCKET"}
    missing = expected - listed_in("deploy/lk.env.example") - set_by_the_unit
    assert not missing, f"add to deploy/lk.env.example: {sorted(missing)}"


def test_the_deploy_env_file_is_what_systemd_reads():
    """No quotes or `export`: systemd's EnvironmentFile would keep them in the value."""
    for line in (ROOT / "deploy/lk.env.example").read_text().splitlines():
        if line and not line.startswith("#"):
            name, _, value = line.partition("=")
            assert re.fullmatch(r"[A-Z][A-Z0-9_]*", name), line
            assert not value.startswith(("'", '"')) and "$" not in value, line


@pytest.mark.skipif(not shutil.which("systemd-analyze"), reason="needs systemd-analyze")
def test_the_units_pass_systemd_analyze_verify(tmp_path):
    units = ("lk-web.service", "lk-worker.service", "lk-backup.service", "lk-backup.timer")
    for name in units:
        text = (ROOT / "deploy/systemd" / name).read_text()
        # verify wants the programs to exist; everything else is checked as written
        text = re.sub(r"^ExecStart=\S+", "ExecStart=/bin/true", text, flags=re.MULTILINE)
        (tmp_path / name).write_text(text)
    result = subprocess.run(
        ["systemd-analyze", "verify", *(str(tmp_path / n) for n in units)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "lk-" not in result.stderr, result.stderr


def test_the_units_run_what_the_portal_needs():
    web = (ROOT / "deploy/systemd/lk-web.service").read_text()
    worker = (ROOT / "deploy/systemd/lk-worker.service").read_text()
    assert "gunicorn --config /srv/lk/app/deploy/gunicorn.conf.py" in web
    assert "ExecReload=/bin/kill -s HUP $MAINPID" in web
    assert "manage.py run_huey --flush-locks" in worker
    assert "KillSignal=SIGINT" in worker  # huey's graceful stop
    for unit in (web, worker):
        assert "EnvironmentFile=/etc/lk/lk.env" in unit


def test_manage_sh_reads_the_env_file_as_systemd_does(tmp_path):
    import getpass

    env_file = tmp_path / "lk.env"
    env_file.write_text(
        "# a comment\n"
        "DJANGO_SETTINGS_MODULE=config.settings.production\n"
        "SECRET_KEY=a-long-secret-key-for-this-test-only-0123456789abcdef\n"
        "LK_SITE_ADDRESS=https://lk.example.ru\n"
        f"DATABASE_URL=sqlite:///{tmp_path / 'db.sqlite3'}\n"
        f"LK_VAR_DIR={tmp_path / 'var'}\n"
        "DEFAULT_FROM_EMAIL=ЛК ОАО «Генерирующая компания» <lk@example.ru>\n"
        "\n"
        "LOG_FORMAT=text\nLOG_LEVEL=WARNING\n"
    )
    result = subprocess.run(
        ["bash", str(ROOT / "deploy/manage.sh"), "shell", "-v", "0", "-c",
         "from django.conf import settings; print(settings.DEFAULT_FROM_EMAIL); print(settings.DEBUG)"],
        env={"PATH": "/usr/bin:/bin", "LK_ENV_FILE": str(env_file), "LK_APP": str(ROOT), "LK_USER": getpass.getuser()},
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[:2] == ["ЛК ОАО «Генерирующая компания» <lk@example.ru>", "False"]


def test_a_gunicorn_worker_leaves_what_it_loaded_out_of_the_garbage_collector():
    import gc
    import importlib.util

    spec = importlib.util.spec_from_file_location("lk_gunicorn_conf", ROOT / "deploy" / "gunicorn.conf.py")
    conf = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(conf)
    assert conf.worker_class == "sync"
    before = gc.get_freeze_count()
    try:
        conf.post_worker_init(worker=None)
        assert gc.get_freeze_count() > before  # everything loaded so far, the URLconf's views with it
    finally:
        gc.unfreeze()
