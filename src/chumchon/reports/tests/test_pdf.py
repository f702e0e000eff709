"""The provincial PDF: its text layer, its Thai glyphs as HarfBuzz shapes them, its pages as images,
one font only, and a figure changed in the data changed in the next report."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from chumchon.portal.tests import world as w
from chumchon.poverty.models import AreaPovertyResult
from chumchon.reports.models import GeneratedReport, ReportKind
from chumchon.reports.pdf import font_files
from chumchon.reports.services import report_generate
from chumchon.reports.tests import pdfcheck

THAI_LINE = "น้ำท่วม ผู้สูงอายุ กองทุนสวัสดิการชุมชน"

needs_poppler = pytest.mark.skipif(
    shutil.which("pdftoppm") is None or shutil.which("pdftotext") is None, reason="poppler-utils not installed"
)


@pytest.fixture
def world(db: None, settings: Any, tmp_path: Path) -> w.World:
    settings.MEDIA_ROOT = tmp_path / "media"
    world = w.build()
    world.project.programme.name_th = THAI_LINE
    world.project.programme.save()
    return world


def _generate(make_user: Any, **kw: Any) -> GeneratedReport:
    admin = make_user("national_admin", nation=True)
    from chumchon.areas.models import Area

    return report_generate(kind=ReportKind.PROVINCIAL, area=Area.objects.get(code="24"), actor=admin, **kw)


def _text(pdf_path: str) -> str:
    """The PDF's text layer, as pdftotext reads it."""
    return subprocess.run(["pdftotext", "-layout", pdf_path, "-"], check=True, capture_output=True, text=True).stdout


@needs_poppler
def test_provincial_pdf_text_layer_glyphs_and_pages(world: w.World, make_user: Any, tmp_path: Path) -> None:
    report = _generate(make_user)
    assert report.pages >= 1
    data = Path(report.pdf.path).read_bytes()
    assert data.startswith(b"%PDF")
    text = _text(report.pdf.path)
    # Sara am reads back whole (its decomposed glyphs carry the text on the last one: pdf._text_to_last_glyph).
    for phrase in ("รายงานการพัฒนาจังหวัดของภาคประชาชน", "ฉะเชิงเทรา", "กองทุนสวัสดิการชุมชน", "ผู้สูงอายุ", "น้ำท่วม", "สำรวจ"):
        assert phrase in text, phrase
    # The provincial figures of the latest round, in figures (the world's 2566 province total).
    households = AreaPovertyResult.objects.get(survey_round=world.rounds[-1], area_code="24").households
    assert f"{households:,}" in text
    # Each word of the Thai line is drawn as HarfBuzz shapes it in Sarabun: the same glyphs (the
    # nikhahit + tone-mark ligature of sara am, the shifted marks) at the same relative positions.
    drawn = pdfcheck.glyphs(data)
    assert drawn, "no glyph found in the PDF"
    sizes = {g.size for g in drawn}
    for word in THAI_LINE.split():
        assert any(pdfcheck.find_shaped(drawn, pdfcheck.shaped(word, font_files()[""], s)) for s in sizes), word
    # Unshaped text would draw sara am as its one precomposed glyph: the shaped PDF never does.
    from fontTools.ttLib import TTFont

    sara_am = pdfcheck.outline_key(TTFont(str(font_files()[""])), "uni0E33")
    assert not any(g.name == sara_am for g in drawn)
    assert not pdfcheck.find_shaped(drawn, [(sara_am, 0.0, 0.0)])
    # One font family, embedded: nothing else leaks in.
    fonts = set(__import__("re").findall(rb"/BaseFont /(\S+)", data))
    assert fonts and all(b"Sarabun" in f for f in fonts), fonts
    # The pages render (pdftoppm) and are not blank.
    subprocess.run(["pdftoppm", "-r", "60", "-png", report.pdf.path, str(tmp_path / "page")], check=True)
    pngs = sorted(tmp_path.glob("page*.png"))
    assert len(pngs) == report.pages
    from PIL import Image

    with Image.open(pngs[0]) as im:
        grey = im.convert("L")
        dark = sum(grey.histogram()[:128])
    assert dark > 2000, "the first page is (nearly) blank"


@needs_poppler
def test_a_changed_figure_is_changed_in_the_next_report(world: w.World, make_user: Any) -> None:
    first = _generate(make_user)
    row = AreaPovertyResult.objects.get(survey_round=world.rounds[-1], area_code="24")
    old = row.households
    row.households = 98_765
    row.save()
    project = world.project
    project.disbursed_amount = project.disbursed_amount + 1234
    project.save()
    second = _generate(make_user)
    before, after = _text(first.pdf.path), _text(second.pdf.path)
    assert f"{old:,}" in before and "98,765" not in before
    assert "98,765" in after
    assert second.data_as_of >= first.data_as_of
    html = Path(second.html.path).read_text(encoding="utf-8")
    assert "98,765" in html


def test_public_version_has_aggregates_only(world: w.World, make_user: Any) -> None:
    report = _generate(make_user, public=True)
    html = Path(report.html.path).read_text(encoding="utf-8")
    for secret in (*w.SECRETS, w.PERSON_NAME, w.PERSON_ID, w.HOUSEHOLD_ID, world.draft.title_th):
        assert secret not in html
    assert "ฉบับเผยแพร่" in html
    # Drafts are internal: the public version counts approved-onward projects only (the portal's rule).
    from django.utils import translation

    from chumchon.projects.models import ProjectStatus

    internal = Path(_generate(make_user).html.path).read_text(encoding="utf-8")
    with translation.override("th"):
        draft = str(ProjectStatus.DRAFT.label)
    assert f"<td>{draft}</td>" in internal
    assert f"<td>{draft}</td>" not in html
