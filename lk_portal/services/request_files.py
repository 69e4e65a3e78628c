"""Attachments of requests on disk: read and checked (by content, lk_portal.domain.request_files), then kept
under LK_PRIVATE_DIR/requests/ — outside the public media, readable only through the cabinet's and the
admin's views that check who asks.

A file is written before its row; when anything after fails (the rows, the letter, the commit), the files
written are removed again (`files_guard`), so a refused request leaves nothing behind.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from lk_portal.domain.request_files import FileKind, file_check
from lk_portal.domain.requests import RequestError

Attachment = object  # an UploadedFile (django.core.files) or a tuple (name, bytes)


@dataclass(frozen=True)
class PreparedFile:
    name: str
    kind: FileKind
    data: bytes


def private_dir() -> Path:
    return Path(settings.LK_PRIVATE_DIR)


def max_files() -> int:
    return settings.LK_REQUEST_MAX_FILES


def max_file_bytes() -> int:
    return settings.LK_REQUEST_MAX_FILE_BYTES


def _read(attachment, limit: int) -> tuple[str, bytes]:
    """(name, bytes) of an upload or a tuple; reading stops one byte past the limit."""
    if isinstance(attachment, tuple):
        name, data = attachment
        return str(name), bytes(data[: limit + 1])
    chunks, size = [], 0
    for chunk in attachment.chunks():
        chunks.append(chunk)
        size += len(chunk)
        if size > limit:
            break
    return getattr(attachment, "name", "") or "", b"".join(chunks)


def files_prepare(attachments: Iterable) -> list[PreparedFile]:
    """Every attachment read and checked; RequestError names the first that is refused, or too many files."""
    attachments = [a for a in (attachments or []) if a]
    limit_count, limit_bytes = max_files(), max_file_bytes()
    if len(attachments) > limit_count:
        raise RequestError(
            "too_many_files", f"Можно приложить не больше {limit_count} файлов, выбрано {len(attachments)}."
        )
    prepared = []
    for attachment in attachments:
        name, data = _read(attachment, limit_bytes)
        kind, clean = file_check(name=name, data=data, max_bytes=limit_bytes)
        prepared.append(PreparedFile(name=clean, kind=kind, data=data))
    return prepared


def _write(relative: str, data: bytes) -> None:
    target = private_dir() / relative
    target.parent.mkdir(parents=True, exist_ok=True, mode=0o750)
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o640)
    with os.fdopen(fd, "wb") as out:
        out.write(data)


@contextlib.contextmanager
def files_guard() -> Iterator[list[str]]:
    """Collects the files written inside the block (`files_write`); removes them if the block raises."""
    written: list[str] = []
    try:
        yield written
    except BaseException:
        for relative in written:
            with contextlib.suppress(OSError):
                (private_dir() / relative).unlink()
        raise


def files_write(request_id: int, prepared: list[PreparedFile], written: list[str]) -> list[tuple[PreparedFile, str]]:
    """Write the files under requests/<request id>/<random name>, noting each in `written` (files_guard)."""
    stored = []
    for item in prepared:
        relative = f"requests/{request_id}/{secrets.token_hex(16)}"
        _write(relative, item.data)
        written.append(relative)
        stored.append((item, relative))
    return stored


def file_path(relative: str) -> Path:
    """The file's place on disk; a path that would leave the private folder is refused."""
    root = private_dir().resolve()
    target = (root / relative).resolve()
    if root not in target.parents:
        raise FileNotFoundError(relative)
    return target
