"""The five export formats of «Выгрузить в другие форматы»: renderer, content type, extension, link text."""

from collections.abc import Callable
from dataclasses import dataclass

from .csv_export import render_csv
from .pdf_table import render_pdf_table
from .rtf import render_rtf
from .table import ExportTable
from .xls import render_xls
from .xlsx import render_xlsx


@dataclass(frozen=True)
class ExportFormat:
    code: str
    label: str
    content_type: str
    render: Callable[[ExportTable], bytes]


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
