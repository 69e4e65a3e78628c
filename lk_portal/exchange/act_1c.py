"""Reading the abonent's own «Акт сверки взаимных расчетов» as its accounting program saved it to XLSX.

The layout is 1С:Бухгалтерия's printed form (lk_portal.exports.act_1c writes it): title lines with the
period («за период: 01.01.2015 - 30.06.2015») and the parties («между …», «и …»), then two blocks side by
side, «По данным <сторона>», each with the columns Дата / Документ / Дебет / Кредит. Nothing is taken
from fixed positions: the blocks are found by their titles, each column by its title inside its block,
and a column spans from its title to the next one's (1С merges cells of a fine grid differently from
version to version, so a value may sit anywhere under its title). The abonent's block is the one whose
«По данным …» names the abonent (by name or ИНН), else the one that is not the supplier's, else the left one.

Dates may be Excel dates or text («17.04.2015», «17.04.15»); amounts numbers or text («7 220,27»). A file
that is not such an act, or a line that cannot be read, is refused with a Russian message (FileRefused);
the file is first looked over by xlsx_check (sizes, zip bombs) with small limits of its own.
"""

from __future__ import annotations

import datetime
import re
import tempfile
import warnings
import zipfile
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from lk_portal.domain.act_compare import TheirAct, TheirLine

from .limits import Limits
from .problems import FileRefused
from .values import normalize_title, parse_amount, parse_date, text_of
from .xlsx_check import check_xlsx, column_letter

ACT_LIMITS = Limits(
    file_bytes=5 * 1024 * 1024,
    cell_chars=10_000,
    rows=50_000,
    unpacked_bytes=100 * 1024 * 1024,
    shared_strings=200_000,
    shared_chars=20_000_000,
)
MAX_COLUMNS = 400
MAX_PROBLEMS = 10
NOT_AN_ACT = (
    "в файле не найден акт сверки: нужны блоки «По данным …» с колонками Дата, Документ, Дебет, Кредит "
    "(так, как 1С:Бухгалтерия сохраняет «Акт сверки взаимных расчетов» в XLSX)"
)
TITLES = {"дата": "date", "документ": "text", "дебет": "debit", "кредит": "credit"}
_OPENING = ("сальдо начальное", "сальдо на начало")
_TURNOVER = ("обороты за период", "обороты")
_CLOSING = ("сальдо конечное", "сальдо на конец")
_DATE = r"(\d{1,2}\.\d{1,2}\.\d{2,4})"
_PERIOD = re.compile(rf"за период\s*:?\s*(?:с\s+)?{_DATE}\s*(?:-|–|—|по)\s*{_DATE}", re.IGNORECASE)
_CONTRACT = re.compile(r"(по\s+(?:договору|всем договорам)[^\n]*)$", re.IGNORECASE)
_ORG_FORMS = re.compile(r"\b(оао|ооо|зао|пао|ао|муп|гуп|фгуп|ип|нао)\b")
_NOT_NAME = re.compile(r"[«»\"'“”„(),.]")
_BY_DATA = "по данным"


@dataclass(frozen=True)
class Party:
    """Who reads: the abonent (its block is the one read) and the supplier (whose block is not)."""

    name: str
    inn: str
    supplier: str


@dataclass
class _Block:
    name: str  # «По данным <name>, руб.»
    first: int  # its first column
    last: int
    columns: dict[str, tuple[int, int]] | None = None  # key → (first, last) column


def _name_key(name: str) -> str:
    text = _NOT_NAME.sub(" ", normalize_title(name)).replace("руб", " ")
    return " ".join(_ORG_FORMS.sub(" ", text).split())


def _names_agree(a: str, b: str) -> bool:
    a, b = _name_key(a), _name_key(b)
    return bool(a and b) and (a == b or a in b or b in a)


def _sheet_rows(path: Path) -> list[tuple]:
    """Every sheet's rows, the act's sheet chosen: the first that has a «По данным …» cell."""
    from openpyxl import load_workbook

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # noqa: BLE001 - openpyxl raises many kinds on broken or foreign files
        raise FileRefused(f"файл не читается как книга Excel (XLSX): {type(error).__name__}") from None
    try:
        for sheet in workbook.worksheets:
            rows = [row[:MAX_COLUMNS] for row in sheet.iter_rows(values_only=True)]
            if any(isinstance(v, str) and normalize_title(v).startswith(_BY_DATA) for row in rows for v in row):
                return rows
    except (zipfile.BadZipFile, EOFError, OSError, KeyError, ValueError, TypeError) as error:
        raise FileRefused(f"файл XLSX поврежден: {type(error).__name__}") from None
    finally:
        workbook.close()
    raise FileRefused(NOT_AN_ACT)


