"""Server-rendered SVG charts for poverty pages (no JavaScript library): bars and tile-grid maps.

No boundary polygons are available offline (geothai carries none), so maps are tile grids: provinces
on a hand-laid grid of Thailand (``data/province_tiles.json``), lower levels as a grid of child tiles
in code order. Colours grade a share from light to dark in five classes.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

PALETTE = ("#fdf0e6", "#f9c9a4", "#f29763", "#d9602b", "#9e3b12")
NO_DATA = "#e3e7ea"


@cache
def province_tiles() -> dict[str, tuple[int, int]]:
    data = json.loads((Path(__file__).resolve().parent / "data" / "province_tiles.json").read_text(encoding="utf-8"))
    return {code: (rc[0], rc[1]) for code, rc in data["tiles"].items()}


def colour(share: float | None, breaks: Sequence[float]) -> str:
    if share is None:
        return NO_DATA
    for i, b in enumerate(breaks):
        if share <= b:
            return PALETTE[i]
    return PALETTE[-1]


def breaks_for(values: Sequence[float]) -> list[float]:
    """Four class breaks from the values' quintiles (equal steps when there are few values)."""
    vals = sorted(v for v in values if v is not None)
    if not vals:
        return [20, 40, 60, 80]
    if len(vals) < 5:
        top = vals[-1] or 1
        return [top * i / 5 for i in range(1, 5)]
    return [vals[int(len(vals) * i / 5)] for i in range(1, 5)]


@dataclass(frozen=True)
class Bar:
    """One bar of a bar chart, laid out in the chart's own units (the SVG viewBox)."""

    label: str
    value: float
    note: str
    y: float
    width: float
    value_text: str  # what is printed after the bar


@dataclass(frozen=True)
class BarLayout:
    """The one model of a horizontal bar chart: the page's SVG and a report's PDF both draw it."""

    width: int
    height: int
    label_width: int
    bar_height: int
    unit: str
    bars: tuple[Bar, ...]
    colour: str = "#0b6e4f"


def bar_layout(
    rows: Sequence[tuple[str, float, str]], *, unit: str = "%", max_value: float | None = None
) -> BarLayout | None:
    """Lay out horizontal bars: ``(label, value, note)`` per row; value in ``unit``. None when empty."""
    if not rows:
        return None
    width, label_w, bar_h, gap = 640, 190, 22, 8
    top = max_value or max((v for _, v, _ in rows), default=0) or 1
    height = len(rows) * (bar_h + gap) + gap
    bars = []
    for i, (label, value, note) in enumerate(rows):
        y = gap + i * (bar_h + gap)
        w = max(0.0, (width - label_w - 90) * value / top)
        bars.append(Bar(label, value, note, y, w, f"{value:,.1f}{unit}" + (f" · {note}" if note else "")))
    return BarLayout(width, height, label_w, bar_h, unit, tuple(bars))


def bar_chart(rows: Sequence[tuple[str, float, str]], *, unit: str = "%", max_value: float | None = None) -> SafeString:
    """Horizontal bars as inline SVG: ``(label, value, note)`` per row; value in ``unit``."""
    layout = bar_layout(rows, unit=unit, max_value=max_value)
    return bar_svg(layout) if layout else mark_safe("")


def bar_svg(layout: BarLayout) -> SafeString:
    label_w, bar_h, unit = layout.label_width, layout.bar_height, layout.unit
    parts = [
        f'<svg class="chart" viewBox="0 0 {layout.width} {layout.height}" role="img" width="100%" '
        f'preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg">'
    ]
    for bar in layout.bars:
        label, value, note, y, w = bar.label, bar.value, bar.note, bar.y, bar.width
        parts.append(
            f'<text x="{label_w - 6}" y="{y + bar_h * 0.7:.1f}" text-anchor="end" font-size="13">{escape(label)}</text>'
            f'<rect x="{label_w}" y="{y}" width="{w:.1f}" height="{bar_h}" fill="{layout.colour}" rx="3">'
            f"<title>{escape(label)}: {value:,.1f}{escape(unit)} {escape(note)}</title></rect>"
            f'<text x="{label_w + w + 6:.1f}" y="{y + bar_h * 0.7:.1f}" font-size="12">{escape(bar.value_text)}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))


@dataclass
class Tile:
    code: str
    label: str
    share: float | None
    url: str = ""
    title: str = ""


def tile_map(tiles: Sequence[Tile], *, provinces: bool, columns: int = 8) -> SafeString:
    """A choropleth of tiles: Thailand's province grid, or child areas in code order."""
    if not tiles:
        return mark_safe("")
    size, pad = 46, 3
    breaks = breaks_for([t.share for t in tiles if t.share is not None])
    positions: dict[str, tuple[int, int]] = {}
    if provinces:
        grid = province_tiles()
        positions = {t.code: grid[t.code] for t in tiles if t.code in grid}
    else:
        columns = min(columns, len(tiles))
        positions = {t.code: divmod(i, columns) for i, t in enumerate(tiles)}
    rows = max(r for r, _ in positions.values()) + 1
    cols = max(c for _, c in positions.values()) + 1
    width, height = cols * size + pad, rows * size + pad + 30
    parts = [
        f'<svg class="tilemap" viewBox="0 0 {width} {height}" width="100%" style="max-width:{width * 1.4:.0f}px" '
        'role="img" xmlns="http://www.w3.org/2000/svg">'
    ]
    for t in tiles:
        if t.code not in positions:
            continue
        r, c = positions[t.code]
        x, y = c * size + pad, r * size + pad
        share = "—" if t.share is None else f"{t.share:.1f}%"
        fill = colour(t.share, breaks)
        ink = "#fff" if fill in PALETTE[3:] else "#1d2b36"  # readable on the dark classes
        body = (
            f'<rect x="{x}" y="{y}" width="{size - pad}" height="{size - pad}" rx="4" fill="{fill}">'
            f"<title>{escape(t.title or t.label)}: {share}</title></rect>"
            f'<text x="{x + (size - pad) / 2:.1f}" y="{y + 18}" text-anchor="middle" font-size="10" fill="{ink}">'
            f"{escape(t.label[:8])}</text>"
            f'<text x="{x + (size - pad) / 2:.1f}" y="{y + 33}" text-anchor="middle" font-size="10" font-weight="700" '
            f'fill="{ink}">{share}</text>'
        )
        parts.append(f'<a href="{escape(t.url)}">{body}</a>' if t.url else body)
    # Legend.
    y = rows * size + pad + 8
    for i, col in enumerate(PALETTE):
        low = 0 if i == 0 else breaks[i - 1]
        parts.append(
            f'<rect x="{pad + i * 60}" y="{y}" width="14" height="14" fill="{col}"/>'
            f'<text x="{pad + i * 60 + 18}" y="{y + 12}" font-size="10">&gt;{low:.0f}%</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))
