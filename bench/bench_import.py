"""Benchmark of the billing import on PostgreSQL (issue 4).

Generates a payments file of --rows rows (plus the abonents and contracts it refers to),
times `COPY` of that same file into a bare table (the physical floor), imports it with the
portal's service, then imports it a second time. Prints rows/s, peak memory and the ratios.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lk_bench4 .venv/bin/python bench/bench_import.py --rows 1000000

With `--delta N` (issue 14, item 8: the nightly file) it loads the `--rows` file once, then each
round imports a file of N rows — half of them rows of the table with a changed amount, half new —
beside the COPY of that same file into a bare table:

    DATABASE_URL=… .venv/bin/python bench/bench_import.py --rows 1000000 --delta 20000

The database is migrated and its billing tables are emptied first: use a dedicated one.
"""

import argparse
import cProfile
import os
import pstats
import random
import resource
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def money(kopecks: int) -> str:
    whole, frac = divmod(abs(kopecks), 100)
    groups = f"{whole:,}".replace(",", " ")
    return f"{'-' if kopecks < 0 else ''}{groups},{frac:02d}"


def generate(folder: Path, *, rows: int, contracts: int, seed: int = 2015) -> Path:
    rnd = random.Random(seed)
    with open(folder / "abonents.csv", "w", encoding="utf-8", newline="") as out:
        out.write("ИНН;КПП;Абонент;Филиал\n")
        for n in range(contracts):
            out.write(f"{7700000000 + n};165501001;ООО «Абонент {n}»;kazan\n")
    with open(folder / "contracts.csv", "w", encoding="utf-8", newline="") as out:
        out.write("№ договора;ИНН;КПП;Вид товара;Дата начала;Статус\n")
        for n in range(contracts):
            out.write(f"{n:05d} Т;{7700000000 + n};165501001;Тепло;01.10.2004;Активный\n")
    path = folder / "payments_bench.csv"
    start = date(2010, 1, 1)
    with open(path, "w", encoding="utf-8", newline="") as out:
        out.write(
            "Код;№ договора;№ документа оплаты;Дата оплаты;Отчетный период;Сумма оплаты;Вид реализации;Назначение платежа\n"
        )
        for n in range(rows):
            day = start + timedelta(days=rnd.randrange(0, 2000))
            amount = rnd.randrange(100, 5_000_000)
            out.write(
                f"P-{n};{rnd.randrange(contracts):05d} Т;{n % 1000};{day:%d.%m.%y};{day.year},{day.month:02d};"
                f"{money(amount)};Аванс;Оплата услуг подачи теплоэнергии по дог.№{n % 997} аванс за {day.month:02d}.{day.year} "
                f"Сумма {amount // 100}-{amount % 100:02d} В т.ч. НДС (18%)\n"
            )
    return path


