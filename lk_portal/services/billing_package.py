"""What files a billing package holds: files, folders and .zip archives, in the order they apply.

A package's files apply in the contract's order of kinds (billing-exchange.md, «Files»); a file
that cannot be one (not found, of another format, a name that says no kind, a broken archive) is
listed first, with the reason it is refused.
"""

from __future__ import annotations

import tempfile
import zipfile
from collections.abc import Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

from lk_portal.exchange.kinds import KIND_ORDER, kind_for_filename

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
    found = [item for path in paths for item in _expand(path, stack)]
    for item in found:
        if not item.refusal and item.path is not None:
            _classify(item)
    order = {kind: index for index, kind in enumerate(KIND_ORDER)}
    return sorted(found, key=lambda item: order.get(item.kind, -1))  # refused ones first, then the contract's order


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
    try:
        archive = stack.enter_context(zipfile.ZipFile(path))
        infos = [info for info in archive.infolist() if not info.is_dir()]
        target = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="lk-import-")))
        members = []
        for index, info in enumerate(infos):
            base = Path(info.filename).name  # never follow paths inside the archive
            if not base or base.startswith(".") or info.filename.startswith("__MACOSX/"):
                continue
            extracted = target / f"{index:04d}" / base
            extracted.parent.mkdir()
            with archive.open(info) as source, open(extracted, "wb") as sink:
                while chunk := source.read(1024 * 1024):
                    sink.write(chunk)
            members.append(PackageFile(extracted, f"{path.name}/{info.filename}", origin))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, NotImplementedError) as error:
        return [
            PackageFile(None, path.name, origin, refusal=f"архив ZIP поврежден или загружен не полностью ({error})")
        ]
    if not members:
        return [PackageFile(None, path.name, origin, refusal="в архиве нет файлов")]
    return members
