"""deploy/nginx/lk.conf passes `nginx -t` once its placeholders are filled, and says what it must."""

import re
import shutil

import pytest

from deploy.smoke import nginx

PLACEHOLDERS = {
    "LK_SERVER_NAME",
    "LK_STATIC_ROOT",
    "LK_MEDIA_ROOT",
    "LK_ADMIN_PATH",
    "LK_UPSTREAM",
    "LK_TLS_CERTIFICATE",
    "LK_TLS_CERTIFICATE_KEY",
}


def values(tmp_path, cert, key):
    return {
        "LK_SERVER_NAME": "lk.example.ru",
        "LK_STATIC_ROOT": str(tmp_path / "static"),
        "LK_MEDIA_ROOT": str(tmp_path / "media"),
        "LK_ADMIN_PATH": "admin/",
        "LK_UPSTREAM": "127.0.0.1:8000",
        "LK_TLS_CERTIFICATE": str(cert),
        "LK_TLS_CERTIFICATE_KEY": str(key),
    }


def test_the_site_names_its_placeholders_in_its_envsubst_line():
    template = nginx.SITE.read_text()
    assert nginx.placeholders(template) == PLACEHOLDERS
    envsubst = re.search(r"envsubst '([^']+)'", template).group(1)
    assert set(envsubst.replace("$", "").split()) == PLACEHOLDERS


def test_a_placeholder_without_a_value_is_refused():
    with pytest.raises(KeyError, match="LK_UPSTREAM"):
        nginx.render_site({"LK_SERVER_NAME": "x"}, template="server ${LK_SERVER_NAME}; ${LK_UPSTREAM}")


def test_two_instances_make_two_upstream_servers(tmp_path):
    site = nginx.render_site(values(tmp_path, "c.pem", "k.pem"), upstreams=["127.0.0.1:8001", "127.0.0.1:8002"])
    block = re.search(r"upstream lk_web \{(.*?)\}", site, re.DOTALL).group(1)
    assert re.findall(r"server (\S+) max_fails=1 fail_timeout=5s;", block) == ["127.0.0.1:8001", "127.0.0.1:8002"]


@pytest.mark.skipif(not shutil.which("nginx") or not shutil.which("openssl"), reason="needs nginx and openssl")
@pytest.mark.parametrize("relocated", [False, True], ids=["as-installed", "smoke-ports"])
def test_nginx_accepts_the_rendered_site(tmp_path, relocated):
    cert, key = nginx.self_signed_certificate(tmp_path)
    site = nginx.render_site(values(tmp_path, cert, key))
    if relocated:
        site = nginx.relocate(site, http_port=18080, https_port=18443, log_dir=tmp_path)
    else:
        site = site.replace("/var/log/nginx/", f"{tmp_path}/")  # -t opens the log files
    (tmp_path / "lk.conf").write_text(site)
    conf = tmp_path / "nginx.conf"
    conf.write_text(nginx.main_config(tmp_path, tmp_path / "lk.conf"))
    result = nginx.nginx_test(conf, tmp_path)
    assert result.returncode == 0, result.stderr
    assert "test is successful" in result.stderr
    assert "[emerg]" not in result.stderr


def test_the_site_says_what_the_portal_relies_on():
    site = nginx.SITE.read_text()
    assert "return 301 https://$host$request_uri;" in site
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in site
    # replaced, not appended: with BEHIND_PROXY=true the lockout trusts the first address
    assert "proxy_set_header X-Forwarded-For $remote_addr;" in site
    assert "proxy_set_header X-Request-ID $request_id;" in site
    assert "client_max_body_size 300m;" in site and "LK_IMPORT_MAX_UPLOAD_BYTES" in site
    assert "gzip_static on;" in site and "immutable" in site
