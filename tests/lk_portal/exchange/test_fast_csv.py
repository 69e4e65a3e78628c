"""The byte-level converter of the import's fast path (lk_portal/exchange/fast_csv.py).

The converter may refuse any file (NotFast: the caller then reads it with the Python reader),
but whatever it accepts the Python reader must read without a single problem, row for row, with
the same values. The property tests write random payments and documents files, run them through
the converter the way the fast path does and through readers.read_file, and compare.
No database is needed.
"""

import datetime
import re
import sys
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lk_portal.exchange import fast_csv, values
from lk_portal.exchange.columns import AMOUNT, DATE, PERCENT, PERIOD, FileKind
from lk_portal.exchange.fast_csv import NotFast, RowConverter, encodable, fast_amount, fast_columns, open_fast_csv
from lk_portal.exchange.header import read_header
from lk_portal.exchange.kinds import DOC_TYPE, KINDS
from lk_portal.exchange.readers import read_file
from lk_portal.exchange.sniff import detect_delimiter

from .helpers import GUIDE_PAYMENTS, write_csv

PAYMENTS = KINDS["payments"]
DOCUMENTS = KINDS["documents"]

# Contract number → (contract_id, abonent_id), as billing_fast reads them from the database.
CONTRACTS = {"05 Т": (1, 101), "07 Т": (2, 101), "A-17/2015": (3, 102), "Ω-9": (4, 103)}

PAYMENT_HEADER = GUIDE_PAYMENTS[0]  # the guide's column titles


# --- Running both readers ----------------------------------------------------------------------


def _fast_read(path: Path, kind: FileKind, *, chunk_size: int = 1024 * 1024, keep_keys: bool = True):
    """The file through RowConverter as the fast path (services/billing_fast.py) feeds it: (converter, COPY bytes)."""
    source = open_fast_csv(path, kind=kind, name=path.name)
    converter = source.converter(CONTRACTS, keep_keys=keep_keys)
    data = path.read_bytes()[source.skip :]
    chunks = (data[start : start + chunk_size] for start in range(0, len(data), chunk_size))
    return converter, b"".join(converter.convert(chunks))


def _copy_cell(cell: str) -> str | None:
    """A cell of COPY's text format as PostgreSQL reads it (the converter escapes backslashes only)."""
    if cell == "\\N":
        return None
    assert re.fullmatch(r"(?:[^\\]|\\\\)*", cell), cell
    return cell.replace("\\\\", "\\")


def _copy_rows(converter: RowConverter, data: bytes) -> list[dict[str, str | None]]:
    """COPY text lines (the file's delimiter) → {column: text or None}; '' is None, as the reader has it."""
    text = data.decode(converter.encoding)
    assert "\r" not in text and '"' not in text
    assert text == "" or text.endswith("\n")
    rows = []
    for line in text.split("\n")[:-1]:
        cells = line.split(converter.delimiter.decode())
        assert len(cells) == len(converter.columns), line
        rows.append({column: _copy_cell(cell) or None for column, cell in zip(converter.columns, cells, strict=True)})
    return rows


_COPY_NUMBER = r"-?[0-9]+(\.[0-9]+)?"


def _numeric(kind: FileKind, field: str) -> bool:
    return any(column.field == field and column.value in (AMOUNT, PERCENT) for column in kind.columns)


def _typed_copy_row(kind: FileKind, row: dict[str, str | None]) -> dict:
    """A COPY row with amounts and rates as Decimal (dates stay ISO text, as PostgreSQL reads them)."""
    typed: dict = {}
    for column, cell in row.items():
        if column in ("contract_id", "abonent_id"):
            typed[column] = int(cell)
        elif cell is not None and _numeric(kind, column):
            assert re.fullmatch(_COPY_NUMBER, cell), cell
            typed[column] = Decimal(cell)
        else:
            typed[column] = cell
    return typed


def _expected_row(kind: FileKind, record: dict, columns: list[str]) -> dict:
    """What the COPY row must hold for a record of the Python reader."""
    contract_id, abonent_id = CONTRACTS[record["contract_no"]]
    expected: dict = {"contract_id": contract_id, "abonent_id": abonent_id}
    for column in columns[2:]:
        value = record.get(column)
        if isinstance(value, datetime.date):
            value = value.isoformat()
        elif _numeric(kind, column):
            assert value is None or isinstance(value, Decimal)
        else:
            assert value is None or isinstance(value, str)
        expected[column] = value
    return expected


