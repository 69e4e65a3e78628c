"""The nginx site of deploy/nginx/lk.conf, rendered as an operator would (placeholders filled), and
wrapped in a main configuration that runs from a temporary folder on high ports (tests, smoke)."""

import re
import subprocess
from pathlib import Path

SITE = Path(__file__).resolve().parents[1] / "nginx" / "lk.conf"
PLACEHOLDER = re.compile(r"\$\{(LK_[A-Z_]+)\}")
UPSTREAM_SERVER = re.compile(r"^(\s*)server (\S+)( [^;]*)?;$", re.MULTILINE)


def placeholders(template: str) -> set[str]:
    return set(PLACEHOLDER.findall(template))


def render_site(values: dict[str, str], *, upstreams: list[str] | None = None, template: str | None = None) -> str:
    """The site with every ${LK_…} placeholder filled (as envsubst with the list of names does);
    `upstreams`: one `server` line per address in the upstream block."""
    template = SITE.read_text() if template is None else template
    missing = placeholders(template) - values.keys()
    if missing:
        raise KeyError(f"placeholders without a value: {', '.join(sorted(missing))}")
    text = PLACEHOLDER.sub(lambda match: values[match.group(1)], template)
    if upstreams:
        block = re.search(r"upstream lk_web \{(.*?)\}", text, re.DOTALL)
        first = UPSTREAM_SERVER.search(block.group(1))
        indent, options = first.group(1), first.group(3) or ""
        servers = "".join(f"{indent}server {address}{options};\n" for address in upstreams)
        text = text[: block.start(1)] + "\n" + servers + text[block.end(1) :]
    return text


def relocate(site: str, *, http_port: int, https_port: int, log_dir: Path) -> str:
    """The rendered site on 127.0.0.1's high ports with its logs in `log_dir`: nothing else changes."""
    site = re.sub(r"^\s*listen \[::\]:.*;\n", "", site, flags=re.MULTILINE)
    site = re.sub(r"listen 80\b", f"listen 127.0.0.1:{http_port}", site)
    site = re.sub(r"listen 443\b", f"listen 127.0.0.1:{https_port}", site)
    return site.replace("/var/log/nginx/", f"{log_dir}/")


def main_config(root: Path, site_path: Path, *, extra: str = "") -> str:
    """A main nginx.conf that keeps everything (pid, temp files, logs) under `root`."""
    temp = "\n".join(
        f"    {kind}_temp_path {root / (kind + '_temp')};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return f"""worker_processes 2;
pid {root / "nginx.pid"};
error_log {root / "error.log"} warn;
events {{ worker_connections 512; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    access_log {root / "access.log"};
{temp}
    include {site_path};
{extra}
}}
"""


def self_signed_certificate(folder: Path, host: str = "localhost") -> tuple[Path, Path]:
    """A throw-away certificate for `host` and 127.0.0.1 (openssl)."""
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
            "-subj", f"/CN={host}", "-addext", f"subjectAltName=DNS:{host},IP:127.0.0.1",
            "-keyout", str(key), "-out", str(cert),
        ],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return cert, key


def nginx_test(conf: Path, root: Path) -> subprocess.CompletedProcess:
    """`nginx -t` of a main configuration written by main_config()."""
    return subprocess.run(
        ["nginx", "-t", "-p", str(root), "-e", str(root / "error.log"), "-c", str(conf)],
        capture_output=True,
        text=True,
        timeout=30,
    )
