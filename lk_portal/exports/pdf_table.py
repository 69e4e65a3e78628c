"""PDF of a long table drawn page by page on reportlab's canvas, DejaVu Sans for Cyrillic.

platypus' one big `LongTable` measures and splits the whole table for every page it lays out, so
its time grows with the square of the rows (stack-notes.md: 20 000 rows 70 s). Here each row is
measured once, drawn on the current page, and forgotten: time grows with the rows and memory holds
one row plus the compressed pages. Every page repeats the column header and carries «Страница N из
M» (M is a form drawn once at the end and referenced by every page). xhtml2pdf (html_pdf.py) stays
for documents of a page or two.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from lk_portal.formatting import MONEY, format_value

from .files import written_chunks
from .table import ExportGroup, ExportTable, group_cells

FONT, FONT_BOLD = "DejaVuSans", "DejaVuSans-Bold"
FONT_SIZE = 7
LEADING = FONT_SIZE + 1.5
PAD_X, PAD_Y = 2.0, 1.5
MARGIN = 10 * mm
HEADER_FILL = colors.HexColor("#e8eef4")
GROUP_FILL = colors.HexColor("#f4f7fa")
LINE_COLOR = colors.grey


def register_fonts(font_dir: Path) -> None:
    registered = pdfmetrics.getRegisteredFontNames()
    for name, file in ((FONT, "DejaVuSans.ttf"), (FONT_BOLD, "DejaVuSans-Bold.ttf")):
        if name not in registered:
            pdfmetrics.registerFont(TTFont(name, str(Path(font_dir) / file)))


def _default_font_dir() -> Path:
    from django.conf import settings

    return Path(settings.FONT_DIR)


@dataclass
class Layout:
    """The columns' edges on the page and how many characters fit a cell before it must wrap."""

    widths: list[float]
    money: list[bool]
    lefts: list[float] = field(default_factory=list)
    fits: list[int] = field(default_factory=list)

    @classmethod
    def of(cls, table: ExportTable, usable: float) -> Layout:
        weights = [c.width for c in table.columns]
        widths = [usable * w / sum(weights) for w in weights]
        layout = cls(widths=widths, money=[c.kind == MONEY for c in table.columns])
        x = MARGIN
        for width in widths:
            layout.lefts.append(x)
            layout.fits.append(int((width - 2 * PAD_X) / (FONT_SIZE * 0.62)))
            x += width
        return layout


@dataclass
class Line:
    """One table line ready to draw: its cells' text lines, its height, and how it looks."""

    cells: list[list[str]]
    height: float
    bold: bool = False
    fill: object = None
    span: int = 1  # cells merged from the left (a group line's label)