def _compare_with_reader(path: Path, kind: FileKind, converter: RowConverter, data: bytes) -> int:
    """Assert the converter's rows are the Python reader's, problem-free; returns the number of rows."""
    table, records = read_file(path, kind=kind)
    records = list(records)
    assert [(number, problems) for number, _, problems in records if problems] == []
    fields = [column.key for _, column in table.positions if column.key != "contract_no"]
    assert converter.columns == ["contract_id", "abonent_id", *fields]
    rows = _copy_rows(converter, data)
    assert converter.rows == len(rows) == len(records)
    for row, (number, record, _) in zip(rows, records, strict=True):
        assert _typed_copy_row(kind, row) == _expected_row(kind, record, converter.columns), f"row {number}"
    return len(rows)


# --- 1. Whitespace ------------------------------------------------------------------------------


def test_whitespace_is_every_character_str_strip_removes():
    spaces = "".join(ch for ch in map(chr, range(sys.maxunicode + 1)) if ch.isspace())
    assert fast_csv.WHITESPACE == spaces
    assert all(ch.strip() == "" for ch in spaces)
    assert fast_csv.ASCII_WHITESPACE == bytes(ord(ch) for ch in spaces if ord(ch) < 128)


# --- 2. Amounts ---------------------------------------------------------------------------------

AMOUNT_CHARS = st.sampled_from(list("0123456789 ,.-+e\u00a0\u202f\u2009\t٣"))
AMOUNT_TEXTS = st.one_of(
    st.text(alphabet=AMOUNT_CHARS, max_size=25),
    st.from_regex(r"-?[0-9]{1,16}([.,][0-9]{0,3})?", fullmatch=True),
    st.from_regex(r"-?[0-9]{1,4}([ \u00a0][0-9]{2,4}){0,5}([.,][0-9]{1,3})?", fullmatch=True),
    st.from_regex(r"[ ]?-?[0-9]{1,3}( [0-9]{3}){0,4}[.,]?[0-9]{0,2}[ ]?", fullmatch=True),
    st.text(max_size=20),
)


@settings(max_examples=1000, deadline=None)
@given(AMOUNT_TEXTS)
def test_fast_amount_accepts_only_what_parse_amount_reads_and_reads_it_the_same(text):
    fast = fast_amount(text.encode())
    try:
        expected = values.parse_amount(text)
    except ValueError:
        assert fast is None
        return
    if fast is not None:
        assert re.fullmatch(_COPY_NUMBER.encode(), fast)
        assert Decimal(fast.decode()) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("7 220,27", b"7220.27"),
        ("7220.27", b"7220.27"),
        ("-17,51", b"-17.51"),
        ("999 999 999 999,99", b"999999999999.99"),
        ("7\u00a0220,27", None),  # read by values.parse_amount
        ("7220.275", None),
        ("1 2345", None),
        ("0000000000001", None),
        ("", None),
    ],
)
def test_fast_amount_examples(text, expected):
    assert fast_amount(text.encode()) == expected


# --- 3. Random files against the Python reader --------------------------------------------------

TEXTS = [
    "Аванс",
    "Реализация",
    "141",
    "№ 17",
    "Оплата по счету №374/70 от 26.03.15, в т.ч. НДС (18%) 1101-40",
    "ООО Ромашка",
    "O'Brien",
    "a\\b",
    "\\N",
    "\\.",
    "x  y",
    "ё",
    "1;2",
    "7,5",
    "таб\tвнутри",
    "nbsp\u00a0внутри",
    "«Кавычки-ёлочки» — тире…",
    "\u200bнулевой пробел",
    "\ufeffBOM",
]
TEXTS_DIRTY = ['ООО "Ромашка"', "перевод\rстроки", "\x0bвертикальная табуляция\x1c"]
UNKNOWN_TITLES = ["Комментарий", "note", "Лишний  столбец", ""]
PADS = " \t\u00a0\u2009\u3000\u202f\x85\u2028\u1680\u205f"
PADS_DIRTY = "\x0b\x0c\x1c\x1f"

