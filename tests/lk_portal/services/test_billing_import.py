import datetime
import zipfile
from decimal import Decimal

import pytest
from django.db import connection

from lk_portal.models import (
    Abonent,
    BillingDocument,
    Branch,
    Contract,
    Curator,
    DebtSnapshot,
    ImportRun,
    Payment,
    PaymentTerm,
    Tariff,
)
from lk_portal.services.billing_import import billing_package_import
from tests.factories import ContractFactory, CuratorFactory, PaymentFactory
from tests.lk_portal.exchange.helpers import GUIDE_PAYMENTS, write_csv, write_xlsx

pytestmark = pytest.mark.django_db

INN, KPP = "1655123456", "165501001"


def guide_package(folder):
    """The guide's abonent, contract «05 Т» and rows, one file per kind, as the billing side writes them."""
    folder.mkdir(exist_ok=True)
    write_csv(
        folder / "abonents.csv",
        [
            ["ИНН", "КПП", "Абонент", "Филиал", "Email", "Контактное лицо", "Телефон"],
            [
                INN,
                KPP,
                "ОАО «Тест»",
                "Казанские тепловые сети",
                "buh@example.ru",
                "Иванова Мария Петровна",
                "(843) 555-00-00",
            ],
        ],
        encoding="cp1251",
    )
    write_csv(
        folder / "contracts.csv",
        [
            ["contract_no", "inn", "kpp", "goods", "start_date", "end_date", "status", "tariff_group"],
            ["05 Т", INN, KPP, "Тепло", "01.10.2004", "", "Активный", "Прочие"],
        ],
        delimiter=",",
    )
    write_csv(
        folder / "curators.csv",
        [
            ["№ договора", "Должность", "ФИО", "Телефон"],
            ["05 Т", "Инженер", "Хлынова Ирина Владимировна", "567-77-94"],
            ["05 Т", "Бухгалтер", "Петрова Анна Сергеевна", "567-77-95"],
        ],
        encoding="utf-8-sig",
    )
    write_csv(
        folder / "payment_terms.csv",
        [
            ["№ договора", "Дата оплаты", "%% по договору", "Виды платежей", "next_month"],
            ["05 Т", "18", "35", "Аванс, % от договорных", "0"],
            ["05 Т", "27", "50", "Аванс, % от договорных", "0"],
            ["05 Т", "10", "", "Окончательный расчет", "1"],
        ],
        delimiter="\t",
    )
    write_csv(folder / "payments_2015-04-17.csv", GUIDE_PAYMENTS, encoding="cp1251")
    write_xlsx(
        folder / "Documents.xlsx",
        [
            [
                "Код",
                "№ договора",
                "doc_type",
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
            ],
            [
                "D-1",
                "05 Т",
                "invoice",
                "за тепло",
                "Счет-фактура №702227301/70",
                datetime.datetime(2015, 4, 30),
                "2015,04",
                16503.48,
                "16 503,48",
                "0,00",
                "Основная реализация",
                18,
                None,
            ],
            [
                "D-2",
                "05 Т",
                "Счет на оплату",
                "аванс",
                "374/70",
                "26.03.15",
                "2015-04",
                "7 220,27",
                None,
                "7220.27",
                "Аванс",
                "18",
                "18.04.2015",
            ],
        ],
    )
    write_csv(
        folder / "debts.csv",
        [
            ["inn", "kpp", "contract_no", "as_of", "debt", "penalties"],
            [INN, KPP, "05 Т", "07.09.2015", "-17,51", "0,00"],
        ],
    )
    write_csv(
        folder / "tariffs.csv",
        [
            [
                "Код",
                "Филиал",
                "Тарифная группа",
                "Наименование",
                "Ед. изм.",
                "Тариф без НДС",
                "Ставка НДС, %",
                "Действует с",
                "Действует по",
                "Нормативный документ",
                "Ссылка",
            ],
            [
                "T-1",
                "kazan",
                "",
                "Тепловая энергия",
                "Гкал",
                "1 234,56",
                "18",
                "01.07.2015",
                "",
                "Постановление № 1",
                "https://example.ru/decree/1",
            ],
            ["T-2", "", "Прочие", "Теплоноситель", "м3", "25,10", "", "2015-07-01", "2015-12-31", "", ""],
        ],
    )
    return folder


