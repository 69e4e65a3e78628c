from .base import *  # noqa: F401,F403
from .base import HUEY, VAR_DIR

SECRET_KEY = "test-only-key-0123456789-abcdefghijklmnopqrstuvwxyz"
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
HUEY = {**HUEY, "immediate": True}
EMAIL_FILE_PATH = VAR_DIR / "test-mail"
CAPTCHA_TEST_MODE = False
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
SESSION_ENGINE = "lk_portal.session_store"  # as production with Redis
LK_HEADER_CACHE_SECONDS = 300  # one process: its memory is the shared cache (cleared before each test)