DATES = (
    ["17.04.15", "17.04.2015", "2015-04-17", "31.12.68", "01.01.69", "29.02.2016", "01.01.0001", "31.12.9999"],
    ["31.04.2015", "1.4.2015", "2015-4-17", "17/04/2015", "29.02.2015", "17.04.215", "00.01.2015", "вчера"],
)
PERIODS = (
    ["2015,04", "2015-04", "04.2015", "0001,01", "9999,12"],
    ["2015,13", "2015,4", "0000,01", "15,04", "2015.04", "4.2015", "апрель"],
)
AMOUNTS = (
    [
        "7 220,27",
        "7\u00a0220,27",
        "-17,51",
        "7220.27",
        "7220.2",
        "0",
        "-0,00",
        "1 234 567,5",
        "999 999 999 999,99",
        "-999999999999.99",
        "000000000001",
        "0000000000000001",
        "7\u202f220,27",
        "7\u2009220,27",
        "١٢٣",
        "7 220",
    ],
    [
        "7220.275",
        "1 2345",
        "7,220.27",
        "1e3",
        "--1",
        "+1",
        "7 220,27 руб",
        "1 000 000 000 000",
        "1000000000000",
        ".5",
        "5.",
        "7  220",
        "1" * 40,
    ],
)
PERCENTS = (["18", "20%", "18,5", "0", "100", "10 %", "20.00"], ["101", "-1", "двадцать", "18,555", "%"])
DOC_TYPES = (
    ["invoice", "bill", "Счет-фактура", "СЧЁТ", "счет  на оплату", "аванс", "Bill", "счет\u00a0фактура"],
    ["акт", "invoices", "счет на"],
)
CONTRACT_NUMBERS = (list(CONTRACTS), ["99 Т", "05 т", "05Т"])


def _quote(cell: str) -> str:
    return '"' + cell.replace('"', '""') + '"'


@dataclass
class CsvFile:
    """A generated file: `clean` ones hold only what the converter must take."""

    kind: str
    text: str
    encoding: str
    clean: bool
    chunk_size: int

    def write(self, path: Path) -> Path:
        path.write_bytes(self.text.encode(self.encoding))
        return path