def state():
    """Everything the import can touch, with ids, to compare before/after."""
    return {
        model.__name__: sorted(map(repr, model.objects.values_list()))
        for model in (Abonent, Contract, Curator, PaymentTerm, Payment, BillingDocument, DebtSnapshot, Tariff, Branch)
    }


def test_guide_package_lands_exactly(tmp_path):
    run = billing_package_import(paths=[guide_package(tmp_path / "pkg")], source=ImportRun.SOURCE_COMMAND)
    assert run.status == ImportRun.OK, run.errors
    assert [f["kind"] for f in run.files] == [
        "abonents",
        "contracts",
        "curators",
        "payment_terms",
        "payments",
        "documents",
        "debts",
        "tariffs",
    ]
    assert all(f["created"] == f["rows"] for f in run.files)
    abonent = Abonent.objects.get(inn=INN, kpp=KPP)
    assert abonent.name == "ОАО «Тест»" and abonent.branch.code == "kazan"
    contract = Contract.objects.get(number="05 Т")
    assert (
        contract.abonent == abonent and contract.start_date == datetime.date(2004, 10, 1) and contract.end_date is None
    )
    assert list(contract.curators.values_list("full_name", flat=True)) == [
        "Хлынова Ирина Владимировна",
        "Петрова Анна Сергеевна",
    ]
    terms = list(PaymentTerm.objects.filter(contract=contract).values_list("day", "percent", "next_month"))
    assert terms == [(18, Decimal("35.00"), False), (27, Decimal("50.00"), False), (10, None, True)]
    p86 = Payment.objects.get(external_id="P-86")
    assert (p86.amount, p86.date, p86.period, p86.abonent_id) == (
        Decimal("7220.27"),
        datetime.date(2015, 4, 17),
        datetime.date(2015, 4, 1),
        abonent.pk,
    )
    assert "В т.ч. НДС (18%) 1101-40" in p86.purpose
    d1, d2 = BillingDocument.objects.order_by("external_id")
    assert d1.doc_type == "invoice" and d1.date == datetime.date(2015, 4, 30) and d1.accrued == Decimal("16503.48")
    assert (
        d2.doc_type == "bill"
        and d2.paid is None
        and d2.debt == Decimal("7220.27")
        and d2.due_date == datetime.date(2015, 4, 18)
    )
    assert d1.abonent_id == abonent.pk
    debt = DebtSnapshot.objects.get()
    assert (debt.debt, debt.penalties, debt.abonent_id) == (Decimal("-17.51"), Decimal("0.00"), abonent.pk)
    t1, t2 = Tariff.objects.order_by("external_id")
    assert (
        t1.branch.code == "kazan" and t1.rate == Decimal("1234.56") and t1.decree_url == "https://example.ru/decree/1"
    )
    assert t2.branch is None and t2.valid_to == datetime.date(2015, 12, 31)
    assert run.rows_total == 14 and run.duration_seconds is not None and run.finished_at


def test_same_package_twice_changes_nothing(tmp_path):
    folder = guide_package(tmp_path / "pkg")
    billing_package_import(paths=[folder], source=ImportRun.SOURCE_COMMAND)
    before = state()
    run = billing_package_import(paths=[folder], source=ImportRun.SOURCE_COMMAND)
    assert run.status == ImportRun.OK
    assert all((f["created"], f["updated"], f["deleted"]) == (0, 0, 0) for f in run.files), run.files
    assert all(f["unchanged"] == f["rows"] for f in run.files)
    assert state() == before


def test_zip_package_applies_in_contract_order(tmp_path):
    folder = guide_package(tmp_path / "pkg")
    archive = tmp_path / "billing.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for path in sorted(folder.iterdir(), reverse=True):  # payments before contracts inside the zip
            zf.write(path, f"export/{path.name}")
    run = billing_package_import(paths=[archive], source=ImportRun.SOURCE_COMMAND)
    assert run.status == ImportRun.OK, run.errors
    assert run.files[0]["name"] == "billing.zip/export/abonents.csv"
    assert Payment.objects.count() == 2


