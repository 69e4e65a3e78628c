"""Sessions in the database, read through the shared cache (SESSION_ENGINE with Redis; issue 14, item 7).

Django's cached_db, except that an unreachable cache does not fail the page: reading or keeping a
session's copy falls back to the database (and the log says so). Deleting one (a logout) still fails
loudly: a copy left in the cache would outlive the logout once the cache came back.
"""

import logging

from django.contrib.sessions.backends import cached_db

logger = logging.getLogger(__name__)


class _SoftCopies:
    """The cache as the session store uses it, its get, set and membership test never raising."""

    def __init__(self, cache):
        self._cache = cache

    def get(self, key, default=None):
        try:
            return self._cache.get(key, default)
        except Exception:
            logger.warning("session cache: read failed, reading the database", exc_info=True)
            return default

    def set(self, *args, **kwargs):
        try:
            self._cache.set(*args, **kwargs)
        except Exception:
            logger.warning("session cache: write failed, the database keeps the session", exc_info=True)

    def __contains__(self, key):
        return self.get(key) is not None

    def __getattr__(self, name):
        return getattr(self._cache, name)


class SessionStore(cached_db.SessionStore):
    def __init__(self, session_key=None):
        super().__init__(session_key)
        self._cache = _SoftCopies(self._cache)