@st.composite
def csv_files(draw, kind: FileKind) -> CsvFile:
    """A payments or documents file; `clean` ones hold only what the converter must take.

    A file that is not clean has one wrong cell, or wrong cells, rows and quotes at random rates.
    """
    clean = draw(st.booleans())
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1251"]))
    delimiter = draw(st.sampled_from([";", ",", "\t"]))
    newlines = draw(st.sampled_from([["\n"], ["\r\n"], ["\n", "\r\n"]]))
    # Whitespace around cells: how often, which characters, on which side.
    pad_rate = draw(st.sampled_from([0, 0, 5, 30]))
    pad_chars = draw(st.sampled_from([PADS, " \t", PADS[2:]])) + ("" if clean else PADS_DIRTY)
    pad_sides = draw(st.sampled_from([(True, True), (True, False), (False, True)]))
    # Wrong cells, rows of a wrong shape and quoted cells: per cent, or one wrong cell at a random place.
    one_bad_cell = -1 if clean else draw(st.one_of(st.just(-1), st.integers(0, 80)))
    bad_rate, shape_rate, quote_rate = (
        (0, 0, 0)
        if clean or one_bad_cell >= 0
        else (draw(st.sampled_from([1, 3, 10, 30])), draw(st.sampled_from([0, 2, 10])), draw(st.sampled_from([0, 2])))
    )
    cells_drawn = 0

    def fits(text: str) -> bool:
        return encodable(text, encoding) and (not clean or delimiter not in text)

    def chance(rate: int) -> bool:
        return rate > 0 and draw(st.integers(0, 99)) < rate

    def pick(options: list[str]) -> str:
        return draw(st.sampled_from([option for option in options if fits(option)]))

    # The header: the kind's columns (the optional ones maybe), in any order, titles or keys in any case.
    columns = draw(st.permutations([c for c in kind.columns if c.required or draw(st.booleans())]))
    keys: list[str | None] = [column.key for column in columns]
    titles = []
    for column in columns:
        title = pick([t for t in (column.key, *column.titles) if delimiter not in t])
        title = draw(st.sampled_from([str, str.upper, str.lower, str.title, str.swapcase]))(title)
        titles.append(draw(st.sampled_from(["", " "])) + title + draw(st.sampled_from(["", "  "])))
    if chance(30):
        position = draw(st.integers(0, len(keys)))
        keys.insert(position, None)
        titles.insert(position, draw(st.sampled_from(UNKNOWN_TITLES)))
    if not clean and chance(5):  # the fast path leaves deletions to the Python path
        position = draw(st.integers(0, len(keys)))
        keys.insert(position, "deleted")
        titles.insert(position, draw(st.sampled_from(["Удален", "deleted"])))
    header = delimiter.join(titles)
    assert detect_delimiter(header) == delimiter
    width = len(keys)
    text_chars = st.characters(codec=encoding.removesuffix("-sig"), exclude_characters='"\r\n\x00' + delimiter)
    if clean:
        text_chars = text_chars.filter(lambda ch: ch == "\t" or not ch.isascii() or ch.isprintable())
    seen_keys: list[str] = []

    def value(key: str | None, row_index: int, bad: bool) -> str:
        """A cell's value before padding: good, or wrong when `bad`."""
        if key is None:
            return draw(st.text(text_chars, max_size=12))
        if key == "deleted":
            return pick(["", "0", "1", "да"])
        column = kind.column(key)
        if key == "external_id":
            if bad:
                return draw(st.sampled_from(["", "K" * 65, *seen_keys]))
            return pick(["P-", "Код ", "", "Ж", "x" * 58]) + str(row_index)
        if column.value.fast == "text" and key != "contract_no":
            if bad:
                return pick(["", "Ж" * (column.max_length + 1), *TEXTS_DIRTY] if column.required else TEXTS_DIRTY)
            if chance(25):
                drawn = draw(st.text(text_chars, max_size=20))
                return drawn if drawn.strip() or not column.required else "x" + drawn
            good = [text for text in TEXTS if len(text) <= column.max_length]
            return pick([*good, "Ж" * column.max_length, *([] if column.required else [""])])
        good, wrong = (
            CONTRACT_NUMBERS
            if key == "contract_no"
            else {DATE: DATES, PERIOD: PERIODS, AMOUNT: AMOUNTS, PERCENT: PERCENTS, DOC_TYPE: DOC_TYPES}[column.value]
        )
        if bad:
            return pick(wrong + ([""] if column.required else []))
        return pick(good + ([] if column.required else [""]))

    def cell(key: str | None, row_index: int) -> str:
        nonlocal cells_drawn
        bad = cells_drawn == one_bad_cell or chance(bad_rate)
        cells_drawn += 1
        text = value(key, row_index, bad)
        if key == "external_id":
            seen_keys.append(text.strip())
        if chance(pad_rate):
            pads = st.text(
                st.sampled_from([ch for ch in pad_chars if fits(ch) and ch != delimiter]), min_size=1, max_size=2
            )
            text = (draw(pads) if pad_sides[0] else "") + text + (draw(pads) if pad_sides[1] else "")
        if not clean and ('"' in text or delimiter in text or chance(quote_rate)):
            text = _quote(text)
        return text

    blank_rate = draw(st.sampled_from([0, 0, 10]))  # per cent of rows the reader skips
    lines = []
    for row_index in range(draw(st.sampled_from([0, 1, 2, 3, 5, 8, 13, 21]))):
        if chance(shape_rate):
            shape = draw(st.sampled_from(["short", "long", "long blank", "wrong delimiters", "stray cr"]))
        elif chance(blank_rate):
            shape = draw(st.sampled_from(["blank", "delimiters", "spaces"]))
        else:
            shape = "row"
        if shape == "blank":
            lines.append("")
        elif shape == "delimiters":
            lines.append(delimiter * (width - 1))
        elif shape == "wrong delimiters":
            lines.append(delimiter * draw(st.sampled_from([width - 2, width])))
        elif shape == "spaces":
            pads = [ch for ch in " \u00a0\u3000" if fits(ch) and ch != delimiter]
            lines.append(delimiter.join(draw(st.text(st.sampled_from(pads), max_size=2)) for _ in range(width)))
        else:
            cells = [cell(key, row_index) for key in keys]
            if shape == "short":
                cells.pop()
            elif shape in ("long", "long blank"):
                cells.append("" if shape == "long blank" else "лишнее")
            elif shape == "stray cr":
                cells[draw(st.integers(0, width - 1))] = "a\rb"
            lines.append(delimiter.join(cells))
    text = header + draw(st.sampled_from(newlines))
    for index, line in enumerate(lines):
        last = index == len(lines) - 1
        text += line + (draw(st.sampled_from(newlines)) if not last or draw(st.booleans()) else "")
    assert encodable(text, encoding)
    chunk_size = draw(st.one_of(st.integers(1, 6), st.integers(7, 64), st.integers(65, 4096)))
    return CsvFile(kind=kind.name, text=text, encoding=encoding, clean=clean, chunk_size=chunk_size)


