"""Wrapped Thai text in PDFs breaks between words, never inside one (fpdf2 alone breaks only at spaces)."""

from __future__ import annotations

import datetime as dt

from pythainlp.tokenize import word_tokenize

from chumchon.reports.document import Document
from chumchon.reports.pdf import FAMILY, ReportPDF, _lines

HEADING = "จำนวนครัวเรือนที่ได้รับความช่วยเหลือจากกองทุนสวัสดิการชุมชนตำบล"


def _pdf() -> ReportPDF:
    pdf = ReportPDF(Document(title="ทดสอบ", subtitle="", data_as_of=dt.datetime(2026, 1, 1), data_note="", public=True))
    pdf.add_page()
    pdf.set_font(FAMILY, "B", 9.5)
    return pdf


def test_a_narrow_thai_column_breaks_only_at_word_boundaries() -> None:
    pdf = _pdf()
    width = 28.0
    lines = _lines(pdf, HEADING, width, 5.2)
    assert len(lines) >= 3, lines
    assert "".join(lines) == HEADING  # nothing lost, no break mark left in the drawn text
    boundaries, at = set(), 0
    for word in word_tokenize(HEADING, engine="newmm"):
        at += len(word)
        boundaries.add(at)
    at = 0
    for line in lines[:-1]:
        at += len(line)
        assert at in boundaries, f"line ends inside a word: {line!r}"
    for line in lines:
        assert pdf.get_string_width(line) <= width + 0.01, line


def test_text_that_fits_is_one_line_unchanged() -> None:
    pdf = _pdf()
    assert _lines(pdf, "ตำบล", 50.0, 5.2) == ["ตำบล"]
