"""PDF of a long table straight through reportlab's platypus LongTable, DejaVu Sans for Cyrillic.

xhtml2pdf (html_pdf.py) is for documents of a page or two; for a grid export it is about 12×
slower (stack-notes.md), so long tables go to the engine directly.
"""

import io
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import LongTable, Paragraph, SimpleDocTemplate, Spacer, TableStyle

from lk_portal.formatting import MONEY, format_value

from .table import ExportGroup, ExportTable, group_cells

FONT, FONT_BOLD = "DejaVuSans", "DejaVuSans-Bold"
FONT_SIZE = 7


def register_fonts(font_dir: Path) -> None:
    registered = pdfmetrics.getRegisteredFontNames()
    for name, file in ((FONT, "DejaVuSans.ttf"), (FONT_BOLD, "DejaVuSans-Bold.ttf")):
        if name not in registered:
            pdfmetrics.registerFont(TTFont(name, str(Path(font_dir) / file)))


def render_pdf_table(table: ExportTable, *, font_dir: Path | None = None) -> bytes:
    if font_dir is None:
        from django.conf import settings

        font_dir = settings.FONT_DIR
    register_fonts(font_dir)
    page = landscape(A4)
    margin = 10 * mm
    usable = page[0] - 2 * margin
    weights = [c.width for c in table.columns]
    widths = [usable * w / sum(weights) for w in weights]
    # A plain string never wraps; long text goes into a Paragraph, which does (and costs more).
    fits = [int(w / (FONT_SIZE * 0.55)) for w in widths]
    cell_style = ParagraphStyle("cell", fontName=FONT, fontSize=FONT_SIZE, leading=FONT_SIZE + 1.5)
    bold_style = ParagraphStyle("bold", parent=cell_style, fontName=FONT_BOLD)
    heading_style = ParagraphStyle("heading", fontName=FONT, fontSize=9, leading=12)
    title_style = ParagraphStyle("title", fontName=FONT_BOLD, fontSize=12, leading=15)

    def cell(index: int, kind: str, value, style) -> object:
        text = format_value(kind, value)
        if len(text) > fits[index]:
            return Paragraph(escape(text), style)
        return text

    data = [[Paragraph(escape(c.title), bold_style) for c in table.columns]]
    commands = [
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("FONTSIZE", (0, 0), (-1, -1), FONT_SIZE),
        ("LEADING", (0, 0), (-1, -1), FONT_SIZE + 1.5),
        ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef4")),
        ("LEFTPADDING", (0, 0), (-1, -1), 2),
        ("RIGHTPADDING", (0, 0), (-1, -1), 2),
    ]
    for index, column in enumerate(table.columns):
        if column.kind == MONEY:
            commands.append(("ALIGN", (index, 1), (index, -1), "RIGHT"))
    span_to = table.first_money_index - 1

    def group_row(group: ExportGroup) -> None:
        values = group_cells(table, group)
        row = len(data)
        label_width = sum(widths[: max(1, span_to + 1)])
        label = (
            Paragraph(escape(group.label), bold_style)
            if len(group.label) > label_width / (FONT_SIZE * 0.6)
            else group.label
        )
        data.append([label] + [format_value(c.kind, v) for c, v in zip(table.columns[1:], values[1:], strict=True)])
        commands.append(("FONTNAME", (0, row), (-1, row), FONT_BOLD))
        commands.append(("BACKGROUND", (0, row), (-1, row), colors.HexColor("#f4f7fa")))
        if span_to > 0:
            commands.append(("SPAN", (0, row), (span_to, row)))

    kinds = [c.kind for c in table.columns]
    for item in table.items:
        if isinstance(item, ExportGroup):
            group_row(item)
        else:
            data.append([cell(i, kinds[i], v, cell_style) for i, v in enumerate(item)])
    if table.totals:
        group_row(table.totals)

    story = [Paragraph(escape(table.title), title_style)]
    story += [Paragraph(escape(line), heading_style) for line in table.heading]
    story.append(Spacer(1, 4 * mm))
    grid = LongTable(data, colWidths=widths, repeatRows=1)
    grid.setStyle(TableStyle(commands))
    story.append(grid)
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=page,
        leftMargin=margin,
        rightMargin=margin,
        topMargin=margin,
        bottomMargin=margin,
        title=table.title,
    )
    doc.build(story)
    return buffer.getvalue()
