"""Draw a report :class:`~chumchon.reports.document.Document` as PDF with fpdf2 — no system library.

Thai is shaped by HarfBuzz (uharfbuzz, through fpdf2's ``set_text_shaping``): tone marks stack over
upper vowels, sara am decomposes, marks shift on tall consonants. The only font is Sarabun (OFL)
from the ``fontpkg-sarabun`` package the project pins: fpdf2 embeds the TTF it is given and never
asks fontconfig, so no other font can leak in. Charts are drawn with fpdf2's rectangles and shaped
text from the same :class:`~chumchon.poverty.charts.BarLayout` the pages draw as SVG.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from itertools import pairwise
from pathlib import Path
from typing import Any

import fontpkg_sarabun
from fpdf import FPDF
from fpdf.enums import MethodReturnValue
from fpdf.fonts import TTFFont

from chumchon.core.thai import WORD_BREAK, mark_word_breaks, thai_digits
from chumchon.reports.document import Chart, Document, Facts, Para, Signatures, Table

FAMILY = "Sarabun"
INK = (29, 43, 54)
MUTED = (90, 104, 115)
ACCENT = (11, 110, 79)


@dataclass
class _Glyph:
    codepoint: int
    cluster: float


class _TextOnLastGlyph(TTFFont):
    """Sarabun as fpdf2 loads it, giving a cluster's text to the last of its glyphs (text layer only).

    HarfBuzz decomposes sara am (ำ → ํ + า, or a tone-mark ligature + า) into glyphs of one cluster;
    fpdf2 maps the cluster's text to the first glyph and leaves the second (า, which has width) without
    a Unicode mapping, which text extraction reads as a space ("สำ รวจ"). Moving the earlier glyphs of
    such a cluster half a step back gives the text to the last glyph instead (fpdf2 2.8.9's
    ``shape_text`` maps characters to the glyph whose cluster matches exactly); the glyphs drawn and
    their positions do not change. Set on the loaded fonts by ``ReportPDF`` (``__class__``).
    """

    __slots__ = ()

    def perform_harfbuzz_shaping(self, text: str, font_size_pt: float, text_shaping_params: Any) -> Any:
        infos, positions = super().perform_harfbuzz_shaping(text, font_size_pt, text_shaping_params)
        glyphs = [_Glyph(i.codepoint, i.cluster) for i in infos]
        for here, after in pairwise(glyphs):
            if here.cluster == after.cluster:
                here.cluster -= 0.5
        return glyphs, positions


@cache
def font_files() -> dict[str, Path]:
    root = Path(fontpkg_sarabun.__file__).resolve().parent / "files"
    return {"": root / "Sarabun-Regular.ttf", "B": root / "Sarabun-Bold.ttf"}


class ReportPDF(FPDF):
    def __init__(self, doc: Document) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.doc = doc
        for style, path in font_files().items():
            self.add_font(FAMILY, style, str(path))
        for font in self.fonts.values():
            if type(font) is TTFFont:
                font.__class__ = _TextOnLastGlyph
        self.set_text_shaping(True)
        self.set_margins(18, 16, 18)
        self.set_auto_page_break(True, margin=16)
        self.set_title(doc.title)
        self.set_creator("Chumchon")

    def digits(self, text: str) -> str:
        return thai_digits(text) if self.doc.official else text

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FAMILY, "", 8)
        self.set_text_color(*MUTED)
        self.cell(0, 5, self.digits(f"{self.doc.title} · {self.doc.data_note} · {self.page_no()}/{{nb}}"), align="C")


def render_pdf(doc: Document) -> tuple[bytes, int]:
    """The PDF bytes and the number of pages."""
    pdf = ReportPDF(doc)
    pdf.add_page()
    pdf.set_text_color(*INK)
    pdf.set_font(FAMILY, "B", 17)
    _wrapped(pdf, pdf.digits(doc.title), 9, align="C" if doc.official else "L")
    if doc.subtitle:
        pdf.set_font(FAMILY, "", 12)
        _wrapped(pdf, pdf.digits(doc.subtitle), 6.5, align="C" if doc.official else "L")
    pdf.set_font(FAMILY, "", 9)
    pdf.set_text_color(*MUTED)
    _wrapped(pdf, pdf.digits(doc.data_note), 5)
    pdf.set_text_color(*INK)
    pdf.ln(2)
    for section in doc.sections:
        if pdf.get_y() > pdf.h - 50:
            pdf.add_page()
        pdf.ln(2)
        pdf.set_font(FAMILY, "B", 13)
        pdf.set_text_color(*ACCENT)
        _wrapped(pdf, pdf.digits(section.title), 7)
        pdf.set_text_color(*INK)
        pdf.ln(1)
        for block in section.blocks:
            if isinstance(block, Para):
                pdf.set_font(FAMILY, "", 11)
                _wrapped(pdf, pdf.digits(block.text), 6)
                pdf.ln(1)
            elif isinstance(block, Facts):
                _table(pdf, ["", ""], [list(r) for r in block.rows], [False, True], heading=False, widths=(3, 2))
            elif isinstance(block, Table):
                _table(pdf, block.columns, block.rows, block.numeric, heading=True)
                if block.note:
                    pdf.set_font(FAMILY, "", 8.5)
                    pdf.set_text_color(*MUTED)
                    _wrapped(pdf, pdf.digits(block.note), 4.5)
                    pdf.set_text_color(*INK)
            elif isinstance(block, Chart):
                _chart(pdf, block)
            elif isinstance(block, Signatures):
                _signatures(pdf, block)
            pdf.ln(2)
    data = bytes(pdf.output())
    return data, pdf.page_no()


def _lines(pdf: ReportPDF, text: str, width: float, line_h: float) -> list[str]:
    """The lines ``text`` takes in a column ``width`` mm wide (one shaping pass when it fits), broken
    between words: Thai words are found by segmentation (``mark_word_breaks``), not only at spaces."""
    if not text or ("\n" not in text and pdf.get_string_width(text) <= width):
        return [text]
    marked = mark_word_breaks(text)
    lines = pdf.multi_cell(width, line_h, marked, dry_run=True, output=MethodReturnValue.LINES, align="L")
    if not isinstance(lines, list):
        return [text]
    return [str(line).replace(WORD_BREAK, "") for line in lines]


def _wrapped(pdf: ReportPDF, text: str, line_h: float, *, align: str = "L") -> None:
    """``text`` across the whole text column, one drawn line per wrapped line (see ``_lines``)."""
    for line in _lines(pdf, text, pdf.epw, line_h):
        pdf.cell(0, line_h, line, align=align, new_x="LMARGIN", new_y="NEXT")


def _table(
    pdf: ReportPDF,
    columns: list[str],
    rows: list[list[str]],
    numeric: list[bool],
    *,
    heading: bool,
    widths: tuple[int, ...] | None = None,
) -> None:
    """A plain table: a heading row (repeated on a new page), rows sized to their longest cell.

    Drawn cell by cell rather than with fpdf2's ``table()``, which shapes every cell twice (a dry run
    to size the row, then the drawing) and made the PDF several times slower."""
    size = 9.5 if len(columns) > 3 else 10.5
    line_h = 5.2
    weights = widths or tuple(1 if num else 2 for num in numeric)
    col_w = [pdf.epw * w / sum(weights) for w in weights]

    def draw(cells: list[str], *, head: bool) -> None:
        pdf.set_font(FAMILY, "B" if head else "", size)
        lines = [_lines(pdf, pdf.digits(text), w - 2, line_h) for text, w in zip(cells, col_w, strict=True)]
        height = max(len(cell) for cell in lines) * line_h + 1.5
        if pdf.get_y() + height > pdf.page_break_trigger:
            pdf.add_page()
            if heading and not head:
                draw(columns, head=True)
                pdf.set_font(FAMILY, "", size)
        x, y = pdf.l_margin, pdf.get_y()
        if head:
            pdf.set_fill_color(232, 241, 237)
            pdf.rect(x, y, pdf.epw, height, style="F")
            pdf.set_fill_color(255, 255, 255)
        for cell, w, num in zip(lines, col_w, numeric, strict=True):
            for i, line in enumerate(cell):
                pdf.set_xy(x + 1, y + 0.75 + i * line_h)
                pdf.cell(w - 2, line_h, line, align="R" if num else "L")
            x += w
        if heading:
            pdf.set_draw_color(207, 224, 216)
            pdf.line(pdf.l_margin, y + height, pdf.l_margin + pdf.epw, y + height)
        pdf.set_xy(pdf.l_margin, y + height)

    if heading:
        if pdf.get_y() + 4 * line_h > pdf.page_break_trigger:  # keep the heading with its first row
            pdf.add_page()
        draw(columns, head=True)
    for row in rows:
        draw(row, head=False)


def _fit(pdf: ReportPDF, text: str, width: float) -> str:
    """``text`` shortened with an ellipsis until it fits ``width`` mm in the current font (a long label
    would otherwise run past the left margin, since labels are right-aligned against the bars)."""
    if pdf.get_string_width(text) <= width:
        return text
    while len(text) > 1 and pdf.get_string_width(text + "…") > width:
        text = text[:-1]
    return text + "…"


def _chart(pdf: ReportPDF, block: Chart) -> None:
    layout = block.layout
    scale = pdf.epw / layout.width  # viewBox units → mm, the chart as wide as the text column
    height = layout.height * scale + 8
    if pdf.get_y() + height > pdf.page_break_trigger:
        pdf.add_page()
    pdf.set_font(FAMILY, "B", 10.5)
    _wrapped(pdf, pdf.digits(block.title), 6)
    x0, y0 = pdf.l_margin, pdf.get_y()
    r, g, b = (int(layout.colour[i : i + 2], 16) for i in (1, 3, 5))
    pdf.set_fill_color(r, g, b)
    label_size = 13 * scale * 72 / 25.4  # the SVG's font sizes, scaled like the bars
    value_size = 12 * scale * 72 / 25.4
    for bar in layout.bars:
        top = y0 + bar.y * scale
        bar_h = layout.bar_height * scale
        pdf.set_font(FAMILY, "", label_size)
        pdf.set_xy(x0, top)
        width = (layout.label_width - 6) * scale
        pdf.cell(width, bar_h, _fit(pdf, pdf.digits(bar.label[:40]), width - 2 * pdf.c_margin), align="R")
        if bar.width > 0:
            pdf.rect(x0 + layout.label_width * scale, top, bar.width * scale, bar_h, style="F")
        pdf.set_font(FAMILY, "", value_size)
        pdf.set_xy(x0 + (layout.label_width + bar.width + 6) * scale, top)
        pdf.cell(90 * scale + 20, bar_h, pdf.digits(bar.value_text))
    pdf.set_fill_color(255, 255, 255)
    pdf.set_xy(x0, y0 + layout.height * scale)


def _signatures(pdf: ReportPDF, block: Signatures) -> None:
    pdf.set_font(FAMILY, "", 11)
    if pdf.get_y() + 30 * ((len(block.signers) + 1) // 2) > pdf.page_break_trigger:
        pdf.add_page()
    col = pdf.epw / 2
    for i, (role, name) in enumerate(block.signers):
        x = pdf.l_margin + (i % 2) * col
        if i % 2 == 0 and i:
            pdf.ln(26)
        y = pdf.get_y()
        pdf.set_xy(x, y + 8)
        pdf.cell(col, 6, "ลงชื่อ ......................................................", align="C")
        pdf.set_xy(x, y + 14)
        pdf.cell(
            col, 6, f"( {name} )" if name else "( ...................................................... )", align="C"
        )
        pdf.set_xy(x, y + 20)
        pdf.cell(col, 6, pdf.digits(role), align="C")
        pdf.set_xy(pdf.l_margin, y)
    pdf.ln(30)
