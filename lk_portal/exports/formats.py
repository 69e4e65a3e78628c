"""The export formats of «Выгрузить в другие форматы»: link text, content type, extension, table renderer.

Every file the cabinet hands out is named here, including the documents that are not tables
(the reconciliation act's PDF and XLSX, lk_portal.exports.reconciliation): a view looks the
format up and answers through lk_portal.views.kit.export_response. A format's `stream(table)`
yields the file in chunks (CSV and RTF as the rows are read; XLSX and PDF from a temporary file
they are written into; XLS, at most 65 536 rows, whole); `write(table, file)` puts the same bytes
into a file (the background exports, lk_portal.services.export_jobs).
"""

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import BinaryIO

from .csv_export import stream_csv
from .pdf_table import stream_pdf_table
from .rtf import stream_rtf
from .table import ExportTable
from .xls import render_xls, xls_check
from .xlsx import stream_xlsx

Rendered = bytes | Iterable[bytes]


def _whole(render: Callable[[ExportTable], bytes]) -> Callable[[ExportTable], Iterator[bytes]]:
    def stream(table: ExportTable) -> Iterator[bytes]:
        return iter([render(table)])  # rendered now, so ExportTooLarge reaches the view before the answer starts

    return stream


@dataclass(frozen=True)
class ExportFormat:
    code: str  # the value of ?export= and the file's extension
    label: str  # the export bar's link text
    content_type: str
    stream: Callable[[ExportTable], Iterator[bytes]]  # a table (a grid's current view) → the file in chunks
    limit: Callable[[ExportTable], None] | None = None  # raises ExportTooLarge for a table the format cannot hold

    @property
    def extension(self) -> str:
        return self.code

    def check(self, table: ExportTable) -> None:
        """ExportTooLarge now, before an answer or a background job starts, if the format cannot hold the table."""
        if self.limit is not None:
            self.limit(table)

    def render(self, table: ExportTable) -> bytes:
        """The file whole (small tables, tests)."""
        return b"".join(self.stream(table))

    def write(self, table: ExportTable, out: BinaryIO) -> int:
        """The file into `out`; the bytes written."""
        size = 0
        for chunk in self.stream(table):
            out.write(chunk)
            size += len(chunk)
        return size


EXPORT_FORMATS = {
    f.code: f
    for f in (
        ExportFormat("pdf", "Экспорт в PDF (Adobe PDF)", "application/pdf", stream_pdf_table),
        ExportFormat("rtf", "Экспорт в RTF (MS Word)", "application/rtf", stream_rtf),
        ExportFormat("csv", "Экспорт в CSV (Текстовый файл)", "text/csv; charset=utf-8", stream_csv),
        ExportFormat("xls", "Экспорт в XLS (MS Excel)", "application/vnd.ms-excel", _whole(render_xls), xls_check),
        ExportFormat(
            "xlsx",
            "Экспорт в XLSx (MS Excel 2007)",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            stream_xlsx,
        ),
    )
}


@dataclass(frozen=True)
class ExportLink:
    code: str
    label: str
    url: str
    new_tab: bool = False  # a document opened in a tab (inline PDF) rather than a file downloaded


@dataclass(frozen=True)
class ExportBar:
    """What templatetags/grid_frame.export_bar_html shows under a list or beside a document."""

    links: list[ExportLink]
    title: str = "Выгрузить в другие форматы:"
    buttons: bool = False


def export_bar(
    url_for: Callable[[str], str],
    *,
    codes: Iterable[str] = tuple(EXPORT_FORMATS),
    labels: dict[str, str] | None = None,
    new_tab: Iterable[str] = (),
    title: str = ExportBar.title,
    buttons: bool = False,
) -> ExportBar:
    """The bar of the given formats (all five by default); `url_for(code)` gives each link's URL."""
    labels = labels or {}
    opened = set(new_tab)
    links = [
        ExportLink(code, labels.get(code, EXPORT_FORMATS[code].label), url_for(code), new_tab=code in opened)
        for code in codes
    ]
    return ExportBar(links=links, title=title, buttons=buttons)
