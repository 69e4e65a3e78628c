"""Benchmark of a page's cost against the data's size (issue 14, items 4 and 6). Prints figures; run by hand.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lk_big .venv/bin/python bench/bench_views.py

On a database the demo loaded with a heavy abonent (`manage.py load_demo --abonents 20000 --years 10
--heavy-payments 200000`), it adds a second heavy abonent of `--light` payments (BIG-02) and times,
side by side in the same run:

- the Оплата page of the heavy abonent and of the light one, plain, grouped by period and searched;
  the goal is heavy ≤ 1.5 × light, with the same number of queries. `--without-summary` also times
  the page as it was before the payments' summary (choices and totals from the rows themselves),
  `--without-window` the search reading every row of the abonent (before its window of newest rows);
- the staff's Wagtail listings of payments and documents: filtered to the heavy abonent,
  unfiltered, and searched by a payment number, a contract number and an ИНН; the goals are 0.3 s
  (0.5 s searched) and a fixed number of queries.
"""

import argparse
import dataclasses
import logging
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

from lk_portal.models import Abonent, Branch, Payment, User  # noqa: E402
from lk_portal.services.demo import STAFF_LOGIN  # noqa: E402
from lk_portal.services.demo.generated import heavy_abonent_ensure  # noqa: E402
from lk_portal.views.payments import PaymentListView  # noqa: E402

PAGES = {
    "plain": "/lk/payments/",
    "grouped": "/lk/payments/?group=period",
    "searched": "/lk/payments/?q=1234",
    "kind": "/lk/payments/?f_kind=Пени&group=kind",
}


def get_ok(client: Client, url: str) -> int:
    """GET the url (200 expected); the number of queries it ran."""
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(ctx.captured_queries)


def median_ms(client: Client, url: str, repeat: int) -> float:
    get_ok(client, url)  # warm-up
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def login(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def bench_pages(heavy: Abonent, light: Abonent, repeat: int, label: str) -> None:
    heavy_client = login(User.objects.get(abonent=heavy))
    light_client = login(User.objects.get(abonent=light))
    heavy_count = Payment.objects.filter(abonent=heavy).count()
    light_count = Payment.objects.filter(abonent=light).count()
    print(f"Оплата page ({label}), {heavy_count} vs {light_count} payments, median of {repeat}:")
    for name, url in PAGES.items():
        queries = get_ok(heavy_client, url), get_ok(light_client, url)
        heavy_ms, light_ms = [], []
        for _ in range(repeat):  # interleaved, so both see the same machine
            heavy_ms.append(median_ms(heavy_client, url, 1))
            light_ms.append(median_ms(light_client, url, 1))
        h, li = statistics.median(heavy_ms), statistics.median(light_ms)
        print(
            f"  {name:9} heavy {h:7.1f} ms, light {li:7.1f} ms, ratio {h / li:5.2f} (goal ≤ 1.5); "
            f"queries {queries[0]} / {queries[1]}"
        )


def bench_admin(heavy: Abonent, repeat: int) -> None:
    staff = login(User.objects.get(username=STAFF_LOGIN))
    number = Payment.objects.filter(abonent=heavy).values_list("number", flat=True).first()
    contract = heavy.contracts.first().number
    urls = {
        "payments, one abonent": f"/admin/payments/?abonent={heavy.pk}",
        "payments, all": "/admin/payments/",
        "payments, search number": f"/admin/payments/?q={number}",
        "payments, search contract": f"/admin/payments/?q={contract}",
        "payments, search ИНН": f"/admin/payments/?q={heavy.inn}",
        "documents, all": "/admin/billing-documents/",
        "documents, search contract": f"/admin/billing-documents/?q={contract}",
    }
    print(f"Wagtail admin listings ({Payment.objects.count()} payments), median of {repeat}:")
    for name, url in urls.items():
        queries = get_ok(staff, url)
        ms = median_ms(staff, url, repeat)
        goal = 500 if "search" in name else 300
        print(f"  {name:27} {ms:7.1f} ms (goal ≤ {goal}), {queries} queries")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--light", type=int, default=20000, help="payments of the second heavy abonent")
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--without-summary", action="store_true", help="also time the page without the summary")
    parser.add_argument(
        "--without-window", action="store_true", help="also time the search reading every row (no search window)"
    )
    parser.add_argument("--no-admin", action="store_true")
    args = parser.parse_args()
    setup_test_environment()
    logging.disable(logging.WARNING)
    print(f"database: {connection.vendor} {connection.settings_dict.get('NAME')}")
    heavy = Abonent.objects.filter(contracts__number="BIG-01 Т").first()
    if heavy is None:
        sys.exit("No heavy abonent: load the demo with --heavy-payments first.")
    branches = {b.code: b for b in Branch.objects.all()}
    if heavy_abonent_ensure(payments=args.light, branches=branches, number=2, name="АО «Средний потребитель»"):
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE lk_portal_payment")
    light = Abonent.objects.get(contracts__number="BIG-02 Т")
    bench_pages(heavy, light, args.repeat, "with the summary")
    if args.without_summary:
        original = PaymentListView.get_grid_summary_queryset
        PaymentListView.get_grid_summary_queryset = lambda self: None
        bench_pages(heavy, light, args.repeat, "without the summary")
        PaymentListView.get_grid_summary_queryset = original
    if args.without_window:
        windowed = PaymentListView.grid
        PaymentListView.grid = dataclasses.replace(windowed, search_window=None)
        bench_pages(heavy, light, args.repeat, "without the search window")
        PaymentListView.grid = windowed
    if not args.no_admin:
        bench_admin(heavy, args.repeat)


if __name__ == "__main__":
    main()
