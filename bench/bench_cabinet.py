"""Benchmark of the cabinet's data grid and exports (issue 5, item 5). Prints figures; run by hand.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lk_bench .venv/bin/python bench/bench_cabinet.py \
        --small 50 --large 20000 --years 10 --payments 20000

It migrates the database, loads the demo with `--small` generated abonents plus one abonent
with `--payments` payments, times the Оплата page (filtered, sorted, grouped by period) and
the staff's Wagtail listing of the same abonent's payments side by side, then grows the demo to
`--large` abonents and times the page again; then the exports of `--payments` rows against
openpyxl's write-only mode and the csv module, and a PDF of 2 000 rows.

With `--exports-only` it loads the demo with `--small` abonents and the heavy one, skips the
pages and the growth, and times only the exports, `--rounds` times each, printing each round's
ratios to the floor measured beside it and their median:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lk_bench_kit .venv/bin/python bench/bench_cabinet.py \
        --exports-only --small 5 --payments 20000
"""

import argparse
import csv
import io
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

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from openpyxl import Workbook  # noqa: E402

from lk_portal.exports.csv_export import render_csv  # noqa: E402
from lk_portal.exports.pdf_table import render_pdf_table  # noqa: E402
from lk_portal.exports.xlsx import render_xlsx  # noqa: E402
from lk_portal.grid import grid_state_parse  # noqa: E402
from lk_portal.grid.export import grid_export_table  # noqa: E402
from lk_portal.grids import PAYMENTS_GRID  # noqa: E402
from lk_portal.models import Abonent, Payment, User  # noqa: E402
from lk_portal.selectors.payments import payment_queryset  # noqa: E402
from lk_portal.selectors.viewer import Viewer  # noqa: E402
from lk_portal.services.demo import STAFF_LOGIN, demo_load  # noqa: E402

PAGE_QUERY = "f_date_from=2010-01-01&sort=-amount&group=period&per_page=50"
ADMIN_QUERY = "date_from=2010-01-01&ordering=-amount"


def median_ms(fn, repeat: int) -> float:
    fn()  # warm-up
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def timed(fn) -> tuple[float, object]:
    started = time.perf_counter()
    result = fn()
    return time.perf_counter() - started, result


def heavy_abonent() -> Abonent:
    return Abonent.objects.get(name="ПАО «Крупный потребитель»")


def page_client(abonent: Abonent) -> Client:
    client = Client()
    client.force_login(User.objects.get(abonent=abonent))
    return client


def get_ok(client: Client, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)


def time_pages(abonent: Abonent, repeat: int) -> dict:
    client = page_client(abonent)
    url = f"/lk/payments/?{PAGE_QUERY}"
    staff = Client()
    staff.force_login(User.objects.get(username=STAFF_LOGIN))
    admin_url = f"/admin/payments/?abonent={abonent.pk}&{ADMIN_QUERY}"
    with CaptureQueriesContext(connection) as ctx:
        get_ok(client, url)
    page_queries = len(ctx.captured_queries)
    with CaptureQueriesContext(connection) as ctx:
        get_ok(staff, admin_url)
    admin_queries = len(ctx.captured_queries)
    # side by side, interleaved, so both see the same machine state
    page_times, admin_times = [], []
    get_ok(client, url), get_ok(staff, admin_url)
    for _ in range(repeat):
        page_times.append(median_ms(lambda: get_ok(client, url), 1))
        admin_times.append(median_ms(lambda: get_ok(staff, admin_url), 1))
    docs = median_ms(lambda: get_ok(client, "/lk/documents/?group=period&sort=-date"), repeat)
    return {
        "page_ms": statistics.median(page_times),
        "admin_ms": statistics.median(admin_times),
        "documents_ms": docs,
        "page_queries": page_queries,
        "admin_queries": admin_queries,
    }


