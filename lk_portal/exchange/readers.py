"""Reading a billing file (CSV or XLSX) into checked records, without touching the database.

`read_file` streams the rows of one file: it detects the encoding and the delimiter of a
CSV, takes the first sheet of an XLSX, maps the header to the columns of the file's kind
and parses every cell. Problems a person can fix are reported with the file, row, column,
value and reason in Russian; a file that cannot be read at all raises `FileRefused`.
"""

import codecs
import csv
import datetime
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .columns import Column, FileKind, normalize_title

__all__ = ["FileRefused", "Problem", "TableFile", "read_file", "detect_encoding", "detect_delimiter"]

SAMPLE_SIZE = 64 * 1024
CSV_FIELD_LIMIT = 1024 * 1024


class FileRefused(Exception):
    """The file cannot be read at all; the message says why, in Russian."""


@dataclass(frozen=True)
class Problem:
    """One wrong value (or row) of a file."""

    file: str
    row: int | None
    column: str | None
    value: str | None
    message: str

    def __str__(self) -> str:
        parts = [f"Файл «{self.file}»"]
        if self.row is not None:
            parts.append(f"строка {self.row}")
        if self.column:
            parts.append(f"столбец «{self.column}»")
        if self.value is not None:
            parts.append(f"значение «{_shorten(self.value)}»")
        return ", ".join(parts) + f": {self.message}"

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "row": self.row,
            "column": self.column,
            "value": None if self.value is None else _shorten(self.value),
            "message": self.message,
            "text": str(self),
        }


def _shorten(text: str, limit: int = 200) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime) and value.time() == datetime.time(0):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return value.strftime("%d.%m.%Y")
    return str(value)


# --- CSV -------------------------------------------------------------------------------------

_BINARY_SIGNATURES = (
    (b"PK\x03\x04", "это архив ZIP или файл XLSX, а не текст CSV (файл XLSX должен называться .xlsx)"),
    (b"\xd0\xcf\x11\xe0", "это файл Excel 97–2003 (XLS), а не CSV; сохраните его как XLSX или CSV"),
    (b"%PDF", "это документ PDF, а не текст CSV"),
    (b"\xff\xfe", "кодировка UTF-16 не поддерживается; сохраните файл в UTF-8 или Windows-1251"),
    (b"\xfe\xff", "кодировка UTF-16 не поддерживается; сохраните файл в UTF-8 или Windows-1251"),
    (b"\x1f\x8b", "это сжатый файл (gzip), а не текст CSV"),
)


def detect_encoding(path: Path) -> str:
    """'utf-8-sig' with a BOM; 'utf-8' when every byte decodes as UTF-8; else 'cp1251'."""
    with open(path, "rb") as handle:
        head = handle.read(SAMPLE_SIZE)
        if head.startswith(codecs.BOM_UTF8):
            return "utf-8-sig"
        decoder = codecs.getincrementaldecoder("utf-8")()
        chunk = head
        try:
            while chunk:
                decoder.decode(chunk)
                chunk = handle.read(4 * 1024 * 1024)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return "cp1251"
    return "utf-8"


def detect_delimiter(header_line: str) -> str:
    """The delimiter that splits the header most: ';', tab or ',' (quoted text is not counted)."""
    counts = {";": 0, "\t": 0, ",": 0}
    quoted = False
    for char in header_line:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in counts:
            counts[char] += 1
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ";"


def _check_not_binary(path: Path) -> None:
    with open(path, "rb") as handle:
        head = handle.read(SAMPLE_SIZE)
    if not head.strip(b" \t\r\n" + codecs.BOM_UTF8):
        raise FileRefused("файл пуст")
    for signature, message in _BINARY_SIGNATURES:
        if head.startswith(signature):
            raise FileRefused(message)
    if b"\x00" in head:
        raise FileRefused("это двоичный файл, а не текст CSV")
    controls = sum(1 for byte in head if byte < 32 and byte not in (9, 10, 13))
    if controls > len(head) // 100 + 2:
        raise FileRefused("это двоичный файл, а не текст CSV")


def _csv_rows(path: Path) -> Iterator[list[str]]:
    _check_not_binary(path)
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


# --- Records ---------------------------------------------------------------------------------


