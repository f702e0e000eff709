"""The province tile cartogram: a hand-laid grid of the 77 provinces, drawn as inline SVG (its layout lives
in areas so that any app may draw it — the portal and the assessment do).

No package carries Thai boundaries and the portal loads nothing from a CDN, so the map is a tile
cartogram — one equal square per province, placed to keep neighbours next to each other (north at the
top, the Northeast to the right, the South as the tail) — with the same figures in a table beside it.
Each tile links to the province's page; the colour is the chosen measure in five equal-count classes
(quintiles); a tile with no published figure is drawn hatched.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from chumchon.core.thai import display_width

# (column, row) of every province, by DOPA code.
GRID: dict[str, tuple[int, int]] = {
    "57": (2, 0),
    "58": (0, 1),
    "50": (1, 1),
    "56": (2, 1),
    "55": (3, 1),
    "51": (1, 2),
    "52": (2, 2),
    "54": (3, 2),
    "43": (5, 2),
    "38": (6, 2),
    "63": (0, 3),
    "64": (1, 3),
    "53": (2, 3),
    "42": (3, 3),
    "41": (4, 3),
    "47": (5, 3),
    "48": (6, 3),
    "62": (0, 4),
    "65": (1, 4),
    "67": (2, 4),
    "39": (3, 4),
    "40": (4, 4),
    "46": (5, 4),
    "49": (6, 4),
    "61": (0, 5),
    "60": (1, 5),
    "66": (2, 5),
    "36": (3, 5),
    "44": (4, 5),
    "45": (5, 5),
    "35": (6, 5),
    "37": (7, 5),
    "71": (0, 6),
    "18": (1, 6),
    "17": (2, 6),
    "16": (3, 6),
    "30": (4, 6),
    "31": (5, 6),
    "32": (6, 6),
    "33": (7, 6),
    "34": (8, 6),
    "72": (0, 7),
    "15": (1, 7),
    "14": (2, 7),
    "19": (3, 7),
    "26": (4, 7),
    "25": (5, 7),
    "27": (6, 7),
    "70": (0, 8),
    "73": (1, 8),
    "12": (2, 8),
    "13": (3, 8),
    "24": (4, 8),
    "75": (0, 9),
    "74": (1, 9),
    "10": (2, 9),
    "11": (3, 9),
    "20": (4, 9),
    "76": (0, 10),
    "21": (4, 10),
    "22": (5, 10),
    "23": (6, 10),
    "77": (0, 11),
    "86": (1, 12),
    "85": (0, 13),
    "84": (1, 13),
    "82": (0, 14),
    "80": (1, 14),
    "83": (0, 15),
    "81": (1, 15),
    "93": (2, 15),
    "92": (1, 16),
    "90": (2, 16),
    "91": (1, 17),
    "94": (2, 17),
    "96": (3, 17),
    "95": (2, 18),
}

# Five classes, light to dark (colour-blind-safe sequential, ColorBrewer "YlGnBu").
PALETTE = ("#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494")
TEXT_ON = ("#000", "#000", "#000", "#fff", "#fff")
TILE = 40
GAP = 3


@dataclass(frozen=True)
class Tile:
    code: str
    name: str
    x: int
    y: int
    value: Decimal | None
    shown: str
    fill: str
    text: str
    url: str

    @property
    def short(self) -> str:
        """The start of the name that fits a tile (about five character cells)."""
        out = ""
        for char in self.name:
            if display_width(out + char) > 5:
                break
            out += char
        return out


def classes(values: list[Decimal]) -> list[Decimal]:
    """Upper bounds of five equal-count classes (quintiles) of the published values."""
    ordered = sorted(values)
    if not ordered:
        return []
    bounds = [ordered[min(len(ordered) - 1, (len(ordered) * i) // 5)] for i in range(1, 6)]
    return sorted(set(bounds))


def tiles(
    names: Mapping[str, str],
    values: Mapping[str, Decimal | None],
    shown: Mapping[str, str],
    urls: Mapping[str, str],
) -> tuple[list[Tile], list[Decimal]]:
    bounds = classes([v for v in values.values() if v is not None])
    out = []
    for code, (col, row) in GRID.items():
        value = values.get(code)
        if value is None:
            fill, text = "url(#nodata)", "#000"
        else:
            k = next((i for i, b in enumerate(bounds) if value <= b), len(bounds) - 1)
            k = round(k * (len(PALETTE) - 1) / max(len(bounds) - 1, 1))
            fill, text = PALETTE[k], TEXT_ON[k]
        out.append(
            Tile(
                code=code,
                name=names.get(code, code),
                x=col * (TILE + GAP),
                y=row * (TILE + GAP),
                value=value,
                shown=shown.get(code, "—"),
                fill=fill,
                text=text,
                url=urls.get(code, ""),
            )
        )
    return out, bounds


def size() -> tuple[int, int]:
    cols = max(c for c, _r in GRID.values()) + 1
    rows = max(r for _c, r in GRID.values()) + 1
    return cols * (TILE + GAP), rows * (TILE + GAP)