def test_truncated_zip_is_refused(tmp_path):
    folder = guide_package(tmp_path / "pkg")
    archive = tmp_path / "billing.zip"
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for path in folder.iterdir():
            zf.write(path, path.name)
    archive.write_bytes(archive.read_bytes()[:-200])
    run = billing_package_import(paths=[archive], source=ImportRun.SOURCE_COMMAND)
    assert run.status == ImportRun.FAILED
    assert "архив ZIP поврежден или загружен не полностью" in run.errors[0]["text"]
    assert Abonent.objects.count() == 0


def test_bad_last_row_leaves_the_database_as_it_was(tmp_path):
    payment = PaymentFactory(external_id="P-86", amount=Decimal("1.00"), contract__number="05 Т")
    before = state()
    rows = [*GUIDE_PAYMENTS, ["P-99", "05 Т", "99", "17.04.15", "2015,04", "12,345", "Аванс", ""]]
    run = billing_package_import(paths=[write_csv(tmp_path / "payments.csv", rows)], source=ImportRun.SOURCE_COMMAND)
    assert run.status == ImportRun.FAILED
    assert run.files[0]["errors"] == 1 and run.files[0]["created"] == 0
    error = run.errors[0]
    assert (error["row"], error["column"], error["value"]) == (4, "Сумма оплаты", "12,345")
    assert "ожидается сумма" in error["message"]
    assert state() == before
    payment.refresh_from_db()
    assert payment.amount == Decimal("1.00")


def test_every_wrong_row_is_reported(tmp_path):
    ContractFactory(number="05 Т")
    rows = [
        GUIDE_PAYMENTS[0],
        ["P-1", "05 Т", "1", "32.04.15", "2015,04", "1,00", "Аванс", ""],
        ["P-2", "77 Х", "2", "17.04.15", "2015,04", "1,00", "Аванс", ""],
        ["P-3", "05 Т", "3", "17.04.15", "2015,04", "1,00", "Аванс", ""],
        ["P-3", "05 Т", "4", "17.04.15", "2015,04", "2,00", "Аванс", ""],
    ]
    run = billing_package_import(paths=[write_csv(tmp_path / "payments.csv", rows)], source=ImportRun.SOURCE_COMMAND)
    texts = [e["text"] for e in run.errors]
    assert len(texts) == 3, texts
    assert "строка 2, столбец «Дата оплаты», значение «32.04.15»: такой даты нет в календаре" in texts[0]
    assert "строка 3, столбец «№ договора», значение «77 Х»: договор с таким номером не найден" in texts[1]
    assert "строка 5, столбец «Код», значение «P-3»: этот ключ уже был в строке 4" in texts[2]
    assert Payment.objects.count() == 0


def test_unknown_abonent_is_an_error_unless_the_package_creates_it(tmp_path):
    folder = guide_package(tmp_path / "pkg")
    run = billing_package_import(paths=[folder / "contracts.csv"], source=ImportRun.SOURCE_COMMAND)
    assert run.status == ImportRun.FAILED
    assert "абонент с такими ИНН и КПП не найден" in run.errors[0]["text"]
    run = billing_package_import(
        paths=[folder / "contracts.csv", folder / "abonents.csv"], source=ImportRun.SOURCE_COMMAND
    )
    assert run.status == ImportRun.OK
    assert Contract.objects.filter(number="05 Т").exists()


