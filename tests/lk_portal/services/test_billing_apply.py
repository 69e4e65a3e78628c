"""The ORM writers of a file's checked rows and the choice of writer (lk_portal/services/billing_apply.py)."""

from decimal import Decimal

import pytest
from django.db import connection

from lk_portal.exchange.header import read_header
from lk_portal.exchange.kinds import KINDS
from lk_portal.models import Contract, Curator, DebtSnapshot, ImportRun, Payment, PaymentTerm
from lk_portal.services.billing_apply import BatchUpsertApplier, SnapshotApplier, applier_for
from lk_portal.services.billing_import import billing_package_import
from lk_portal.services.billing_lookups import Lookups
from lk_portal.services.billing_spec import Counts
from lk_portal.services.billing_staging import StagingApplier
from tests.factories import CuratorFactory
from tests.lk_portal.exchange.helpers import GUIDE_PAYMENTS, INN, KPP, apply_rows, guide_package

pytestmark = pytest.mark.django_db


@pytest.fixture
def guide(tmp_path):
    """The guide's abonent, contract «05 Т» and rows of every kind, imported."""
    run = billing_package_import(paths=[guide_package(tmp_path / "pkg")], source=ImportRun.SOURCE_COMMAND)
    assert run.status == ImportRun.OK, run.errors


@pytest.mark.parametrize(
    ("kind", "applier"),
    [
        ("abonents", BatchUpsertApplier),
        ("tariffs", BatchUpsertApplier),
        ("curators", SnapshotApplier),
        ("payment_terms", SnapshotApplier),
        ("payments", StagingApplier if connection.vendor == "postgresql" else BatchUpsertApplier),
        ("debts", StagingApplier if connection.vendor == "postgresql" else BatchUpsertApplier),
    ],
)
def test_the_writer_is_the_one_the_kind_declares(kind, applier):
    header = [column.key for column in KINDS[kind].columns]
    assert type(applier_for(read_header(header, kind=KINDS[kind], name="x.csv"), Lookups())) is applier


@pytest.mark.parametrize("chunk_rows", [1, 50_000])
def test_updates_and_deletes(guide, monkeypatch, chunk_rows):
    monkeypatch.setattr(StagingApplier, "CHUNK_ROWS", chunk_rows)  # one chunk per row on PostgreSQL
    rows = [
        [*GUIDE_PAYMENTS[0], "deleted"],
        [*GUIDE_PAYMENTS[1][:5], "7 220,28", *GUIDE_PAYMENTS[1][6:], "0"],
        ["P-74", "", "", "", "", "", "", "", "1"],
        ["P-404", "", "", "", "", "", "", "", "1"],
    ]
    counts, problems, _ = apply_rows("payments", rows)
    assert problems == [] and counts == Counts(created=0, updated=1, deleted=1, unchanged=1)
    assert list(Payment.objects.values_list("external_id", "amount")) == [("P-86", Decimal("7220.28"))]
    contracts = [
        ["contract_no", "inn", "kpp", "goods", "start_date", "status", "deleted"],
        ["05 Т", "", "", "", "", "", "1"],
    ]
    counts, _, _ = apply_rows("contracts", contracts)
    assert counts.deleted == 1 and not Contract.objects.exists() and not Payment.objects.exists()


def test_a_batch_upsert_writes_only_the_columns_the_file_has(guide):
    rows = [
        ["contract_no", "inn", "kpp", "goods", "start_date", "status"],
        ["05 Т", INN, KPP, "Пар", "01.10.2004", "Активный"],
    ]
    counts, _, _ = apply_rows("contracts", rows)
    contract = Contract.objects.get(number="05 Т")
    assert counts == Counts(updated=1) and (contract.goods, contract.tariff_group) == ("Пар", "Прочие")
    counts, _, _ = apply_rows("contracts", rows)
    assert counts == Counts(unchanged=1)


def test_nothing_is_written_after_a_refused_row(guide):
    rows = [
        ["contract_no", "inn", "kpp", "goods", "start_date", "status"],
        ["05 Т", INN, KPP, "Пар", "01.10.2004", "Активный"],
        ["07 Т", "7707083893", KPP, "Пар", "01.10.2004", "Активный"],
    ]
    counts, problems, _ = apply_rows("contracts", rows)
    assert counts is None and len(problems) == 1 and Contract.objects.get(number="05 Т").goods == "Тепло"


def test_curators_and_terms_are_snapshots_per_contract(guide):
    other = CuratorFactory(full_name="Другой Куратор", contract__number="99 Ц")
    rows = [["contract_no", "position", "full_name"], ["05 Т", "Начальник", "Сидоров Петр"]]
    counts, _, _ = apply_rows("curators", rows)
    assert (counts.updated, counts.deleted) == (1, 1)
    assert list(Curator.objects.filter(contract__number="05 Т").values_list("full_name", "phone")) == [
        ("Сидоров Петр", "")
    ]
    assert Curator.objects.filter(pk=other.pk).exists()
    counts, _, _ = apply_rows("payment_terms", [["contract_no", "day", "kind"], ["05 Т", "5", "Аванс"]])
    assert list(PaymentTerm.objects.values_list("day", "percent", "next_month")) == [(5, None, False)]
    assert counts == Counts(updated=1, deleted=2)
    counts, _, _ = apply_rows(
        "payment_terms", [["contract_no", "day", "kind"], ["05 Т", "5", "Аванс"], ["05 Т", "6", "x"]]
    )
    assert counts == Counts(created=1, unchanged=1)


def test_debt_snapshot_upserts_by_contract_and_date_and_checks_the_abonent(guide):
    rows = [
        ["inn", "kpp", "contract_no", "as_of", "debt", "penalties"],
        [INN, KPP, "05 Т", "2015-09-07", "100,00", "1,50"],
        [INN, KPP, "05 Т", "08.09.2015", "0", "0"],
    ]
    counts, _, _ = apply_rows("debts", rows)
    assert (counts.updated, counts.created) == (1, 1)
    assert list(DebtSnapshot.objects.order_by("as_of").values_list("debt", "penalties")) == [
        (Decimal("100.00"), Decimal("1.50")),
        (Decimal("0.00"), Decimal("0.00")),
    ]
    wrong = [rows[0], ["7707083893", KPP, "05 Т", "2015-09-07", "1,00", "0"]]
    _, (problem,), _ = apply_rows("debts", wrong)
    assert problem.column == "contract_no" and problem.value == "05 Т"
    assert problem.message == f"договор не принадлежит абоненту с ИНН 7707083893 и КПП {KPP}"
