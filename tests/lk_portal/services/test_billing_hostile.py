"""Hostile and broken billing files (issue 12, items 1 and 5): each ends refused with a reason in Russian,
the run goes on with the next file, memory stays bounded."""

import codecs
import logging
import os
import time
import tracemalloc
import zipfile

import pytest
from openpyxl import Workbook

from lk_portal.models import ImportRun, Payment
from lk_portal.services import billing_import
from lk_portal.services.billing_drop import billing_drop_folder_import
from lk_portal.services.billing_import import billing_package_import
from tests.factories import ContractFactory
from tests.lk_portal.exchange.helpers import GUIDE_PAYMENTS, write_csv

pytestmark = pytest.mark.django_db

HEADER = ";".join(GUIDE_PAYMENTS[0])
ROW = ";".join(GUIDE_PAYMENTS[1])


def _import(*paths):
    return billing_package_import(paths=list(paths), source=ImportRun.SOURCE_COMMAND)


def _texts(run):
    return [error["text"] for error in run.errors]


def _aged(path):
    past = time.time() - 3600
    os.utime(path, (past, past))
    return path


@pytest.fixture
def contract(db):
    return ContractFactory(number="05 Т")


def test_bom_then_windows_1251_is_refused_with_its_line_and_the_night_goes_on(tmp_path, contract):
    drop = tmp_path / "import"
    drop.mkdir()
    good = _aged(write_csv(drop / "payments_1.csv", GUIDE_PAYMENTS))
    mixed = codecs.BOM_UTF8 + (HEADER + "\r\n").encode() + (ROW.replace("P-86", "P-99") + "\r\n").encode("cp1251")
    bad = drop / "payments_2.csv"
    bad.write_bytes(mixed)
    _aged(bad)
    run = billing_drop_folder_import(directory=drop, min_age_seconds=60)
    assert run.status == ImportRun.PARTIAL
    assert (drop / "done" / good.name).exists() and (drop / "failed" / bad.name).exists()
    report = (drop / "failed" / "payments_2.csv.errors.txt").read_text(encoding="utf-8")
    assert "строка 2: байты не в кодировке UTF-8, хотя файл начат в UTF-8" in report
    assert Payment.objects.count() == 2
    assert run.files[0]["sha256"] and run.files[0]["origin_sha256"]  # the good file is known: not read again


def test_utf8_header_with_one_windows_1251_row_names_the_row(tmp_path, contract):
    path = tmp_path / "payments.csv"
    rows = [HEADER, ROW, ROW.replace("P-86", "P-87").replace("Аванс", "Аванс")]
    path.write_bytes((rows[0] + "\n" + rows[1] + "\n").encode() + (rows[2] + "\n").encode("cp1251"))
    run = _import(path)
    assert run.status == ImportRun.FAILED
    text = " ".join(_texts(run))
    assert "строка 3: байты не в кодировке UTF-8, хотя файл начат в UTF-8" in text
    assert "нет обязательн" not in text


def test_xlsx_formula_without_a_saved_value_is_named_by_its_cell(tmp_path, contract):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(GUIDE_PAYMENTS[0])
    for row in GUIDE_PAYMENTS[1:]:
        sheet.append(row)
    sheet["F3"] = "=1+1"  # openpyxl saves no value for a formula, as a generator of files may
    path = tmp_path / "payments.xlsx"
    workbook.save(path)
    run = _import(path)
    assert run.status == ImportRun.FAILED
    text = " ".join(_texts(run))
    assert "ячейка F3 содержит формулу без сохраненного значения — сохраните файл в Excel заново" in text
    assert "обязательное значение не заполнено" not in text


def test_an_unexpected_exception_ends_its_file_only(tmp_path, contract, monkeypatch, caplog):
    real = billing_import._apply_whole

    def exploding(path, *args):
        if path.name.startswith("payments_broken"):
            raise ZeroDivisionError("a bug")
        return real(path, *args)

    monkeypatch.setattr(billing_import, "_apply_whole", exploding)
    good = write_csv(tmp_path / "payments_1.csv", GUIDE_PAYMENTS)
    broken = write_csv(tmp_path / "payments_broken.csv", [GUIDE_PAYMENTS[0], GUIDE_PAYMENTS[2]])
    with caplog.at_level(logging.ERROR):
        run = _import(broken, good)
    assert run.status == ImportRun.PARTIAL
    assert any("внутренняя ошибка при обработке файла payments_broken.csv" in text for text in _texts(run))
    assert Payment.objects.count() == 2
    assert any(record.exc_info and "payments_broken.csv" in record.getMessage() for record in caplog.records)


