import io

from pypdf import PdfReader

from lk_portal.exports.pdf_table import render_pdf_table
from tests.support.exports import export_table


def test_pdf_holds_the_table_in_russian():
    reader = PdfReader(io.BytesIO(render_pdf_table(export_table())))
    text = " ".join(page.extract_text() for page in reader.pages)
    for expected in ["=Заголовок", "Абонент: -ООО", "Период: 2015 (записей: 2)", "17.04.2015", "-5,00", "7 220,27"]:
        assert expected in text
    assert reader.metadata.title == "=Заголовок"


def test_long_tables_repeat_the_header_on_every_page():
    rows = [[f"строка {n}", None, "2015,04", None] for n in range(300)]
    reader = PdfReader(io.BytesIO(render_pdf_table(export_table(rows, groups=False))))
    assert len(reader.pages) > 2
    assert all("Текст" in page.extract_text() for page in reader.pages)
