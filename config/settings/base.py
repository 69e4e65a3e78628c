"""Settings shared by every environment; everything variable is read from the environment.

dev.py, test.py and production.py only override what differs.
"""

import os
import re
from decimal import Decimal
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from pythonjsonlogger.core import RESERVED_ATTRS

from config.csp import admin_directives, portal_directives

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("LK_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "home",
    "news",
    "lk_portal",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "huey.contrib.djhuey",
    "axes",
    "csp",
    "ninja",  # the API's vendored Swagger UI (templates and static files)
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "captcha",
    "django_recaptcha",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
]

MIDDLEWARE = [
    "config.observability.RequestObservabilityMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy (config/csp.py) and Permissions-Policy on every answer
    "config.csp.PortalCSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # 400 for control characters and absurd lengths in the request (lk_portal/middleware.py)
    "lk_portal.middleware.RequestGuardMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    # development without LK_SITE_ADDRESS: letters carry the address the request came to (config/site.py)
    "config.site.SiteAddressMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): the session passed the second step (django-otp)
    "django_otp.middleware.OTPMiddleware",
    # LK_STAFF_REQUIRE_2FA: Wagtail admin only with a verified TOTP device
    "lk_portal.middleware.StaffTwoFactorMiddleware",
    # Staff looking at an abonent's cabinet read-only (lk_portal/views/staff_view.py)
    "lk_portal.middleware.StaffViewMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "lk_portal.context_processors.cabinet",
            ],
            "builtins": ["lk_portal.templatetags.ru_format"],
        },
    },
]

# Widgets render through TEMPLATES, so templates/ may override a library's widget template
# (templates/django_recaptcha/includes/: reCAPTCHA's script without its inline part, for the CSP).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

WSGI_APPLICATION = "config.wsgi.application"

# Database: DATABASE_URL, default a SQLite file under var/. SQLite goes through our thin
# backend that makes icontains/iexact fold Cyrillic (SQLite's LIKE folds ASCII only).
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["ENGINE"] = "lk_portal.db.sqlite_unicode"
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 30
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # No JIT: the cabinet's queries are short, and JIT compiled the bigger ones (a search, a
    # summary) for longer than they ran (7 ms of a 70 ms search, issue 14 item 4).
    # random_page_cost 1.1, not PostgreSQL's 4 (a guess for spinning disks): the cabinet's tables sit in
    # memory or on SSD, and at 4 the planner joined a page of an abonent's rows with its contracts by
    # reading all the contracts (9 ms against 0.7 ms at 26 500 abonents; issue 14, items 4 and 7).
    # DB_RANDOM_PAGE_COST sets it for other storage.
    _page_cost = os.environ.get("DB_RANDOM_PAGE_COST") or "1.1"
    try:
        if not 0 < float(_page_cost) <= 100:
            raise ValueError
    except ValueError:
        raise ImproperlyConfigured(
            f"DB_RANDOM_PAGE_COST: «{_page_cost}» is not a positive number (1.1 for SSD, 4 for disks)."
        ) from None
    planner = f"-c jit=off -c random_page_cost={float(_page_cost)}"
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", planner)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "lk_portal.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # ModelBackend reading the member's abonent with it (lk_portal/auth_backend.py)
    "lk_portal.auth_backend.MemberBackend",
    # only for sessions opened before MemberBackend: a password login stops at MemberBackend
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "lk_portal.validators.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "lk_portal.validators.LatinLettersAndDigitsValidator"},
]

LOGIN_URL = "/lk/login/"
LOGIN_REDIRECT_URL = "/lk/"
LOGOUT_REDIRECT_URL = "/"

LANGUAGE_CODE = "ru"
TIME_ZONE = "Europe/Moscow"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True
FORMAT_MODULE_PATH = ["config.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
FONT_DIR = BASE_DIR / "static" / "fonts"

# Mail. Dev/demo: every letter is written under var/mail/ and echoed to the console.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "ЛК ОАО «Генерирующая компания» <lk@example.ru>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_FILE_PATH = VAR_DIR / "mail"
# An SMTP server that stops answering must not hold the outbox's sender (and its row lock) forever.
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "30"))
# The outbox (lk_portal/services/outbox.py): a failing letter is retried with growing pauses (1, 2, 4 …
# minutes, at most LK_OUTBOX_RETRY_MAX_DELAY_MINUTES) for LK_OUTBOX_RETRY_HOURS, then marked failed.
LK_OUTBOX_RETRY_HOURS = int(os.environ.get("LK_OUTBOX_RETRY_HOURS", "48"))
LK_OUTBOX_RETRY_MAX_DELAY_MINUTES = int(os.environ.get("LK_OUTBOX_RETRY_MAX_DELAY_MINUTES", "120"))
LK_OUTBOX_BATCH = int(os.environ.get("LK_OUTBOX_BATCH", "500"))  # letters per run of the minute task