def generate_delta(folder: Path, *, rows: int, delta: int, contracts: int, round_no: int) -> Path:
    """`delta` rows: the first half change the amount of rows already loaded, the second half are new."""
    rnd = random.Random(round_no)
    path = folder / f"payments_delta_{round_no}.csv"
    start = date(2010, 1, 1)
    with open(path, "w", encoding="utf-8", newline="") as out:
        out.write(
            "Код;№ договора;№ документа оплаты;Дата оплаты;Отчетный период;Сумма оплаты;Вид реализации;Назначение платежа\n"
        )
        changed = rnd.sample(range(rows), delta // 2)
        fresh = range(rows + (round_no - 1) * delta, rows + (round_no - 1) * delta + delta - len(changed))
        for n in [*changed, *fresh]:
            day = start + timedelta(days=rnd.randrange(0, 2000))
            amount = rnd.randrange(100, 5_000_000)
            out.write(
                f"P-{n};{rnd.randrange(contracts):05d} Т;{n % 1000};{day:%d.%m.%y};{day.year},{day.month:02d};"
                f"{money(amount)};Аванс;Оплата услуг подачи теплоэнергии по дог.№{n % 997} (изменено)\n"
            )
    return path


def bench_delta(connection, folder: Path, path: Path, args) -> None:
    """The nightly-sized file into the loaded table, `--rounds` times, each beside its COPY."""
    from lk_portal.models import ImportRun
    from lk_portal.services.billing_import import billing_package_import

    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE lk_portal_payment")
    t0 = time.perf_counter()
    run = billing_package_import(paths=[path], source=ImportRun.SOURCE_COMMAND)
    assert run.status == ImportRun.OK, run.errors[:5]
    print(f"loaded {args.rows:,} rows in {time.perf_counter() - t0:.1f} s")
    ratios = []
    for number in range(1, args.rounds + 1):
        delta = generate_delta(folder, rows=args.rows, delta=args.delta, contracts=args.contracts, round_no=number)
        floor_wal = wal_position(connection)
        floor = copy_floor(connection, delta)
        floor_wal_mb = wal_since(connection, floor_wal) / 1024 / 1024
        checkpoint(connection)
        profile = cProfile.Profile() if args.profile and number == args.rounds else None
        wal = wal_position(connection)
        t0 = time.perf_counter()
        if profile:
            profile.enable()
        run = billing_package_import(paths=[delta], source=ImportRun.SOURCE_COMMAND)
        seconds = time.perf_counter() - t0
        wal_mb = wal_since(connection, wal) / 1024 / 1024
        if profile:
            profile.disable()
            pstats.Stats(profile).sort_stats("cumulative").print_stats(30)
        assert run.status == ImportRun.OK, run.errors[:5]
        entry = run.files[0]
        ratios.append(seconds / floor)
        print(
            f"round {number}: COPY {floor:.3f} s (WAL {floor_wal_mb:.1f} MB); import {seconds:.3f} s = {seconds / floor:.1f}× "
            f"(created {entry['created']:,}, updated {entry['updated']:,}; WAL {wal_mb:.0f} MB; "
            f"{'fast path' if entry.get('fast_path') else 'PYTHON PATH'})"
        )
    print(
        f"delta of {args.delta:,} rows into {args.rows:,}: median ratio to COPY {statistics.median(ratios):.1f}× (goal ≤ 10)"
    )


def wal_position(connection) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_insert_lsn()")
        return cursor.fetchone()[0]


def wal_since(connection, position: str) -> float:
    """Bytes of WAL written since `position`: a delta's rows dirty pages of the table and of each index, and
    the first change of a page after a checkpoint writes the whole page."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_wal_lsn_diff(pg_current_wal_insert_lsn(), %s)", [position])
        return float(cursor.fetchone()[0])


def checkpoint(connection) -> None:
    """Start each timed step with no dirty pages of the one before to flush (when the role may)."""
    from django.db import DatabaseError

    try:
        with connection.cursor() as cursor:
            cursor.execute("CHECKPOINT")
    except DatabaseError:
        pass


def copy_floor(connection, path: Path) -> float:
    """Seconds of COPY of the file into a bare table of text columns (created and dropped around it)."""
    checkpoint(connection)
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_copy_floor")
        cursor.execute(
            "CREATE TABLE bench_copy_floor (external_id text, contract_no text, number text, date text, "
            "period text, amount text, kind text, purpose text)"
        )
        started = time.perf_counter()
        with cursor.cursor.copy("COPY bench_copy_floor FROM STDIN (FORMAT csv, DELIMITER ';', HEADER true)") as copy:
            with open(path, "rb") as handle:
                while chunk := handle.read(1024 * 1024):
                    copy.write(chunk)
        seconds = time.perf_counter() - started
        cursor.execute("DROP TABLE bench_copy_floor")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--contracts", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=3, help="rounds of floor, first pass, second pass")
    parser.add_argument("--delta", type=int, default=0, help="time a nightly file of this many rows instead")
    parser.add_argument("--profile", action="store_true", help="with --delta: profile the last round's import")
    parser.add_argument(
        "--database-url", default=os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/lk_bench4")
    )
    args = parser.parse_args()

    os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from lk_portal.models import ImportRun
    from lk_portal.services.billing_import import billing_package_import

    if connection.vendor != "postgresql":
        sys.exit("The benchmark needs PostgreSQL: set DATABASE_URL=postgres://…")
    call_command("migrate", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE lk_portal_payment, lk_portal_billingdocument, lk_portal_debtsnapshot, lk_portal_curator, "
            "lk_portal_paymentterm, lk_portal_contract, lk_portal_abonent CASCADE"
        )

    with tempfile.TemporaryDirectory(prefix="lk-bench-") as tmp:
        folder = Path(tmp)
        t0 = time.perf_counter()
        path = generate(folder, rows=args.rows, contracts=args.contracts)
        size_mb = path.stat().st_size / 1024 / 1024
        print(f"generated {args.rows:,} payment rows ({size_mb:.1f} MB) in {time.perf_counter() - t0:.1f} s")
        billing_package_import(
            paths=[folder / "abonents.csv", folder / "contracts.csv"], source=ImportRun.SOURCE_COMMAND
        )
        if args.delta:
            bench_delta(connection, folder, path, args)
            return

        # Each round: the floor (COPY of the same file into a bare table), then the import into the
        # emptied table and the same file again. The machine's noise moves single figures by a
        # quarter, so a round's ratios are taken within the round and their median is reported.
        rss_before = rss_mb()
        rounds = []
        for number in range(1, args.rounds + 1):
            with connection.cursor() as cursor:
                cursor.execute("TRUNCATE lk_portal_payment")
            floor = copy_floor(connection, path)
            passes = []
            for _attempt in ("first pass", "second pass"):
                checkpoint(connection)
                t0 = time.perf_counter()
                run = billing_package_import(paths=[path], source=ImportRun.SOURCE_COMMAND)
                seconds = time.perf_counter() - t0
                entry = run.files[0]
                assert run.status == ImportRun.OK, run.errors[:5]
                passes.append((seconds, entry))
            rounds.append((floor, passes))
            (first, first_entry), (second, second_entry) = passes
            print(
                f"round {number}: COPY {floor:.2f} s; first pass {first:.2f} s = {first / floor:.2f}× "
                f"(created {first_entry['created']:,}); second pass {second:.2f} s = {second / floor:.2f}× "
                f"(unchanged {second_entry['unchanged']:,}); "
                f"{'fast path' if first_entry.get('fast_path') and second_entry.get('fast_path') else 'PYTHON PATH'}"
            )

    def median(values):
        return statistics.median(values)

    floor = median([f for f, _ in rounds])
    first = median([p[0][0] for _, p in rounds])
    second = median([p[1][0] for _, p in rounds])
    print(f"COPY of the same file into a bare table (median): {floor:.2f} s ({args.rows / floor:,.0f} rows/s)")
    print(
        f"import, first pass (median): {first:.2f} s, {args.rows / first:,.0f} rows/s; "
        f"ratio to COPY, median of the rounds: {median([p[0][0] / f for f, p in rounds]):.2f}×"
    )
    print(
        f"import, second pass (median): {second:.2f} s, {args.rows / second:,.0f} rows/s; "
        f"ratio to COPY, median of the rounds: {median([p[1][0] / f for f, p in rounds]):.2f}×"
    )
    print(f"peak memory (max RSS of the process): {rss_mb():.0f} MB (before the imports: {rss_before:.0f} MB)")
    print(f"second pass / first pass (medians): {second / first:.2f}")


if __name__ == "__main__":
    main()