def bench_exports(abonent: Abonent, rows: int, rounds: int = 1) -> None:
    class Get(dict):
        def getlist(self, key):
            return [self[key]] if key in self else []

    state = grid_state_parse(Get(sort="-date"), definition=PAYMENTS_GRID)
    queryset = payment_queryset(viewer=Viewer(abonent=abonent))
    ids = list(queryset.order_by("-date", "-pk").values_list("pk", flat=True)[:rows])
    subset = Payment.objects.filter(pk__in=ids)
    count = subset.count()
    fields = PAYMENTS_GRID.value_fields
    titles = [c.title for c in PAYMENTS_GRID.columns]

    def ours(render):
        return render(grid_export_table(subset, definition=PAYMENTS_GRID, state=state, heading=["bench"]))

    def openpyxl_plain():
        book = Workbook(write_only=True)
        sheet = book.create_sheet()
        sheet.append(titles)
        for row in subset.order_by("-date", "-pk").values_list(*fields).iterator(chunk_size=2000):
            sheet.append(list(row))
        buffer = io.BytesIO()
        book.save(buffer)
        return buffer.getvalue()

    def csv_plain():
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=";")
        writer.writerow(titles)
        for row in subset.order_by("-date", "-pk").values_list(*fields).iterator(chunk_size=2000):
            writer.writerow(row)
        return buffer.getvalue().encode("utf-8-sig")

    pdf_ids = ids[:2000]
    pdf_subset = Payment.objects.filter(pk__in=pdf_ids)

    def pdf():
        return render_pdf_table(grid_export_table(pdf_subset, definition=PAYMENTS_GRID, state=state, heading=["bench"]))

    print(f"exports of {count} rows:")
    xlsx_ratios, csv_ratios, pdf_times = [], [], []
    for round_no in range(1, rounds + 1):
        xlsx_ours, _ = timed(lambda: ours(render_xlsx))
        xlsx_base, _ = timed(openpyxl_plain)
        csv_ours, _ = timed(lambda: ours(render_csv))
        csv_base, _ = timed(csv_plain)
        pdf_time, pdf_bytes = timed(pdf)
        xlsx_ratios.append(xlsx_ours / xlsx_base)
        csv_ratios.append(csv_ours / csv_base)
        pdf_times.append(pdf_time)
        lead = f"  round {round_no}: " if rounds > 1 else "  "
        print(
            f"{lead}XLSX ours {xlsx_ours:.2f} s, openpyxl write-only {xlsx_base:.2f} s, "
            f"ratio {xlsx_ours / xlsx_base:.2f} (goal ≤ 2)"
        )
        print(
            f"{lead}CSV  ours {csv_ours:.2f} s, csv module {csv_base:.2f} s, ratio {csv_ours / csv_base:.2f} (goal ≤ 2)"
        )
        print(f"{lead}PDF of {len(pdf_ids)} rows: {pdf_time:.2f} s, {len(pdf_bytes) // 1024} KiB")
    if rounds > 1:
        print(
            f"  median of {rounds} rounds: XLSX ratio {statistics.median(xlsx_ratios):.2f}, "
            f"CSV ratio {statistics.median(csv_ratios):.2f}, PDF {statistics.median(pdf_times):.2f} s"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--small", type=int, default=50)
    parser.add_argument("--large", type=int, default=20000)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--payments", type=int, default=20000)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--exports-only", action="store_true", help="time only the exports (no pages, no growth)")
    parser.add_argument("--rounds", type=int, default=5, help="rounds of the exports with --exports-only")
    args = parser.parse_args()
    setup_test_environment()
    logging.disable(logging.WARNING)  # the demo loader's page-publishing chatter
    print(f"database: {connection.vendor} {connection.settings_dict.get('NAME')}")
    call_command("migrate", verbosity=0)

    seconds, _ = timed(lambda: demo_load(abonents=args.small, years=args.years, heavy_payments=args.payments))
    abonent = heavy_abonent()
    print(
        f"loaded {Abonent.objects.count()} abonents in {seconds:.0f} s; heavy abonent has "
        f"{Payment.objects.filter(abonent=abonent).count()} payments"
    )
    if args.exports_only:
        bench_exports(abonent, args.payments, rounds=args.rounds)
        return
    small = time_pages(abonent, args.repeat)
    print(
        f"[{args.small} abonents] Оплата page {small['page_ms']:.1f} ms ({small['page_queries']} queries), "
        f"Wagtail admin listing {small['admin_ms']:.1f} ms ({small['admin_queries']} queries), "
        f"ratio {small['page_ms'] / small['admin_ms']:.2f} (goal ≤ 1.0); documents page {small['documents_ms']:.1f} ms"
    )

    seconds, _ = timed(lambda: demo_load(abonents=args.large, years=args.years, heavy_payments=args.payments))
    print(f"grew to {Abonent.objects.count()} abonents, {Payment.objects.count()} payments in {seconds:.0f} s")
    large = time_pages(abonent, args.repeat)
    print(
        f"[{args.large} abonents] Оплата page {large['page_ms']:.1f} ms ({large['page_queries']} queries), "
        f"Wagtail admin listing {large['admin_ms']:.1f} ms, ratio {large['page_ms'] / large['admin_ms']:.2f}"
    )
    print(
        f"page time {args.large} vs {args.small} abonents: {large['page_ms'] / small['page_ms']:.2f} (goal ≤ 1.2); "
        f"queries {small['page_queries']} → {large['page_queries']} (must be equal)"
    )
    bench_exports(abonent, args.payments)


if __name__ == "__main__":
    main()
