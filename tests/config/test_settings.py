import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]


# What production's settings need to start (SECRET_KEY, the hosts, the site's address).
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "SECRET_KEY": "x" * 20 + "a-long-and-random-production-secret-key-0123456789",
    "ALLOWED_HOSTS": "lk.example.ru",
    "LK_SITE_ADDRESS": "https://lk.example.ru",
}


def _manage(*args, **env):
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_russian_locale_and_moscow_time():
    assert settings.LANGUAGE_CODE == "ru"
    assert settings.TIME_ZONE == "Europe/Moscow"
    assert settings.AUTH_USER_MODEL == "lk_portal.User"


def test_production_refuses_to_start_without_secret_key():
    result = _manage("check", DJANGO_SETTINGS_MODULE="config.settings.production")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_production_refuses_to_start_without_the_site_address():
    result = _manage(
        "check",
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY="x" * 20 + "a-long-and-random-production-secret-key-0123456789",
        LK_SITE_ADDRESS="  ",
    )
    assert result.returncode != 0
    assert "LK_SITE_ADDRESS is not set" in result.stderr


def test_production_deploy_check_is_clean():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        **PRODUCTION_ENV,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_huey_backend_follows_redis_url():
    if os.environ.get("REDIS_URL"):
        assert settings.HUEY["huey_class"] == "huey.PriorityRedisHuey"
        assert settings.HUEY["url"] == os.environ["REDIS_URL"]
    else:
        assert settings.HUEY["huey_class"] == "huey.SqliteHuey"
        assert settings.HUEY["filename"].endswith("huey.sqlite3")
    assert settings.HUEY["utc"] is False  # crontabs are meant in Moscow time


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL")
def test_redis_queue_round_trip():
    """With REDIS_URL the queue really goes through Redis: a message put is read back."""
    from huey import RedisHuey

    queue = RedisHuey("lk-ci-probe", url=os.environ["REDIS_URL"])
    queue.storage.flush_queue()
    queue.storage.enqueue(b"probe")
    assert queue.storage.dequeue() == b"probe"


def test_default_database_is_sqlite_under_var_when_no_url():
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django,os;os.environ.setdefault('DJANGO_SETTINGS_MODULE','config.settings.dev');"
            "from django.conf import settings;d=settings.DATABASES['default'];print(d['ENGINE'], d['NAME'])",
        ],
        cwd=ROOT,
        env={k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}},
        capture_output=True,
        text=True,
        timeout=60,
    )
    engine, name = result.stdout.split()
    assert engine == "lk_portal.db.sqlite_unicode"
    assert name.endswith("var/db.sqlite3")


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL")
def test_the_portals_redis_cache_reuses_one_client():
    """config/redis_cache.py: values go through Redis, and every call shares one client object."""
    from config.redis_cache import PortalRedisCache

    cache = PortalRedisCache(os.environ["REDIS_URL"], {"KEY_PREFIX": "lk-ci-probe"})
    cache.set("probe", {"debt": "7220.27"}, 30)
    assert cache.get("probe") == {"debt": "7220.27"} and cache.get_many(["probe", "absent"]) == {
        "probe": {"debt": "7220.27"}
    }
    assert cache._cache.get_client() is cache._cache.get_client(write=True)
    cache.delete("probe")
    assert cache.get("probe") is None


def test_sessions_and_the_header_cache_follow_the_shared_cache():
    """Sessions read through the cache and the header kept only when a cache is shared (Redis)."""
    script = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SESSION_ENGINE, s.LK_HEADER_CACHE_SECONDS, s.CACHES['default']['BACKEND'])"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "CACHE_URL", "LK_HEADER_CACHE_SECONDS")}
    env["DJANGO_SETTINGS_MODULE"] = "config.settings.dev"
    alone = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True)
    assert alone.stdout.split() == [
        "django.contrib.sessions.backends.db",
        "0",
        "django.core.cache.backends.locmem.LocMemCache",
    ]
    env["REDIS_URL"] = "redis://127.0.0.1:6379/9"
    shared = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True)
    assert shared.stdout.split() == [
        "lk_portal.session_store",
        "300",
        "config.redis_cache.PortalRedisCache",
    ]
