import io
import zipfile
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from lk_portal.models import ImportRun, Payment
from tests.factories import ContractFactory
from tests.lk_portal.exchange.helpers import GUIDE_PAYMENTS, write_csv

pytestmark = pytest.mark.django_db


def _call(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_billing", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_imports_a_file_and_prints_a_summary_per_file(tmp_path):
    ContractFactory(number="05 Т")
    path = write_csv(tmp_path / "payments_2015-04-17.csv", GUIDE_PAYMENTS, encoding="cp1251")
    out, err = _call(path)
    assert (
        "payments_2015-04-17.csv: загружен; строк 2, добавлено 2, изменено 0, удалено 0, без изменений 0, ошибок 0"
        in out
    )
    assert "rows/s" in err  # the progress bar
    assert Payment.objects.get(external_id="P-74").amount == Decimal("16503.48")
    assert ImportRun.objects.get().source == ImportRun.SOURCE_COMMAND
    out, _ = _call(path)
    assert "добавлено 0, изменено 0, удалено 0, без изменений 2" in out


def test_refused_file_makes_a_non_zero_exit_and_prints_the_errors(tmp_path):
    ContractFactory(number="05 Т")
    rows = [*GUIDE_PAYMENTS, ["P-9", "05 Т", "9", "17.04.15", "2015,04", "много", "Аванс", ""]]
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError, match="ничего не записано"):
        call_command("import_billing", str(write_csv(tmp_path / "payments.csv", rows)), stdout=out, stderr=err)
    assert "ОТКЛОНЕН" in out.getvalue()
    assert "строка 4, столбец «Сумма оплаты», значение «много»" in err.getvalue()
    assert not Payment.objects.exists()


def test_folders_and_zips(tmp_path):
    ContractFactory(number="05 Т")
    folder = tmp_path / "pkg"
    folder.mkdir()
    write_csv(folder / "payments.csv", GUIDE_PAYMENTS)
    archive = tmp_path / "more.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr(
            "payments_2.csv",
            "external_id;contract_no;number;date;period;amount;kind\nP-1;05 Т;1;2015-04-17;2015-04;1.00;Аванс\n",
        )
    out, _ = _call(folder, archive, "--no-progress")
    assert "pkg/payments.csv: загружен" in out and "more.zip/payments_2.csv: загружен" in out
    assert Payment.objects.count() == 3


def test_truncated_zip_exits_non_zero(tmp_path):
    archive = tmp_path / "billing.zip"
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("payments.csv", ";".join(GUIDE_PAYMENTS[0]) * 200)
    archive.write_bytes(archive.read_bytes()[:100])
    with pytest.raises(CommandError):
        _call(archive)
