import io

from django.template import engines
from pypdf import PdfReader

from lk_portal.exports.html_pdf import font_css, html_to_pdf


def test_html_pdf_keeps_russian_text():
    html = (
        engines["django"]
        .from_string(
            "<html><head><style>{{ css|safe }}</style></head><body><p>Текущая задолженность: 7 220,27 руб.</p>"
            "<p><b>Счет-фактура №702227301/70</b></p></body></html>"
        )
        .render({"css": font_css()})
    )

    text = PdfReader(io.BytesIO(html_to_pdf(html))).pages[0].extract_text()

    assert "Текущая задолженность: 7 220,27 руб." in text
    assert "Счет-фактура №702227301/70" in text
