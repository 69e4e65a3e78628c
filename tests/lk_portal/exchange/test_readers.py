import datetime
from decimal import Decimal

import pytest

from lk_portal.exchange.kinds import KINDS, kind_for_filename
from lk_portal.exchange.problems import FileRefused
from lk_portal.exchange.readers import read_file
from lk_portal.exchange.sniff import detect_delimiter

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


def test_english_keys_in_any_case_and_spaces_and_unknown_column_warns(tmp_path):
    rows = [
        ["  EXTERNAL_ID ", "Contract_No", "number", "DATE", " period", "Amount", "kind", "Лишний столбец"],
        ["P-1", "05 Т", "1", "2015-04-17", "04.2015", "-17,51", "Аванс", "что угодно"],
    ]
    table, records = _read(write_csv(tmp_path / "Payments.csv", rows))
    assert table.warnings == ["Файл «Payments.csv»: неизвестный столбец «Лишний столбец» пропущен"]
    assert records[0][1]["amount"] == Decimal("-17.51")
    assert records[0][1]["period"] == datetime.date(2015, 4, 1)
    assert "purpose" not in records[0][1]


def test_russian_titles_ignore_case_and_repeated_spaces(tmp_path):
    rows = [
        [
            "код",
            "№  ДОГОВОРА",
            "№ документа оплаты",
            "дата оплаты",
            "отчетный период",
            "СУММА ОПЛАТЫ",
            "Вид  реализации",
        ],
        ["P-1", "05 Т", "1", "17.04.2015", "2015-04", "7\u00a0220,27", "Аванс"],
    ]
    _, records = _read(write_csv(tmp_path / "payments.csv", rows))
    assert records[0][1]["amount"] == Decimal("7220.27") and records[0][2] == []


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


def test_row_problems_name_row_column_value_and_reason(tmp_path):
    rows = [GUIDE_PAYMENTS[0], GUIDE_PAYMENTS[1], ["P-2", "05 Т", "2", "31.02.15", "2015,4", "7,220.27", "", "x"]]
    _, records = _read(write_csv(tmp_path / "payments.csv", rows))
    number, _, problems = records[1]
    assert number == 3
    texts = [str(p) for p in problems]
    assert any(t.startswith("Файл «payments.csv», строка 3, столбец «Дата оплаты», значение «31.02.15»") for t in texts)
    assert any("столбец «Отчетный период», значение «2015,4»: ожидается период" in t for t in texts)
    assert any("столбец «Сумма оплаты», значение «7,220.27»: ожидается сумма" in t for t in texts)
    assert any("столбец «Вид реализации», значение «»: обязательное значение не заполнено" in t for t in texts)


def test_missing_required_column_refuses_the_file(tmp_path):
    rows = [
        [c for c in GUIDE_PAYMENTS[0] if c != "Сумма оплаты"],
        ["P-1", "05 Т", "1", "17.04.15", "2015,04", "Аванс", ""],
    ]
    with pytest.raises(FileRefused, match="нет обязательного столбца: «Сумма оплаты» \\(amount\\)"):
        read_file(write_csv(tmp_path / "payments.csv", rows), kind=PAYMENTS)


def test_duplicate_column_refuses_the_file(tmp_path):
    rows = [[*GUIDE_PAYMENTS[0], "amount"], [*GUIDE_PAYMENTS[1], "1"]]
    with pytest.raises(FileRefused, match="указан дважды"):
        read_file(write_csv(tmp_path / "payments.csv", rows), kind=PAYMENTS)


@pytest.mark.parametrize("content", [b"", b"\xef\xbb\xbf", b"\r\n\r\n  "])
def test_empty_file_is_refused(tmp_path, content):
    path = tmp_path / "payments.csv"
    path.write_bytes(content)
    with pytest.raises(FileRefused, match="файл пуст"):
        read_file(path, kind=PAYMENTS)


def test_binary_file_named_csv_is_refused(tmp_path):
    path = tmp_path / "payments.csv"
    path.write_bytes(bytes(range(256)) * 10)
    with pytest.raises(FileRefused, match="двоичный файл"):
        read_file(path, kind=PAYMENTS)


def test_xlsx_named_csv_is_refused_with_a_hint(tmp_path):
    path = write_xlsx(tmp_path / "x.xlsx", GUIDE_PAYMENTS)
    renamed = path.rename(tmp_path / "payments.csv")
    with pytest.raises(FileRefused, match="XLSX"):
        read_file(renamed, kind=PAYMENTS)


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


def test_extra_cells_beyond_the_header_are_a_row_problem(tmp_path):
    rows = [GUIDE_PAYMENTS[0], [*GUIDE_PAYMENTS[1], "лишнее"]]
    _, records = _read(write_csv(tmp_path / "payments.csv", rows))
    assert "проверьте разделители" in str(records[0][2][0])


def test_deleted_row_needs_only_its_key(tmp_path):
    rows = [
        [*GUIDE_PAYMENTS[0], "deleted"],
        ["P-1", "", "", "", "", "", "", "", "1"],
        ["", "", "", "", "", "", "", "", "1"],
    ]
    _, records = _read(write_csv(tmp_path / "payments.csv", rows))
    assert records[0][1] == {"deleted": True, "external_id": "P-1"} and records[0][2] == []
    assert "Код" in str(records[1][2][0])


def test_kind_from_file_name():
    assert kind_for_filename("payments_2015-04-17.csv") == "payments"
    assert kind_for_filename("Payments.xlsx") == "payments"
    assert kind_for_filename("payment_terms.csv") == "payment_terms"
    assert kind_for_filename("PAYMENT_TERMS-2015.xlsx") == "payment_terms"
    assert kind_for_filename("paymentsheet.csv") is None
    assert kind_for_filename("report.csv") is None


def test_delimiter_detection_ignores_quoted_text():
    assert detect_delimiter('"a;b",c,d\r\n') == ","
    assert detect_delimiter("a\tb\tc") == "\t"
    assert detect_delimiter("Код;№ договора") == ";"