class PdfTableWriter:
    """Draws an ExportTable onto a canvas: `write(out)` reads the table's items once."""

    def __init__(self, table: ExportTable, *, font_dir: Path | None = None) -> None:
        register_fonts(font_dir or _default_font_dir())
        self.table = table
        self.page_width, self.page_height = landscape(A4)
        self.layout = Layout.of(table, self.page_width - 2 * MARGIN)
        self.kinds = [c.kind for c in table.columns]
        self.span_to = max(1, table.first_money_index)
        self.header = self._line([[c.title] for c in table.columns], bold=True, fill=HEADER_FILL, wrap_all=True)
        self.page = 0

    # --- measuring ---------------------------------------------------------------------------

    def _wrap(self, index: int, text: str, font: str, width: float | None = None) -> list[str]:
        if len(text) <= self.layout.fits[index] and width is None:
            return [text]
        width = width if width is not None else self.layout.widths[index]
        return simpleSplit(text, font, FONT_SIZE, width - 2 * PAD_X) or [""]

    def _line(self, texts: list[list[str]], *, bold=False, fill=None, span=1, wrap_all=False) -> Line:
        font = FONT_BOLD if bold else FONT
        cells = []
        for index, (text,) in enumerate(texts):
            if wrap_all:
                cells.append(simpleSplit(text, font, FONT_SIZE, self.layout.widths[index] - 2 * PAD_X) or [""])
            else:
                cells.append(self._wrap(index, text, font))
        height = max(len(c) for c in cells) * LEADING + 2 * PAD_Y
        return Line(cells=cells, height=height, bold=bold, fill=fill, span=span)

    def row_line(self, values: list) -> Line:
        cells, tallest = [], 1
        fits = self.layout.fits
        for index, (kind, value) in enumerate(zip(self.kinds, values, strict=True)):
            text = format_value(kind, value)
            lines = [text] if len(text) <= fits[index] else self._wrap(index, text, FONT, self.layout.widths[index])
            tallest = max(tallest, len(lines))
            cells.append(lines)
        return Line(cells=cells, height=tallest * LEADING + 2 * PAD_Y)

    def group_line(self, group: ExportGroup) -> Line:
        values = group_cells(self.table, group)
        label_width = sum(self.layout.widths[: self.span_to])
        label = simpleSplit(group.label, FONT_BOLD, FONT_SIZE, label_width - 2 * PAD_X) or [""]
        cells = [label] + [[""] for _ in range(self.span_to - 1)]
        cells += [[format_value(k, v)] for k, v in zip(self.kinds[self.span_to :], values[self.span_to :], strict=True)]
        height = len(label) * LEADING + 2 * PAD_Y
        return Line(cells=cells, height=height, bold=True, fill=GROUP_FILL, span=self.span_to)

    # --- drawing -----------------------------------------------------------------------------

    def _draw(self, canvas: Canvas, line: Line, top: float) -> float:
        bottom = top - line.height
        lefts, widths, money = self.layout.lefts, self.layout.widths, self.layout.money
        if line.fill is not None:
            canvas.setFillColor(line.fill)
            canvas.rect(MARGIN, bottom, self.page_width - 2 * MARGIN, line.height, stroke=0, fill=1)
            canvas.setFillColor(colors.black)
        font = FONT_BOLD if line.bold else FONT
        canvas.setFont(font, FONT_SIZE)
        first_y = top - PAD_Y - FONT_SIZE
        for index, lines in enumerate(line.cells):
            if index and index < line.span:
                continue
            y = first_y
            for text in lines:
                if text:
                    if money[index] and index >= line.span and line is not self.header:
                        canvas.drawRightString(lefts[index] + widths[index] - PAD_X, y, text)
                    else:
                        canvas.drawString(lefts[index] + PAD_X, y, text)
                y -= LEADING
        canvas.line(MARGIN, bottom, self.page_width - MARGIN, bottom)
        if line.span > 1:
            self._spans.append((bottom, top, line.span))
        return bottom

    def _page_start(self, canvas: Canvas, top: float) -> float:
        self.page += 1
        self._table_top = top
        self._spans: list[tuple[float, float, int]] = []
        canvas.setStrokeColor(LINE_COLOR)
        canvas.setLineWidth(0.25)
        canvas.line(MARGIN, top, self.page_width - MARGIN, top)
        return self._draw(canvas, self.header, top)

    def _page_end(self, canvas: Canvas, bottom: float) -> None:
        self._rules(canvas, bottom)
        self._page_number(canvas)

    def _rules(self, canvas: Canvas, bottom: float) -> None:
        """The column rules from the header's top to the page's last line (not through merged labels)."""
        canvas.setStrokeColor(LINE_COLOR)
        canvas.setLineWidth(0.25)
        edges = [*self.layout.lefts, self.page_width - MARGIN]
        for index, x in enumerate(edges):
            segments = [(bottom, self._table_top)]
            if 0 < index < self.span_to:
                for low, high, span in self._spans:
                    if index < span:
                        segments = [piece for s in segments for piece in _cut(s, low, high)]
            for low, high in segments:
                canvas.line(x, low, x, high)

    def _page_number(self, canvas: Canvas) -> None:
        """«Страница N из M» at the foot, then the next page."""
        canvas.setFont(FONT, FONT_SIZE)
        canvas.setFillColor(colors.black)
        label = f"Страница {self.page} из "
        x = self.page_width - MARGIN - pdfmetrics.stringWidth(label, FONT, FONT_SIZE) - 20
        canvas.drawString(x, MARGIN / 2, label)
        canvas.saveState()
        canvas.translate(x + pdfmetrics.stringWidth(label, FONT, FONT_SIZE), MARGIN / 2)
        canvas.doForm("pages_total")
        canvas.restoreState()
        canvas.showPage()

    def _title(self, canvas: Canvas) -> float:
        y = self.page_height - MARGIN - 12
        canvas.setFont(FONT_BOLD, 12)
        for text in simpleSplit(self.table.title, FONT_BOLD, 12, self.page_width - 2 * MARGIN) or [""]:
            canvas.drawString(MARGIN, y, text)
            y -= 15
        canvas.setFont(FONT, 9)
        for heading in self.table.heading:
            for text in simpleSplit(heading, FONT, 9, self.page_width - 2 * MARGIN) or [""]:
                canvas.drawString(MARGIN, y, text)
                y -= 12
        return y + 9 - 4 * mm

    def _footer(self, canvas: Canvas, y: float, bottom_limit: float) -> None:
        """The table's footer lines (an act's conclusion and signatures) under it, on a new page if need be."""
        width = self.page_width - 2 * MARGIN
        texts = [t for line in self.table.footer for t in (simpleSplit(line, FONT, 9, width) or [""])]
        if texts and y - 12 * len(texts) < bottom_limit:
            self._page_number(canvas)
            self.page += 1
            y = self.page_height - MARGIN - 9
        canvas.setFont(FONT, 9)
        canvas.setFillColor(colors.black)
        for text in texts:
            canvas.drawString(MARGIN, y, text)
            y -= 12

    def lines(self) -> Iterator[Line]:
        for item in self.table.items:
            yield self.group_line(item) if isinstance(item, ExportGroup) else self.row_line(item)
        if self.table.totals:
            yield self.group_line(self.table.totals)

    def write(self, out: BinaryIO) -> None:
        canvas = Canvas(out, pagesize=(self.page_width, self.page_height), pageCompression=1)
        canvas.setTitle(self.table.title)
        canvas.setCreator("Личный кабинет потребителя")
        bottom_limit = MARGIN + 4 * mm
        y = self._page_start(canvas, self._title(canvas))
        for line in self.lines():
            if y - line.height < bottom_limit:
                self._page_end(canvas, y)
                y = self._page_start(canvas, self.page_height - MARGIN)
            y = self._draw(canvas, line, y)
        self._rules(canvas, y)
        self._footer(canvas, y - 6 * mm, bottom_limit)
        self._page_number(canvas)
        canvas.beginForm("pages_total")
        canvas.setFont(FONT, FONT_SIZE)
        canvas.drawString(0, 0, str(self.page))
        canvas.endForm()
        canvas.save()


def _cut(segment: tuple[float, float], low: float, high: float) -> list[tuple[float, float]]:
    """A vertical rule's piece with [low, high] taken out."""
    start, end = segment
    if high <= start or low >= end:
        return [segment]
    return [piece for piece in ((start, low), (high, end)) if piece[1] > piece[0]]


def write_pdf_table(table: ExportTable, out: BinaryIO, *, font_dir: Path | None = None) -> None:
    PdfTableWriter(table, font_dir=font_dir).write(out)


def stream_pdf_table(table: ExportTable, *, font_dir: Path | None = None) -> Iterator[bytes]:
    return written_chunks(lambda t, out: write_pdf_table(t, out, font_dir=font_dir), table)


def render_pdf_table(table: ExportTable, *, font_dir: Path | None = None) -> bytes:
    buffer = io.BytesIO()
    write_pdf_table(table, buffer, font_dir=font_dir)
    return buffer.getvalue()
