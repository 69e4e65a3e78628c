"""A file's first row mapped to the columns of its kind (billing-exchange.md, «Text and numbers»)."""

from collections.abc import Sequence
from dataclasses import dataclass, field

from .columns import Column, FileKind
from .limits import current_limits, number
from .problems import FileRefused
from .values import cell_text, normalize_title

__all__ = ["TableFile", "read_header"]


@dataclass
class TableFile:
    """The header of a file as mapped to its kind, plus what was noticed about it."""

    name: str
    kind: FileKind
    titles: dict[str, str] = field(default_factory=dict)  # column key → the title as written in the file
    warnings: list[str] = field(default_factory=list)
    positions: list[tuple[int, Column]] = field(default_factory=list)  # (cell index, column) of the known ones
    width: int = 0

    def title(self, key: str) -> str:
        return self.titles.get(key) or self.kind.column(key).label


def read_header(cells: Sequence, *, kind: FileKind, name: str) -> TableFile:
    """Map the header's cells to the kind's columns; FileRefused for a column twice or a required one missing.

    An unknown column is skipped with a warning (once for each title). A header wider than
    LK_IMPORT_MAX_COLUMNS is refused.
    """
    limit = current_limits().columns
    if len(cells) > limit:
        raise FileRefused(
            f"в заголовке {number(len(cells))} столбцов, допустимо не больше {number(limit)}; проверьте разделители"
        )
    table = TableFile(name=name, kind=kind, width=len(cells))
    header = kind.header_map()
    unknown: set[str] = set()
    for index, cell in enumerate(cells):
        written = cell_text(cell).strip()
        if not written:
            continue
        column = header.get(normalize_title(written))
        if column is None:
            if written not in unknown:
                unknown.add(written)
                table.warnings.append(f"Файл «{name}»: неизвестный столбец «{_shorten(written)}» пропущен")
        elif column.key in table.titles:
            raise FileRefused(
                f"столбец «{column.label}» ({column.key}) указан дважды: «{table.titles[column.key]}» и «{written}»"
            )
        else:
            table.titles[column.key] = written
            table.positions.append((index, column))
    missing = [column for column in kind.columns if column.required and column.key not in table.titles]
    if missing:
        names = ", ".join(f"«{column.label}» ({column.key})" for column in missing)
        raise FileRefused(
            f"нет обязательного столбца: {names}" if len(missing) == 1 else f"нет обязательных столбцов: {names}"
        )
    return table


def _shorten(text: str, limit: int = 100) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
