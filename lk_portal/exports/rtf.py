"""RTF (MS Word): our own table markup; text as `\\uN?` escapes via rtfunicode, so Cyrillic survives.

`stream_rtf` yields the document in chunks of rows as they are read; `render_rtf` is it whole.
"""

from collections.abc import Iterator

import rtfunicode  # noqa: F401 - registers the "rtfunicode" codec

from lk_portal.formatting import MONEY, format_value

from .table import ExportGroup, ExportTable, group_cells

PAGE_WIDTH, PAGE_HEIGHT, MARGIN = 16838, 11906, 567  # A4 landscape, twips
ROWS_PER_CHUNK = 500


def _text(value: str) -> str:
    return " ".join(value.split()).encode("rtfunicode").decode("ascii")


def stream_rtf(table: ExportTable) -> Iterator[bytes]:
    usable = PAGE_WIDTH - 2 * MARGIN
    weights = [c.width for c in table.columns]
    edges, position = [], 0.0
    for weight in weights:
        position += usable * weight / sum(weights)
        edges.append(int(position))
    merge_to = table.first_money_index  # a group line's label spans the columns before the first sum

    def row(values, *, bold: bool, header: bool = False, merged: bool = False) -> str:
        parts = ["\\trowd\\trgaph57\\trleft0"]
        if header:
            parts.append("\\trhdr")
        for index, edge in enumerate(edges):
            border = "\\clbrdrt\\brdrs\\brdrw5\\clbrdrl\\brdrs\\brdrw5\\clbrdrb\\brdrs\\brdrw5\\clbrdrr\\brdrs\\brdrw5"
            if merged and merge_to > 1 and index < merge_to:
                border += "\\clmgf" if index == 0 else "\\clmrg"
            parts.append(f"{border}\\cellx{edge}")
        parts.append("\n")
        weight = "\\b " if bold else ""
        for index, (column, value) in enumerate(zip(table.columns, values, strict=True)):
            as_text = header or (merged and index == 0)
            align = "\\qr" if column.kind == MONEY and not as_text else "\\ql"
            text = _text(str(value) if as_text else format_value(column.kind, value))
            parts.append(f"\\pard\\intbl{align}{{{weight}{text}}}\\cell\n")
        parts.append("\\row\n")
        return "".join(parts)

    out = [
        "{\\rtf1\\ansi\\ansicpg1251\\deff0\\uc1",
        "{\\fonttbl{\\f0\\fswiss\\fcharset204 Arial;}}",
        f"\\paperw{PAGE_WIDTH}\\paperh{PAGE_HEIGHT}\\landscape\\margl{MARGIN}\\margr{MARGIN}\\margt{MARGIN}\\margb{MARGIN}",
        "\\f0\\fs16\n",
        f"\\pard\\b\\fs22 {_text(table.title)}\\b0\\fs16\\par\n",
    ]
    for line in table.heading:
        out.append(f"\\pard {_text(line)}\\par\n")
    out.append("\\pard\\par\n")
    out.append(row([c.title for c in table.columns], bold=True, header=True))
    for item in table.items:
        if isinstance(item, ExportGroup):
            out.append(row(group_cells(table, item), bold=True, merged=True))
        else:
            out.append(row(item, bold=False))
        if len(out) >= ROWS_PER_CHUNK:
            yield "".join(out).encode("ascii")
            out.clear()
    if table.totals:
        out.append(row(group_cells(table, table.totals), bold=True, merged=True))
    out.append("\\pard\\par}\n")
    yield "".join(out).encode("ascii")


def render_rtf(table: ExportTable) -> bytes:
    return b"".join(stream_rtf(table))
