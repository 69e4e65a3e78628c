from lk_portal.exports.formats import EXPORT_FORMATS, export_bar
from tests.support.exports import export_table


def test_the_five_formats_in_the_guides_order_with_their_content_types():
    assert [(f.code, f.label) for f in EXPORT_FORMATS.values()] == [
        ("pdf", "Экспорт в PDF (Adobe PDF)"),
        ("rtf", "Экспорт в RTF (MS Word)"),
        ("csv", "Экспорт в CSV (Текстовый файл)"),
        ("xls", "Экспорт в XLS (MS Excel)"),
        ("xlsx", "Экспорт в XLSx (MS Excel 2007)"),
    ]
    assert EXPORT_FORMATS["csv"].content_type == "text/csv; charset=utf-8"
    assert EXPORT_FORMATS["xlsx"].extension == "xlsx"


def test_every_format_renders_a_table():
    starts = {"pdf": b"%PDF", "rtf": b"{\\rtf1", "csv": b"\xef\xbb\xbf", "xls": b"\xd0\xcf\x11\xe0", "xlsx": b"PK"}
    for code, export_format in EXPORT_FORMATS.items():
        assert export_format.render(export_table()).startswith(starts[code]), code


def test_the_bar_links_each_format_and_a_document_bar_names_its_own():
    bar = export_bar(lambda code: f"?q=1&export={code}")
    assert bar.title == "Выгрузить в другие форматы:" and not bar.buttons
    assert [(link.code, link.url, link.new_tab) for link in bar.links][:2] == [
        ("pdf", "?q=1&export=pdf", False),
        ("rtf", "?q=1&export=rtf", False),
    ]
    act = export_bar(
        lambda code: f"?export={code}", codes=("pdf", "xlsx"), labels={"pdf": "Скачать PDF"}, new_tab=("pdf",), title=""
    )
    assert [(link.label, link.new_tab) for link in act.links] == [
        ("Скачать PDF", True),
        ("Экспорт в XLSx (MS Excel 2007)", False),
    ]
