"""The export formats of «Выгрузить в другие форматы»: link text, content type, extension, table renderer.

Every file the cabinet hands out is named here, including the documents that are not tables
(the reconciliation act's PDF and XLSX, lk_portal.exports.reconciliation): a view looks the
format up and answers through lk_portal.views.kit.export_response. A renderer returns bytes
today; one that yields chunks of bytes is streamed by the same response without other changes.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from .csv_export import render_csv
from .pdf_table import render_pdf_table
from .rtf import render_rtf
from .table import ExportTable
from .xls import render_xls
from .xlsx import render_xlsx

Rendered = bytes | Iterable[bytes]


@dataclass(frozen=True)
class ExportFormat:
    code: str  # the value of ?export= and the file's extension
    label: str  # the export bar's link text
    content_type: str
    render: Callable[[ExportTable], Rendered]  # a table (a grid's current view) → the file

    @property
    def extension(self) -> str:
        return self.code


EXPORT_FORMATS = {
    f.code: f
    for f in (
        ExportFormat("pdf", "Экспорт в PDF (Adobe PDF)", "application/pdf", render_pdf_table),
        ExportFormat("rtf", "Экспорт в RTF (MS Word)", "application/rtf", render_rtf),
        ExportFormat("csv", "Экспорт в CSV (Текстовый файл)", "text/csv; charset=utf-8", render_csv),
        ExportFormat("xls", "Экспорт в XLS (MS Excel)", "application/vnd.ms-excel", render_xls),
        ExportFormat(
            "xlsx",
            "Экспорт в XLSx (MS Excel 2007)",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            render_xlsx,
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
    """What templates/components/export_bar.html shows under a list or beside a document."""

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
