"""The COPY fast path for CSV payments and documents on PostgreSQL (lk_portal/services/billing_fast.py).

Each test runs the same file through the fast path and, where it matters, through the Python
path (billing_fast.ENABLED = False), and checks that the outcome is the same.
"""

import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from lk_portal.exchange import fast_csv
from lk_portal.exchange.columns import COPY
from lk_portal.exchange.kinds import KINDS
from lk_portal.models import BillingDocument, ImportRun, Payment, PaymentSummary
from lk_portal.services import billing_fast, bulk_schema, payment_summary
from lk_portal.services.billing_import import billing_package_import
from tests.factories import ContractFactory, PaymentFactory
from tests.lk_portal.exchange.helpers import GUIDE_PAYMENTS, write_csv

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the fast path is PostgreSQL's"),
]

HEADER = GUIDE_PAYMENTS[0]  # the guide's column titles
ROWS = [
    ["P-1", "05 Т", "141", "17.04.15", "2015,04", "7 220,27", "Аванс", "Оплата услуг по дог.№5"],
    ["P-2", "05 Т", "142", "17.04.2015", "2015-04", "7\u00a0220,27", "Аванс", ""],
    ["P-3", "07 Т", "143", "2015-04-17", "04.2015", "-17,51", "Реализация", "Сторно"],
    ["P-4", "05 Т", " 144 ", "31.12.68", "1999,12", "1 234 567,5", "Аванс", "  с пробелами  "],
    ["P-5", "05 Т", "145", "01.01.69", "2000,02", "0", "Аванс", "x"],
    ["P-6", "07 Т", "146", "29.02.2016", "2016,02", "-0,00", "Аванс", "Високосный год"],
]


@pytest.fixture
def contracts():
    return ContractFactory(number="05 Т"), ContractFactory(number="07 Т")


def _import(path):
    return billing_package_import(paths=[path], source=ImportRun.SOURCE_COMMAND)


def _payments():
    return sorted(
        Payment.objects.values_list(
            "external_id", "contract__number", "abonent_id", "number", "date", "period", "amount", "kind", "purpose"
        )
    )


def _python_path(monkeypatch):
    monkeypatch.setattr(billing_fast, "ENABLED", False)


def _again_by_the_python_path(monkeypatch, model, path):
    """Empty the model's table and import the same file by the Python path (it must land)."""
    model.objects.all().delete()
    _python_path(monkeypatch)
    run = _import(path)
    assert run.status == ImportRun.OK and "fast_path" not in run.files[0], run.errors


def test_a_clean_file_takes_the_fast_path_and_lands_as_the_python_path_lands_it(tmp_path, contracts, monkeypatch):
    path = write_csv(tmp_path / "payments.csv", [HEADER, *ROWS])
    run = _import(path)
    assert run.status == ImportRun.OK, run.errors
    entry = run.files[0]
    assert entry["fast_path"] is True
    assert (entry["rows"], entry["created"], entry["updated"], entry["unchanged"]) == (6, 6, 0, 0)
    fast = _payments()
    assert fast[0][4:7] == (datetime.date(2015, 4, 17), datetime.date(2015, 4, 1), Decimal("7220.27"))
    by_id = {row[0]: row for row in fast}
    assert by_id["P-4"][3] == "144" and by_id["P-4"][8] == "с пробелами"
    assert by_id["P-4"][4] == datetime.date(2068, 12, 31) and by_id["P-5"][4] == datetime.date(1969, 1, 1)
    assert by_id["P-4"][6] == Decimal("1234567.50") and by_id["P-6"][6] == Decimal("0.00")
    assert by_id["P-3"][5] == datetime.date(2015, 4, 1) and by_id["P-3"][6] == Decimal("-17.51")

    _again_by_the_python_path(monkeypatch, Payment, path)
    assert _payments() == fast


def test_a_second_identical_pass_counts_every_row_unchanged(tmp_path, contracts):
    path = write_csv(tmp_path / "payments.csv", [HEADER, *ROWS])
    _import(path)
    run = _import(path)
    entry = run.files[0]
    assert entry["fast_path"] is True
    assert (entry["created"], entry["updated"], entry["deleted"], entry["unchanged"]) == (0, 0, 0, 6)


