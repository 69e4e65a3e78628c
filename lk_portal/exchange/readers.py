"""Reading a billing file (CSV or XLSX) into checked records, without touching the database.

`read_file` streams the rows of one file: it checks that a CSV is text and detects its encoding
and delimiter (sniff.py), takes the first sheet of an XLSX, maps the header to the columns of
the file's kind (header.py) and parses every cell (records.py). Problems a person can fix are
reported with the file, row, column, value and reason in Russian; a file that cannot be read at
all raises `FileRefused`.
"""

import csv
import zipfile
from collections.abc import Iterator
from pathlib import Path

from .columns import FileKind
from .header import TableFile, read_header
from .problems import FileRefused
from .records import RecordReader
from .sniff import check_not_binary, detect_delimiter, detect_encoding

__all__ = ["CSV_FIELD_LIMIT", "open_rows", "read_file"]

CSV_FIELD_LIMIT = 1024 * 1024


# --- CSV -------------------------------------------------------------------------------------


def _csv_rows(path: Path) -> Iterator[list[str]]:
    check_not_binary(path)
    encoding = detect_encoding(path)
    with open(path, encoding=encoding, newline="", errors="strict") as text:
        first_line = text.readline()
        delimiter = detect_delimiter(first_line)
        text.seek(0)
        csv.field_size_limit(CSV_FIELD_LIMIT)
        reader = csv.reader(text, delimiter=delimiter, strict=True)
        record = 0
        try:
            for record, row in enumerate(reader, start=1):  # noqa: B007 - used in the error below
                yield row
        except csv.Error as error:
            raise FileRefused(
                f"нарушены правила кавычек CSV около строки {reader.line_num}: {error}; "
                "значение с разделителем или кавычкой должно быть в двойных кавычках, а кавычка внутри — удвоена"
            ) from None
        except UnicodeDecodeError:
            raise FileRefused(f"файл не в кодировке UTF-8 или Windows-1251 (ошибка в строке {record + 1})") from None


# --- XLSX ------------------------------------------------------------------------------------


def _xlsx_rows(path: Path) -> Iterator[tuple]:
    from openpyxl import load_workbook

    with open(path, "rb") as handle:
        head = handle.read(4)
    if not head:
        raise FileRefused("файл пуст")
    if head != b"PK\x03\x04":
        raise FileRefused("это не файл XLSX (Excel 2007 и новее); файлы XLS сохраните как XLSX или CSV")
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, OSError, EOFError, ValueError) as error:
        raise FileRefused(f"файл XLSX поврежден или загружен не полностью ({type(error).__name__})") from None
    except Exception as error:  # noqa: BLE001 - openpyxl raises many kinds on broken files
        raise FileRefused(f"файл XLSX не читается ({type(error).__name__}: {error})") from None
    try:
        if not workbook.worksheets:
            raise FileRefused("в файле XLSX нет листов")
        sheet = workbook.worksheets[0]
        if hasattr(sheet, "reset_dimensions"):
            sheet.reset_dimensions()  # some writers store wrong dimensions; read what is there
        try:
            yield from sheet.iter_rows(values_only=True)
        except (zipfile.BadZipFile, EOFError, OSError, KeyError, ValueError) as error:
            raise FileRefused(f"файл XLSX поврежден или загружен не полностью ({type(error).__name__})") from None
    finally:
        workbook.close()


# --- Rows of either ----------------------------------------------------------------------------


def open_rows(path: Path) -> Iterator:
    """The rows of a CSV file (lists of text) or of an XLSX file's first sheet (tuples of cell values)."""
    suffix = path.suffix.casefold()
    if suffix == ".csv":
        return _csv_rows(path)
    if suffix == ".xlsx":
        return _xlsx_rows(path)
    raise FileRefused("формат файла не поддерживается: ожидается .csv или .xlsx")


def read_file(path: Path, *, kind: FileKind, name: str | None = None) -> tuple[TableFile, Iterator]:
    """Open a file and map its header; returns the table and an iterator of parsed rows.

    Each item of the iterator is `(row_number, record, problems)`: `record` maps column keys to
    parsed values (absent or None = no value; `deleted` always present), `problems` lists
    what is wrong in the row (then the record must not be applied). Row numbers count the
    header as row 1, as a spreadsheet shows them. Raises FileRefused when the file as a
    whole cannot be read (also lazily, from the iterator, for a fault found mid-file).
    """
    rows = open_rows(path)
    try:
        header = next(rows)
    except StopIteration:
        raise FileRefused("файл пуст") from None
    table = read_header(header, kind=kind, name=name or path.name)
    return table, RecordReader(table).records(rows)
