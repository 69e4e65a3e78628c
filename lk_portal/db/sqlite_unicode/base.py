"""SQLite backend whose case-insensitive lookups fold Cyrillic.

SQLite's LIKE and lower() fold ASCII only, so «аванс» would not find «Аванс». This backend
registers a Python `lk_casefold()` SQL function on every connection and routes
icontains / iexact / istartswith / iendswith through it on both sides, so Django's ORM,
our data grid and Wagtail admin's search all behave as they do on PostgreSQL.
"""

from django.db.backends.sqlite3 import base, operations


def _casefold(value):
    if value is None:
        return None
    return str(value).casefold()


class DatabaseOperations(operations.DatabaseOperations):
    def lookup_cast(self, lookup_type, internal_type=None):
        if lookup_type in ("iexact", "icontains", "istartswith", "iendswith"):
            return "lk_casefold(%s)"
        return super().lookup_cast(lookup_type, internal_type)


class DatabaseWrapper(base.DatabaseWrapper):
    ops_class = DatabaseOperations
    operators = {
        **base.DatabaseWrapper.operators,
        "iexact": "LIKE lk_casefold(%s) ESCAPE '\\'",
        "icontains": "LIKE lk_casefold(%s) ESCAPE '\\'",
        "istartswith": "LIKE lk_casefold(%s) ESCAPE '\\'",
        "iendswith": "LIKE lk_casefold(%s) ESCAPE '\\'",
    }
    pattern_ops = {
        **base.DatabaseWrapper.pattern_ops,
        "icontains": r"LIKE '%%' || lk_casefold({}) || '%%' ESCAPE '\'",
        "iexact": r"LIKE lk_casefold({}) ESCAPE '\'",
        "istartswith": r"LIKE lk_casefold({}) || '%%' ESCAPE '\'",
        "iendswith": r"LIKE '%%' || lk_casefold({}) ESCAPE '\'",
    }

    def get_new_connection(self, conn_params):
        conn = super().get_new_connection(conn_params)
        conn.create_function("lk_casefold", 1, _casefold, deterministic=True)
        return conn
