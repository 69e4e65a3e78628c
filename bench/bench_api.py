"""Benchmark of the API's sync (issue 19, item 6). Prints figures and the ratio to the cabinet's grid page.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lk_bench_api .venv/bin/python bench/bench_api.py --payments 20000

It migrates the database, makes one abonent with `--payments` payments (bulk insert, 10 years), then in
the same run: a full sync of its payments through /api/v1/payments page by page (`--page` rows a page,
following next_cursor), the cabinet's Оплата grid page of the same number of rows (/lk/payments/ with
per_page and page), both per page (median of the pages); then changes one day's worth of rows
(`--changed` updated, a tenth of that deleted) and times the incremental sync (updated_since from the
full sync's last page, plus /deleted). The ratio API page / grid page is the figure to watch (target ≤ 2).
"""

import argparse
import datetime
import os
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from lk_portal.models import Abonent, Branch, Contract, Payment, User  # noqa: E402
from lk_portal.services.api_tokens import api_token_create  # noqa: E402


def _abonent(payments: int) -> tuple[User, Contract]:
    branch, _ = Branch.objects.get_or_create(name="Бенчмарк API")
    abonent = Abonent.objects.create(inn="7700099999", kpp="770001001", name="ООО «Бенчмарк API»", branch=branch)
    contract = Contract.objects.create(
        abonent=abonent,
        number="BENCH-API-1",
        goods="Тепловая энергия",
        start_date=datetime.date(2015, 1, 1),
        status="Действует",
    )
    start = datetime.date(2015, 1, 1)
    batch = []
    for n in range(payments):
        day = start + datetime.timedelta(days=n * 3650 // payments)
        batch.append(
            Payment(
                external_id=f"bench-api-{n}",
                abonent=abonent,
                contract=contract,
                number=str(n),
                date=day,
                period=day.replace(day=1),
                amount=Decimal(1000 + n % 5000) + Decimal("0.27"),
                kind="Оплата",
            )
        )
        if len(batch) == 5000:
            Payment.objects.bulk_create(batch)
            batch = []
    Payment.objects.bulk_create(batch)
    user = User.objects.create_user(username=abonent.inn, password="bench-pass-2015", abonent=abonent, role="admin")
    return user, contract


def _timed(client, url, **headers):
    started = time.perf_counter()
    answer = client.get(url, **headers)
    elapsed = time.perf_counter() - started
    assert answer.status_code == 200, (url, answer.status_code, answer.content[:300])
    return answer, elapsed


def _sync(client, auth, path: str, page: int):
    times, rows, url, since = [], 0, f"{path}{'&' if '?' in path else '?'}limit={page}", None
    while url:
        answer, elapsed = _timed(client, url, **auth)
        times.append(elapsed)
        data = answer.json()
        rows += len(data["items"])
        since = data["next_updated_since"]
        url = (
            f"{path}{'&' if '?' in path else '?'}limit={page}&cursor={data['next_cursor']}"
            if data["next_cursor"]
            else None
        )
    return rows, times, since


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--payments", type=int, default=20000)
    parser.add_argument("--page", type=int, default=100)
    parser.add_argument("--changed", type=int, default=500)
    parser.add_argument("--grid-pages", type=int, default=40)
    args = parser.parse_args()
    setup_test_environment()
    settings.LK_API_RATE_PER_MINUTE = 0
    settings.LK_API_SYNC_OVERLAP_SECONDS = 0
    call_command("migrate", verbosity=0)
    Abonent.objects.filter(inn="7700099999").delete()
    user, contract = _abonent(args.payments)
    auth = {"HTTP_AUTHORIZATION": f"Bearer {api_token_create(member=user, name='bench', access='read', days=1).secret}"}
    client = Client()
    client.force_login(user)

    started = time.perf_counter()
    rows, api_times, since = _sync(client, auth, "/api/v1/payments", args.page)
    full = time.perf_counter() - started
    assert rows == args.payments, rows
    pages = len(api_times)
    grid_times = []
    for n in range(1, min(args.grid_pages, pages) + 1):
        number = 1 + (n - 1) * max(1, pages // args.grid_pages)
        _answer, elapsed = _timed(client, f"/lk/payments/?per_page={args.page}&page={number}")
        grid_times.append(elapsed)

    changed = list(Payment.objects.filter(contract=contract).order_by("?").values_list("pk", flat=True)[: args.changed])
    Payment.objects.filter(pk__in=changed[: len(changed) * 9 // 10]).update(kind="Оплата (уточнено)")
    Payment.objects.filter(pk__in=changed[len(changed) * 9 // 10 :]).delete()
    started = time.perf_counter()
    inc_rows, inc_times, _ = _sync(client, auth, f"/api/v1/payments?updated_since={since}", args.page)
    del_rows, del_times, _ = _sync(client, auth, f"/api/v1/deleted?table=payments&updated_since={since}", args.page)
    incremental = time.perf_counter() - started

    api_page = statistics.median(api_times) * 1000
    grid_page = statistics.median(grid_times) * 1000
    print(f"database: {django.db.connection.vendor}; payments: {args.payments}; rows a page: {args.page}")
    print(f"full sync: {rows} rows in {pages} pages, {full:.2f} s; API page median {api_page:.1f} ms")
    print(f"cabinet grid page of the same rows (median of {len(grid_times)} pages): {grid_page:.1f} ms")
    print(f"ratio API page / grid page: {api_page / grid_page:.2f} (target ≤ 2)")
    print(
        f"incremental sync of one day's changes: {inc_rows} changed + {del_rows} deleted rows in "
        f"{len(inc_times) + len(del_times)} calls, {incremental * 1000:.0f} ms "
        f"(= {incremental / full:.3f} of the full sync)"
    )
    Abonent.objects.filter(inn="7700099999").delete()


if __name__ == "__main__":
    main()
