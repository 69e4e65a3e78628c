"""The portal's own address, as letters and the registration card write it.

`LK_SITE_ADDRESS` when it is set; production refuses to start without it. In development it may be
left empty: then the address is the one the current request came to (`make run` on any HOST/PORT, a
second runserver on another port), which `SiteAddressMiddleware` notes for the request's duration;
outside a request (the worker, a management command) it is `LK_SITE_ADDRESS_FALLBACK`. The request's
Host header is never used when `LK_SITE_ADDRESS` is set, so a forged Host cannot reach a letter.
"""

import contextvars
from urllib.parse import urlsplit

from django.conf import settings

LK_SITE_ADDRESS_FALLBACK = "http://127.0.0.1:8000"

_request_origin: contextvars.ContextVar[str] = contextvars.ContextVar("request_origin", default="")


def site_address() -> str:
    """«https://lk.example.ru», without a trailing slash."""
    configured = (settings.LK_SITE_ADDRESS or "").strip()
    if configured:
        return configured.rstrip("/")
    return _request_origin.get() or LK_SITE_ADDRESS_FALLBACK


def site_url(path: str = "/") -> str:
    """An absolute link into the portal: site_url("/lk/login/")."""
    return site_address() + path


def site_host() -> str:
    """The site address as people read it: «lk.tatgencom.ru»."""
    address = site_address()
    return urlsplit(address).netloc or address


class SiteAddressMiddleware:
    """With LK_SITE_ADDRESS empty (development), the request's own scheme and host are the site's address
    while it runs. Placed after CommonMiddleware, which has already refused a host not in ALLOWED_HOSTS."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.LK_SITE_ADDRESS:
            return self.get_response(request)
        token = _request_origin.set(f"{request.scheme}://{request.get_host()}")
        try:
            return self.get_response(request)
        finally:
            _request_origin.reset(token)