# Queue: huey on Redis when REDIS_URL is set, else on a SQLite file (no server needed).
REDIS_URL = os.environ.get("REDIS_URL", "")
HUEY_IMMEDIATE = env_bool("HUEY_IMMEDIATE", False)
if REDIS_URL:
    HUEY = {
        "huey_class": "huey.PriorityRedisHuey",
        "name": os.environ.get("HUEY_NAME", "lk"),
        "url": REDIS_URL,
        "immediate": HUEY_IMMEDIATE,
        "utc": False,
        "consumer": {"workers": 2, "worker_type": "thread"},
    }
else:
    HUEY = {
        "huey_class": "huey.SqliteHuey",
        "name": "lk",
        "filename": str(VAR_DIR / "huey.sqlite3"),
        "immediate": HUEY_IMMEDIATE,
        "utc": False,
        "consumer": {"workers": 2, "worker_type": "thread"},
    }

# Billing drop folder for the nightly import.
LK_IMPORT_DIR = Path(os.environ.get("LK_IMPORT_DIR", VAR_DIR / "import"))
# The folder the portal writes its files for billing into (readings_YYYY-MM-DD.csv, nightly).
LK_EXPORT_DIR = Path(os.environ.get("LK_EXPORT_DIR") or VAR_DIR / "export")
# A drop-folder file younger than this (seconds since its last change) may still be copying.
LK_IMPORT_MIN_AGE_SECONDS = int(os.environ.get("LK_IMPORT_MIN_AGE_SECONDS", "300"))
# The admin upload: the largest upload accepted (nginx's client_max_body_size for the admin must be at least
# this), and the private folder where uploaded files wait for the worker.
LK_IMPORT_MAX_UPLOAD_BYTES = int(os.environ.get("LK_IMPORT_MAX_UPLOAD_BYTES", str(300 * 1024 * 1024)))
LK_IMPORT_UPLOAD_DIR = VAR_DIR / "import-uploads"
# The lock that lets one billing import run at a time on SQLite (PostgreSQL: an advisory lock).
LK_IMPORT_LOCK_FILE = VAR_DIR / "billing-import.lock"
# A billing file deleting more than this share of a table (and more than LK_IMPORT_MASS_DELETE_MIN_ROWS
# rows), or any abonent with a portal account, is refused unless confirmed (import_billing --allow-mass-delete).
LK_IMPORT_MAX_DELETE_SHARE = float(os.environ.get("LK_IMPORT_MAX_DELETE_SHARE", "0.05"))
LK_IMPORT_MASS_DELETE_MIN_ROWS = int(os.environ.get("LK_IMPORT_MASS_DELETE_MIN_ROWS", "10"))
# What one billing file may hold (lk_portal/exchange/limits.py); beyond a limit the file is refused in Russian.
LK_IMPORT_MAX_FILE_BYTES = int(os.environ.get("LK_IMPORT_MAX_FILE_BYTES", str(2 * 1024**3)))
LK_IMPORT_MAX_COLUMNS = int(os.environ.get("LK_IMPORT_MAX_COLUMNS", "200"))
LK_IMPORT_MAX_CELL_CHARS = int(os.environ.get("LK_IMPORT_MAX_CELL_CHARS", "100000"))
LK_IMPORT_MAX_ROWS = int(os.environ.get("LK_IMPORT_MAX_ROWS", "20000000"))
LK_IMPORT_MAX_ZIP_MEMBERS = int(os.environ.get("LK_IMPORT_MAX_ZIP_MEMBERS", "100"))
LK_IMPORT_MAX_UNPACKED_BYTES = int(os.environ.get("LK_IMPORT_MAX_UNPACKED_BYTES", str(4 * 1024**3)))
LK_IMPORT_MAX_ZIP_RATIO = int(os.environ.get("LK_IMPORT_MAX_ZIP_RATIO", "200"))
LK_IMPORT_MAX_SHARED_STRINGS = int(os.environ.get("LK_IMPORT_MAX_SHARED_STRINGS", "2000000"))
LK_IMPORT_MAX_SHARED_CHARS = int(os.environ.get("LK_IMPORT_MAX_SHARED_CHARS", "50000000"))
LK_IMPORT_MAX_WARNINGS = int(os.environ.get("LK_IMPORT_MAX_WARNINGS", "100"))
# The public address in letters and on the registration card (config/site.py); production requires it.
# Empty in development: the address the request came to, or http://127.0.0.1:8000 outside a request.
LK_SITE_ADDRESS = os.environ.get("LK_SITE_ADDRESS", "").strip()
# Private files (requests' attachments, background exports): outside MEDIA_ROOT, served only by views that check
# who asks.
LK_PRIVATE_DIR = Path(os.environ.get("LK_PRIVATE_DIR", VAR_DIR / "private"))
# Обращения (issue 18): attachments per message and their size; days the abonent may reopen a finished request.
LK_REQUEST_MAX_FILES = int(os.environ.get("LK_REQUEST_MAX_FILES", "5"))
LK_REQUEST_MAX_FILE_BYTES = int(os.environ.get("LK_REQUEST_MAX_FILE_BYTES", str(10 * 1024 * 1024)))
LK_REQUESTS_REOPEN_DAYS = int(os.environ.get("LK_REQUESTS_REOPEN_DAYS", "30"))
LK_REMINDER_DAYS_BEFORE = int(os.environ.get("LK_REMINDER_DAYS_BEFORE", "3"))

