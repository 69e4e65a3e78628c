"""An XLSX file looked over before openpyxl reads it: its parts' sizes, its texts' lengths, its formulas.

openpyxl reads every shared string into memory as it opens a workbook, and builds each cell's
text whole; a hostile file (a zip bomb, one cell of 200 MB, millions of strings) would take
gigabytes. `check_xlsx` reads the archive's parts with expat, streaming, holding no text: it
refuses a part that unpacks beyond the limits, a text longer than a cell may be, too many shared
strings, rows beyond the limit; and it lists the cells that hold a formula without a saved value
(openpyxl reads those as empty), so that the reader can name them.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.parsers import expat

from .limits import Limits, megabytes, number
from .problems import FileRefused

__all__ = ["FORMULA_WITHOUT_VALUE", "FormulaWithoutValue", "XlsxFacts", "check_xlsx", "column_letter"]

FORMULA_WITHOUT_VALUE = "содержит формулу без сохраненного значения — сохраните файл в Excel заново"
MAX_PARTS = 10_000
MAX_FORMULA_CELLS = 1000  # listed per sheet; more are still refused, as empty values
READ_SIZE = 1024 * 1024


@dataclass
class XlsxFacts:
    """What the look found: per worksheet part, the cells (row, column) with a formula and no value."""

    formulas: dict[str, set[tuple[int, int]]] = field(default_factory=dict)


class FormulaWithoutValue:
    """A cell that holds a formula Excel never calculated and saved: in a row, in place of openpyxl's None."""

    __slots__ = ("coordinate",)

    def __init__(self, coordinate: str):
        self.coordinate = coordinate

    def __str__(self) -> str:
        return "(формула без значения)"

    @property
    def message(self) -> str:
        return f"ячейка {self.coordinate} {FORMULA_WITHOUT_VALUE}"


def column_letter(index: int) -> str:
    """1 → 'A', 27 → 'AA'."""
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _column_index(letters: str) -> int:
    index = 0
    for char in letters:
        index = index * 26 + (ord(char.upper()) - 64)
    return index


def _split_ref(ref: str) -> tuple[int, int] | None:
    letters = ref.rstrip("0123456789")
    digits = ref[len(letters) :]
    if not letters.isalpha() or not digits:
        return None
    return int(digits), _column_index(letters)


class _PartScan:
    """The expat handlers for one XML part; counts, never keeps, its text."""

    def __init__(self, name: str, limits: Limits, *, sheet: bool, strings: bool):
        self.name, self.limits, self.sheet, self.strings = name, limits, sheet, strings
        self.text = 0  # characters of the current element's text
        self.shared = self.shared_chars = 0
        self.rows = 0
        self.cell: str | None = None
        self.has_formula = False
        self.value_chars = 0
        self.formulas: set[tuple[int, int]] = set()

    def start(self, tag: str, attrs: dict) -> None:
        local = tag.rpartition(" ")[2]
        self.text = 0
        if self.sheet:
            if local == "c":
                self.cell, self.has_formula, self.value_chars = attrs.get("r"), False, 0
            elif local == "f":
                self.has_formula = True
            elif local == "row":
                self.rows += 1
                if self.rows > self.limits.rows + 1:
                    raise FileRefused(f"на листе больше {number(self.limits.rows)} строк данных")
        elif self.strings and local == "si":
            self.shared += 1
            if self.shared > self.limits.shared_strings:
                raise FileRefused(
                    f"в файле XLSX больше {number(self.limits.shared_strings)} разных текстов; "
                    "сохраните данные в CSV или разделите файл"
                )

    def chars(self, data: str) -> None:
        self.text += len(data)
        if self.text > self.limits.cell_chars:
            where = f"ячейка {self.cell}" if self.sheet and self.cell else "в файле XLSX есть значение, которое"
            raise FileRefused(f"{where} длиннее {number(self.limits.cell_chars)} символов")
        if self.strings:
            self.shared_chars += len(data)
            if self.shared_chars > self.limits.shared_chars:
                raise FileRefused(
                    f"тексты файла XLSX длиннее {number(self.limits.shared_chars)} символов в сумме; "
                    "сохраните данные в CSV или разделите файл"
                )

    def end(self, tag: str) -> None:
        if not self.sheet:
            return
        local = tag.rpartition(" ")[2]
        if local in ("v", "t"):
            self.value_chars += self.text
        elif local == "c":
            if self.has_formula and not self.value_chars and self.cell and len(self.formulas) < MAX_FORMULA_CELLS:
                where = _split_ref(self.cell)
                if where is not None:
                    self.formulas.add(where)
            self.cell = None
        self.text = 0


def _scan_part(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limits: Limits) -> set[tuple[int, int]]:
    name = info.filename
    scan = _PartScan(
        name,
        limits,
        sheet=name.startswith("xl/worksheets/") and name.endswith(".xml"),
        strings=name.casefold().endswith("sharedstrings.xml"),
    )
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.buffer_text = True
    parser.StartElementHandler = scan.start
    parser.EndElementHandler = scan.end
    parser.CharacterDataHandler = scan.chars
    read = 0
    with archive.open(info) as source:
        while chunk := source.read(READ_SIZE):
            read += len(chunk)
            if read > info.file_size:  # the archive lied about the size
                raise FileRefused(f"часть «{name}» файла XLSX больше, чем указано в архиве")
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    return scan.formulas


def check_xlsx(path: Path, limits: Limits) -> XlsxFacts:
    """Look the workbook over; FileRefused, with the reason, for one beyond the limits or broken."""
    facts = XlsxFacts()
    try:
        with zipfile.ZipFile(path) as archive:
            infos = [info for info in archive.infolist() if not info.is_dir()]
            _check_sizes(path, infos, limits)
            for info in infos:
                if info.filename.casefold().endswith((".xml", ".rels")):
                    formulas = _scan_part(archive, info, limits)
                    if formulas:
                        facts.formulas[info.filename] = formulas
    except expat.ExpatError as error:
        raise FileRefused(f"файл XLSX поврежден: неверная разметка XML ({expat.ErrorString(error.code)})") from None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, NotImplementedError, RuntimeError) as error:
        raise FileRefused(f"файл XLSX поврежден или загружен не полностью ({type(error).__name__})") from None
    return facts


def _check_sizes(path: Path, infos: list[zipfile.ZipInfo], limits: Limits) -> None:
    if len(infos) > MAX_PARTS:
        raise FileRefused(f"в файле XLSX больше {number(MAX_PARTS)} частей; это не книга Excel")
    unpacked = sum(info.file_size for info in infos)
    if unpacked > limits.unpacked_bytes:
        raise FileRefused(
            f"файл XLSX распаковывается в {megabytes(unpacked)}, допустимо не больше {megabytes(limits.unpacked_bytes)}; "
            "сохраните данные в CSV"
        )
    packed = max(path.stat().st_size, 1)
    if unpacked > 10 * 1024 * 1024 and unpacked / packed > limits.zip_ratio:
        raise FileRefused(
            f"файл XLSX сжат в {number(int(unpacked / packed))} раз (допустимо не больше {number(limits.zip_ratio)}): "
            "так сжимаются только пустые или повторяющиеся данные; проверьте файл"
        )