@pytest.mark.parametrize("kind", [PAYMENTS, DOCUMENTS], ids=lambda kind: kind.name)
def test_what_the_converter_takes_the_python_reader_reads_the_same_without_problems(tmp_path, monkeypatch, kind):
    stats: Counter = Counter()
    by_columns = RowConverter._columns

    def columns(*args, **kwargs):
        result = by_columns(*args, **kwargs)
        stats["blocks by rows" if result is None else "blocks by columns"] += 1
        return result

    monkeypatch.setattr(RowConverter, "_columns", columns)

    @settings(
        max_examples=200,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(csv_files(kind))
    def check(generated: CsvFile):
        path = generated.write(tmp_path / f"{kind.name}.csv")
        stats["examples"] += 1
        stats["clean"] += generated.clean
        try:
            converter, data = _fast_read(path, kind, chunk_size=generated.chunk_size)
        except NotFast as reason:
            assert not generated.clean, f"a clean file was refused: {reason!r}"
            return
        stats["converted"] += 1
        stats["converted dirty"] += not generated.clean
        stats["rows"] += _compare_with_reader(path, kind, converter, data)

    check()
    # Each clean file was converted (hypothesis draws enough of them), and both ways of reading a
    # block were taken.
    assert stats["converted"] >= stats["clean"] >= 10, stats
    assert stats["rows"] >= stats["clean"], stats
    assert stats["blocks by columns"] > 0 and stats["blocks by rows"] > 0, stats


def test_a_plainly_clean_file_is_converted_with_the_readers_values(tmp_path):
    rows = [
        PAYMENT_HEADER,
        ["P-1", "05 Т", "141", "17.04.15", "2015,04", "7 220,27", "Аванс", "Оплата услуг по дог.№5"],
        ["P-2", "05 Т", "142", "17.04.2015", "2015-04", "7220.27", "Аванс", ""],
        ["P-3", "07 Т", "143", "2015-04-17", "04.2015", "-17,51", "Реализация", "Сторно"],
        ["P-4", "A-17/2015", "144", "31.12.68", "1999,12", "1 234 567,5", "Аванс", "x"],
    ]
    path = write_csv(tmp_path / "payments.csv", rows)
    for chunk_size in (7, 50, 4096):
        converter, data = _fast_read(path, PAYMENTS, chunk_size=chunk_size)
        assert _compare_with_reader(path, PAYMENTS, converter, data) == 4
    assert data.decode().splitlines()[0] == "1;101;P-1;141;2015-04-17;2015-04-01;7220.27;Аванс;Оплата услуг по дог.№5"
    assert data.decode().splitlines()[1].endswith(";7220.27;Аванс;")


# --- 4. Focused examples ------------------------------------------------------------------------


def _converter(*, encoding="utf-8", header=PAYMENT_HEADER, keep_keys=True, kind=PAYMENTS) -> RowConverter:
    table = read_header(header, kind=kind, name="payments.csv")
    return RowConverter(table, encoding=encoding, delimiter=";", referenced=CONTRACTS, keep_keys=keep_keys)


def _lines(*rows: str, encoding: str = "utf-8") -> bytes:
    return "".join(row + "\n" for row in rows).encode(encoding)


def _convert(converter: RowConverter, *chunks: bytes) -> list[list[str]]:
    data = b"".join(converter.convert(chunks)).decode(converter.encoding)
    return [line.split(";") for line in data.split("\n")[:-1]]  # not splitlines(): cells may hold \x0b, \x85 …


class _Spy:
    """Counts the blocks RowConverter reads row by row."""

    def __init__(self, monkeypatch):
        self.calls = 0
        original = RowConverter._rows

        def rows(*args, **kwargs):
            self.calls += 1
            return original(*args, **kwargs)

        monkeypatch.setattr(RowConverter, "_rows", rows)


def test_a_regular_block_is_read_column_by_column(monkeypatch):
    spy = _Spy(monkeypatch)
    block = _lines(
        "P-1;05 Т;141;17.04.15;2015,04;7 220,27;Аванс;Оплата",
        "P-2;07 Т;142;2015-04-17;04.2015;-17,51;Аванс;",
    )
    assert _convert(_converter(), block) == [
        ["1", "101", "P-1", "141", "2015-04-17", "2015-04-01", "7220.27", "Аванс", "Оплата"],
        ["2", "101", "P-2", "142", "2015-04-17", "2015-04-01", "-17.51", "Аванс", ""],
    ]
    assert spy.calls == 0


def test_text_cells_with_ascii_whitespace_are_trimmed_column_by_column(monkeypatch):
    spy = _Spy(monkeypatch)
    block = _lines(
        "P-1;05 Т;141;17.04.15;2015,04;7 220,27;Аванс;Оплата",
        " P-2\t;05 Т;\x1c142 ;2015-04-17 ;04.2015; -17,51; Аванс;  с пробелами  ",
    )
    assert _convert(_converter(), block) == [
        ["1", "101", "P-1", "141", "2015-04-17", "2015-04-01", "7220.27", "Аванс", "Оплата"],
        ["1", "101", "P-2", "142", "2015-04-17", "2015-04-01", "-17.51", "Аванс", "с пробелами"],
    ]
    assert spy.calls == 0


def test_a_required_text_of_spaces_only_is_not_fast():
    with pytest.raises(NotFast):
        _convert(_converter(), _lines("P-1;05 Т;   ;17.04.15;2015,04;1;Аванс;x"))


def test_a_block_with_a_cell_to_trim_is_read_row_by_row_and_trimmed(monkeypatch):
    spy = _Spy(monkeypatch)
    block = _lines(
        "P-1;05 Т;141;17.04.15;2015,04;7 220,27;Аванс;Оплата",
        "P-2; 07 Т ;\t142;2015-04-17 ;04.2015; -17,51;Аванс;  с пробелами  ",
    )
    assert _convert(_converter(), block) == [
        ["1", "101", "P-1", "141", "2015-04-17", "2015-04-01", "7220.27", "Аванс", "Оплата"],
        ["2", "101", "P-2", "142", "2015-04-17", "2015-04-01", "-17.51", "Аванс", "с пробелами"],
    ]
    assert spy.calls == 1


@pytest.mark.parametrize(
    ("space", "encoding"),
    [
        (space, encoding)
        for encoding in ("utf-8", "cp1251")
        for space in fast_csv.WHITESPACE
        if space not in "\n\r;" and encodable(space, encoding)
    ],
    ids=ascii,
)
def test_whitespace_around_a_cell_is_trimmed_as_str_strip_trims_it(space, encoding):
    cells = ["P-2", "05 Т", "142", "17.04.15", "2015,04", "7 220,27", "Аванс", "Оплата"]
    expected = ["1", "101", "P-2", "142", "2015-04-17", "2015-04-01", "7220.27", "Аванс", "Оплата"]
    regular = "P-1;05 Т;141;17.04.15;2015,04;1;Аванс;x"
    # One cell with whitespace on one side or both, after a regular line of the same block.
    for index in range(len(cells)):
        for before, after in ((space, ""), ("", space), (space, space * 2)):
            padded = [*cells[:index], before + cells[index] + after, *cells[index + 1 :]]
            converted = _convert(_converter(encoding=encoding), _lines(regular, ";".join(padded), encoding=encoding))
            assert converted[1] == expected, (index, before, after)
    # Whitespace inside a text stays.
    inside = f"{space}Оплата{space}внутри{space}"
    converted = _convert(
        _converter(encoding=encoding), _lines(regular, ";".join([*cells[:7], inside]), encoding=encoding)
    )
    assert converted[1][-1] == inside.strip() == f"Оплата{space}внутри"


def test_a_cp1251_file_with_nbsp_grouped_amounts(tmp_path):
    rows = [
        PAYMENT_HEADER,
        ["P-1", "05 Т", "1", "17.04.15", "2015,04", "7\u00a0220,27", "Аванс", "№ 1"],
        ["P-2", "05 Т", "2", "17.04.15", "2015,04", "1\u00a0234\u00a0567,5", "Аванс", ""],
        ["P-3", "05 Т", "3", "17.04.15", "2015,04", "-999\u00a0999\u00a0999\u00a0999,99", "Аванс", "\u00a0x\u00a0"],
    ]
    path = write_csv(tmp_path / "payments.csv", rows, encoding="cp1251")
    assert b"\xa0" in path.read_bytes()
    converter, data = _fast_read(path, PAYMENTS)
    assert converter.encoding == "cp1251"
    assert _compare_with_reader(path, PAYMENTS, converter, data) == 3
    assert [line.split(b";")[6] for line in data.splitlines()] == [b"7220.27", b"1234567.50", b"-999999999999.99"]
    assert data.splitlines()[2].endswith(b";x")


def test_a_blank_line_and_a_row_of_delimiters_are_skipped(tmp_path):
    text = "\r\n".join(
        [
            ";".join(PAYMENT_HEADER),
            "P-1;05 Т;141;17.04.15;2015,04;7 220,27;Аванс;Оплата",
            "",
            ";;;;;;;",
            " ; ;\u00a0;;;;;\t",
            "P-2;07 Т;142;2015-04-17;04.2015;-17,51;Аванс;",
            "",
        ]
    )
    path = tmp_path / "payments.csv"
    path.write_bytes(text.encode())
    for chunk_size in (1, 13, 4096):
        converter, data = _fast_read(path, PAYMENTS, chunk_size=chunk_size)
        assert converter.rows == 2
        assert _compare_with_reader(path, PAYMENTS, converter, data) == 2


@pytest.mark.parametrize(
    "row", ["P-1;05 Т;141;17.04.15;2015,04;7 220,27;Ава\rнс;", "P-1;05 Т;141;17.04.15\r;2015,04;1;А;\r"]
)
def test_a_stray_carriage_return_inside_a_line_is_not_fast(row):
    with pytest.raises(NotFast):
        _convert(_converter(), _lines(row))


def test_carriage_return_line_ends_across_chunk_boundaries_are_fine():
    data = _lines("P-1;05 Т;141;17.04.15;2015,04;1;Аванс;x\r", "P-2;05 Т;142;17.04.15;2015,04;2;Аванс;y\r")
    for size in range(1, len(data) + 1):
        chunks = [data[start : start + size] for start in range(0, len(data), size)]
        assert [row[-1] for row in _convert(_converter(), *chunks)] == ["x", "y"]


def test_a_key_repeated_in_a_later_chunk_is_not_fast_when_keys_are_kept():
    first = _lines("P-1;05 Т;141;17.04.15;2015,04;1;Аванс;x")
    second = _lines("P-2;05 Т;142;17.04.15;2015,04;2;Аванс;y", " P-1 ;07 Т;143;17.04.15;2015,04;3;Аванс;z")
    with pytest.raises(NotFast):
        _convert(_converter(keep_keys=True), first, second)
    assert len(_convert(_converter(keep_keys=False), first, second)) == 3  # the table's unique constraint judges


def test_an_unknown_contract_is_not_fast():
    known = "P-1;05 Т;141;17.04.15;2015,04;1;Аванс;x"
    for contract in ("99 Т", "05 т", "05Т", ""):
        with pytest.raises(NotFast):
            _convert(_converter(), _lines(known, f"P-2;{contract};142;17.04.15;2015,04;2;Аванс;y"))


@pytest.mark.parametrize("trimmed", [False, True], ids=["by columns", "by rows"])
def test_an_unknown_column_with_bytes_not_in_utf8_is_not_fast(monkeypatch, trimmed):
    spy = _Spy(monkeypatch)
    converter = _converter(header=[*PAYMENT_HEADER, "Комментарий"])
    purpose = "\u00a0x\u2003" if trimmed else "x"
    block = _lines(f"P-1;05 Т;141;17.04.15;2015,04;1;Аванс;{purpose};ok") + (
        f"P-2;05 Т;142;17.04.15;2015,04;2;Аванс;{purpose};".encode() + b"\xff\xfe\n"
    )
    with pytest.raises(NotFast):
        _convert(converter, block)
    assert spy.calls == trimmed
    assert len(_convert(_converter(header=[*PAYMENT_HEADER, "Комментарий"]), block.replace(b"\xff\xfe", b"ok"))) == 2


def test_documents_values_in_the_databases_notation():
    header = [
        "Код",
        "№ договора",
        "Тип документа",
        "Наименование",
        "№ документа",
        "Дата документа",
        "Период начислений",
        "Начислено",
        "Ставка НДС",
        "Срок оплаты",
        "Вид реализации",
    ]
    converter = _converter(header=header, kind=DOCUMENTS)
    block = _lines(
        "D-1;05 Т;Счет-фактура;Акт;1;17.04.15;2015,04;7 220,27;18;;Аванс",
        "D-2;05 Т;СЧЁТ;Счет;2;17.04.15;04.2015;;20%;30.04.2015;Аванс",
    )
    assert _convert(converter, block) == [
        ["1", "101", "D-1", "invoice", "Акт", "1", "2015-04-17", "2015-04-01", "7220.27", "18.00", "\\N", "Аванс"],
        ["1", "101", "D-2", "bill", "Счет", "2", "2015-04-17", "2015-04-01", "\\N", "20.00", "2015-04-30", "Аванс"],
    ]


@pytest.mark.parametrize(("encoding", "byte"), [("utf-8", b"\xff"), ("cp1251", b"\x98")])
def test_a_long_text_with_bytes_not_in_the_encoding_is_not_fast(encoding, byte):
    number = byte * 51  # over the 50 characters of «№ документа оплаты», so _Text decodes it
    with pytest.raises(NotFast):
        _convert(_converter(encoding=encoding), "P-1;05 Т;".encode(encoding) + number + b";17.04.15;2015,04;1;x;y\n")


@pytest.mark.parametrize(
    "cell",
    ["P-4\u0085 ", " \u00a0P-4", "P-4\u2003\t", "\x1f\u3000 P-4", "P-4 \u00a0 \u202f "],
    ids=ascii,
)
@pytest.mark.parametrize("first", [True, False], ids=["first line", "second line"])
def test_whitespace_beyond_ascii_behind_ascii_whitespace_is_trimmed(cell, first):
    lines = [f"{cell};05 Т;1;17.04.15;2015,04;1;Аванс;x", "P-9;05 Т;2;17.04.15;2015,04;1;Аванс;y"]
    rows = _convert(_converter(), _lines(*(lines if first else lines[::-1])))
    assert sorted(row[2] for row in rows) == ["P-4", "P-9"]


_CELL_CHARS = st.sampled_from([*fast_csv.WHITESPACE.replace("\n", "").replace("\r", ""), "a", "Я", "№", "«", "—", "1"])


@settings(max_examples=500, deadline=None)
@given(
    rows=st.lists(st.lists(st.text(_CELL_CHARS, max_size=6), min_size=3, max_size=3), min_size=1, max_size=4),
    encoding=st.sampled_from(["utf-8", "cp1251"]),
    delimiter=st.sampled_from([";", "\t", ","]),
)
def test_the_first_look_finds_every_cell_that_starts_or_ends_with_whitespace_beyond_ascii(rows, encoding, delimiter):
    """The marked search may find too much (the exact search follows), never too little."""
    rows = [[cell.replace(delimiter, "") for cell in row] for row in rows]
    text = "".join(delimiter.join(row) + "\n" for row in rows)
    if not encodable(text, encoding):
        return
    table = read_header(PAYMENT_HEADER, kind=PAYMENTS, name="payments.csv")
    converter = RowConverter(table, encoding=encoding, delimiter=delimiter, referenced=CONTRACTS)
    ascii_space = fast_csv.ASCII_WHITESPACE.decode("ascii")
    needs_care = any(cell.strip(ascii_space) != cell.strip() for row in rows for cell in row)
    marked = b"\x00" + text.encode(encoding).translate(converter.edges)
    if needs_care:
        assert fast_csv.MAYBE_EDGE_SPACE.search(marked)


# --- 5. Opening a file for the fast path ----------------------------------------------------------


def test_a_file_opened_for_the_fast_path_knows_its_encoding_delimiter_header_and_columns(tmp_path):
    path = write_csv(tmp_path / "payments.csv", GUIDE_PAYMENTS, encoding="utf-8-sig", delimiter="\t")
    source = open_fast_csv(path, kind=PAYMENTS, name="april.zip/payments.csv")
    assert (source.encoding, source.delimiter, source.table.name) == ("utf-8-sig", "\t", "april.zip/payments.csv")
    assert path.read_bytes()[source.skip - 2 : source.skip] == b"\r\n"
    assert b"".join(source.chunks()) == path.read_bytes()[source.skip :]
    assert fast_columns(source.table) == [
        "contract_id",
        "abonent_id",
        "external_id",
        "number",
        "date",
        "period",
        "amount",
        "kind",
        "purpose",
    ]


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "файл пуст"),
        ("Код;№ договора".encode(), "no header line"),
        ('"Код";№ договора\n'.encode(), "quotes in the header"),
        ("Код\r;№ договора\n".encode(), "carriage return in the header"),
        ("Код;№ договора\nP-1;05 Т\n".encode(), "нет обязательных столбцов"),
        (";".join([*GUIDE_PAYMENTS[0], "Удален"]).encode() + b"\n", "a column the fast path does not handle (deleted)"),
    ],
)
def test_a_file_the_python_path_must_read_is_not_fast_with_its_reason(tmp_path, content, reason):
    path = tmp_path / "payments.csv"
    path.write_bytes(content)
    with pytest.raises(NotFast, match=re.escape(reason)):
        open_fast_csv(path, kind=PAYMENTS, name="payments.csv")


def test_a_kind_without_a_fast_path_is_not_fast(tmp_path):
    path = write_csv(tmp_path / "debts.csv", [["inn", "kpp", "contract_no", "as_of", "debt", "penalties"]])
    with pytest.raises(NotFast, match="no fast path for debts"):
        open_fast_csv(path, kind=KINDS["debts"], name="debts.csv")