# Lockout (django-axes): 5 wrong passwords in a row lock the login for 15 minutes.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# The lockout renders the login page with a Russian message (same for any login, existing or not).
AXES_LOCKOUT_CALLABLE = "lk_portal.views.auth.lockout_response"
AXES_HTTP_RESPONSE_CODE = 429
# The lock ends 15 minutes after it began; attempts during it do not prolong it.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_ENABLED = env_bool("AXES_ENABLED", True)
# No «AXES: BEGIN …» line at every process start; the lockout's own lines are unaffected.
AXES_VERBOSE = False
# Its log lines show the login masked: an abonent's login is its ИНН.
AXES_CLIENT_STR_CALLABLE = "config.observability.axes_client_str"
# Behind nginx the lock takes the client's address from X-Forwarded-For (django-ipware is not used).
BEHIND_PROXY = env_bool("BEHIND_PROXY")
AXES_CLIENT_IP_CALLABLE = "config.proxy.client_ip"

# Two-factor login (django-otp, TOTP + ten one-time recovery codes): members turn it on in «Профиль»,
# an organisation may require it; LK_STAFF_REQUIRE_2FA makes Wagtail admin ask staff for it too.
LK_STAFF_REQUIRE_2FA = env_bool("LK_STAFF_REQUIRE_2FA", False)
OTP_TOTP_ISSUER = os.environ.get("OTP_TOTP_ISSUER", "ЛК потребителя")
# A wrong code makes the device wait 1, 2, 4 … seconds before the next try (django-otp's throttling).
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1

# The journal of actions (issue 15): entries are kept this many days (3 years), then a daily job removes them.
LK_JOURNAL_KEEP_DAYS = int(os.environ.get("LK_JOURNAL_KEEP_DAYS", str(3 * 365 + 1)))


# «Потребление» (issue 17): the design indoor temperature, °C, the degree-days (градусо-сутки) of a month are
# counted against; a branch may have its own: LK_DESIGN_INDOOR_TEMP_BRANCHES="chelny=18,nizhnekamsk=21".
def _temperature(name: str, text: str) -> Decimal:
    try:
        value = Decimal(text.strip().replace(",", "."))
    except ArithmeticError:
        value = None
    if value is None or not value.is_finite() or not -50 <= value <= 50:
        raise ImproperlyConfigured(f"{name}: «{text}» is not a temperature in °C (e.g. 20 or 18.5).")
    return value