def _texts(row: tuple) -> list[tuple[int, str]]:
    return [(i + 1, value.strip()) for i, value in enumerate(row) if isinstance(value, str) and value.strip()]


def _blocks_row(rows: list[tuple]) -> tuple[int, list[_Block]]:
    for index, row in enumerate(rows):
        titles = [(col, text) for col, text in _texts(row) if normalize_title(text).startswith(_BY_DATA)]
        if titles and index + 1 < len(rows) and _column_titles(rows[index + 1]):
            width = len(row)
            blocks = []
            for n, (col, text) in enumerate(titles):
                last = titles[n + 1][0] - 1 if n + 1 < len(titles) else max(width, col)
                name = re.sub(r",?\s*руб\.?\s*$", "", text.strip()[len(_BY_DATA) :].strip(" :"))
                blocks.append(_Block(name.strip(), col, last))
            return index, blocks
    raise FileRefused(NOT_AN_ACT)


def _column_titles(row: tuple) -> list[tuple[int, str]]:
    found = []
    for col, text in _texts(row):
        title = normalize_title(text)
        key = TITLES.get(title) or ("text" if title.startswith("документ") or "операци" in title else None)
        if key:
            found.append((col, key))
    return found


def _assign_columns(blocks: list[_Block], header: tuple) -> None:
    titles = _column_titles(header)
    for block in blocks:
        mine = [(col, key) for col, key in titles if block.first <= col <= block.last]
        columns = {}
        for n, (col, key) in enumerate(mine):
            last = mine[n + 1][0] - 1 if n + 1 < len(mine) else block.last
            columns.setdefault(key, (col, last))
        block.columns = columns if set(columns) == set(TITLES.values()) else None


def _pick(blocks: list[_Block], party: Party) -> _Block:
    usable = [block for block in blocks if block.columns]
    if not usable:
        raise FileRefused(NOT_AN_ACT)
    for block in usable:
        if (party.inn and party.inn in block.name) or _names_agree(block.name, party.name):
            return block
    for block in usable:
        if not _names_agree(block.name, party.supplier):
            return block
    return usable[0]


def _first(row: tuple, span: tuple[int, int]):
    """The first filled cell under a column's title."""
    for col in range(span[0], min(span[1], len(row)) + 1):
        value = row[col - 1]
        if value is not None and not (isinstance(value, str) and not value.strip()):
            return col, value
    return span[0], None


def _header_cells(rows: list[tuple], until: int) -> list[str]:
    return [" ".join(text.split()) for row in rows[:until] for _col, text in _texts(row)]


def _header_party(cells: list[str], own: str) -> str:
    """The party of «между …» / «и …» that is not the block read ('' if the header names none)."""
    for cell in cells:
        for prefix in ("между ", "и "):
            if cell.casefold().startswith(prefix):
                name = _CONTRACT.sub("", cell[len(prefix) :]).strip()
                if name and not _names_agree(name, own):
                    return name
    return ""


def _dates(match) -> tuple[datetime.date, datetime.date]:
    try:
        first, last = parse_date(match.group(1)), parse_date(match.group(2))
    except ValueError as error:
        raise FileRefused(f"период акта «{match.group(0)}» не читается: {error}") from None
    if first > last:
        raise FileRefused(f"в периоде акта «{match.group(0)}» конец раньше начала")
    return first, last


