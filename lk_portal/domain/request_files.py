"""What a request's attachment is, told by its content, never by its name (issue 18, item 4).

PDF, JPEG and PNG by their first bytes; XLSX and DOCX are zip files whose `[Content_Types].xml` names
the main part of a workbook or a document (a macro-enabled one, an .xlsm or .docm, is refused). A file's
name keeps the extension of what it is: «акт.txt» that holds a PDF is stored as «акт.txt.pdf».
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass

from .requests import RequestError

CONTENT_TYPES_MAX = 1024 * 1024  # [Content_Types].xml is a few kB; a huge one is not an office file


@dataclass(frozen=True)
class FileKind:
    code: str
    label: str
    content_type: str
    extensions: tuple[str, ...]


PDF = FileKind("pdf", "PDF", "application/pdf", (".pdf",))
JPEG = FileKind("jpeg", "JPEG", "image/jpeg", (".jpg", ".jpeg"))
PNG = FileKind("png", "PNG", "image/png", (".png",))
XLSX = FileKind("xlsx", "XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (".xlsx",))
DOCX = FileKind("docx", "DOCX", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", (".docx",))
FILE_KINDS = (PDF, JPEG, PNG, XLSX, DOCX)
ALLOWED_TEXT = "PDF, JPEG, PNG, XLSX, DOCX"

_OFFICE_MAIN = {
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": XLSX,
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": DOCX,
}
_OVERRIDE = re.compile(rb'<Override\b[^>]*?PartName="/(?:xl|word)/[^"]+"[^>]*?ContentType="([^"]+)"', re.I)
_OVERRIDE_REVERSED = re.compile(rb'<Override\b[^>]*?ContentType="([^"]+)"[^>]*?PartName="/(?:xl|word)/[^"]+"', re.I)


def _office_kind(head: bytes, data: bytes) -> FileKind | None:
    if not head.startswith(b"PK\x03\x04"):
        return None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            info = archive.getinfo("[Content_Types].xml")
            if info.file_size > CONTENT_TYPES_MAX:
                return None
            types = archive.read(info)
    except (KeyError, zipfile.BadZipFile, OSError, NotImplementedError, RuntimeError, EOFError):
        return None
    found = {m.decode("ascii", "replace") for m in _OVERRIDE.findall(types) + _OVERRIDE_REVERSED.findall(types)}
    kinds = {_OFFICE_MAIN[t] for t in found if t in _OFFICE_MAIN}
    return kinds.pop() if len(kinds) == 1 else None


def file_kind(data: bytes) -> FileKind | None:
    """The kind of the file by its content, or None when it is none of FILE_KINDS."""
    head = data[:16]
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    return _office_kind(head, data)


_UNSAFE_NAME = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]+')
NAME_MAX = 200


def clean_name(name: str, kind: FileKind) -> str:
    """The name as the person gave it (no folders, no control characters), ending in the kind's extension."""
    base = _UNSAFE_NAME.sub("_", (name or "").replace("\\", "/").rsplit("/", 1)[-1]).strip(" .") or "файл"
    if not base.lower().endswith(kind.extensions):
        base = f"{base}{kind.extensions[0]}"
    if len(base) > NAME_MAX:
        stem, dot, ext = base.rpartition(".")
        base = f"{stem[: NAME_MAX - len(ext) - 1]}{dot}{ext}"
    return base


def file_check(*, name: str, data: bytes, max_bytes: int) -> tuple[FileKind, str]:
    """(kind, clean name) of an attachment, or RequestError with the file's name in the message."""
    shown = (name or "файл").replace("\\", "/").rsplit("/", 1)[-1][:NAME_MAX]
    if not data:
        raise RequestError("file_empty", f"Файл «{shown}» пустой.")
    if len(data) > max_bytes:
        raise RequestError(
            "file_too_large",
            f"Файл «{shown}» больше {size_text(max_bytes)}: уменьшите его или разделите на части.",
        )
    kind = file_kind(data)
    if kind is None:
        raise RequestError(
            "file_type",
            f"Файл «{shown}» не принят: можно приложить только {ALLOWED_TEXT}. "
            "Тип файла определяется по его содержимому, а не по имени.",
        )
    return kind, clean_name(name, kind)


def limits_text(max_files: int, max_bytes: int) -> str:
    """«до 5 файлов, каждый до 10 МБ: PDF, JPEG, PNG, XLSX, DOCX» for the forms."""
    return f"до {max_files} файлов, каждый до {size_text(max_bytes)}: {ALLOWED_TEXT}"


def size_text(size: int) -> str:
    """«10 МБ», «512 КБ»: a limit as people read it."""
    if size >= 1024 * 1024 and size % (1024 * 1024) == 0:
        return f"{size // (1024 * 1024)} МБ"
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} МБ".replace(".", ",")
    if size >= 1024:
        return f"{max(1, size // 1024)} КБ"
    return f"{size} байт"
