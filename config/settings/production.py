import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F401,F403
from .base import LOG_LEVEL, SECRET_KEY, env_bool, logging_config

if not SECRET_KEY:
    raise ImproperlyConfigured(
        "SECRET_KEY is not set: production settings refuse to start without it. "
        "Set the SECRET_KEY environment variable (see .env.example)."
    )

if not os.environ.get("LK_SITE_ADDRESS", "").strip():
    raise ImproperlyConfigured(
        "LK_SITE_ADDRESS is not set: letters and the registration card would name no address. "
        "Set it to the portal's public address, e.g. LK_SITE_ADDRESS=https://lk.example.ru (see .env.example)."
    )

DEBUG = False
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = int(__import__("os").environ.get("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
# Wagtail's page preview shows the site in a same-origin frame, so SAMEORIGIN rather than DENY.
X_FRAME_OPTIONS = "SAMEORIGIN"
SILENCED_SYSTEM_CHECKS = ["security.W019"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "config.static_storage.PortalStaticFilesStorage"},
}
# Production logs are JSON lines on stdout (journald keeps them); LOG_FORMAT=text for reading by eye.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "json")
LOGGING = logging_config(LOG_FORMAT, LOG_LEVEL)
# Load balancers and Prometheus ask the web processes directly over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^metrics$"]
