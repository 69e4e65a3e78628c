"""How much a billing file may hold: the import's limits, each a setting with a safe default.

A file beyond a limit is refused whole with a Russian message that names the limit; nothing of it
is read further. The limits keep the import's memory bounded (under 500 MB for any input) and
its time proportional to what it writes.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings

__all__ = ["DEFAULTS", "Limits", "current_limits", "megabytes", "number"]


@dataclass(frozen=True)
class Limits:
    file_bytes: int = 2 * 1024**3  # one file (also one member of a zip)
    columns: int = 200  # cells of a header
    cell_chars: int = 100_000  # characters of one value
    rows: int = 20_000_000  # data rows of one file
    zip_members: int = 100  # files in one zip archive
    unpacked_bytes: int = 4 * 1024**3  # what one zip (or one XLSX) unpacks to, in total
    zip_ratio: int = 200  # unpacked size / packed size of a zip (or an XLSX)
    shared_strings: int = 2_000_000  # texts in the shared strings of an XLSX
    shared_chars: int = 50_000_000  # their characters in total
    warnings: int = 100  # warnings kept per file (the count is complete)

    @property
    def line_chars(self) -> int:
        """The longest physical line of a CSV file read: a value at the limit, and room for the rest of its row."""
        return 2 * self.cell_chars


DEFAULTS = Limits()

_SETTINGS = {
    "file_bytes": "LK_IMPORT_MAX_FILE_BYTES",
    "columns": "LK_IMPORT_MAX_COLUMNS",
    "cell_chars": "LK_IMPORT_MAX_CELL_CHARS",
    "rows": "LK_IMPORT_MAX_ROWS",
    "zip_members": "LK_IMPORT_MAX_ZIP_MEMBERS",
    "unpacked_bytes": "LK_IMPORT_MAX_UNPACKED_BYTES",
    "zip_ratio": "LK_IMPORT_MAX_ZIP_RATIO",
    "shared_strings": "LK_IMPORT_MAX_SHARED_STRINGS",
    "shared_chars": "LK_IMPORT_MAX_SHARED_CHARS",
    "warnings": "LK_IMPORT_MAX_WARNINGS",
}


def current_limits() -> Limits:
    """The limits as the settings give them (read at every file, so a test's override_settings counts)."""
    return Limits(
        **{field: int(getattr(settings, name, getattr(DEFAULTS, field))) for field, name in _SETTINGS.items()}
    )


def number(value: int) -> str:
    """7220 → '7 220', as numbers are written in the portal."""
    return f"{value:,}".replace(",", " ")


def megabytes(size: int) -> str:
    """A size in bytes as people read it: '300 МБ', '1,5 МБ', '12 КБ'."""
    if size >= 1024 * 1024:
        value = size / (1024 * 1024)
        unit = "МБ"
    else:
        value = size / 1024
        unit = "КБ"
    text = f"{value:.1f}".rstrip("0").rstrip(".").replace(".", ",")
    return f"{text} {unit}"
