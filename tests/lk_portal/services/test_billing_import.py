import datetime
import zipfile
from decimal import Decimal

import pytest

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
from tests.factories import ContractFactory, PaymentFactory
from tests.lk_portal.exchange.helpers import GUIDE_PAYMENTS, INN, KPP, guide_package, write_csv

pytestmark = pytest.mark.django_db


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


def test_missing_column_refuses_the_whole_package_the_folder_is(tmp_path):
    folder = guide_package(tmp_path / "pkg")
    write_csv(folder / "tariffs.csv", [["Код", "Наименование"], ["T-1", "Тепло"]])
    run = billing_package_import(paths=[folder], source=ImportRun.SOURCE_COMMAND)
    assert run.status == ImportRun.FAILED
    assert {f["status"] for f in run.files} == {"failed"}
    assert any("нет обязательных столбцов" in error["text"] for error in run.errors)
    assert not Payment.objects.exists() and not Tariff.objects.exists()


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


def test_a_fault_found_mid_file_refuses_it_with_its_own_reason(tmp_path):
    ContractFactory(number="05 Т")
    path = tmp_path / "payments.csv"
    good = "\n".join(";".join(row) for row in GUIDE_PAYMENTS)
    path.write_text(good + '\nP-9;05 Т;9;17.04.15;2015,04;1,00;Аванс;"незакрытая кавычка\n', encoding="utf-8")
    run = billing_package_import(paths=[path], source=ImportRun.SOURCE_COMMAND)
    assert run.status == ImportRun.FAILED
    assert "нарушены правила кавычек CSV" in run.errors[-1]["text"]
    assert not Payment.objects.exists()