def test_a_changed_row_is_updated_and_a_column_the_file_lacks_is_kept(tmp_path, contracts):
    _import(write_csv(tmp_path / "payments.csv", [HEADER, *ROWS]))
    changed = [row[:] for row in ROWS]
    changed[0][5] = "7 220,28"
    without_purpose = [HEADER[:-1], *(row[:-1] for row in changed)]
    run = _import(write_csv(tmp_path / "payments_2.csv", without_purpose))
    entry = run.files[0]
    assert entry["fast_path"] is True
    assert (entry["created"], entry["updated"], entry["unchanged"]) == (0, 1, 5)
    payment = Payment.objects.get(external_id="P-1")
    assert payment.amount == Decimal("7220.28") and payment.purpose == "Оплата услуг по дог.№5"


def test_a_nightly_delta_lands_as_the_python_path_lands_it_and_moves_updated_at_of_changed_rows_only(
    tmp_path, contracts, monkeypatch
):
    """A file far smaller than the table (issue 14, item 8): index lookups, written in the abonent's order."""
    from lk_portal.models import PaymentSummary

    _import(write_csv(tmp_path / "payments.csv", [HEADER, *ROWS]))
    before = dict(Payment.objects.values_list("external_id", "updated_at"))
    monkeypatch.setattr(billing_fast, "DELTA_SHARE", 0.1)  # 4 rows against a 6-row table: a delta
    changed = [row[:] for row in ROWS[:3]]
    changed[0][5] = "7 220,28"
    changed[1][1] = "07 Т"  # moved to the other contract
    new = [[f"P-{n}", "07 Т", "147", "01.03.2016", "2016,03", "5,00", "Аванс", "новая"] for n in (9, 7, 8)]
    path = write_csv(tmp_path / "payments_2.csv", [HEADER, *changed, *new])
    with CaptureQueriesContext(connection) as queries:
        run = _import(path)
    assert any("enable_hashjoin = off" in q["sql"] for q in queries.captured_queries)
    entry = run.files[0]
    assert entry["fast_path"] is True
    assert (entry["created"], entry["updated"], entry["unchanged"]) == (3, 2, 1)
    same_day = Payment.objects.filter(external_id__in=["P-7", "P-8", "P-9"]).order_by("id")
    assert [p.external_id for p in same_day] == ["P-9", "P-7", "P-8"]  # the file's order among equals
    after = dict(Payment.objects.values_list("external_id", "updated_at"))
    assert {key for key in before if after[key] != before[key]} == {"P-1", "P-2"}
    summary = sorted(PaymentSummary.objects.values_list("contract_id", "kind", "row_count", "amount"))
    fast = _payments()

    _python_path(monkeypatch)
    Payment.objects.all().delete()
    _import(write_csv(tmp_path / "payments.csv", [HEADER, *ROWS]))
    assert _import(path).status == ImportRun.OK
    assert _payments() == fast
    assert sorted(PaymentSummary.objects.values_list("contract_id", "kind", "row_count", "amount")) == summary


@pytest.mark.parametrize(
    ("encoding", "delimiter"), [("cp1251", ";"), ("utf-8-sig", ";"), ("utf-8", "\t"), ("utf-8", ",")]
)
def test_encodings_and_delimiters_take_the_fast_path(tmp_path, contracts, encoding, delimiter):
    rows = [row[:4] + [row[4].replace(",", "-"), row[5].replace(",", "."), *row[6:]] for row in ROWS]
    rows = [[cell.replace("\u00a0", " ") for cell in row] for row in rows] if encoding == "cp1251" else rows
    run = _import(write_csv(tmp_path / "payments.csv", [HEADER, *rows], encoding=encoding, delimiter=delimiter))
    assert run.status == ImportRun.OK, run.errors
    assert run.files[0].get("fast_path") is True
    assert Payment.objects.get(external_id="P-1").kind == "Аванс"
    assert Payment.objects.get(external_id="P-4").amount == Decimal("1234567.50")


def _bad(rows_change):
    rows = [row[:] for row in ROWS]
    rows_change(rows)
    return [HEADER, *rows]


