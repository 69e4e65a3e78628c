"""domain/request_files.py: a file is what its content is, whatever its name says."""

import pytest

from lk_portal.domain.request_files import clean_name, file_check, file_kind, size_text
from lk_portal.domain.requests import RequestError
from tests.support.files import (
    JPEG_BYTES,
    PDF_BYTES,
    PNG_BYTES,
    docx_bytes,
    plain_zip_bytes,
    xlsm_bytes,
    xlsx_bytes,
)

LIMIT = 10 * 1024 * 1024


@pytest.mark.parametrize(
    ("data", "code"),
    [(PDF_BYTES, "pdf"), (PNG_BYTES, "png"), (JPEG_BYTES, "jpeg"), (xlsx_bytes(), "xlsx"), (docx_bytes(), "docx")],
)
def test_each_allowed_kind_by_its_content(data, code):
    assert file_kind(data).code == code


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("счет.pdf", "Это текстовый файл, переименованный в .pdf".encode()),
        ("акт.xlsx", plain_zip_bytes()),  # a zip, not a workbook
        ("макрос.xlsx", xlsm_bytes()),  # a macro-enabled workbook
        ("script.png", b"<script>alert(1)</script>"),
        ("программа.docx", b"MZ\x90\x00" + b"\x00" * 60),
        ("битый.xlsx", b"PK\x03\x04garbage"),
    ],
)
def test_renamed_files_are_refused_by_their_content(name, data):
    with pytest.raises(RequestError) as refused:
        file_check(name=name, data=data, max_bytes=LIMIT)
    assert refused.value.code == "file_type"
    assert f"Файл «{name}» не принят" in refused.value.message and "PDF, JPEG, PNG, XLSX, DOCX" in refused.value.message


def test_a_file_keeps_its_name_with_the_extension_of_what_it_is():
    assert file_check(name="C:\\Users\\me\\Скан акта.PDF", data=PDF_BYTES, max_bytes=LIMIT)[1] == "Скан акта.PDF"
    assert file_check(name="фото.pdf", data=PNG_BYTES, max_bytes=LIMIT)[1] == "фото.pdf.png"
    assert clean_name('../../etc/pa"ss', file_kind(PDF_BYTES)) == "pa_ss.pdf"


def test_size_and_emptiness():
    with pytest.raises(RequestError) as refused:
        file_check(name="big.pdf", data=PDF_BYTES + b"0" * LIMIT, max_bytes=LIMIT)
    assert refused.value.code == "file_too_large" and "10 МБ" in refused.value.message
    with pytest.raises(RequestError) as refused:
        file_check(name="empty.pdf", data=b"", max_bytes=LIMIT)
    assert refused.value.code == "file_empty"
    assert size_text(512 * 1024) == "512 КБ" and size_text(1536 * 1024) == "1,5 МБ"
