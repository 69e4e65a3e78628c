"""The logged-in member with its abonent, read by a SELECT compiled once per process and database.

Every request of a logged-in member reads this row (lk_portal/auth_backend.MemberBackend.get_user), and
Django compiles a query afresh each time: for these two tables' forty-odd columns the compiling cost
more CPU than the query's round trip (about 0.5 ms of a 10 ms page; issue 14, item 7). The query is
the ORM's own — `select_related("abonent").filter(pk=…)` — compiled with a stand-in id; each read
runs its SQL with the real id, then turns the row into the two models exactly as the ORM's
`ModelIterable` does (the database's converters, `from_db`, the related populator).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from django.db import connections
from django.db.models.query import get_related_populators

_STAND_IN = 0  # the id the SQL is compiled with; the read replaces it by the member's


@dataclass(frozen=True)
class _Compiled:
    compiler: object
    sql: str
    init_list: list
    start: int
    end: int
    populators: list


def _orm_query(model, using: str, pk):
    return model._default_manager.db_manager(using).select_related("abonent").filter(pk=pk)


@cache
def _compiled(model, using: str, vendor: str) -> _Compiled | None:
    """The member query of `model` compiled for one database; None when its SQL does not take the id
    as its one parameter (then the ORM reads the row as usual)."""
    del vendor  # part of the memo's key only: another backend under the same alias compiles anew
    compiler = _orm_query(model, using, _STAND_IN).query.get_compiler(using=using)
    sql, params = compiler.as_sql()
    if list(params) != [_STAND_IN]:
        return None
    fields = compiler.klass_info["select_fields"]
    start, end = fields[0], fields[-1] + 1
    init_list = [column[0].target.attname for column in compiler.select[start:end]]
    populators = get_related_populators(compiler.klass_info, compiler.select, using)
    return _Compiled(compiler, sql, init_list, start, end, populators)


def member_with_abonent(model, pk, *, using: str = "default"):
    """The member `pk` with its abonent loaded (None: no such member), as
    `model.objects.select_related("abonent").get(pk=pk)` would give it, in one query."""
    connection = connections[using]
    compiled = _compiled(model, using, connection.vendor)
    if compiled is None:
        return _orm_query(model, using, pk).first()
    value = model._meta.pk.get_db_prep_value(model._meta.pk.to_python(pk), connection)
    with connection.cursor() as cursor:
        cursor.execute(compiled.sql, [value])
        rows = cursor.fetchall()
    for row in compiled.compiler.results_iter([rows]):
        member = model.from_db(using, compiled.init_list, row[compiled.start : compiled.end])
        for populator in compiled.populators:
            populator.populate(row, member)
        return member
    return None
