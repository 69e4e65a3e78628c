"""What a CSV file is before it is read: text at all, its encoding, its delimiter.

Used by the Python reader (readers.py) and the fast path (fast_csv.py) alike.
"""

import codecs
from pathlib import Path

from .problems import FileRefused

__all__ = ["SAMPLE_SIZE", "check_not_binary", "detect_delimiter", "detect_encoding"]

SAMPLE_SIZE = 64 * 1024

_BINARY_SIGNATURES = (
    (b"PK\x03\x04", "это архив ZIP или файл XLSX, а не текст CSV (файл XLSX должен называться .xlsx)"),
    (b"\xd0\xcf\x11\xe0", "это файл Excel 97–2003 (XLS), а не CSV; сохраните его как XLSX или CSV"),
    (b"%PDF", "это документ PDF, а не текст CSV"),
    (b"\xff\xfe", "кодировка UTF-16 не поддерживается; сохраните файл в UTF-8 или Windows-1251"),
    (b"\xfe\xff", "кодировка UTF-16 не поддерживается; сохраните файл в UTF-8 или Windows-1251"),
    (b"\x1f\x8b", "это сжатый файл (gzip), а не текст CSV"),
)


def check_not_binary(path: Path) -> None:
    """Raise FileRefused, with the reason, for an empty file or one that is not text."""
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


def detect_encoding(path: Path, *, head_only: bool = False) -> str:
    """'utf-8-sig' with a BOM; 'utf-8' when every byte decodes as UTF-8; else 'cp1251'.

    A file begun in UTF-8 (a BOM, or a first line with letters in UTF-8) that has bytes of another
    encoding further on is refused, with the line: it was put together from two files, and read
    as Windows-1251 its header would turn into nonsense.

    `head_only` looks at the first SAMPLE_SIZE bytes only (the fast path: COPY, which checks every
    byte it is sent, or the converter refuses a UTF-8 file with a wrong byte further on, and the
    Python reader then reads it in the whole file's encoding).
    """
    with open(path, "rb") as handle:
        head = handle.read(SAMPLE_SIZE)
        bom = head.startswith(codecs.BOM_UTF8)
        error_line = _first_non_utf8_line(head, handle, head_only=head_only)
    if error_line is None:
        return "utf-8-sig" if bom else "utf-8"
    if bom or _begun_in_utf8(head):
        raise FileRefused(f"строка {error_line}: байты не в кодировке UTF-8, хотя файл начат в UTF-8")
    return "cp1251"


def _first_non_utf8_line(head: bytes, handle, *, head_only: bool) -> int | None:
    """The line (from 1) of the first byte that is not UTF-8, reading on from `head`; None: all UTF-8."""
    lines, pending, chunk = 1, b"", head
    while True:
        data = pending + chunk
        final = not chunk
        try:
            _, consumed = codecs.utf_8_decode(data, "strict", final)
        except UnicodeDecodeError as error:
            return lines + data.count(b"\n", 0, error.start)
        lines += data.count(b"\n", 0, consumed)
        pending = data[consumed:]
        if final or (head_only and chunk is head):
            return None
        chunk = handle.read(4 * 1024 * 1024)


def _begun_in_utf8(head: bytes) -> bool:
    """Whether the first line holds letters beyond ASCII written in UTF-8 (Windows-1251 text never decodes so)."""
    first = head.split(b"\n", 1)[0]
    if first.isascii():
        return False
    try:
        first.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


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