@pytest.mark.parametrize(
    ("name", "change", "expected"),
    [
        ("amount", lambda rows: rows[2].__setitem__(5, "7 220,275"), "ожидается сумма"),
        ("grouping", lambda rows: rows[2].__setitem__(5, "72 20,27"), "ожидается сумма"),
        ("too big", lambda rows: rows[2].__setitem__(5, "9999999999999"), "сумма слишком велика"),
        ("date", lambda rows: rows[2].__setitem__(3, "31.04.2015"), "такой даты нет в календаре"),
        ("date format", lambda rows: rows[2].__setitem__(3, "17/04/2015"), "ожидается дата"),
        ("leap", lambda rows: rows[5].__setitem__(3, "29.02.2015"), "такой даты нет в календаре"),
        ("period", lambda rows: rows[2].__setitem__(4, "2015,13"), "месяц должен быть от 01 до 12"),
        ("contract", lambda rows: rows[2].__setitem__(1, "99 Т"), "договор с таким номером не найден"),
        ("duplicate", lambda rows: rows[4].__setitem__(0, "P-2"), "этот ключ уже был в строке 3"),
        ("required", lambda rows: rows[2].__setitem__(6, " "), "обязательное значение не заполнено"),
        ("too long", lambda rows: rows[2].__setitem__(2, "9" * 51), "слишком длинное значение"),
    ],
)
def test_a_bad_row_falls_back_and_gives_the_python_paths_errors(
    tmp_path, contracts, monkeypatch, name, change, expected
):
    path = write_csv(tmp_path / "payments.csv", _bad(change))
    run = _import(path)
    assert run.status == ImportRun.FAILED
    assert "fast_path" not in run.files[0]
    assert expected in run.errors[0]["text"], run.errors
    assert not Payment.objects.exists()

    _python_path(monkeypatch)
    again = _import(path)
    strip = [{k: v for k, v in error.items()} for error in again.errors]
    assert run.errors == strip
    assert run.files[0]["errors"] == again.files[0]["errors"]


def test_a_duplicate_of_an_unchanged_row_is_still_refused(tmp_path, contracts):
    _import(write_csv(tmp_path / "payments.csv", [HEADER, *ROWS]))
    run = _import(write_csv(tmp_path / "payments_2.csv", [HEADER, *ROWS, ROWS[0]]))
    assert run.status == ImportRun.FAILED
    assert "этот ключ уже был в строке 2" in run.errors[0]["text"]


@pytest.mark.parametrize(
    "text",
    [
        "Код;№ договора;№ документа оплаты;Дата оплаты;Отчетный период;Сумма оплаты;Вид реализации;Удален\n"
        "P-1;05 Т;1;17.04.15;2015,04;1,00;Аванс;1\n",
        "Код;№ договора;№ документа оплаты;Дата оплаты;Отчетный период;Сумма оплаты;Вид реализации\n"
        'P-1;05 Т;"1;2";17.04.15;2015,04;1,00;Аванс\n',
        "Код;№ договора;№ документа оплаты;Дата оплаты;Отчетный период;Сумма оплаты;Вид реализации\n"
        "P-1;05 Т;1;17.04.15;2015,04;1,00\n",
        "Код;№ договора;№ документа оплаты;Дата оплаты;Отчетный период;Сумма оплаты;Вид реализации\n"
        "P-1;05 Т;1;17.04.15;2015,04;1,00;Аванс\n\\.\nP-2;05 Т;1;17.04.15;2015,04;1,00;Аванс\n",
    ],
    ids=["deleted column", "quotes", "short row", "end-of-data marker"],
)
def test_unusual_files_take_the_python_path(tmp_path, contracts, monkeypatch, text):
    path = tmp_path / "payments.csv"
    path.write_text(text, encoding="utf-8")
    run = _import(path)
    assert "fast_path" not in run.files[0]
    saved = (run.status, run.errors, _payments())
    Payment.objects.all().delete()
    _python_path(monkeypatch)
    again = _import(path)
    assert (again.status, again.errors, _payments()) == saved


def test_blank_rows_and_unknown_columns_are_skipped_as_the_reader_skips_them(tmp_path, contracts):
    rows = [[*HEADER, "Примечание"], [*ROWS[0], "что угодно"], [""] * 9, [" "] * 9, [*ROWS[1], ""]]
    run = _import(write_csv(tmp_path / "payments.csv", rows))
    assert run.status == ImportRun.OK, run.errors
    entry = run.files[0]
    assert entry["fast_path"] is True and entry["rows"] == 2 and entry["created"] == 2
    assert run.warnings[0]["text"] == "Файл «payments.csv»: неизвестный столбец «Примечание» пропущен"