@dataclass
class TableFile:
    """The header of a file as mapped to its kind, plus what was noticed about it."""

    name: str
    kind: FileKind
    titles: dict[str, str] = field(default_factory=dict)  # column key → the title as written in the file
    warnings: list[str] = field(default_factory=list)
    positions: list[tuple[int, Column]] = field(default_factory=list)
    width: int = 0

    def title(self, key: str) -> str:
        return self.titles.get(key) or self.kind.column(key).label


def _map_header(table: TableFile, cells) -> None:
    header = table.kind.header_map()
    seen: dict[str, str] = {}
    for index, cell in enumerate(cells):
        written = _cell_text(cell).strip()
        if not written:
            continue
        column = header.get(normalize_title(written))
        if column is None:
            table.warnings.append(f"Файл «{table.name}»: неизвестный столбец «{written}» пропущен")
            continue
        if column.key in seen:
            raise FileRefused(
                f"столбец «{column.label}» ({column.key}) указан дважды: «{seen[column.key]}» и «{written}»"
            )
        seen[column.key] = written
        table.positions.append((index, column))
    table.titles = seen
    table.width = len(cells)
    missing = [column for column in table.kind.columns if column.required and column.key not in seen]
    if missing:
        names = ", ".join(f"«{column.label}» ({column.key})" for column in missing)
        raise FileRefused(
            f"нет обязательного столбца: {names}" if len(missing) == 1 else f"нет обязательных столбцов: {names}"
        )


def open_rows(path: Path) -> Iterator:
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
    name = name or path.name
    table = TableFile(name=name, kind=kind)
    rows = open_rows(path)
    try:
        header = next(rows)
    except StopIteration:
        raise FileRefused("файл пуст") from None
    _map_header(table, header)
    return table, _records(table, rows)


def _is_blank(cells) -> bool:
    try:
        joined = "".join(cells)
    except TypeError:  # XLSX cells: numbers, dates, None
        return not any(_cell_text(cell).strip() for cell in cells)
    return not joined or joined.isspace()


def _too_long(max_length: int, value: str) -> str:
    return f"слишком длинное значение: {len(value)} символов, допустимо не больше {max_length}"


def _records(table: TableFile, rows: Iterator) -> Iterator[tuple[int, dict, list[Problem]]]:
    name = table.name
    width = table.width
    key_columns = set(table.kind.key) or {"contract_no"}
    plan = [
        (index, column.key, column.parse, column.required, column.max_length, table.title(column.key))
        for index, column in table.positions
        if column.key != "deleted"
    ]
    deleted_plan = next(((i, c.parse, table.title(c.key)) for i, c in table.positions if c.key == "deleted"), None)
    no_problems: list[Problem] = []
    for number, cells in enumerate(rows, start=2):
        count = len(cells)
        if _is_blank(cells):
            continue
        problems = no_problems
        if count > width and any(_cell_text(cell).strip() for cell in cells[width:]):
            problems = [
                Problem(
                    name,
                    number,
                    None,
                    None,
                    f"в строке {count} значений, а в заголовке {width} столбцов; проверьте разделители и кавычки",
                )
            ]
        deleted = False
        if deleted_plan is not None:
            index, parse, title = deleted_plan
            raw = cells[index] if index < count else None
            try:
                deleted = parse(raw)
            except ValueError as error:
                problems = [*problems, Problem(name, number, title, _cell_text(raw), str(error))]
        record: dict[str, Any] = {"deleted": deleted}
        for index, key, parse, required, max_length, title in plan:
            raw = cells[index] if index < count else None
            if raw.__class__ is str:
                raw = raw.strip()
                if not raw:
                    raw = None
                elif max_length is not None and not deleted:
                    if len(raw) > max_length:
                        problems = [*problems, Problem(name, number, title, raw, _too_long(max_length, raw))]
                    else:
                        record[key] = raw
                    continue
            if raw is None:
                if required and (not deleted or key in key_columns):
                    problems = [*problems, Problem(name, number, title, "", "обязательное значение не заполнено")]
                continue
            if deleted and key not in key_columns:
                continue
            try:
                record[key] = parse(raw)
            except ValueError as error:
                problems = [*problems, Problem(name, number, title, _cell_text(raw), str(error))]
        yield number, record, problems
