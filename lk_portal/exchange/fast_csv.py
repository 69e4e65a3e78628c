"""The byte-level reader of large, clean CSV files of the COPY kinds (payments, documents: the import's fast path).

`open_fast_csv` checks a file's head (with sniff.py, as the Python reader does) and maps its header
(header.py). `RowConverter` then turns the data lines, chunk by chunk, into the lines PostgreSQL's
`COPY … (FORMAT text)` reads straight into a table: text cells as they are (trimmed), amounts,
dates, periods, rates and document types in the database's own notation, the reference column
(the contract number) replaced by the ids it names (the contract's and the abonent's). How each
column is converted comes from its declaration (`Value.fast`, exchange/kinds.py); the values are
read with the parsers of values.py (cached per distinct text where values repeat), so a value it
accepts is the value the Python reader gives. It accepts a subset of what that reader accepts: on
anything else (a bad value, an unknown contract, quotes, a row of the wrong width, a stray carriage
return …) it raises `NotFast`, and the caller reads the whole file again with the Python reader,
which names every wrong row. It touches no database.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import repeat
from pathlib import Path

from . import values as v
from .columns import COPY, FileKind, Reference, Value
from .header import TableFile, read_header
from .problems import FileRefused
from .readers import CSV_FIELD_LIMIT
from .sniff import check_not_binary, detect_delimiter, detect_encoding

__all__ = [
    "NULL",
    "FastCsv",
    "NotFast",
    "RowConverter",
    "blocks",
    "encodable",
    "fast_amount",
    "fast_columns",
    "open_fast_csv",
]

# Every character str.strip() removes. The ASCII ones are stripped from the bytes directly; a
# block with one of the others at a cell's edge is read row by row, through str (see _careful).
# (A test checks this is every character whose str.isspace() is true.)
WHITESPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
    "\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
ASCII_WHITESPACE = bytes(ord(ch) for ch in WHITESPACE if ord(ch) < 128)
CACHE_LIMIT = 100_000
NULL = b"\\N"  # COPY's text format: NULL; a backslash in a value is doubled
KEYS_LIMIT = 2_000_000  # keys held to find a repeated one: about 80 MB per million
# On a block marked by RowConverter.edges (cell ends NUL, ASCII whitespace 0x02, the first byte of
# any whitespace beyond ASCII 0x01): such a first byte right after a cell's end or ASCII whitespace
# (it may start a cell), or followed by the rest of its bytes, ASCII whitespace and a cell's end.
MAYBE_EDGE_SPACE = re.compile(rb"\x01(?:(?<=[\x00\x02]\x01)|[\x80-\xbf]{0,2}\x02*\x00)")

# '7 220,27', '7220.27', '-17,51' with ASCII digits and spaces, at most 12 digits before the
# separator. Anything else an amount cell may hold goes through values.parse_amount.
_AMOUNT = rb"-?(?:[0-9]{1,3}(?: [0-9]{3}){1,3}|[0-9]{1,12})(?:[.,][0-9]{1,2})?"
_AMOUNT_RE = re.compile(_AMOUNT)
_AMOUNT_COLUMN_RE = re.compile(rb"(?:(?>" + _AMOUNT + rb")\n)*+(?>" + _AMOUNT + rb")")  # no backtracking

READ_SIZE = 256 * 1024  # about a thousand lines a block: measured a little faster than 1 MiB blocks
MAX_HEADER_BYTES = 64 * 1024
MAX_LINE_BYTES = 2 * 2 * CSV_FIELD_LIMIT  # the Python reader's longest line, at two bytes a character


class NotFast(Exception):
    """The file needs the Python reader (its message says why, for the log)."""


def fast_amount(cell: bytes) -> bytes | None:
    """b'7 220,27' → b'7220.27'; None when the cell is not an amount of the common shape."""
    if _AMOUNT_RE.fullmatch(cell) is None:
        return None
    return cell.replace(b" ", b"").replace(b",", b".")


class _Text:
    def __init__(self, max_length: int, encoding: str):
        self.max_length, self.encoding = max_length, encoding

    def cell(self, cell: bytes) -> bytes:
        # A character takes at least one byte: only a long byte string needs counting.
        if len(cell) > self.max_length:
            try:
                length = len(cell.decode(self.encoding))
            except UnicodeDecodeError:
                raise NotFast("bytes not in the file's encoding") from None
            if length > self.max_length:
                raise NotFast("a value too long")
        return cell

    def column(self, cells: list[bytes]) -> list[bytes]:
        # bytes.strip gives back the very cell when there is nothing to trim.
        cells = list(map(bytes.strip, cells, repeat(ASCII_WHITESPACE, len(cells))))
        if max(map(len, cells)) > self.max_length:
            for cell in cells:
                self.cell(cell)
        return cells


class _Cached:
    """Dates, periods, rates, document types: columns whose values repeat, each text parsed once.

    A value is written as str(value): a date's ISO form, a Decimal's digits, a choice's stored text.
    """

    def __init__(self, parse: Callable[[str], object], encoding: str):
        self.parse, self.encoding = parse, encoding
        self.cache: dict[bytes, bytes] = {b"": NULL}  # an empty optional cell

    def cell(self, cell: bytes) -> bytes:
        found = self.cache.get(cell)
        if found is None:
            try:
                text = cell.decode(self.encoding).strip()
                found = str(self.parse(text)).encode("ascii") if text else NULL
            except (ValueError, UnicodeDecodeError) as error:
                raise NotFast(f"a value the Python reader must judge: {error}") from None
            if len(self.cache) < CACHE_LIMIT:
                self.cache[cell] = found
        return found

    def column(self, cells: list[bytes]) -> list[bytes]:
        values = list(map(self.cache.get, cells))
        if None in values:
            values = list(map(self.cell, cells))
        return values


class _Amount:
    def __init__(self, encoding: str):
        self.encoding = encoding

    def cell(self, cell: bytes) -> bytes:
        fast = fast_amount(cell)
        if fast is not None:
            return fast
        try:
            text = cell.decode(self.encoding).strip()
            return str(v.parse_amount(text)).encode("ascii") if text else NULL
        except (ValueError, UnicodeDecodeError) as error:
            raise NotFast(f"an amount the Python reader must judge: {error}") from None

    def column(self, cells: list[bytes]) -> list[bytes]:
        # One match and one replace over the whole column instead of some per cell (no cell holds a newline).
        joined = b"\n".join(cells)
        if _AMOUNT_COLUMN_RE.fullmatch(joined):
            return joined.replace(b" ", b"").replace(b",", b".").split(b"\n")
        return list(map(self.cell, cells))


def _converter(value: Value, encoding: str):
    if value.fast == "text":
        return _Text(value.max_length, encoding)
    if value.fast == "amount":
        return _Amount(encoding)
    if value.fast == "parsed":
        return _Cached(value.parse, encoding)
    raise ValueError(value.fast)


def blocks(chunks: Iterable[bytes]) -> Iterator[bytes]:
    """Blocks of whole lines out of chunks of any size; the last line may lack its newline."""
    tail = b""
    for chunk in chunks:
        if not chunk:
            continue
        chunk = tail + chunk
        end = chunk.rfind(b"\n")
        if end < 0:
            tail = chunk
            continue
        tail = chunk[end + 1 :]
        yield chunk[: end + 1]
    if tail:
        yield tail + b"\n"


class RowConverter:
    """Data lines of one CSV file (bytes in its encoding) → COPY lines for the kind's table.

    The COPY lines hold, in order, a row number counting from `next_id` when it is set (the caller's
    ids for a table it loads directly), then `columns`: the ids the reference column names
    (`contract_id`, `abonent_id`), then the model fields of the file's other columns (the columns the file
    lacks take their defaults in the database). An empty optional cell becomes NULL (`\\N`), an
    empty text ''; a backslash is doubled, as the text format wants it.

    A block of lines is read column by column (a few calls per column instead of per cell) when
    it is regular: every line of the header's width, every contract known as written, no required
    cell empty, no whitespace beyond ASCII at a cell's edge. Otherwise it is read row by row, which
    trims cells and skips blank rows as the reader does.
    """

    def __init__(
        self,
        table: TableFile,
        *,
        encoding: str,
        delimiter: str,
        referenced: dict[str, tuple[int, ...]],
        keep_keys: bool = False,
    ):
        encoding = "utf-8" if encoding == "utf-8-sig" else encoding  # the BOM is before the header only
        self.encoding = encoding
        self.delimiter = delimiter.encode("ascii")
        self.width = table.width
        self.next_id: int | None = None
        self.rows = 0
        self.keys: set[bytes] | None = set() if keep_keys else None
        self.keys_checked = keep_keys  # every key was seen once only (False past KEYS_LIMIT keys)
        self.last_keys: list[bytes] = []  # the keys of the last block converted
        self.unicode_spaces = _unicode_spaces(encoding)
        self.columns = fast_columns(table)
        reference = table.kind.references[0]
        # (cell index, required, converter) of the columns written after the reference's ids
        self.plan: list[tuple[int, bool, _Text | _Cached | _Amount]] = [
            (index, column.required, _converter(column.value, encoding))
            for index, column in table.positions
            if column.key not in reference.columns
        ]
        self.reference_index = next(index for index, column in table.positions if column.key in reference.columns)
        # The ids take one place in a converted row, and as many names in `columns`.
        self.key_column = self.columns.index(table.kind.upsert_key[0]) - (len(reference.fields) - 1)
        positioned = {index for index, _ in table.positions}
        self.skipped = [index for index in range(self.width) if index not in positioned]
        self.ids = _ids_as_copy_text(referenced, encoding, self.delimiter)
        self.edges = _edges(encoding, self.delimiter)
        self.line_skeleton = self.delimiter * (self.width - 1) + b"\n"
        self.not_structure = bytes(byte for byte in range(256) if byte not in self.line_skeleton)

    def convert(self, chunks: Iterable[bytes]) -> Iterator[bytes]:
        """COPY data for the data lines of `chunks` (the file after its header, any chunking)."""
        return map(self.block, blocks(chunks))

    def block(self, block: bytes) -> bytes:
        """COPY data for a block of whole lines (each ending with a newline)."""
        if b'"' in block:
            raise NotFast("quotes")
        if b"\x00" in block:
            raise NotFast("a NUL byte")
        if b"\r" in block:
            if block.count(b"\r") != block.count(b"\r\n"):
                raise NotFast("a carriage return inside a line")
            block = block.replace(b"\r\n", b"\n")
        if b"\\" in block:
            # COPY's text format reads a backslash as an escape. Doubled here, it counts twice in a
            # text's length: only a value near its limit is then left to the Python reader.
            block = block.replace(b"\\", b"\\\\")
        columns = self._columns(block)
        if columns is None:
            lines = block.split(b"\n")
            lines.pop()  # after the last newline
            columns = self._rows(lines)
        if not columns or not columns[0]:
            self.last_keys = []
            return b""
        self.last_keys = columns[self.key_column]
        self.check_keys(self.last_keys)
        rows = len(columns[0])
        self.rows += rows
        if self.next_id is not None:
            first, self.next_id = self.next_id, self.next_id + rows
            numbers = b"\n".join([b"%d"] * rows) % tuple(range(first, self.next_id))  # one format for the block
            columns.insert(0, numbers.split(b"\n"))
        return b"\n".join(map(self.delimiter.join, zip(*columns, strict=True))) + b"\n"

    def _split(self, block: bytes) -> list[list[bytes]] | None:
        """The cells of a block, column by column; None unless every line has the header's width.

        The block's skeleton (its delimiters and newlines, all else deleted) must be the header
        line's repeated; then, newlines made delimiters, one split gives every cell in order.
        """
        skeleton = block.translate(None, self.not_structure)
        rows, rest = divmod(len(skeleton), len(self.line_skeleton))
        if rest or skeleton != self.line_skeleton * rows:
            return None  # a blank line, or a line of another width
        cells = block.replace(b"\n", self.delimiter).split(self.delimiter)
        cells.pop()  # after the last newline
        width = self.width
        return [cells[index::width] for index in range(width)]

    def _columns(self, block: bytes) -> list | None:
        """The block read column by column; None when it is not regular."""
        by_index = self._split(block)
        if by_index is None:
            return None
        # Cells are trimmed of ASCII whitespace column by column (text) or read by parsers that trim
        # them (dates, amounts …; an untrimmed contract number is not found). Whitespace beyond ASCII
        # at a cell's edge is rare: a first look on the marked bytes (one forward search), then an
        # exact search; a block that may have one is read row by row.
        if self.unicode_spaces is not None:
            marked = b"\x00" + block.translate(self.edges)  # the block's first cell starts after a NUL too
            if MAYBE_EDGE_SPACE.search(marked) and self.unicode_spaces.search(block):
                return None
        ids = list(map(self.ids.get, by_index[self.reference_index]))
        if None in ids:
            return None
        result: list = [ids]
        for index, required, converter in self.plan:
            column = converter.column(by_index[index])
            if required and (b"" in column or NULL in column):
                return None
            result.append(column)
        for index in self.skipped:
            _check_skipped(by_index[index], self.encoding)
        return result

    def _rows(self, lines: list[bytes]) -> list:
        """The block read row by row: cells trimmed as str.strip() trims them, blank rows skipped."""
        delimiter, width, strip = self.delimiter, self.width, ASCII_WHITESPACE
        careful = self.unicode_spaces is not None
        rows: list[list[bytes]] = []
        for line in lines:
            cells = line.split(delimiter)
            if len(cells) != width:
                if not line.decode(self.encoding, "replace").strip():
                    continue  # a blank line, as the reader skips it
                raise NotFast("a row of another width than the header")
            cells = [cell.strip(strip) for cell in cells]
            if careful:
                cells = [self._careful(cell) for cell in cells]
            ids = self.ids.get(cells[self.reference_index])
            if ids is None or any(required and not cells[index] for index, required, _ in self.plan):
                if not any(cells):
                    continue  # a row of empty cells, as the reader skips it
                raise NotFast("an unknown contract or an empty required value")
            row = [ids]
            row.extend(converter.cell(cells[index]) for index, _, converter in self.plan)
            _check_skipped([cells[index] for index in self.skipped], self.encoding)
            rows.append(row)
        return [list(column) for column in zip(*rows, strict=True)]

    def check_keys(self, keys: list[bytes]) -> None:
        """Raise NotFast when a key was seen before (while the keys are kept)."""
        if self.keys is None:
            return
        before = len(self.keys)
        self.keys.update(keys)
        if len(self.keys) - before != len(keys):
            raise NotFast("a key twice")
        if len(self.keys) > KEYS_LIMIT:
            self.keys = None  # memory stays bounded; the caller checks the rest in the database
            self.keys_checked = False

    def _careful(self, cell: bytes) -> bytes:
        """Trim a cell as str.strip() does, whatever whitespace it starts or ends with."""
        if cell and (cell[0] >= 0x80 or cell[-1] >= 0x80):
            try:
                return cell.decode(self.encoding).strip().encode(self.encoding)
            except UnicodeError:
                raise NotFast("bytes not in the file's encoding") from None
        return cell


def _check_skipped(cells: list[bytes], encoding: str) -> None:
    """A column the kind does not know is not sent, but its cells are read as the reader reads them.

    The reader refuses a cell over its field limit, and its encoding is the whole file's: a byte
    that does not decode here means the file is not in the encoding its head suggested.
    """
    try:
        b"\n".join(cells).decode(encoding)
    except UnicodeDecodeError:
        raise NotFast("bytes not in the file's encoding") from None
    for cell in cells:
        if len(cell) > CSV_FIELD_LIMIT and len(cell.decode(encoding)) > CSV_FIELD_LIMIT:
            raise NotFast("a cell over the CSV field limit")


def encodable(text: str, encoding: str) -> bool:
    """Whether the text can be written in the encoding."""
    try:
        text.encode(encoding)
    except UnicodeEncodeError:
        return False
    return True


def _unicode_spaces(encoding: str) -> re.Pattern[bytes] | None:
    """A pattern finding, in bytes of `encoding`, any whitespace str.strip() removes beyond ASCII."""
    encoded = {ch.encode(encoding) for ch in WHITESPACE if ord(ch) >= 128 and encodable(ch, encoding)}
    if not encoded:
        return None
    return re.compile(b"|".join(re.escape(sequence) for sequence in sorted(encoded)))


def fast_columns(table: TableFile) -> list[str]:
    """The model fields the converter writes for the file, in order: the reference's ids, then its other columns.

    NotFast when the kind has no fast path, or the file has a column the fast path does not read
    (`deleted` among them: deletions are the Python path's).
    """
    kind = table.kind
    if kind.write != COPY:
        raise NotFast(f"no fast path for {kind.name}")
    reference: Reference = kind.references[0]  # a COPY kind refers through one column (see test_kinds)
    columns = list(reference.fields)
    found = set()
    for _, column in table.positions:
        found.add(column.key)
        if column.key in reference.columns:
            continue
        if column.value.fast is None or column.field is None:
            raise NotFast(f"a column the fast path does not handle ({column.key})")
        columns.append(column.field)
    if not {reference.columns[0], kind.key[0]} <= found:
        raise NotFast("no reference or key column")
    return columns


def _ids_as_copy_text(referenced: dict[str, tuple[int, ...]], encoding: str, delimiter: bytes) -> dict[bytes, bytes]:
    """The reference column's text (in the file's encoding) → the ids it names, as COPY cells."""
    return {
        name.encode(encoding): delimiter.join(b"%d" % record_id for record_id in ids)
        for name, ids in referenced.items()
        if encodable(name, encoding)
    }


def _edges(encoding: str, delimiter: bytes) -> bytes:
    """The translation that marks a block's cell edges (see RowConverter._columns).

    Delimiters and newlines → NUL, other ASCII whitespace → 0x02, the first byte of any whitespace
    beyond ASCII → 0x01 (bytes 0x01 and 0x02 themselves → 0x03): a cell that may start or end with
    such whitespace shows as NUL-[0x02…]-0x01 or 0x01-[tail]-[0x02…]-NUL.
    """
    edges = bytearray(range(256))
    edges[1] = edges[2] = 3
    for byte in ASCII_WHITESPACE:
        edges[byte] = 2
    edges[ord("\n")] = edges[delimiter[0]] = 0
    for ch in WHITESPACE:
        if ord(ch) >= 128 and encodable(ch, encoding):
            edges[ch.encode(encoding)[0]] = 1
    return bytes(edges)


# --- Opening a file for the fast path ----------------------------------------------------------


@dataclass
class FastCsv:
    """A CSV file opened for the fast path: its header mapped, its encoding and delimiter known."""

    path: Path
    table: TableFile
    encoding: str
    delimiter: str
    skip: int  # the header line's bytes

    def converter(self, referenced: dict[str, tuple[int, ...]], *, keep_keys: bool) -> RowConverter:
        """The file's converter; `referenced`: the reference column's values → the ids they name."""
        return RowConverter(
            self.table, encoding=self.encoding, delimiter=self.delimiter, referenced=referenced, keep_keys=keep_keys
        )

    def chunks(self) -> Iterator[bytes]:
        """The file after its header in pieces of whole lines (blocks() then copies nothing)."""
        with open(self.path, "rb") as handle:
            handle.seek(self.skip)
            while chunk := handle.read(READ_SIZE):
                if not chunk.endswith(b"\n"):
                    rest = handle.readline(MAX_LINE_BYTES)
                    if len(rest) >= MAX_LINE_BYTES:
                        raise NotFast("a line over the limit")  # the Python reader names it
                    chunk += rest
                yield chunk


def open_fast_csv(path: Path, *, kind: FileKind, name: str) -> FastCsv:
    """Check a CSV file's head and map its header for the fast path; NotFast when the Python path must read it.

    The checks are the Python reader's (sniff.py, header.py), its encoding judged from the head only.
    """
    try:
        check_not_binary(path)
        encoding = detect_encoding(path, head_only=True)
        raw, header = _header_line(path, encoding)
        delimiter = detect_delimiter(header)
        table = read_header(header.split(delimiter), kind=kind, name=name)
    except (FileRefused, UnicodeDecodeError) as reason:
        raise NotFast(str(reason)) from None
    fast_columns(table)
    return FastCsv(path, table, encoding, delimiter, len(raw))


def _header_line(path: Path, encoding: str) -> tuple[bytes, str]:
    """The header line's bytes and its text; NotFast for one the Python reader must read (quotes, a CR inside)."""
    with open(path, "rb") as handle:
        head = handle.read(MAX_HEADER_BYTES)
    end = head.find(b"\n")
    if end < 0:
        raise NotFast("no header line")
    raw = head[: end + 1]
    text = raw.decode(encoding).removesuffix("\n").removesuffix("\r")
    if "\r" in text:
        raise NotFast("carriage return in the header")
    if '"' in text:
        raise NotFast("quotes in the header")
    return raw, text
