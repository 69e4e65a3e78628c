"""Reading whole files (lk_portal/exchange/readers.py): CSV in every encoding and delimiter, XLSX, faults."""

import datetime
from decimal import Decimal

import pytest

from lk_portal.exchange.kinds import KINDS
from lk_portal.exchange.problems import FileRefused
from lk_portal.exchange.readers import read_file

from .helpers import GUIDE_PAYMENTS, write_csv, write_xlsx

PAYMENTS = KINDS["payments"]


def _read(path, kind=PAYMENTS):
    table, rows = read_file(path, kind=kind)
    return table, list(rows)


@pytest.mark.parametrize("encoding", ["cp1251", "utf-8", "utf-8-sig"])
@pytest.mark.parametrize("delimiter", [";", ",", "\t"])
def test_guide_rows_read_in_every_encoding_and_delimiter(tmp_path, encoding, delimiter):
    path = write_csv(tmp_path / "payments_2015-04-17.csv", GUIDE_PAYMENTS, encoding=encoding, delimiter=delimiter)
    table, rows = _read(path)
    assert table.warnings == []
    (number, first, problems), (_, second, _) = rows
    assert number == 2 and problems == []
    assert first["external_id"] == "P-86" and first["contract_no"] == "05 Т"
    assert first["amount"] == Decimal("7220.27") and second["amount"] == Decimal("16503.48")
    assert first["date"] == datetime.date(2015, 4, 17) and first["period"] == datetime.date(2015, 4, 1)
    assert first["purpose"].endswith("В т.ч. НДС (18%) 1101-40")


def test_rfc4180_quotes_with_delimiters_quotes_and_newlines(tmp_path):
    header = GUIDE_PAYMENTS[0]
    purpose = 'Оплата по "дог. №05 Т"; аванс,\nвторая строка'
    path = write_csv(
        tmp_path / "payments.csv", [header, ["P-1", "05 Т", "1", "17.04.15", "2015,04", "1,00", "Аванс", purpose]]
    )
    assert b'""' in path.read_bytes()
    _, records = _read(path)
    assert records[0][1]["purpose"] == purpose


def test_xlsx_first_sheet_with_real_dates_and_numbers(tmp_path):
    rows = [
        GUIDE_PAYMENTS[0],
        ["P-86", "05 Т", 86, datetime.datetime(2015, 4, 17), "2015,04", 7220.27, "Аванс", "текст"],
        ["P-74", "05 Т", "74", "30.03.15", 2015.03, "16 503,48", "Аванс", None],
    ]
    table, records = _read(write_xlsx(tmp_path / "Payments.xlsx", rows))
    first, second = records[0][1], records[1][1]
    assert first["number"] == "86" and first["date"] == datetime.date(2015, 4, 17)
    assert first["amount"] == Decimal("7220.27")
    assert second["period"] == datetime.date(2015, 3, 1) and second["amount"] == Decimal("16503.48")
    assert "purpose" not in second


@pytest.mark.parametrize("content", [b"", b"\xef\xbb\xbf", b"\r\n\r\n  "])
def test_empty_file_is_refused(tmp_path, content):
    path = tmp_path / "payments.csv"
    path.write_bytes(content)
    with pytest.raises(FileRefused, match="файл пуст"):
        read_file(path, kind=PAYMENTS)


def test_truncated_xlsx_is_refused(tmp_path):
    path = write_xlsx(tmp_path / "payments.xlsx", GUIDE_PAYMENTS)
    path.write_bytes(path.read_bytes()[:600])
    with pytest.raises(FileRefused, match="XLSX"):
        table, rows = read_file(path, kind=PAYMENTS)
        list(rows)


def test_broken_quotes_are_refused(tmp_path):
    path = tmp_path / "payments.csv"
    path.write_text(
        ";".join(GUIDE_PAYMENTS[0]) + '\nP-1;05 Т;1;17.04.15;2015,04;1,00;Аванс;"abc"def\n', encoding="utf-8"
    )
    with pytest.raises(FileRefused, match="кавычек"):
        list(read_file(path, kind=PAYMENTS)[1])
