"""The rows of a file (lists of cells) read into typed records by the columns of its kind.

A record maps column keys to parsed values (absent or None = no value; `deleted` always present).
A row marked deleted is read by its key columns only. Problems name the row, the column (as the
file titles it), the value and the reason; a row with any problem must not be applied.
"""

from collections.abc import Iterable, Iterator
from typing import Any

from .header import TableFile
from .problems import Problem
from .values import cell_text
from .xlsx_check import FormulaWithoutValue

__all__ = ["RecordReader"]

REQUIRED_EMPTY = "обязательное значение не заполнено"
NO_PROBLEMS: list[Problem] = []


def _is_blank(cells) -> bool:
    try:
        joined = "".join(cells)
    except TypeError:  # XLSX cells: numbers, dates, None
        return not any(cell_text(cell).strip() for cell in cells)
    return not joined or joined.isspace()


def _too_long(max_length: int, value: str) -> str:
    return f"слишком длинное значение: {len(value)} символов, допустимо не больше {max_length}"


class RecordReader:
    """Reads the data rows of one file, as mapped by its header (`TableFile`)."""

    def __init__(self, table: TableFile):
        self.name = table.name
        self.width = table.width
        key_columns = set(table.kind.key) or {"contract_no"}
        # (cell index, key, parser, required, max length of a plain text, title) of each column read
        self.plan = [
            (index, column.key, column.parse, column.required, column.max_length, table.title(column.key))
            for index, column in table.positions
            if column.key != "deleted"
        ]
        self.key_plan = [step for step in self.plan if step[1] in key_columns]  # what a deleted row needs
        self.deleted = next(((i, c.parse, table.title(c.key)) for i, c in table.positions if c.key == "deleted"), None)

    def records(self, rows: Iterable) -> Iterator[tuple[int, dict, list[Problem]]]:
        """`(row number, record, problems)` of each row that is not blank; the header is row 1.

        The problems of a row that has none are one shared empty list: never change it in place.
        """
        width, has_deleted, read = self.width, self.deleted is not None, self.read
        for number, cells in enumerate(rows, start=2):
            if _is_blank(cells):
                continue
            problems = self._width_problems(number, cells) if len(cells) > width else NO_PROBLEMS
            deleted = False
            if has_deleted:
                deleted, problems = self._deleted(number, cells, problems)
            record, problems = read(number, cells, deleted, problems)
            yield number, record, problems

    def _width_problems(self, number: int, cells) -> list[Problem]:
        count, width = len(cells), self.width
        if any(cell_text(cell).strip() for cell in cells[width:]):
            message = f"в строке {count} значений, а в заголовке {width} столбцов; проверьте разделители и кавычки"
            return [Problem(self.name, number, None, None, message)]
        return NO_PROBLEMS

    def _deleted(self, number: int, cells, problems: list[Problem]) -> tuple[bool, list[Problem]]:
        index, parse, title = self.deleted
        raw = cells[index] if index < len(cells) else None
        if raw.__class__ is FormulaWithoutValue:
            return False, [*problems, Problem(self.name, number, title, "", raw.message)]
        try:
            return parse(raw), problems
        except ValueError as error:
            return False, [*problems, Problem(self.name, number, title, cell_text(raw), str(error))]

    def read(self, number: int, cells, deleted: bool, problems: list[Problem]) -> tuple[dict, list[Problem]]:
        """The row's record, and its problems: `problems` so far and its cells'."""
        name, count = self.name, len(cells)
        record: dict[str, Any] = {"deleted": deleted}
        for index, key, parse, required, max_length, title in self.key_plan if deleted else self.plan:
            raw = cells[index] if index < count else None
            if raw.__class__ is str:
                raw = raw.strip()
                if not raw:
                    raw = None
                elif max_length is not None and not deleted:  # plain text, read inline (for speed)
                    if len(raw) > max_length:
                        problems = [*problems, Problem(name, number, title, raw, _too_long(max_length, raw))]
                    else:
                        record[key] = raw
                    continue
            if raw is None or raw.__class__ is FormulaWithoutValue:
                if raw is not None:
                    problems = [*problems, Problem(name, number, title, "", raw.message)]
                elif required:
                    problems = [*problems, Problem(name, number, title, "", REQUIRED_EMPTY)]
                continue
            try:
                record[key] = parse(raw)
            except ValueError as error:
                problems = [*problems, Problem(name, number, title, cell_text(raw), str(error))]
        return record, problems
