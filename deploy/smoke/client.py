"""A small browser for the smoke: cookies, CSRF tokens, forms and file uploads over HTTPS (stdlib)."""

import copy
import functools
import http.client
import http.cookiejar
import re
import ssl
import urllib.error
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass, field


@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    body: bytes
    url: str
    history: list = field(default_factory=list)

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")

    def header(self, name: str) -> str:
        return self.headers.get(name, "")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class _HTTPSFrom(urllib.request.HTTPSHandler):
    """HTTPS from a given local address (127.0.0.2 is another client of a server on 127.0.0.1)."""

    def __init__(self, context, source: str):
        super().__init__(context=context)
        self.source = source

    def https_open(self, req):
        connection = functools.partial(http.client.HTTPSConnection, source_address=(self.source, 0))
        return self.do_open(connection, req, context=self._context)


class Browser:
    def __init__(self, base: str, *, cafile: str | None = None, timeout: float = 30, source: str | None = None):
        self.base = base.rstrip("/")
        self.timeout = timeout
        self.cafile = cafile
        self.jar = http.cookiejar.CookieJar()
        context = ssl.create_default_context(cafile=cafile) if cafile else ssl.create_default_context()
        https = _HTTPSFrom(context, source) if source else urllib.request.HTTPSHandler(context=context)
        self._opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), https, _NoRedirect())

    def clone(self, base: str | None = None) -> "Browser":
        """Another browser with a copy of the cookies (the same session), e.g. for another thread."""
        other = Browser(base or self.base, cafile=self.cafile, timeout=self.timeout)
        for cookie in self.jar:
            other.jar.set_cookie(copy.copy(cookie))
        return other

    def url(self, path: str) -> str:
        return path if path.startswith(("http://", "https://")) else self.base + path

    def cookie(self, name: str) -> str | None:
        return next((c.value for c in self.jar if c.name == name), None)

    def request(self, method: str, path: str, *, body: bytes | None = None, headers: dict | None = None,
                follow: bool = True) -> Response:  # fmt: skip
        history = []
        url = self.url(path)
        for _ in range(10):
            request = urllib.request.Request(url, data=body, method=method, headers=headers or {})
            try:
                with self._opener.open(request, timeout=self.timeout) as raw:
                    response = Response(raw.status, raw.headers, raw.read(), url)
            except urllib.error.HTTPError as error:
                response = Response(error.code, error.headers, error.read(), url)
            if not (follow and response.status in (301, 302, 303, 307, 308)):
                response.history = history
                return response
            history.append(response)
            url = urllib.parse.urljoin(url, response.header("Location"))
            if response.status in (301, 302, 303):
                method, body, headers = "GET", None, {}
        raise RuntimeError(f"too many redirects from {path}")

    def get(self, path: str, **kwargs) -> Response:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, data: dict, *, files: dict | None = None, referer: str | None = None,
             follow: bool = True) -> Response:  # fmt: skip
        """A form post as a browser makes it: the CSRF cookie's token and a same-origin Referer."""
        fields = {"csrfmiddlewaretoken": self.cookie("csrftoken") or "", **data}
        headers = {"Referer": self.url(referer or path)}
        if files:
            body, content_type = multipart(fields, files)
        else:
            body = urllib.parse.urlencode(fields, doseq=True).encode()
            content_type = "application/x-www-form-urlencoded"
        headers["Content-Type"] = content_type
        return self.request("POST", path, body=body, headers=headers, follow=follow)


def multipart(fields: dict, files: dict[str, list[tuple[str, bytes, str]]]) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        for item in value if isinstance(value, list) else [value]:
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{item}\r\n'.encode())
    for name, items in files.items():
        for filename, content, content_type in items:
            head = (
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                f"Content-Type: {content_type}\r\n\r\n"
            )
            parts.append(head.encode() + content + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def hidden_inputs(html: str) -> dict[str, str]:
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', html))
