"""What files a package holds, in the order they apply (lk_portal/services/billing_package.py)."""

import zipfile
from contextlib import ExitStack

from lk_portal.exchange.kinds import KIND_ORDER
from lk_portal.services.billing_package import package_files
from tests.lk_portal.exchange.helpers import guide_package


def _listed(paths):
    with ExitStack() as stack:
        return [(item.name, item.kind, item.refusal) for item in package_files(paths, stack)]


def test_a_folder_applies_in_the_contracts_order(tmp_path):
    folder = guide_package(tmp_path / "pkg")
    guide_kinds = [
        kind for kind in KIND_ORDER if kind not in ("metering_units", "consumption", "reading_statuses")
    ]  # the guide's files
    assert [kind for _, kind, _ in _listed([folder])] == guide_kinds
    assert _listed([folder])[0][0] == "pkg/abonents.csv"


def test_a_zip_is_unpacked_in_the_same_order_and_its_folders_are_not_followed(tmp_path):
    folder = guide_package(tmp_path / "pkg")
    archive = tmp_path / "billing.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for path in sorted(folder.iterdir(), reverse=True):  # payments before contracts inside the zip
            zf.write(path, f"export/{path.name}")
        zf.writestr("__MACOSX/._payments.csv", b"")
        zf.writestr(".hidden.csv", b"")
    with ExitStack() as stack:
        items = package_files([archive], stack)
        assert items[0].path.read_bytes() == (folder / "abonents.csv").read_bytes()
        unpacked = items[0].path
    assert [item.name for item in items][:2] == ["billing.zip/export/abonents.csv", "billing.zip/export/contracts.csv"]
    assert len(items) == 8 and not unpacked.exists()  # removed with the stack


def test_truncated_zip_is_refused(tmp_path):
    folder = guide_package(tmp_path / "pkg")
    archive = tmp_path / "billing.zip"
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for path in folder.iterdir():
            zf.write(path, path.name)
    archive.write_bytes(archive.read_bytes()[:-200])
    ((name, kind, refusal),) = _listed([archive])
    assert (name, kind) == ("billing.zip", None)
    assert refusal.startswith("архив ZIP поврежден или загружен не полностью")


def test_files_that_cannot_be_billing_files_come_first_with_their_reason(tmp_path):
    (tmp_path / "empty").mkdir()
    (tmp_path / "payments.txt").write_text("x")
    (tmp_path / "report.csv").write_text("x")
    (tmp_path / "payments.csv").write_text("x")
    listed = _listed(
        [
            tmp_path / "payments.csv",
            tmp_path / "empty",
            tmp_path / "payments.txt",
            tmp_path / "report.csv",
            tmp_path / "gone.csv",
        ]
    )
    assert listed == [
        ("empty", None, "в папке нет файлов"),
        ("payments.txt", None, "формат файла не поддерживается: ожидается .csv, .xlsx или .zip"),
        (
            "report.csv",
            None,
            "по имени файла не определить, что в нем: имя должно начинаться с abonents, contracts, curators, "
            "payment_terms, payments, documents, debts, tariffs, metering_units, consumption, reading_statuses",
        ),
        ("gone.csv", None, "файл не найден"),
        ("payments.csv", "payments", None),
    ]