@pytest.mark.parametrize("chunk_rows", [1, 50_000])
def test_updates_and_deletes(tmp_path, monkeypatch, chunk_rows):
    from lk_portal.services.billing_staging import StagingApplier

    monkeypatch.setattr(StagingApplier, "CHUNK_ROWS", chunk_rows)  # one chunk per row on PostgreSQL
    billing_package_import(paths=[guide_package(tmp_path / "pkg")], source=ImportRun.SOURCE_COMMAND)
    rows = [
        [*GUIDE_PAYMENTS[0], "deleted"],
        [*GUIDE_PAYMENTS[1][:5], "7 220,28", *GUIDE_PAYMENTS[1][6:], "0"],
        ["P-74", "", "", "", "", "", "", "", "1"],
        ["P-404", "", "", "", "", "", "", "", "1"],
    ]
    run = billing_package_import(paths=[write_csv(tmp_path / "payments.csv", rows)], source=ImportRun.SOURCE_COMMAND)
    entry = run.files[0]
    assert (entry["created"], entry["updated"], entry["deleted"], entry["unchanged"]) == (0, 1, 1, 1)
    assert list(Payment.objects.values_list("external_id", "amount")) == [("P-86", Decimal("7220.28"))]
    contracts = [
        ["contract_no", "inn", "kpp", "goods", "start_date", "status", "deleted"],
        ["05 Т", "", "", "", "", "", "1"],
    ]
    run = billing_package_import(
        paths=[write_csv(tmp_path / "contracts.csv", contracts)], source=ImportRun.SOURCE_COMMAND
    )
    assert run.files[0]["deleted"] == 1 and not Contract.objects.exists() and not Payment.objects.exists()


def test_curators_and_terms_are_snapshots_per_contract(tmp_path):
    billing_package_import(paths=[guide_package(tmp_path / "pkg")], source=ImportRun.SOURCE_COMMAND)
    other = CuratorFactory(full_name="Другой Куратор")
    rows = [["contract_no", "position", "full_name"], ["05 Т", "Начальник", "Сидоров Петр"]]
    run = billing_package_import(paths=[write_csv(tmp_path / "curators.csv", rows)], source=ImportRun.SOURCE_COMMAND)
    entry = run.files[0]
    assert (entry["updated"], entry["deleted"]) == (1, 1)
    assert list(Curator.objects.filter(contract__number="05 Т").values_list("full_name", "phone")) == [
        ("Сидоров Петр", "")
    ]
    assert Curator.objects.filter(pk=other.pk).exists()
    terms = [["contract_no", "day", "kind"], ["05 Т", "5", "Аванс"]]
    billing_package_import(paths=[write_csv(tmp_path / "payment_terms.csv", terms)], source=ImportRun.SOURCE_COMMAND)
    assert list(PaymentTerm.objects.values_list("day", "percent", "next_month")) == [(5, None, False)]


