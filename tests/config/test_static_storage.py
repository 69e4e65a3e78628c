"""Production's static storage remembers each file's URL; a name the manifest lacks still fails."""

import json

import pytest

from config.static_storage import PortalStaticFilesStorage


def test_urls_come_from_the_manifest_and_are_remembered(tmp_path, settings):
    settings.DEBUG = False
    manifest = {"version": "1.1", "hash": "x", "paths": {"css/site.css": "css/site.0a1b2c3d4e5f.css"}}
    (tmp_path / "staticfiles.json").write_text(json.dumps(manifest))
    storage = PortalStaticFilesStorage(location=str(tmp_path), base_url="/static/")
    assert storage.url("css/site.css") == "/static/css/site.0a1b2c3d4e5f.css"
    storage.hashed_files.clear()  # what the manifest said is not read again
    assert storage.url("css/site.css") == "/static/css/site.0a1b2c3d4e5f.css"
    with pytest.raises(ValueError):
        storage.url("js/missing.js")
    with pytest.raises(ValueError):
        storage.url("js/missing.js")  # a failure is not remembered as a URL


def test_production_uses_it():
    from tests.config.test_settings import PRODUCTION_ENV, _manage

    result = _manage(
        "shell",
        "-c",
        "from django.contrib.staticfiles.storage import staticfiles_storage as s; s._setup(); print(type(s._wrapped).__name__)",
        **PRODUCTION_ENV,
    )
    assert result.stdout.strip().splitlines()[-1] == "PortalStaticFilesStorage", result.stdout + result.stderr
