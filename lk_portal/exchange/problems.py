"""What can be wrong with a billing file: the whole file (`FileRefused`) or one of its rows.

Every message names the file, the row, the column, the value and the reason, in Russian.
"""

from dataclasses import dataclass
from typing import Any

__all__ = ["FileRefused", "Problem", "RowRejected"]


class FileRefused(Exception):
    """The file cannot be read at all; the message says why, in Russian."""


class RowRejected(Exception):
    """A row refused by what its values mean together (a reference not found, dates out of order).

    `column` is the column's key; the message shows the title the file gives it.
    """

    def __init__(self, column: str | None, value: str | None, message: str):
        super().__init__(message)
        self.column, self.value, self.message = column, value, message


@dataclass(frozen=True)
class Problem:
    """One wrong value (or row) of a file."""

    file: str
    row: int | None
    column: str | None
    value: str | None
    message: str

    def __str__(self) -> str:
        parts = [f"Файл «{self.file}»"]
        if self.row is not None:
            parts.append(f"строка {self.row}")
        if self.column:
            parts.append(f"столбец «{self.column}»")
        if self.value is not None:
            parts.append(f"значение «{_shorten(self.value)}»")
        return ", ".join(parts) + f": {self.message}"

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "row": self.row,
            "column": self.column,
            "value": None if self.value is None else _shorten(self.value),
            "message": self.message,
            "text": str(self),
        }


def _shorten(text: str, limit: int = 200) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