def _schema():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid), convalidated FROM pg_constraint "
            "WHERE conrelid = 'lk_portal_payment'::regclass ORDER BY conname"
        )
        constraints = cursor.fetchall()
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE tablename = 'lk_portal_payment' ORDER BY indexname")
        return constraints, cursor.fetchall()


def test_a_load_into_the_empty_table_restores_its_constraints_and_indexes(tmp_path, contracts):
    before = _schema()
    assert any("UNIQUE (external_id)" in definition for _, definition, _ in before[0])
    run = _import(write_csv(tmp_path / "payments.csv", [HEADER, *ROWS]))
    assert run.status == ImportRun.OK and run.files[0]["fast_path"] is True
    assert _schema() == before
    with connection.cursor() as cursor:  # the unique constraint is back and enforced
        cursor.execute(
            "SELECT collation_name FROM information_schema.columns "
            "WHERE table_name = 'lk_portal_payment' AND column_name = 'external_id'"
        )
        assert cursor.fetchone()[0] == "C"
    with pytest.raises(IntegrityError), transaction.atomic():
        PaymentFactory(external_id="P-1")
    with pytest.raises(IntegrityError), transaction.atomic():  # the primary key, dropped for the COPY, too
        PaymentFactory(id=Payment.objects.get(external_id="P-1").id, external_id="P-new")


def test_a_key_repeated_past_the_memory_limit_is_found_in_the_database(tmp_path, contracts, monkeypatch):
    monkeypatch.setattr(fast_csv, "KEYS_LIMIT", 2)
    PaymentFactory(external_id="P-0")  # not empty: the rows go through the temporary table
    run = _import(write_csv(tmp_path / "payments.csv", [HEADER, *ROWS]))
    assert run.status == ImportRun.OK and run.files[0]["fast_path"] is True
    assert run.files[0]["created"] == 6

    repeated = _import(write_csv(tmp_path / "payments_2.csv", [HEADER, *ROWS, ROWS[4]]))
    assert repeated.status == ImportRun.FAILED and "fast_path" not in repeated.files[0]
    assert "этот ключ уже был в строке 6" in repeated.errors[0]["text"]


def test_a_utf8_head_with_windows_1251_further_on_is_read_as_the_python_path_reads_it(tmp_path, monkeypatch):
    ContractFactory(number="A-1")
    # 64 KiB of plain ASCII, then a row in Windows-1251: the whole file is Windows-1251.
    header = ["external_id", "contract_no", "number", "date", "period", "amount", "kind", "purpose"]
    rows = [[f"P-{n}", "A-1", str(n), "17.04.15", "2015,04", "1,00", "Avans", "x" * 60] for n in range(1000)]
    rows.append(["P-x", "A-1", "1", "17.04.15", "2015,04", "1,00", "Аванс", "Оплата"])
    path = tmp_path / "payments.csv"
    path.write_bytes(("\n".join(";".join(row) for row in [header, *rows]) + "\n").encode("cp1251"))
    path.read_bytes()[: 64 * 1024].decode("utf-8")  # the head alone looks like UTF-8
    run = _import(path)
    assert run.status == ImportRun.OK, run.errors
    assert "fast_path" not in run.files[0]
    assert Payment.objects.get(external_id="P-x").kind == "Аванс"
    saved = (run.errors, _payments())
    Payment.objects.all().delete()
    _python_path(monkeypatch)
    again = _import(path)
    assert (again.errors, _payments()) == saved


def test_a_large_load_drops_and_restores_foreign_keys_and_indexes(tmp_path, contracts, monkeypatch):
    monkeypatch.setattr(bulk_schema, "LARGE_LOAD_ROWS", 1)
    schema = _schema
    before = schema()
    PaymentFactory(external_id="P-0")  # a pending deferred check must not block the ALTER
    run = _import(write_csv(tmp_path / "payments.csv", [HEADER, *ROWS]))
    assert run.status == ImportRun.OK, run.errors
    assert run.files[0]["fast_path"] is True
    assert schema() == before
    assert Payment.objects.count() == 7