class _LineReader:
    """One block's rows below the column titles: labels, documents and the problems found."""

    def __init__(self, block: _Block):
        self.block = block
        self.lines: list[TheirLine] = []
        self.problems: list[str] = []
        self.opening = self.closing = self.debit_total = self.credit_total = None
        self.done = False

    def amount(self, row: tuple, key: str, number: int) -> Decimal | None:
        col, value = _first(row, self.block.columns[key])
        if value is None:
            return None
        if isinstance(value, str):
            value = value.strip().removesuffix("руб.").strip()
            if value in ("", "-", "—"):
                return None
        try:
            return parse_amount(value)
        except ValueError as error:
            self.problem(number, col, value, error)
            return None

    def problem(self, number: int, col: int, value, error) -> None:
        self.problems.append(f"ячейка {column_letter(col)}{number} «{text_of(value)}»: {error}")

    def label(self, row: tuple, number: int, text: str) -> bool:
        title = normalize_title(text)
        debit, credit = self.amount(row, "debit", number), self.amount(row, "credit", number)
        balance = (debit or Decimal("0.00")) - (credit or Decimal("0.00"))
        if title.startswith(_OPENING):
            self.opening = balance
        elif title.startswith(_CLOSING):
            self.closing, self.done = balance, True
        elif title.startswith(_TURNOVER):
            self.debit_total, self.credit_total = debit or Decimal("0.00"), credit or Decimal("0.00")
        else:
            return False
        return True

    def read(self, row: tuple, number: int) -> None:
        if self.done:
            return
        date_col, date_value = _first(row, self.block.columns["date"])
        _text_col, text_value = _first(row, self.block.columns["text"])
        label = date_value if isinstance(date_value, str) else text_value
        if isinstance(label, str) and self.label(row, number, label):
            return
        debit, credit = self.amount(row, "debit", number), self.amount(row, "credit", number)
        if debit is None and credit is None:
            return  # the other block's row, an empty one, the text under the table
        date = self.date(date_value, number, date_col)
        if date is not None:
            self.lines.append(TheirLine(number, date, text_of(text_value), debit, credit))

    def date(self, value, number: int, col: int) -> datetime.date | None:
        if isinstance(value, int | float) and not isinstance(value, bool) and 20_000 < value < 80_000:
            return datetime.date(1899, 12, 30) + datetime.timedelta(days=int(value))  # an Excel serial day
        if value is None:
            self.problems.append(f"строка {number}: у суммы нет даты (колонка «Дата»)")
            return None
        try:
            return parse_date(value.strip() if isinstance(value, str) else value)
        except (ValueError, AttributeError) as error:
            self.problem(number, col, value, error)
            return None


def act_1c_read_rows(rows: list[tuple], party: Party) -> TheirAct:
    """The act from a sheet's rows (tuples of cell values, as openpyxl gives them)."""
    index, blocks = _blocks_row(rows)
    _assign_columns(blocks, rows[index + 1])
    block = _pick(blocks, party)
    cells = _header_cells(rows, index)
    period = _PERIOD.search(" ".join(cells))
    date_from, date_to = _dates(period) if period else (None, None)
    contract = next((found for cell in cells if (found := _CONTRACT.search(cell))), None)
    reader = _LineReader(block)
    for number, row in enumerate(rows[index + 2 :], start=index + 3):
        reader.read(row, number)
    if reader.problems:
        shown = "; ".join(reader.problems[:MAX_PROBLEMS])
        more = len(reader.problems) - MAX_PROBLEMS
        raise FileRefused(
            f"в блоке «По данным {block.name}» не читаются строки: {shown}" + (f" и еще {more}" if more > 0 else "")
        )
    if not reader.lines and reader.opening is None and reader.closing is None:
        raise FileRefused(f"в блоке «По данным {block.name}» нет ни строк, ни сальдо")
    other = next((b.name for b in blocks if b is not block), "") or _header_party(cells, block.name)
    return TheirAct(
        own_name=block.name,
        other_name=other,
        date_from=date_from,
        date_to=date_to,
        lines=tuple(reader.lines),
        opening=reader.opening,
        closing=reader.closing,
        debit_total=reader.debit_total,
        credit_total=reader.credit_total,
        contract_text=contract.group(1) if contract else "",
    )


def act_1c_read(content: bytes, party: Party, *, limits: Limits = ACT_LIMITS) -> TheirAct:
    """The act from the bytes of an uploaded XLSX; FileRefused with the reason for anything else."""
    if len(content) > limits.file_bytes:
        raise FileRefused(f"файл больше {limits.file_bytes // (1024 * 1024)} МБ; акт сверки занимает меньше")
    if not content.startswith(b"PK"):
        raise FileRefused("это не файл XLSX; сохраните акт сверки из 1С в формате Excel (XLSX)")
    with tempfile.NamedTemporaryFile(suffix=".xlsx") as handle:
        handle.write(content)
        handle.flush()
        path = Path(handle.name)
        facts = check_xlsx(path, limits)
        rows = _sheet_rows(path)
    if facts.formulas:
        raise FileRefused("в файле есть формулы без сохраненных значений — откройте его в Excel и сохраните заново")
    return act_1c_read_rows(rows, party)
