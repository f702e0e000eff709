"""Read what a generated PDF draws: each glyph's name and pen position, from the PDF itself.

fpdf2 writes shaped text as runs of two-byte glyph codes (``Tj``), moving to a new point (``Td``/``Tm``)
where a glyph is positioned off the plain advance (a shifted tone mark, say). This reader follows
those operators, advances by the widths of the font's ``/W`` array, and names each code through the
``/CIDToGIDMap`` and the embedded subset font's glyph names (fontTools), so a test can compare the
glyphs and their positions with HarfBuzz's shaping of the same string in the same font.
"""

from __future__ import annotations

import io
import re
import zlib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import uharfbuzz as hb
from fontTools.ttLib import TTFont

OBJ = re.compile(rb"(\d+) 0 obj(.*?)endobj", re.S)


@dataclass
class Glyph:
    name: tuple[object, ...]  # outline_key
    x: float
    y: float
    size: float


@cache
def _font(path: str) -> TTFont:
    return TTFont(path)


def outline_key(font: TTFont, name: str) -> tuple[object, ...]:
    """A glyph's identity that survives subsetting (which renames unencoded glyphs such as
    ``uni0E48.small`` to ``glyphNNNNN``): its advance and its outline's points."""
    glyf = font["glyf"]
    glyph = glyf[name]
    advance = font["hmtx"][name][0]
    if glyph.numberOfContours == 0:
        return (advance,)
    coords, ends, _flags = glyph.getCoordinates(glyf)
    return (advance, tuple(ends), tuple(map(tuple, coords)))


def _objects(data: bytes) -> dict[int, bytes]:
    return {int(m.group(1)): m.group(2) for m in OBJ.finditer(data)}


def _stream(obj: bytes) -> bytes:
    m = re.search(rb"stream\r?\n(.*)endstream", obj, re.S)
    assert m, "no stream"
    raw = m.group(1).rstrip(b"\r\n")
    return zlib.decompress(raw) if b"/FlateDecode" in obj else raw


def _ref(obj: bytes, key: bytes) -> int:
    m = re.search(rb"/" + key + rb" (\d+) 0 R", obj)
    assert m, key
    return int(m.group(1))


def _pdf_string(raw: bytes) -> bytes:
    out = bytearray()
    i = 0
    escapes = {ord("n"): 10, ord("r"): 13, ord("t"): 9, ord("b"): 8, ord("f"): 12}
    while i < len(raw):
        c = raw[i]
        if c == 0x5C:  # backslash
            i += 1
            d = raw[i]
            if d in escapes:
                out.append(escapes[d])
            elif 0x30 <= d <= 0x37:
                j = i
                while j < len(raw) and j < i + 3 and 0x30 <= raw[j] <= 0x37:
                    j += 1
                out.append(int(raw[i:j], 8) & 0xFF)
                i = j - 1
            else:
                out.append(d)
        else:
            out.append(c)
        i += 1
    return bytes(out)