DOC_HEADER = [
    "Код",
    "№ договора",
    "Тип документа",
    "Наименование",
    "№ документа",
    "Дата документа",
    "Период начислений",
    "Начислено",
    "Оплачено",
    "Задолженность",
    "Вид реализации",
    "Ставка НДС, %",
    "Срок оплаты",
]
DOC_ROWS = [
    [
        "D-1",
        "05 Т",
        "Счет-фактура",
        "Тепло",
        "101",
        "31.03.15",
        "2015,03",
        "7 220,27",
        "",
        "7 220,27",
        "Аванс",
        "18%",
        "",
    ],
    ["D-2", "05 Т", "bill", "Аванс", "102", "2015-04-01", "04.2015", "", "100", "", "Аванс", "", "10.04.2015"],
    ["D-3", "07 Т", "СЧЁТ  НА ОПЛАТУ", "Аванс", "103", "01.04.2015", "2015-04", "1,5", "0", "-1,5", "Аванс", "0", ""],
]


def _documents():
    return sorted(
        BillingDocument.objects.values_list(
            "external_id",
            "contract_id",
            "abonent_id",
            "doc_type",
            "name",
            "number",
            "date",
            "period",
            "accrued",
            "paid",
            "debt",
            "kind",
            "vat_rate",
            "due_date",
        )
    )


def test_documents_take_the_fast_path_with_the_same_values(tmp_path, contracts, monkeypatch):
    path = write_csv(tmp_path / "documents.csv", [DOC_HEADER, *DOC_ROWS])
    run = _import(path)
    assert run.status == ImportRun.OK, run.errors
    assert run.files[0]["fast_path"] is True
    fast = _documents()
    assert [row[3] for row in fast] == ["invoice", "bill", "bill"]
    assert fast[0][8:11] == (Decimal("7220.27"), None, Decimal("7220.27")) and fast[0][12] == Decimal("18.00")
    assert fast[1][13] == datetime.date(2015, 4, 10) and fast[1][12] is None

    _again_by_the_python_path(monkeypatch, BillingDocument, path)
    assert _documents() == fast


def test_a_bad_document_type_falls_back_with_the_python_error(tmp_path, contracts):
    rows = [row[:] for row in DOC_ROWS]
    rows[1][2] = "накладная"
    run = _import(write_csv(tmp_path / "documents.csv", [DOC_HEADER, *rows]))
    assert run.status == ImportRun.FAILED and "fast_path" not in run.files[0]
    assert "ожидается invoice (счет-фактура) или bill (счет на оплату)" in run.errors[0]["text"]
    assert run.errors[0]["row"] == 3


def test_a_huge_cell_in_a_skipped_column_is_refused_as_the_reader_refuses_it(tmp_path, contracts, monkeypatch):
    rows = [[*HEADER, "Примечание"], [*ROWS[0], "x" * (1024 * 1024 + 1)]]
    path = write_csv(tmp_path / "payments.csv", rows)
    run = _import(path)
    assert run.status == ImportRun.FAILED and "fast_path" not in run.files[0]
    _python_path(monkeypatch)
    assert _import(path).errors == run.errors


def test_backslashes_and_a_literal_backslash_n_land_as_written(tmp_path, contracts, monkeypatch):
    rows = [row[:] for row in ROWS]
    rows[0][7] = "аванс\\декабрь \\N \\t \\\\"
    rows[1][2] = "\\N"
    rows[2][7] = "\\"
    path = write_csv(tmp_path / "payments.csv", [HEADER, *rows])
    run = _import(path)
    assert run.status == ImportRun.OK and run.files[0]["fast_path"] is True, run.errors
    assert Payment.objects.get(external_id="P-1").purpose == "аванс\\декабрь \\N \\t \\\\"
    assert Payment.objects.get(external_id="P-2").number == "\\N"
    fast = _payments()
    Payment.objects.all().delete()
    _python_path(monkeypatch)
    _import(path)
    assert _payments() == fast


def test_no_text_column_of_the_fast_kinds_is_nullable():
    # The converter writes an empty text as '' (as the Python path stores it); a nullable text
    # field would need NULL instead.
    for kind in KINDS.values():
        if kind.write == COPY:
            for column in kind.plain_columns():
                if column.value.fast == "text":
                    assert not kind.model._meta.get_field(column.field).null, (kind.name, column.key)


