from .base import *  # noqa: F401,F403
from .base import LOG_LEVEL, LOGGING, SECRET_KEY, env_bool

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = SECRET_KEY or "dev-only-insecure-key-change-me-in-production-0123456789"
EMAIL_BACKEND = "lk_portal.mail.FileAndConsoleEmailBackend"

# `make run` keeps the console for what matters: the worker's routine lines (a task started, executed,
# the list of its commands) and the reloader's are held back unless LOG_LEVEL=DEBUG; warnings and
# errors still show, and every request's line stays.
if LOG_LEVEL != "DEBUG":
    for _name in ("huey", "django.utils.autoreload"):
        LOGGING["loggers"].setdefault(_name, {})["level"] = "WARNING"