def glyphs(pdf_bytes: bytes) -> list[Glyph]:
    """Every glyph drawn with the regular Sarabun font on every page, in drawing order."""
    objs = _objects(pdf_bytes)
    fonts: dict[bytes, tuple[dict[int, float], dict[int, tuple[object, ...]]]] = {}
    for obj in objs.values():
        if b"/Subtype /Type0" not in obj:
            continue
        base = re.search(rb"/BaseFont /(\S+)", obj).group(1)  # type: ignore[union-attr]
        desc_id = int(re.search(rb"/DescendantFonts \[\s*(\d+) 0 R", obj).group(1))  # type: ignore[union-attr]
        cid = objs[desc_id]
        widths: dict[int, float] = {}
        at = cid.find(b"/W [")
        if at >= 0:
            tokens = re.findall(rb"\[|\]|[\d.]+", cid[at + 3 :])
            depth, start, k = 0, 0, 0
            for i, tok in enumerate(tokens):
                if tok == b"[":
                    depth += 1
                    if depth == 2:
                        start, k = int(tokens[i - 1]), 0
                elif tok == b"]":
                    depth -= 1
                    if depth == 0:
                        break
                elif depth == 2:
                    widths[start + k] = float(tok)
                    k += 1
        cid_to_gid = _stream(objs[_ref(cid, b"CIDToGIDMap")])
        font_file = _stream(objs[_ref(objs[_ref(cid, b"FontDescriptor")], b"FontFile2")])
        subset = TTFont(io.BytesIO(font_file))
        order = subset.getGlyphOrder()
        names = {
            c: outline_key(subset, order[(cid_to_gid[2 * c] << 8) | cid_to_gid[2 * c + 1]])
            for c in range(len(cid_to_gid) // 2)
            if ((cid_to_gid[2 * c] << 8) | cid_to_gid[2 * c + 1]) < len(order)
        }
        fonts[base] = (widths, names)
    resource_names: dict[bytes, bytes] = {}
    for obj in objs.values():
        for name, ref in re.findall(rb"/(F\d+) (\d+) 0 R", obj):
            target = objs.get(int(ref), b"")
            m = re.search(rb"/BaseFont /(\S+)", target)
            if m:
                resource_names[name] = m.group(1)
    out: list[Glyph] = []
    for obj in objs.values():
        if b"stream" not in obj or b"/Length1" in obj or b"/Subtype" in obj:
            continue
        try:
            content = _stream(obj)
        except (AssertionError, zlib.error):
            continue
        if b" Tj" not in content:
            continue
        font: tuple[dict[int, float], dict[int, tuple[object, ...]]] | None = None
        size = 0.0
        x = y = 0.0
        for m in re.finditer(
            rb"/(F\d+) ([\d.]+) Tf|([-\d.]+) ([-\d.]+) Td|1 0 0 1 ([-\d.]+) ([-\d.]+) Tm|\(((?:\\.|[^\\)])*)\) Tj|BT",
            content,
            re.S,
        ):
            if m.group(0) == b"BT":
                x = y = 0.0
            elif m.group(1):
                font = fonts.get(resource_names.get(m.group(1), b""))
                size = float(m.group(2))
            elif m.group(3):
                x, y = x + float(m.group(3)), y + float(m.group(4))
            elif m.group(5):
                x, y = float(m.group(5)), float(m.group(6))
            elif m.group(7) is not None and font is not None:
                widths, names = font
                codes = _pdf_string(m.group(7))
                for i in range(0, len(codes) - 1, 2):
                    c = (codes[i] << 8) | codes[i + 1]
                    out.append(Glyph(names.get(c, ("?",)), x, y, size))
                    x += widths.get(c, 0) * size / 1000
    return out


def shaped(text: str, font_path: Path, size: float) -> list[tuple[tuple[object, ...], float, float]]:
    """HarfBuzz's glyphs for ``text``: (outline_key, x, y) in points from the first glyph's pen position."""
    original = _font(str(font_path))
    face = hb.Face(hb.Blob.from_file_path(str(font_path)))
    font = hb.Font(face)
    buf = hb.Buffer()
    buf.add_str(text)
    buf.guess_segment_properties()
    hb.shape(font, buf, {})
    scale = size / face.upem
    out, pen = [], 0
    for info, pos in zip(buf.glyph_infos, buf.glyph_positions, strict=True):
        out.append(
            (
                outline_key(original, font.glyph_to_string(info.codepoint)),
                (pen + pos.x_offset) * scale,
                pos.y_offset * scale,
            )
        )
        pen += pos.x_advance
    return out


def find_shaped(
    drawn: list[Glyph], expected: list[tuple[tuple[object, ...], float, float]], tolerance: float = 0.02
) -> bool:
    """Whether the PDF draws ``expected`` somewhere: the same glyphs at the same relative positions."""
    names = [g.name for g in drawn]
    first = [e[0] for e in expected]
    for i in range(len(drawn) - len(expected) + 1):
        if names[i : i + len(expected)] != first:
            continue
        x0, y0 = drawn[i].x, drawn[i].y
        if all(
            abs((g.x - x0) - ex) <= tolerance and abs((g.y - y0) - ey) <= tolerance
            for g, (_, ex, ey) in zip(drawn[i : i + len(expected)], expected, strict=True)
        ):
            return True
    return False