def test_a_first_load_without_an_optional_column_gives_new_rows_the_models_default(tmp_path, contracts):
    path = write_csv(tmp_path / "payments.csv", [HEADER[:-1], *(row[:-1] for row in ROWS)], encoding="utf-8-sig")
    with connection.cursor() as cursor:
        defaults_before = bulk_schema.column_defaults(cursor, "lk_portal_payment")
    started = timezone.now()
    run = _import(path)
    assert run.status == ImportRun.OK and run.files[0]["fast_path"] is True, run.errors
    assert run.files[0]["created"] == len(ROWS)
    assert set(Payment.objects.values_list("purpose", flat=True)) == {""}
    # The COPY left purpose and updated_at to the table's column defaults, set for the load only:
    # every row has the load's one moment, and the table has no default it did not have before.
    (stamp,) = set(Payment.objects.values_list("updated_at", flat=True))
    assert started <= stamp <= timezone.now()
    with connection.cursor() as cursor:
        assert bulk_schema.column_defaults(cursor, "lk_portal_payment") == defaults_before


def test_a_direct_load_numbers_the_rows_from_the_sequence_which_goes_on_after_it(tmp_path, contracts):
    PaymentFactory(external_id="P-0")
    Payment.objects.all().delete()  # empty again, but the sequence has moved on
    run = _import(write_csv(tmp_path / "payments.csv", [HEADER, *ROWS]))
    assert run.files[0]["fast_path"] is True and run.files[0]["created"] == len(ROWS)
    by_key = dict(Payment.objects.values_list("external_id", "id"))
    first = by_key["P-1"]
    assert [by_key[f"P-{n}"] for n in range(1, len(ROWS) + 1)] == list(range(first, first + len(ROWS)))
    later = PaymentFactory(external_id="P-later")  # the ORM's next id follows the loaded ones
    assert later.id == first + len(ROWS)


def test_a_direct_load_writes_the_rows_frozen_and_a_staged_one_leaves_no_table(tmp_path, contracts):
    _import(write_csv(tmp_path / "payments.csv", [HEADER, *ROWS]))
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'pg_visibility'")
        if cursor.fetchone():  # PostgreSQL's contrib module: the page of the rows COPY FREEZE wrote is all frozen
            cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_visibility")
            cursor.execute("SELECT all_visible, all_frozen FROM pg_visibility_map_summary('lk_portal_payment')")
            assert cursor.fetchone() == (1, 1)
    changed = [[*ROWS[0][:5], "1,00", *ROWS[0][6:]], *ROWS[1:]]
    run = _import(write_csv(tmp_path / "payments_2.csv", [HEADER, *changed]))
    assert run.files[0]["fast_path"] is True and run.files[0]["updated"] == 1
    assert Payment.objects.get(external_id="P-1").amount == Decimal("1.00")
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_class WHERE relname LIKE 'lk\\_fast\\_%%'")
        assert cursor.fetchone()[0] == 0


def test_a_direct_load_into_a_table_it_may_not_truncate_lands_the_same(tmp_path, contracts, monkeypatch):
    monkeypatch.setattr(bulk_schema, "referenced", lambda cursor, target: True)
    path = write_csv(tmp_path / "payments.csv", [HEADER, *ROWS])
    run = _import(path)
    assert run.status == ImportRun.OK and run.files[0]["fast_path"] is True, run.errors
    loaded = _payments()
    _again_by_the_python_path(monkeypatch, Payment, path)
    assert _payments() == loaded


@pytest.mark.django_db(transaction=True)
def test_inside_a_repeatable_read_transaction_the_fast_path_still_lands_the_rows(tmp_path):
    ContractFactory(number="05 Т")
    ContractFactory(number="07 Т")
    path = write_csv(tmp_path / "payments.csv", [HEADER, *ROWS])
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            cursor.execute("SELECT count(*) FROM lk_portal_payment")  # a snapshot held from here on
        first = _import(path)
        second = _import(path)
    assert first.files[0]["fast_path"] is True and first.files[0]["created"] == len(ROWS), first.errors
    assert second.files[0]["fast_path"] is True and second.files[0]["unchanged"] == len(ROWS), second.errors
    assert Payment.objects.count() == len(ROWS)


