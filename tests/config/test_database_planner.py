"""How PostgreSQL plans the cabinet's grid queries among many abonents (issue 14, items 4 and 7).

At PostgreSQL's default random_page_cost (4, a guess for spinning disks) a page of an abonent's rows
sorted by a column no index orders was joined with the contracts by reading all of them; the
portal's connections plan for data in memory or on SSD (config/settings/base.py): 9 ms against 0.7 ms
for such a page at 26 500 abonents (`bench/bench_load.py`, docs/operations.md). A small test database
is planned the same either way, so the test reads the settings themselves.
"""

import pytest
from django.db import connection

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's planner"),
]


def test_connections_plan_for_memory_and_run_without_jit():
    with connection.cursor() as cursor:
        cursor.execute("SHOW random_page_cost")
        assert float(cursor.fetchone()[0]) == 1.1
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"


@pytest.mark.parametrize("value", ["быстро", "0", "-1"])
def test_a_random_page_cost_that_is_not_a_positive_number_stops_the_start_with_its_name(value):
    from tests.config.test_settings import _manage

    result = _manage(
        "check",
        DJANGO_SETTINGS_MODULE="config.settings.dev",
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/unused",
        DB_RANDOM_PAGE_COST=value,
    )
    assert result.returncode != 0
    assert f"DB_RANDOM_PAGE_COST: «{value}» is not a positive number" in result.stderr