def test_debt_snapshot_upserts_by_contract_and_date_and_checks_the_abonent(tmp_path):
    billing_package_import(paths=[guide_package(tmp_path / "pkg")], source=ImportRun.SOURCE_COMMAND)
    rows = [
        ["inn", "kpp", "contract_no", "as_of", "debt", "penalties"],
        [INN, KPP, "05 Т", "2015-09-07", "100,00", "1,50"],
        [INN, KPP, "05 Т", "08.09.2015", "0", "0"],
    ]
    run = billing_package_import(paths=[write_csv(tmp_path / "debts.csv", rows)], source=ImportRun.SOURCE_COMMAND)
    assert (run.files[0]["updated"], run.files[0]["created"]) == (1, 1)
    assert list(DebtSnapshot.objects.order_by("as_of").values_list("debt", "penalties")) == [
        (Decimal("100.00"), Decimal("1.50")),
        (Decimal("0.00"), Decimal("0.00")),
    ]
    wrong = [rows[0], ["7707083893", KPP, "05 Т", "2015-09-07", "1,00", "0"]]
    run = billing_package_import(paths=[write_csv(tmp_path / "debts2.csv", wrong)], source=ImportRun.SOURCE_COMMAND)
    assert run.status == ImportRun.FAILED and "не принадлежит абоненту" in run.errors[0]["text"]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("payments.csv", b"", "файл пуст"),
        ("payments.csv", b"\x00\x01\x02\x03" * 100, "двоичный файл"),
        ("payments.xlsx", b"not a workbook", "это не файл XLSX"),
        ("report.csv", b"a;b\n1;2\n", "по имени файла не определить"),
        ("payments.txt", b"a;b\n", "формат файла не поддерживается"),
    ],
)
def test_unreadable_files_are_refused_with_a_reason(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    run = billing_package_import(paths=[path], source=ImportRun.SOURCE_COMMAND)
    assert run.status == ImportRun.FAILED
    assert message in run.errors[0]["text"] and run.errors[0]["text"].startswith(f"Файл «{name}»")


def test_missing_column_refuses_and_a_good_file_in_the_same_package_still_lands(tmp_path):
    folder = guide_package(tmp_path / "pkg")
    write_csv(folder / "tariffs.csv", [["Код", "Наименование"], ["T-1", "Тепло"]])
    run = billing_package_import(paths=[folder], source=ImportRun.SOURCE_COMMAND)
    assert run.status == ImportRun.PARTIAL
    assert [f["status"] for f in run.files][-1] == "failed"
    assert "нет обязательных столбцов" in run.errors[0]["text"]
    assert Payment.objects.count() == 2 and not Tariff.objects.exists()


def test_unknown_branch_is_an_error(tmp_path):
    rows = [["inn", "kpp", "name", "branch"], [INN, KPP, "ООО", "Москва"]]
    run = billing_package_import(paths=[write_csv(tmp_path / "abonents.csv", rows)], source=ImportRun.SOURCE_COMMAND)
    assert "филиал не найден" in run.errors[0]["text"]


def test_run_records_who_and_warnings(tmp_path, django_user_model):
    user = django_user_model.objects.create_superuser("boss", "boss@example.ru", "x")
    rows = [["inn", "kpp", "name", "branch", "fax"], [INN, KPP, "ООО", "chelny", "123"]]
    run = billing_package_import(
        paths=[write_csv(tmp_path / "abonents.csv", rows)], source=ImportRun.SOURCE_UPLOAD, started_by=user
    )
    run.refresh_from_db()
    assert run.started_by == user and run.source == ImportRun.SOURCE_UPLOAD
    assert run.warnings == [{"file": "abonents.csv", "text": "Файл «abonents.csv»: неизвестный столбец «fax» пропущен"}]
    assert run.files[0]["sha256"] and run.files[0]["created"] == 1
    assert Branch.objects.get(code="chelny").name == "Набережночелнинские тепловые сети"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the staging path is PostgreSQL's")
def test_large_load_on_postgresql_drops_and_restores_foreign_keys(tmp_path, monkeypatch):
    from lk_portal.services import billing_fast, bulk_schema

    monkeypatch.setattr(bulk_schema, "LARGE_LOAD_ROWS", 1)
    monkeypatch.setattr(billing_fast, "ENABLED", False)  # the staged applier's load

    def foreign_keys():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
                "WHERE conrelid = 'lk_portal_payment'::regclass AND contype = 'f' ORDER BY conname"
            )
            return cursor.fetchall()

    before = foreign_keys()
    assert len(before) == 2
    ContractFactory(number="05 Т")
    PaymentFactory(external_id="P-1")  # a pending deferred check must not block the ALTER
    run = billing_package_import(
        paths=[write_csv(tmp_path / "payments.csv", GUIDE_PAYMENTS)], source=ImportRun.SOURCE_COMMAND
    )
    assert run.status == ImportRun.OK, run.errors
    assert foreign_keys() == before
    assert Payment.objects.filter(external_id="P-86", abonent__contracts__number="05 Т").exists()


def test_a_fault_found_mid_file_refuses_it_with_its_own_reason(tmp_path):
    ContractFactory(number="05 Т")
    path = tmp_path / "payments.csv"
    good = "\n".join(";".join(row) for row in GUIDE_PAYMENTS)
    path.write_text(good + '\nP-9;05 Т;9;17.04.15;2015,04;1,00;Аванс;"незакрытая кавычка\n', encoding="utf-8")
    run = billing_package_import(paths=[path], source=ImportRun.SOURCE_COMMAND)
    assert run.status == ImportRun.FAILED
    assert "нарушены правила кавычек CSV" in run.errors[-1]["text"]
    assert not Payment.objects.exists()
