"""What a CSV file is before it is read (lk_portal/exchange/sniff.py)."""

import pytest

from lk_portal.exchange.problems import FileRefused
from lk_portal.exchange.sniff import SAMPLE_SIZE, check_not_binary, detect_delimiter, detect_encoding

from .helpers import GUIDE_PAYMENTS, write_csv, write_xlsx


def test_binary_file_named_csv_is_refused(tmp_path):
    path = tmp_path / "payments.csv"
    path.write_bytes(bytes(range(256)) * 10)
    with pytest.raises(FileRefused, match="двоичный файл"):
        check_not_binary(path)


def test_xlsx_named_csv_is_refused_with_a_hint(tmp_path):
    path = write_xlsx(tmp_path / "x.xlsx", GUIDE_PAYMENTS)
    renamed = path.rename(tmp_path / "payments.csv")
    with pytest.raises(FileRefused, match="XLSX"):
        check_not_binary(renamed)


@pytest.mark.parametrize(
    ("head", "message"),
    [
        (b"", "файл пуст"),
        (b"\xef\xbb\xbf \r\n", "файл пуст"),
        (b"%PDF-1.4", "документ PDF"),
        (b"\xff\xfeK\x00", "UTF-16"),
        (b"\x1f\x8b\x08", "gzip"),
    ],
)
def test_what_is_not_csv_text_is_refused_with_its_reason(tmp_path, head, message):
    path = tmp_path / "payments.csv"
    path.write_bytes(head)
    with pytest.raises(FileRefused, match=message):
        check_not_binary(path)


def test_a_text_file_passes(tmp_path):
    check_not_binary(write_csv(tmp_path / "payments.csv", GUIDE_PAYMENTS, encoding="cp1251"))


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1251"])
def test_the_encoding_of_the_guide_rows(tmp_path, encoding):
    assert detect_encoding(write_csv(tmp_path / "payments.csv", GUIDE_PAYMENTS, encoding=encoding)) == encoding


def test_a_utf8_head_with_windows_1251_further_on_is_windows_1251_unless_the_head_alone_is_asked(tmp_path):
    path = tmp_path / "payments.csv"
    path.write_bytes(b"x" * SAMPLE_SIZE + "Аванс\n".encode("cp1251"))
    assert detect_encoding(path) == "cp1251"
    assert detect_encoding(path, head_only=True) == "utf-8"


def test_a_character_cut_at_the_end_of_the_head_is_still_utf8(tmp_path):
    path = tmp_path / "payments.csv"
    path.write_bytes(b"x" * (SAMPLE_SIZE - 1) + "Ж".encode())
    assert detect_encoding(path, head_only=True) == "utf-8" == detect_encoding(path)


def test_delimiter_detection_ignores_quoted_text():
    assert detect_delimiter('"a;b",c,d\r\n') == ","
    assert detect_delimiter("a\tb\tc") == "\t"
    assert detect_delimiter("Код;№ договора") == ";"
    assert detect_delimiter("Код") == ";"