LK_DESIGN_INDOOR_TEMP = _temperature("LK_DESIGN_INDOOR_TEMP", os.environ.get("LK_DESIGN_INDOOR_TEMP", "20"))
LK_DESIGN_INDOOR_TEMP_BRANCHES = {
    code.strip(): _temperature("LK_DESIGN_INDOOR_TEMP_BRANCHES", temp)
    for code, _, temp in (
        item.partition("=") for item in os.environ.get("LK_DESIGN_INDOOR_TEMP_BRANCHES", "").split(",") if item.strip()
    )
}
# Exports (issue 14): beyond this many lines (per format) a file is made by the worker in the background,
# with its progress shown, instead of in the request (measured: bench/bench_exports.py, docs/operations.md).
LK_EXPORT_SYNC_MAX_ROWS = {
    code: int(os.environ.get(f"LK_EXPORT_SYNC_MAX_ROWS_{code.upper()}", default))
    for code, default in (("pdf", "3000"), ("rtf", "20000"), ("xls", "20000"), ("xlsx", "20000"), ("csv", "100000"))
}
# Files of background exports (in LK_PRIVATE_DIR, served only to their owner) are kept LK_EXPORT_KEEP_HOURS after
# the request, then deleted by an hourly job.
LK_EXPORT_KEEP_HOURS = int(os.environ.get("LK_EXPORT_KEEP_HOURS", "72"))
# A queued or running export with no sign of work for this long (its worker died) is marked failed.
LK_EXPORT_STALE_MINUTES = int(os.environ.get("LK_EXPORT_STALE_MINUTES", "15"))
# Readings (issue 17): after a unit's readings window has closed, readings are still taken, marked «late»
# (billing decides); false refuses them. LK_READINGS_MAX_UPLOAD_BYTES caps an uploaded template or archive.
LK_READINGS_ALLOW_LATE = env_bool("LK_READINGS_ALLOW_LATE", True)
LK_READINGS_MAX_UPLOAD_BYTES = int(os.environ.get("LK_READINGS_MAX_UPLOAD_BYTES", str(5 * 1024 * 1024)))
# «Сравнить с нашим актом» (issue 18): the largest act an abonent may upload (an act from 1С is tens of KB).
LK_ACT_COMPARE_MAX_BYTES = int(os.environ.get("LK_ACT_COMPARE_MAX_BYTES", str(5 * 1024 * 1024)))
# The API (/api/v1/, issue 19): calls per token and minute (0: no limit), counted in the cache named by
# LK_API_CACHE — Redis (CACHE_URL, else REDIS_URL) so every process shares the count; the overlap a sync's
# next_updated_since keeps behind the sync's start, for transactions still open then (seconds).
LK_API_RATE_PER_MINUTE = int(os.environ.get("LK_API_RATE_PER_MINUTE", "60"))
LK_API_SYNC_OVERLAP_SECONDS = int(os.environ.get("LK_API_SYNC_OVERLAP_SECONDS", "300"))
# Days tombstones of deleted rows are kept (0 = forever); /deleted refuses an updated_since older than that.
LK_API_TOMBSTONE_KEEP_DAYS = int(os.environ.get("LK_API_TOMBSTONE_KEEP_DAYS", "400"))
LK_API_CACHE = "default"
CACHE_URL = os.environ.get("CACHE_URL", "") or REDIS_URL
if CACHE_URL:
    CACHES = {"default": {"BACKEND": "config.redis_cache.PortalRedisCache", "LOCATION": CACHE_URL}}
else:  # development without Redis: one process, its own memory
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Sessions live in the database and, with a shared cache, are read from it (one query fewer per page);
# the database stays their record, so a cache flushed loses no login.
SESSION_ENGINE = "lk_portal.session_store" if CACHE_URL else "django.contrib.sessions.backends.db"
# The cabinet header's debt line and unread news count, the contract scope and the billing grids' choices per
# member, kept in that cache (lk_portal/services/header_cache.py) for at most this many seconds; a change the application makes is seen at once. Only with a
# shared cache (Redis): each process's own memory would not hear the worker's imports. 0 turns it off.
LK_HEADER_CACHE_SECONDS = int(os.environ.get("LK_HEADER_CACHE_SECONDS") or ("300" if CACHE_URL else "0"))

# Captcha: self-hosted image captcha by default; django-recaptcha when keys are set.
RECAPTCHA_PUBLIC_KEY = os.environ.get("RECAPTCHA_PUBLIC_KEY", "")
RECAPTCHA_PRIVATE_KEY = os.environ.get("RECAPTCHA_PRIVATE_KEY", "")
CAPTCHA_FONT_SIZE = 30
CAPTCHA_LETTER_ROTATION = (-20, 20)
CAPTCHA_IMAGE_SIZE = (140, 50)
CAPTCHA_FONT_PATH = str(FONT_DIR / "DejaVuSans-Bold.ttf")