def test_where_no_unlogged_table_can_be_created_the_rows_are_staged_in_a_temporary_one(tmp_path, contracts):
    PaymentFactory(external_id="P-0")  # not empty: the rows are staged
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        taken = f"lk_fast_rows_{cursor.fetchone()[0]}"
        cursor.execute(f"CREATE TABLE {taken} (x int)")  # CREATE UNLOGGED TABLE of that name fails
    run = _import(write_csv(tmp_path / "payments.csv", [HEADER, *ROWS]))
    assert run.status == ImportRun.OK and run.files[0]["fast_path"] is True, run.errors
    assert run.files[0]["created"] == len(ROWS)
    with connection.cursor() as cursor:
        cursor.execute("SELECT relpersistence FROM pg_class WHERE relname = %s", [taken])
        assert cursor.fetchall() == [("p",)]  # the table that was there stays; the temporary one is gone


@pytest.mark.parametrize("loaded", [False, True], ids=["into the empty table", "staged"])
def test_a_line_the_server_refuses_while_the_blocks_are_sent_falls_back_with_nothing_half_written(
    tmp_path, contracts, monkeypatch, loaded
):
    # The blocks go to PostgreSQL from a thread of their own while the next is converted: an error the
    # server raises meanwhile reaches the import as it did when each block was sent in turn.
    rows = [[f"P-{n}", "05 Т", str(n), "17.04.2015", "2015,04", "1,00", "Аванс", "x"] for n in range(15_000)]
    path = write_csv(tmp_path / "payments.csv", [HEADER, *rows])
    if loaded:
        PaymentFactory(contract=contracts[1], external_id="OLD")
    convert = fast_csv.RowConverter.convert
    sent = []

    def convert_with_a_bad_line(self, chunks):
        for block in convert(self, chunks):
            sent.append(block)
            yield block
            if len(sent) == 2:
                yield b"not a line of this table\n"

    monkeypatch.setattr(fast_csv.RowConverter, "convert", convert_with_a_bad_line)
    run = _import(path)
    assert len(sent) > 2  # the bad line went in the middle of the file
    assert run.status == ImportRun.OK, run.errors
    assert "fast_path" not in run.files[0]  # the Python path read the file after the COPY failed
    assert Payment.objects.count() == 15_000 + loaded
    assert Payment.objects.filter(external_id="P-14999", amount=Decimal("1.00")).exists()
    # What the direct load switched off or changed for its COPY went with its rollback.
    assert PaymentSummary.objects.get(contract=contracts[0]).row_count == 15_000
    assert _summary_trigger_enabled()


def _summary_trigger_enabled():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tgenabled FROM pg_trigger WHERE tgrelid = 'lk_portal_payment'::regclass AND tgname = %s",
            [payment_summary.INSERT_TRIGGER],
        )
        return cursor.fetchone() == ("O",)


def test_a_direct_load_adds_its_rows_to_the_payment_summary_as_the_trigger_would_and_the_trigger_counts_again(
    tmp_path, contracts
):
    """The first load's rows go into the summary after its COPY, its trigger off meanwhile
    (payment_summary.py): added to a key the summary held already, as the trigger's upsert adds."""
    first, second = contracts
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO lk_portal_paymentsummary (abonent_id, contract_id, kind, row_count, amount) "
            "VALUES (%s, %s, 'Аванс', 2, 10.00)",
            [first.abonent_id, first.id],
        )
    run = _import(write_csv(tmp_path / "payments.csv", [HEADER, *ROWS]))
    assert run.files[0]["fast_path"] is True and run.files[0]["created"] == len(ROWS), run.errors
    summary = {
        (contract, kind): (count, amount)
        for contract, kind, count, amount in PaymentSummary.objects.values_list(
            "contract_id", "kind", "row_count", "amount"
        )
    }
    assert summary == {
        (first.id, "Аванс"): (2 + 4, Decimal("10.00") + Decimal("7220.27") * 2 + Decimal("1234567.50")),
        (second.id, "Реализация"): (1, Decimal("-17.51")),
        (second.id, "Аванс"): (1, Decimal("0.00")),
    }
    assert _summary_trigger_enabled()
    PaymentFactory(external_id="P-after", contract=second, abonent=second.abonent, kind="Аванс", amount=5)
    assert PaymentSummary.objects.get(contract=second, kind="Аванс").row_count == 2
