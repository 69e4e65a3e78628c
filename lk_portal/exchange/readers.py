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
from .limits import DEFAULTS, Limits, current_limits
from .limits import number as number_text
from .problems import FileRefused
from .records import RecordReader
from .sniff import check_not_binary, detect_delimiter, detect_encoding
from .xlsx_check import FormulaWithoutValue, check_xlsx, column_letter

__all__ = ["CSV_FIELD_LIMIT", "open_rows", "read_file"]

CSV_FIELD_LIMIT = DEFAULTS.cell_chars  # the fast path's own check; the Python reader reads the setting


# --- CSV -------------------------------------------------------------------------------------


def _limited_lines(text, limit: int) -> Iterator[str]:
    """The physical lines of a text file, each read with at most `limit` characters; FileRefused for a longer one."""
    readline, number = text.readline, 0
    while line := readline(limit + 1):
        number += 1
        if len(line) > limit:
            raise FileRefused(
                f"строка {number} длиннее {number_text(limit)} символов: в файле нет переводов строк "
                "или в нем значение длиннее допустимого"
            )
        yield line


def _csv_rows(path: Path) -> Iterator[list[str]]:
    limits = current_limits()
    check_not_binary(path)
    encoding = detect_encoding(path)
    with open(path, encoding=encoding, newline="", errors="strict") as text:
        try:
            first_line = text.readline(limits.line_chars + 1)
        except UnicodeDecodeError:
            raise FileRefused("строка 1: файл не в кодировке UTF-8 или Windows-1251") from None
        delimiter = detect_delimiter(first_line)
        cells = first_line.count(delimiter) + 1
        if cells > limits.columns:
            raise FileRefused(_too_many_columns(cells, limits.columns, at_least=not first_line.endswith("\n")))
        text.seek(0)
        csv.field_size_limit(limits.cell_chars)
        reader = csv.reader(_limited_lines(text, limits.line_chars), delimiter=delimiter, strict=True)
        record, most = 0, limits.rows + 1  # the header and the data rows
        try:
            for record, row in enumerate(reader, start=1):  # noqa: B007 - used in the error below
                if record > most:
                    raise FileRefused(f"в файле больше {number_text(limits.rows)} строк данных")
                yield row
        except csv.Error as error:
            if "field larger than field limit" in str(error):
                raise FileRefused(
                    f"строка {reader.line_num}: значение длиннее {number_text(limits.cell_chars)} символов"
                ) from None
            raise FileRefused(
                f"нарушены правила кавычек CSV около строки {reader.line_num}: {_csv_reason(error)}; "
                "значение с разделителем или кавычкой должно быть в двойных кавычках, а кавычка внутри — удвоена"
            ) from None
        except UnicodeDecodeError:
            raise FileRefused(f"файл не в кодировке UTF-8 или Windows-1251 (ошибка в строке {record + 1})") from None


_CSV_REASONS = {
    "unexpected end of data": "файл кончается внутри кавычек",
    "new-line character seen in unquoted field": "перевод строки посреди значения без кавычек",
    "NUL": "в строке нулевой байт",
}


def _csv_reason(error: csv.Error) -> str:
    text = str(error)
    for english, russian in _CSV_REASONS.items():
        if english in text:
            return russian
    if "expected" in text and "after" in text:
        return "после закрывающей кавычки должен идти разделитель"
    return "значение с кавычками записано неверно"


def _too_many_columns(count: int, limit: int, *, at_least: bool = False) -> str:
    counted = f"больше {number_text(count)}" if at_least else number_text(count)
    return f"в заголовке {counted} столбцов, допустимо не больше {number_text(limit)}; проверьте разделители"


# --- XLSX ------------------------------------------------------------------------------------


def _xlsx_rows(path: Path) -> Iterator[tuple]:
    from openpyxl import load_workbook

    limits = current_limits()
    with open(path, "rb") as handle:
        head = handle.read(4)
    if not head:
        raise FileRefused("файл пуст")
    if head != b"PK\x03\x04":
        raise FileRefused("это не файл XLSX (Excel 2007 и новее); файлы XLS сохраните как XLSX или CSV")
    facts = check_xlsx(path, limits)
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
        formulas = facts.formulas.get(str(getattr(sheet, "_worksheet_path", "")).lstrip("/"), set())
        try:
            yield from _sheet_rows(sheet.iter_rows(values_only=True), limits, formulas)
        except (zipfile.BadZipFile, EOFError, OSError, KeyError, ValueError) as error:
            raise FileRefused(f"файл XLSX поврежден или загружен не полностью ({type(error).__name__})") from None
    finally:
        workbook.close()


def _sheet_rows(rows: Iterator[tuple], limits: Limits, formulas: set[tuple[int, int]]) -> Iterator[tuple]:
    """The sheet's rows within the limits; a formula without a saved value in place of its None."""
    by_row: dict[int, list[int]] = {}
    for row_number, column in formulas:
        by_row.setdefault(row_number, []).append(column)
    most = limits.rows + 1
    for number, row in enumerate(rows, start=1):
        if number > most:
            raise FileRefused(f"на листе больше {number_text(limits.rows)} строк данных")
        if len(row) > limits.columns:
            row = _without_empty_tail(row)
            if len(row) > limits.columns:
                if number == 1:
                    raise FileRefused(_too_many_columns(len(row), limits.columns))
                raise FileRefused(
                    f"строка {number}: заполнена ячейка {column_letter(len(row))}{number}, "
                    f"а столбцов допустимо не больше {number_text(limits.columns)}"
                )
        if number in by_row:
            cells = list(row)
            for column in by_row[number]:
                if column <= len(cells) and cells[column - 1] is None:
                    cells[column - 1] = FormulaWithoutValue(f"{column_letter(column)}{number}")
            row = tuple(cells)
        yield row


def _without_empty_tail(row: tuple) -> tuple:
    end = len(row)
    while end and (row[end - 1] is None or row[end - 1] == ""):
        end -= 1
    return row[:end]


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
