"""Content-Security-Policy for every answer (django-csp 4; Django 5.2 has none of its own, 6.0 does).

Two policies, chosen by the request's path:

* the portal's (public pages, the cabinet, errors): `default-src 'self'`, no inline script or
  style, no other origin, `frame-ancestors 'none'`; every script and style of ours is a static file.
  When the operator turns on reCAPTCHA (both keys set), and only then, Google's reCAPTCHA script
  and frame origins are added;
* Wagtail admin's (`LK_ADMIN_PATH`): still no other origin, but inline scripts and styles and
  `eval` are allowed there, because Wagtail 7.4's admin uses them (inline `<script>` blocks of its
  widgets and choosers, `style=""` in its templates), and `frame-ancestors 'self'` lets the page
  editor show its preview in a frame. Staff behind a login see it; abonents never do.

Settings: `CONTENT_SECURITY_POLICY` (the portal's, django-csp's own setting) and
`LK_CSP_ADMIN_DIRECTIVES` (the admin's), both built by the functions below; reCAPTCHA mode is read
at each request from its two keys, as the login and registration forms read it.
"""

from csp.constants import NONE, SELF, UNSAFE_EVAL, UNSAFE_INLINE
from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings

# django_recaptcha's default domain; its package reads the settings on import, and this module is
# imported by the settings themselves, so the constant is not imported from there.
DEFAULT_RECAPTCHA_DOMAIN = "www.google.com"


def portal_directives() -> dict[str, list[str]]:
    """The strict policy."""
    return {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-src": [NONE],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }


def recaptcha_directives(domain: str) -> dict[str, list[str]]:
    """What the portal's policy becomes in reCAPTCHA mode: Google's own list for reCAPTCHA v2 under
    a CSP (its script and the gstatic helpers, its frame); `domain` is django-recaptcha's
    RECAPTCHA_DOMAIN («www.google.com» by default)."""
    return {
        "script-src": [SELF, f"https://{domain}/recaptcha/", "https://www.gstatic.com/recaptcha/"],
        "frame-src": [f"https://{domain}/recaptcha/", "https://recaptcha.google.com/recaptcha/"],
    }


def recaptcha_on() -> bool:
    return bool(settings.RECAPTCHA_PUBLIC_KEY and settings.RECAPTCHA_PRIVATE_KEY)


def admin_directives() -> dict[str, list[str]]:
    """Wagtail admin's policy: same origin only, inline code allowed (see the module's text)."""
    return {
        "default-src": [SELF],
        "script-src": [SELF, UNSAFE_INLINE, UNSAFE_EVAL],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:", "blob:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "frame-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [SELF],
    }


class PortalCSPMiddleware(CSPMiddleware):
    """django-csp's middleware with the admin's own policy under LK_ADMIN_PATH."""

    def process_response(self, request, response):
        # Wagtail's page preview runs the page through the middleware on a dummy request with the
        # page's own path; the admin's preview view that frames it sets the admin's policy afterwards.
        if getattr(request, "is_dummy", False):
            return response
        return super().process_response(request, response)

    def get_policy_parts(self, request, response, report_only: bool = False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if report_only or parts.config is not None:
            return parts  # a view's own @csp decorator wins
        if request.path_info.startswith("/" + settings.LK_ADMIN_PATH):
            parts.config = settings.LK_CSP_ADMIN_DIRECTIVES
        elif recaptcha_on():
            domain = getattr(settings, "RECAPTCHA_DOMAIN", DEFAULT_RECAPTCHA_DOMAIN)
            parts.replace = {**recaptcha_directives(domain), **(parts.replace or {})}
        return parts