def test_a_million_columns_are_refused_in_little_memory(tmp_path, contract):
    path = tmp_path / "payments.csv"
    path.write_bytes((HEADER + ";x" * 1_000_000 + "\n" + ROW + "\n").encode())
    tracemalloc.start()
    try:
        run = _import(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert "в заголовке больше" in _texts(run)[0] and "допустимо не больше 200" in _texts(run)[0]
    assert peak < 50 * 1024 * 1024
    assert len(str(run.errors)) < 2000


def test_header_width_limit_in_xlsx(tmp_path, contract, settings):
    settings.LK_IMPORT_MAX_COLUMNS = 9
    workbook = Workbook()
    workbook.active.append([*GUIDE_PAYMENTS[0], "Лишний", "Еще"])
    path = tmp_path / "payments.xlsx"
    workbook.save(path)
    assert "в заголовке 10 столбцов, допустимо не больше 9" in _texts(_import(path))[0]


def test_one_line_of_megabytes_is_refused_in_russian(tmp_path, contract):
    path = tmp_path / "payments.csv"
    path.write_bytes(b"x" * (3 * 1024 * 1024))  # 3 MB without a line break (the 200 MB, smaller)
    tracemalloc.start()
    try:
        run = _import(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    text = _texts(run)[0]
    assert "строка 1 длиннее 200 000 символов" in text and "field" not in text
    assert peak < 50 * 1024 * 1024


def test_a_cell_over_the_limit_is_refused_in_russian(tmp_path, contract, settings):
    settings.LK_IMPORT_MAX_CELL_CHARS = 1000
    long_row = ROW.replace("Оплата услуг", '"' + "Оплата\n" * 300 + '"')
    path = tmp_path / "payments.csv"
    path.write_text(HEADER + "\n" + long_row + "\n", encoding="utf-8")
    text = _texts(_import(path))[0]
    assert "значение длиннее 1 000 символов" in text and "field" not in text


def test_rows_beyond_the_limit(tmp_path, contract, settings):
    settings.LK_IMPORT_MAX_ROWS = 1
    run = _import(write_csv(tmp_path / "payments.csv", GUIDE_PAYMENTS))
    assert "в файле больше 1 строк данных" in _texts(run)[0]
    assert Payment.objects.count() == 0


def test_file_size_limit(tmp_path, contract, settings):
    settings.LK_IMPORT_MAX_FILE_BYTES = 100
    run = _import(write_csv(tmp_path / "payments.csv", GUIDE_PAYMENTS))
    assert "больше допустимого (0,1 КБ)" in _texts(run)[0]


def test_zip_bomb_is_refused_before_unpacking(tmp_path, contract):
    path = tmp_path / "april.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("payments.csv", (HEADER + "\n").encode() + b" " * (30 * 1024 * 1024))
    assert path.stat().st_size < 100 * 1024
    tracemalloc.start()
    try:
        run = _import(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert "архив сжат в" in _texts(run)[0] and "раз" in _texts(run)[0]
    assert peak < 20 * 1024 * 1024


def test_zip_members_and_unpacked_size(tmp_path, contract, settings):
    path = tmp_path / "april.zip"
    with zipfile.ZipFile(path, "w") as archive:
        for index in range(3):
            archive.writestr(f"payments_{index}.csv", "x" * 5000)
    settings.LK_IMPORT_MAX_ZIP_MEMBERS = 2
    assert "в архиве 3 файлов, допустимо не больше 2" in _texts(_import(path))[0]
    settings.LK_IMPORT_MAX_ZIP_MEMBERS = 100
    settings.LK_IMPORT_MAX_UNPACKED_BYTES = 10_000
    assert "архив распаковывается в 14,6 КБ, допустимо не больше 9,8 КБ" in _texts(_import(path))[0]


def _xlsx_with_shared_strings(path, rows):
    """An XLSX whose texts are shared strings, as Excel writes them (openpyxl writes inline ones)."""
    strings = sorted({str(cell) for row in rows for cell in row})
    index = {text: number for number, text in enumerate(strings)}
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    cells = "".join(
        f'<row r="{r}">'
        + "".join(f'<c r="{chr(65 + c)}{r}" t="s"><v>{index[str(v)]}</v></c>' for c, v in enumerate(row))
        + "</row>"
        for r, row in enumerate(rows, start=1)
    )
    sst = "".join(f"<si><t>{text}</t></si>" for text in strings)
    parts = {
        "[Content_Types].xml": (
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            '<Override PartName="/xl/sharedStrings.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
            "</Types>"
        ),
        "_rels/.rels": (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            f'<workbook xmlns="{main}" xmlns:r="{rel}"><sheets>'
            '<sheet name="Лист1" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{rel}/sharedStrings" Target="sharedStrings.xml"/></Relationships>'
        ),
        "xl/worksheets/sheet1.xml": f'<worksheet xmlns="{main}"><sheetData>{cells}</sheetData></worksheet>',
        "xl/sharedStrings.xml": f'<sst xmlns="{main}" count="{len(strings)}">{sst}</sst>',
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return path


def test_xlsx_shared_strings_long_and_too_many(tmp_path, contract, settings):
    path = _xlsx_with_shared_strings(tmp_path / "payments.xlsx", GUIDE_PAYMENTS)
    assert _import(path).status == ImportRun.OK  # as Excel writes it, it is read
    Payment.objects.all().delete()
    settings.LK_IMPORT_MAX_SHARED_STRINGS = 5
    assert "в файле XLSX больше 5 разных текстов" in _texts(_import(path))[0]
    settings.LK_IMPORT_MAX_SHARED_STRINGS = 1000
    settings.LK_IMPORT_MAX_SHARED_CHARS = 100
    assert "тексты файла XLSX длиннее 100 символов в сумме" in _texts(_import(path))[0]
    settings.LK_IMPORT_MAX_SHARED_CHARS = 1_000_000
    long = [GUIDE_PAYMENTS[0], [*GUIDE_PAYMENTS[1][:7], "Я" * 5000]]
    settings.LK_IMPORT_MAX_CELL_CHARS = 1000
    run = _import(_xlsx_with_shared_strings(tmp_path / "payments_long.xlsx", long))
    assert "в файле XLSX есть значение, которое длиннее 1 000 символов" in _texts(run)[0]


def test_xlsx_long_inline_string(tmp_path, contract, settings):
    workbook = Workbook()
    workbook.active.append(GUIDE_PAYMENTS[0])
    workbook.active.append([*GUIDE_PAYMENTS[1][:7], "Я" * 5000])
    path = tmp_path / "payments.xlsx"
    workbook.save(path)
    settings.LK_IMPORT_MAX_CELL_CHARS = 1000
    assert "ячейка H2 длиннее 1 000 символов" in _texts(_import(path))[0]


def test_xlsx_with_rows_beyond_the_limit(tmp_path, contract, settings):
    settings.LK_IMPORT_MAX_ROWS = 1
    workbook = Workbook()
    for row in GUIDE_PAYMENTS:
        workbook.active.append(row)
    path = tmp_path / "payments.xlsx"
    workbook.save(path)
    assert "на листе больше 1 строк данных" in _texts(_import(path))[0]


def test_unknown_columns_reported_once_and_warnings_capped(tmp_path, contract, settings):
    settings.LK_IMPORT_MAX_WARNINGS = 2
    header = [*GUIDE_PAYMENTS[0], "Лишний", "Лишний", "Другой", "Третий", "Четвертый"]
    rows = [header, *[[*row, "", "", "", "", ""] for row in GUIDE_PAYMENTS[1:]]]
    run = _import(write_csv(tmp_path / "payments.csv", rows))
    assert run.status == ImportRun.OK
    texts = [warning["text"] for warning in run.warnings]
    assert texts[0].endswith("неизвестный столбец «Лишний» пропущен")
    assert len(texts) == 3 and "и еще предупреждений: 2" in texts[2]
    assert run.files[0]["warnings"] == 4


def test_admin_upload_of_a_mixed_encoding_file_answers_with_the_reason(
    client, django_user_model, contract, monkeypatch
):
    monkeypatch.setattr("lk_portal.services.billing_upload.transaction.on_commit", lambda function, **kw: function())
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    client.force_login(django_user_model.objects.create_superuser("boss", "boss@example.ru", "x"))
    content = codecs.BOM_UTF8 + (HEADER + "\r\n").encode() + (ROW + "\r\n").encode("cp1251")
    response = client.post(
        reverse("lk_billing_import_upload"), {"files": [SimpleUploadedFile("payments.csv", content)]}, follow=True
    )
    assert response.status_code == 200
    assert "байты не в кодировке UTF-8, хотя файл начат в UTF-8" in response.content.decode()
