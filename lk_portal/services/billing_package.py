"""What files a billing package holds: files, folders and .zip archives, in the order they apply.

A package's files apply in the contract's order of kinds (billing-exchange.md, «Files»); a file
that cannot be one (not found, of another format, a name that says no kind, a broken archive) is
listed first, with the reason it is refused.
"""

from __future__ import annotations

import logging
import tempfile
import zipfile
from collections.abc import Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

from lk_portal.exchange.kinds import KIND_ORDER, kind_for_filename
from lk_portal.exchange.limits import Limits, current_limits, megabytes, number

logger = logging.getLogger(__name__)

__all__ = ["PackageFile", "package_files"]

SUPPORTED_SUFFIXES = (".csv", ".xlsx")


@dataclass
class PackageFile:
    path: Path | None
    name: str  # as shown to people: 'payments.csv' or 'april.zip/payments.csv'
    origin: str  # the path it came from (a file, a folder or a .zip), for the drop folder
    kind: str | None = None
    refusal: str | None = None


def package_files(paths: Sequence[Path], stack: ExitStack) -> list[PackageFile]:
    """Expand files, folders and zips into the package's files, in the order they must apply.

    Archives are unpacked into temporary folders that `stack` removes.
    """
    found = [item for path in paths for item in _expand_isolated(path, stack)]
    for item in found:
        if not item.refusal and item.path is not None:
            _classify(item)
    order = {kind: index for index, kind in enumerate(KIND_ORDER)}
    return sorted(found, key=lambda item: order.get(item.kind, -1))  # refused ones first, then the contract's order


def _expand_isolated(path: Path, stack: ExitStack) -> list[PackageFile]:
    """The files of one path; an exception no check foresaw refuses this path only (logged)."""
    try:
        return _expand(path, stack)
    except Exception:
        logger.exception("billing package: %s could not be opened", path)
        return [PackageFile(None, path.name, str(path), refusal=internal_error_text(path.name))]


def internal_error_text(name: str) -> str:
    return f"внутренняя ошибка при обработке файла {name}; ничего из него не записано, подробности в журнале сервера"


def _expand(path: Path, stack: ExitStack) -> list[PackageFile]:
    origin = str(path)
    if path.is_dir():
        members = sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith("."))
        if not members:
            return [PackageFile(None, path.name, origin, refusal="в папке нет файлов")]
        return [PackageFile(m, f"{path.name}/{m.relative_to(path).as_posix()}", origin) for m in members]
    if path.suffix.casefold() == ".zip":
        return _zip_members(path, stack)
    if path.exists():
        return [PackageFile(path, path.name, origin)]
    return [PackageFile(None, path.name, origin, refusal="файл не найден")]


def _classify(item: PackageFile) -> None:
    """The file's kind from its name, or the reason it has none."""
    if item.path.suffix.casefold() not in SUPPORTED_SUFFIXES:
        item.refusal = "формат файла не поддерживается: ожидается .csv, .xlsx или .zip"
        return
    item.kind = kind_for_filename(item.path.name)
    if item.kind is None:
        item.refusal = "по имени файла не определить, что в нем: имя должно начинаться с " + ", ".join(KIND_ORDER)


def _zip_members(path: Path, stack: ExitStack) -> list[PackageFile]:
    origin = str(path)
    limits = current_limits()
    try:
        archive = stack.enter_context(zipfile.ZipFile(path))
        infos = [info for info in archive.infolist() if not info.is_dir() and _wanted(info)]
        refusal = _zip_refusal(path, infos, limits)
        if refusal:
            return [PackageFile(None, path.name, origin, refusal=refusal)]
        target = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="lk-import-")))
        members, budget = [], _Budget(limits.unpacked_bytes)
        for index, info in enumerate(infos):
            extracted = target / f"{index:04d}" / Path(info.filename).name  # never follow paths inside the archive
            extracted.parent.mkdir()
            _unpack(archive, info, extracted, budget)
            members.append(PackageFile(extracted, f"{path.name}/{info.filename}", origin))
    except _TooBig as refusal:
        return [PackageFile(None, path.name, origin, refusal=str(refusal))]
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, NotImplementedError, RuntimeError) as error:
        return [
            PackageFile(None, path.name, origin, refusal=f"архив ZIP поврежден или загружен не полностью ({error})")
        ]
    if not members:
        return [PackageFile(None, path.name, origin, refusal="в архиве нет файлов")]
    return members


def _wanted(info: zipfile.ZipInfo) -> bool:
    base = Path(info.filename).name
    return bool(base) and not base.startswith(".") and not info.filename.startswith("__MACOSX/")


def _zip_refusal(path: Path, infos: list[zipfile.ZipInfo], limits: Limits) -> str | None:
    """Why the archive is refused before anything is unpacked (by what its directory says), or None."""
    if len(infos) > limits.zip_members:
        return f"в архиве {number(len(infos))} файлов, допустимо не больше {number(limits.zip_members)}"
    unpacked = sum(info.file_size for info in infos)
    if unpacked > limits.unpacked_bytes:
        return f"архив распаковывается в {megabytes(unpacked)}, допустимо не больше {megabytes(limits.unpacked_bytes)}"
    biggest = max(infos, key=lambda info: info.file_size, default=None)
    if biggest is not None and biggest.file_size > limits.file_bytes:
        return (
            f"файл «{biggest.filename}» в архиве размером {megabytes(biggest.file_size)} "
            f"больше допустимого ({megabytes(limits.file_bytes)})"
        )
    packed = max(path.stat().st_size, 1)
    if unpacked > 10 * 1024 * 1024 and unpacked / packed > limits.zip_ratio:
        return (
            f"архив сжат в {number(int(unpacked / packed))} раз (допустимо не больше {number(limits.zip_ratio)}): "
            "так сжимаются только пустые или повторяющиеся данные; проверьте архив"
        )
    return None


class _TooBig(Exception):
    pass


class _Budget:
    """The bytes an archive may still unpack to, counted as they are written."""

    def __init__(self, left: int):
        self.left = left
        self.limit = left

    def take(self, count: int) -> None:
        self.left -= count
        if self.left < 0:
            raise _TooBig(f"архив распаковывается больше чем в {megabytes(self.limit)}; распаковка прервана")


def _unpack(archive: zipfile.ZipFile, info: zipfile.ZipInfo, extracted: Path, budget: _Budget) -> None:
    """Unpack one member, never beyond the size the archive gives it, nor beyond the archive's budget."""
    written = 0
    with archive.open(info) as source, open(extracted, "wb") as sink:
        while chunk := source.read(1024 * 1024):
            written += len(chunk)
            if written > info.file_size:
                raise _TooBig(f"файл «{info.filename}» в архиве больше, чем указано в архиве; распаковка прервана")
            budget.take(len(chunk))
            sink.write(chunk)