# Content-Security-Policy (config/csp.py): strict for the portal, its own for Wagtail admin.
CONTENT_SECURITY_POLICY = {"DIRECTIVES": portal_directives()}
LK_CSP_ADMIN_DIRECTIVES = admin_directives()
# Permissions-Policy: the portal uses none of the browser's powerful features, nor may a frame.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "browsing-topics",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "hid",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
}
# Wagtail admin draws no avatars from gravatar.com and asks no server for updates: no third-party origins.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False

SESSION_COOKIE_AGE = 30 * 24 * 3600  # «Запомнить меня»; otherwise set_expiry(0)

WAGTAIL_SITE_NAME = "Личный кабинет потребителя тепловой энергии"
WAGTAILADMIN_BASE_URL = LK_SITE_ADDRESS or "http://127.0.0.1:8000"
WAGTAIL_I18N_ENABLED = False
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["pdf", "doc", "docx", "xls", "xlsx", "rtf", "odt", "zip", "txt"]
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
# What a query string may hold (lk_portal/middleware.py): longer ones are refused with a 400 in Russian.
LK_QUERY_MAX_LENGTH = int(os.environ.get("LK_QUERY_MAX_LENGTH", "8192"))
LK_QUERY_MAX_KEY_LENGTH = int(os.environ.get("LK_QUERY_MAX_KEY_LENGTH", "100"))
LK_QUERY_MAX_VALUE_LENGTH = int(os.environ.get("LK_QUERY_MAX_VALUE_LENGTH", "2000"))
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024


def admin_path(value: str) -> str:
    """LK_ADMIN_PATH as a URL prefix: «admin/», «staff/lk-admin/»; refuses what would clash or not route."""
    path = value.strip().strip("/") + "/"
    reserved = {"lk", "static", "media", "documents", "captcha", "healthz", "metrics", "novosti", "zayavka"}
    if not re.fullmatch(r"[A-Za-z0-9_-]+(/[A-Za-z0-9_-]+)*/", path) or path.split("/")[0] in reserved:
        raise ImproperlyConfigured(
            f"LK_ADMIN_PATH={value!r}: expected path segments of Latin letters, digits, «-» or «_» "
            f"(e.g. «admin/» or «staff/lk-admin/»), not starting with one of the portal's own: {', '.join(sorted(reserved))}."
        )
    return path


# Wagtail admin's URL prefix; a less guessable one keeps scanners off the staff login.
LK_ADMIN_PATH = admin_path(os.environ.get("LK_ADMIN_PATH", "admin/"))

# /metrics (Prometheus): open to direct requests from localhost; elsewhere only with
# «Authorization: Bearer <LK_METRICS_TOKEN>» when the token is set.
LK_METRICS_TOKEN = os.environ.get("LK_METRICS_TOKEN", "")


def logging_config(log_format: str, level: str) -> dict:
    """JSON lines on stdout (production, for journald) or plain text on stderr (development, where
    commands' own output goes to stdout); every line carries the request id."""
    formatters = {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(levelname)s %(name)s %(process)d %(message)s %(request_id)s",
            "timestamp": "time",  # ISO 8601 in UTC
            "rename_fields": {"levelname": "level", "name": "logger"},
            # Django's log records carry the request object; it is not written out.
            "reserved_attrs": [*RESERVED_ATTRS, "request", "server_time"],
            "json_ensure_ascii": False,
        },
    }
    if log_format not in formatters:
        raise ImproperlyConfigured(f"LOG_FORMAT={log_format!r}: expected «json» or «text».")
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {
            "request_id": {"()": "config.observability.RequestIdFilter"},
            "redact": {"()": "config.observability.RedactPathFilter"},
        },
        "formatters": {"main": formatters[log_format]},
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "stream": "ext://sys.stdout" if log_format == "json" else "ext://sys.stderr",
                "formatter": "main",
                "filters": ["request_id", "redact"],
            }
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            "django.db.backends": {"level": "INFO"},
            # One line per request comes from config.observability; Django's own 4xx warnings repeat it.
            "django.request": {"level": "ERROR"},
            # django-tasks logs every Wagtail background task twice at INFO.
            "django_tasks": {"level": "WARNING"},
            # run_huey adds its own plain handler unless the "huey" logger has one.
            "huey": {"handlers": ["console"], "level": level, "propagate": False},
        },
    }


LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO")
LOG_FORMAT = os.environ.get("LOG_FORMAT", "text")
LOGGING = logging_config(LOG_FORMAT, LOG_LEVEL)
