"""The byte-level reader of large, clean CSV files of payments and documents (the import's fast path).

`RowConverter` turns the data lines of such a file, chunk by chunk, into the lines PostgreSQL's
`COPY … (FORMAT text)` reads straight into a table: text cells as they are (trimmed), amounts,
dates, periods, rates and document types in the database's own notation, the contract number
replaced by the contract's and the abonent's ids. It reads the values with the parsers of
values.py (cached per distinct text where values repeat), so a value it accepts is the value
the Python reader gives. It accepts a subset of what that reader accepts: on anything else (a
bad value, an unknown contract, quotes, a row of the wrong width, a stray carriage return …) it
raises `NotFast`, and the caller reads the whole file again with the Python reader, which names
every wrong row. It touches no database.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from itertools import repeat

from . import values as v
from .columns import Column, parse_doc_type
from .readers import CSV_FIELD_LIMIT, TableFile

__all__ = ["FAST_KINDS", "NotFast", "RowConverter", "blocks", "fast_amount"]

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
_MAYBE_EDGE_SPACE = re.compile(rb"\x01(?:(?<=[\x00\x02]\x01)|[\x80-\xbf]{0,2}\x02*\x00)")

# '7 220,27', '7220.27', '-17,51' with ASCII digits and spaces, at most 12 digits before the
# separator. Anything else an amount cell may hold goes through values.parse_amount.
_AMOUNT = rb"-?(?:[0-9]{1,3}(?: [0-9]{3}){1,3}|[0-9]{1,12})(?:[.,][0-9]{1,2})?"
_AMOUNT_RE = re.compile(_AMOUNT)
_AMOUNT_COLUMN_RE = re.compile(rb"(?:(?>" + _AMOUNT + rb")\n)*+(?>" + _AMOUNT + rb")")  # no backtracking

# How the fast path reads each column it handles; model field = column key.
FAST_KINDS: dict[str, dict[str, str]] = {
    "payments": {
        "external_id": "text",
        "contract_no": "contract",
        "number": "text",
        "date": "date",
        "period": "period",
        "amount": "amount",
        "kind": "text",
        "purpose": "text",
    },
    "documents": {
        "external_id": "text",
        "contract_no": "contract",
        "doc_type": "doc_type",
        "name": "text",
        "number": "text",
        "date": "date",
        "period": "period",
        "accrued": "amount",
        "paid": "amount",
        "debt": "amount",
        "kind": "text",
        "vat_rate": "percent",
        "due_date": "date",
    },
}


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
    """Dates, periods, rates, document types: columns whose values repeat, each text parsed once."""

    def __init__(self, parse: Callable[[str], object], show: Callable[[object], str], encoding: str):
        self.parse, self.show, self.encoding = parse, show, encoding
        self.cache: dict[bytes, bytes] = {b"": NULL}  # an empty optional cell

    def cell(self, cell: bytes) -> bytes:
        found = self.cache.get(cell)
        if found is None:
            try:
                text = cell.decode(self.encoding).strip()
                found = self.show(self.parse(text)).encode("ascii") if text else NULL
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


def _converter(how: str, column: Column, encoding: str):
    if how == "text":
        return _Text(column.max_length, encoding)
    if how == "amount":
        return _Amount(encoding)
    if how in ("date", "period"):
        return _Cached(v.parse_date if how == "date" else v.parse_period, lambda day: day.isoformat(), encoding)
    if how == "percent":
        return _Cached(v.parse_percent, str, encoding)
    if how == "doc_type":
        return _Cached(parse_doc_type, str, encoding)
    raise ValueError(how)


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
    ids for a table it loads directly), then `columns`: `contract_id`, `abonent_id`, then the model
    fields of the file's other columns, then the values of `defaults` (for the model's columns the
    file lacks, given by the caller as COPY text). An empty optional cell becomes NULL (`\\N`), an
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
        contracts: dict[str, tuple[int, int]],
        defaults: tuple[bytes, ...] = (),
        keep_keys: bool = False,
    ):
        kind = FAST_KINDS.get(table.kind.name)
        if kind is None:
            raise NotFast(f"no fast path for {table.kind.name}")
        encoding = "utf-8" if encoding == "utf-8-sig" else encoding  # the BOM is before the header only
        self.encoding = encoding
        self.delimiter = delimiter.encode("ascii")
        self.width = table.width
        self.defaults = defaults
        self.next_id: int | None = None
        self.rows = 0
        self.keys: set[bytes] | None = set() if keep_keys else None
        self.keys_checked = keep_keys  # every key was seen once only (False past KEYS_LIMIT keys)
        self.last_keys: list[bytes] = []  # the keys of the last block converted
        self.unicode_spaces = _unicode_spaces(encoding)
        self.columns: list[str] = ["contract_id", "abonent_id"]
        self.plan: list[tuple[int, bool, _Text | _Cached | _Amount]] = []
        self.contract_index = self.key_index = -1
        for index, column in table.positions:
            how = kind.get(column.key)
            if how is None:
                raise NotFast(f"a column the fast path does not handle ({column.key})")
            if how == "contract":
                self.contract_index = index
                continue
            if column.key == "external_id":
                self.key_index = index
            self.plan.append((index, column.required, _converter(how, column, encoding)))
            self.columns.append(column.key)
        if self.contract_index < 0 or self.key_index < 0:
            raise NotFast("no contract or key column")
        self.key_column = self.columns.index("external_id") - 1  # the ids take one place in a row
        positioned = {index for index, _ in table.positions}
        self.skipped = [index for index in range(self.width) if index not in positioned]
        self.contracts = {
            number.encode(encoding): f"{contract_id}".encode() + self.delimiter + f"{abonent_id}".encode()
            for number, (contract_id, abonent_id) in contracts.items()
            if _encodable(number, encoding)
        }
        # Delimiters and newlines → NUL, other ASCII whitespace → 0x02, the first byte of any whitespace
        # beyond ASCII → 0x01 (bytes 0x01 and 0x02 themselves → 0x03): a cell that may start or end with
        # such whitespace shows as NUL-[0x02…]-0x01 or 0x01-[tail]-[0x02…]-NUL (see _columns).
        edges = bytearray(range(256))
        edges[1] = edges[2] = 3
        for byte in ASCII_WHITESPACE:
            edges[byte] = 2
        edges[ord("\n")] = edges[self.delimiter[0]] = 0
        for ch in WHITESPACE:
            if ord(ch) >= 128 and _encodable(ch, encoding):
                edges[ch.encode(encoding)[0]] = 1
        self.edges = bytes(edges)
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
        for value in self.defaults:
            columns.append(repeat(value, rows))
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
            if _MAYBE_EDGE_SPACE.search(marked) and self.unicode_spaces.search(block):
                return None
        ids = list(map(self.contracts.get, by_index[self.contract_index]))
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
            ids = self.contracts.get(cells[self.contract_index])
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


def _encodable(text: str, encoding: str) -> bool:
    try:
        text.encode(encoding)
    except UnicodeEncodeError:
        return False
    return True


def _unicode_spaces(encoding: str) -> re.Pattern[bytes] | None:
    """A pattern finding, in bytes of `encoding`, any whitespace str.strip() removes beyond ASCII."""
    encoded = {ch.encode(encoding) for ch in WHITESPACE if ord(ch) >= 128 and _encodable(ch, encoding)}
    if not encoded:
        return None
    return re.compile(b"|".join(re.escape(sequence) for sequence in sorted(encoded)))
