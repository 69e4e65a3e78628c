"""HTML template → PDF bytes through xhtml2pdf, with a Cyrillic font.

For documents of a page or two (cards, applications, payment documents, acts). xhtml2pdf's
default fonts have no Cyrillic, and 0.2.28 reads local files only inside the roots that a
ResourceAccessPolicy names, so both are set here once for every caller.
"""

import io
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from xhtml2pdf import pisa
from xhtml2pdf.files import ResourceAccessPolicy


class PdfRenderError(RuntimeError):
    pass


def font_dir() -> Path:
    return Path(settings.FONT_DIR)


def font_css() -> str:
    """@font-face rules for DejaVu Sans, regular and bold, as file paths xhtml2pdf can read."""
    regular = font_dir() / "DejaVuSans.ttf"
    bold = font_dir() / "DejaVuSans-Bold.ttf"
    return (
        f'@font-face {{ font-family: "DejaVu"; src: url("{regular}"); }}\n'
        f'@font-face {{ font-family: "DejaVu"; font-weight: bold; src: url("{bold}"); }}\n'
        'html, body, p, td, th, div, span, h1, h2, h3, li { font-family: "DejaVu"; }\n'
    )


def _policy() -> ResourceAccessPolicy:
    roots = tuple(
        Path(p) for p in (font_dir(), settings.STATIC_ROOT, settings.MEDIA_ROOT, settings.BASE_DIR / "static")
    )
    return ResourceAccessPolicy(extra_roots=roots, base_dir=None, allow_remote=False)


def html_to_pdf(html: str) -> bytes:
    buffer = io.BytesIO()
    status = pisa.CreatePDF(html, dest=buffer, encoding="utf-8", resource_policy=_policy())
    if status.err:
        raise PdfRenderError(f"PDF rendering failed with {status.err} error(s)")
    return buffer.getvalue()


def render_pdf(template_name: str, context: dict) -> bytes:
    """Render a template from templates/documents/ to PDF; the template gets `font_css`."""
    html = render_to_string(template_name, {**context, "font_css": font_css()})
    return html_to_pdf(html)
