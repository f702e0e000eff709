"""Reads of the area tree: lookups, scope prefixes, children and counts."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import DEFAULT_DB_ALIAS
from django.db.models import Q, QuerySet

from chumchon.areas import summaries
from chumchon.areas.models import (
    CODE_LENGTH,
    Area,
    AreaLevel,
    CodiRegion,
    LocalGovernment,
    ProvincialCluster,
    cluster_province_codes,
    region_province_codes,
    scope_prefixes_for,
)
from chumchon.areas.names import normalize_name
from chumchon.core import prepared
from chumchon.core.dopa import prefix_q

# Re-exported: these were defined here before they moved (prefix_q to core.dopa, the scope codes to
# areas.models, which must not import this module).
__all__ = ["cluster_province_codes", "prefix_q", "region_province_codes", "scope_prefixes_for"]

Viewer = AbstractBaseUser | AnonymousUser


def area_get(code: str) -> Area | None:
    return Area.objects.select_related("parent", "codi_region", "cluster").filter(code=code).first()


def area_children(area: Area | None) -> QuerySet[Area]:
    if area is None:
        return Area.objects.filter(parent__isnull=True)
    return Area.objects.filter(parent=area)


def regions() -> QuerySet[CodiRegion]:
    return CodiRegion.objects.all()


def clusters() -> QuerySet[ProvincialCluster]:
    return ProvincialCluster.objects.all()


# ---------------------------------------------------------------------------------------------
# Lookup: a DOPA code, a name, or an address such as "ต.คลองนา อ.เมืองฉะเชิงเทรา จ.ฉะเชิงเทรา".


class AreaNotFound(LookupError):
    """No area has this code (ไม่พบพื้นที่รหัสนี้)."""

    def __init__(self, code: str) -> None:
        self.code = code
        super().__init__(f"ไม่พบพื้นที่รหัส {code} / No area has the code {code}")


_CODE = re.compile(r"^[0-9]{2}(?:[0-9]{2}){0,3}$")
# A level word that starts an address part; it must open the text or follow a space or comma,
# so that "เขต" inside a name is left alone.
_MARKER = re.compile(r"(?:^|(?<=[\s,]))(จังหวัด|จ\.|อำเภอ|กิ่งอำเภอ|อ\.|เขต|ตำบล|ต\.|แขวง|หมู่ที่|หมู่|ม\.)\s*")
_LEVEL_OF_MARKER = {
    "จังหวัด": AreaLevel.PROVINCE,
    "จ.": AreaLevel.PROVINCE,
    "อำเภอ": AreaLevel.DISTRICT,
    "กิ่งอำเภอ": AreaLevel.DISTRICT,
    "อ.": AreaLevel.DISTRICT,
    "เขต": AreaLevel.DISTRICT,
    "ตำบล": AreaLevel.SUBDISTRICT,
    "ต.": AreaLevel.SUBDISTRICT,
    "แขวง": AreaLevel.SUBDISTRICT,
    "หมู่ที่": AreaLevel.VILLAGE,
    "หมู่": AreaLevel.VILLAGE,
    "ม.": AreaLevel.VILLAGE,
}
_MUEANG = {"เมือง", "mueang", "muang"}
LOOKUP_LIMIT = 50


@dataclass
class _Part:
    name: str  # normalised
    level: str | None = None  # from a level word, when one was typed
    village_no: int | None = None  # "หมู่ 3"


def area_resolve_code(code: str) -> Area:
    """The area with this DOPA code, or ``AreaNotFound``."""
    code = code.strip()
    area = area_get(code) if _CODE.match(code) else None
    if area is None:
        raise AreaNotFound(code)
    return area


def _split_address(text: str) -> list[_Part]:
    """Cut an address into parts at level words ("ต.", "อำเภอ", …) and commas."""
    parts: list[_Part] = []
    for chunk in text.split(","):
        pieces = _MARKER.split(chunk)
        # re.split with one group: [before, marker, after, marker, after, ...]
        leading = pieces[0].strip()
        if leading:
            parts.append(_Part(normalize_name(leading)))
        for marker, value in zip(pieces[1::2], pieces[2::2], strict=True):
            level = _LEVEL_OF_MARKER[marker]
            value = value.strip()
            if level == AreaLevel.VILLAGE:
                number = re.match(r"^([0-9]{1,2})\b\s*(.*)$", value)
                if number:
                    parts.append(_Part(normalize_name(number.group(2)), level, int(number.group(1))))
                    continue
            if value:
                parts.append(_Part(normalize_name(value), level))
    return [p for p in parts if p.name or p.village_no is not None]


def _name_q(part: _Part) -> Q:
    q = Q(search_name=part.name) | Q(search_name_en=part.name)
    if part.name in _MUEANG and part.level in (None, AreaLevel.DISTRICT):
        # "อ.เมือง" is the provincial seat district of whichever province is named with it.
        q |= Q(level=AreaLevel.DISTRICT, code__endswith="01", search_name__startswith="เมือง")
    return q


def _matches(area: Area, part: _Part) -> bool:
    if part.level is not None and area.level != part.level:
        return False
    if part.village_no is not None:
        return (
            area.level == AreaLevel.VILLAGE
            and area.village_number == part.village_no
            and (not part.name or part.name in (area.search_name, area.search_name_en))
        )
    if part.name in (area.search_name, area.search_name_en):
        return True
    return (
        part.name in _MUEANG
        and area.level == AreaLevel.DISTRICT
        and area.code.endswith("01")
        and area.search_name.startswith("เมือง")
    )


def _candidates(part: _Part) -> list[Area]:
    if part.village_no is not None:
        return []  # a village number only narrows a tambon named elsewhere in the address
    qs = Area.objects.filter(_name_q(part))
    if part.level is not None:
        qs = qs.filter(level=part.level)
    return list(qs.select_related("parent", "codi_region", "cluster")[: LOOKUP_LIMIT * 4])


def area_lookup(text: str) -> list[Area]:
    """Areas matching a DOPA code, a Thai or English name, or a whole address.

    ``"240104"``, ``"ต.คลองนา"``, ``"ตำบล คลองนา"``, ``"Khlong Na"``, ``"ต.คลองนา อ.เมืองฉะเชิงเทรา"``,
    ``"ตำบลคลองนา อำเภอเมืองฉะเชิงเทรา จังหวัดฉะเชิงเทรา"`` and ``"Khlong Na, Mueang Chachoengsao"``
    all work. A code that is not in the registry raises ``AreaNotFound``; an unknown name gives
    ``[]``. With a single name and no exact match, names that start with it are returned.
    """
    text = unicodedata.normalize("NFC", text or "").strip()
    if not text:
        return []
    compact = re.sub(r"[\s-]", "", text)
    if compact.isdigit():
        return [area_resolve_code(compact)]
    parts = _split_address(text)
    if len(parts) == 1 and " " in text.strip() and not _candidates(parts[0]):
        # "คลองนา เมืองฉะเชิงเทรา": no level words and no commas, but several names.
        words = [_Part(normalize_name(w)) for w in text.split()]
        if len(words) > 1:
            parts = words
    if not parts:
        return []
    if len(parts) == 1:
        return _single(parts[0])
    return _address(parts)


def _single(part: _Part) -> list[Area]:
    found = _candidates(part)
    if not found and len(part.name) >= 2 and part.village_no is None:
        qs = Area.objects.filter(Q(search_name__startswith=part.name) | Q(search_name_en__startswith=part.name))
        if part.level is not None:
            qs = qs.filter(level=part.level)
        found = list(qs.select_related("parent", "codi_region", "cluster")[: LOOKUP_LIMIT * 4])
    return _ordered(found)[:LOOKUP_LIMIT]


def _address(parts: list[_Part]) -> list[Area]:
    """Keep the areas that match one part and have ancestors matching every other part."""
    candidates: dict[str, tuple[Area, int]] = {}
    for i, part in enumerate(parts):
        for area in _candidates(part):
            candidates.setdefault(area.code, (area, i))
    village_parts = [p for p in parts if p.village_no is not None]
    ancestor_codes = {code for area, _ in candidates.values() for code in area.ancestor_codes()}
    ancestors = {a.code: a for a in Area.objects.filter(code__in=ancestor_codes)}
    result: list[Area] = []
    for area, i in candidates.values():
        others = [p for j, p in enumerate(parts) if j != i and p.village_no is None]
        chain = [ancestors[c] for c in area.ancestor_codes() if c in ancestors]
        if all(any(_matches(a, p) for a in chain) for p in others):
            result.append(area)
    if village_parts and result:
        # "หมู่ 3 ต.คลองนา": the village is found under the tambon(s) the rest of the address names.
        wanted = village_parts[0]
        codes = [f"{a.code}{wanted.village_no:02d}" for a in result if a.level == AreaLevel.SUBDISTRICT]
        villages = [v for v in Area.objects.filter(code__in=codes) if _matches(v, wanted)]
        return _ordered(villages)
    return _ordered(result)[:LOOKUP_LIMIT]


def _ordered(areas: list[Area]) -> list[Area]:
    return sorted(areas, key=lambda a: (len(a.code), a.code))


# ---------------------------------------------------------------------------------------------
# Area pages: breadcrumb, children with counts, summary counts and extension providers.

SummaryItem = tuple[str, str, str | None]  # (label, value, url or None)
# Other apps append callables here (e.g. poverty: "target people", projects: "projects") in their
# AppConfig.ready(); each returns rows to show on an area's page. Keep them to a query or two.
AREA_SUMMARY_PROVIDERS: list[Callable[[Area, Any], list[SummaryItem]]] = []


class AreaBodies(Protocol):
    """The bodies (community councils, funds, committees) that serve areas, as the area pages show them.

    Bodies live above areas (organizations), so organizations registers its answer here from its
    AppConfig.ready() (``register_area_bodies``); with none registered the pages show no bodies.
    """

    def count_by_head(self, base_code: str, head_length: int) -> dict[str, int]:
        """Bodies scoped to an area under ``base_code`` (at depth ``head_length`` or deeper),
        counted by the first ``head_length`` digits of their area's code."""
        ...

    def count_under(self, area_code: str) -> int:
        """Bodies scoped to ``area_code`` or any area under it."""
        ...

    def at_area(self, area: Area, user: Viewer) -> Iterable[Any]:
        """Bodies serving exactly ``area`` that ``user`` may see (at most 50 are shown)."""
        ...


class _NoBodies:
    def count_by_head(self, base_code: str, head_length: int) -> dict[str, int]:
        return {}

    def count_under(self, area_code: str) -> int:
        return 0

    def at_area(self, area: Area, user: Viewer) -> Iterable[Any]:
        return []


_area_bodies: AreaBodies = _NoBodies()


def register_area_bodies(provider: AreaBodies) -> None:
    global _area_bodies
    _area_bodies = provider


def area_bodies() -> AreaBodies:
    return _area_bodies


@dataclass
class ChildRow:
    area: Area
    child_count: int = 0
    body_count: int = 0
    url: str = ""  # the area's page (set by the view: links are presentation)


@dataclass
class AreaSummary:
    districts: int = 0
    subdistricts: int = 0
    villages: int = 0
    bodies: int = 0
    local_governments: int = 0
    extra: list[SummaryItem] = field(default_factory=list)


def area_breadcrumb(area: Area, *, groupings: bool = False) -> list[Area]:
    """The ancestors of ``area`` from the province down, then the area itself (with ``groupings``, each
    read as ``area_get`` reads it: its parent, region and cluster joined — the area page's province)."""
    codes = area.ancestor_codes()
    ancestors = Area.objects.filter(code__in=codes)
    if groupings:
        ancestors = ancestors.select_related("parent", "codi_region", "cluster")
    by_code = {a.code: a for a in ancestors}
    return [by_code[c] for c in codes if c in by_code] + [area]


def area_with_breadcrumb(code: str) -> tuple[Area | None, list[Area]]:
    """``area_get(code)`` and, when found, ``area_breadcrumb(area, groupings=True)`` in one statement (the area
    page: was two): the area and its ancestors — whose codes are its code's prefixes — each read with its
    parent, region and cluster joined."""
    codes = [code[:n] for n in (2, 4, 6) if n < len(code)] + [code]
    by_code = {
        a.code: a for a in Area.objects.select_related("parent", "codi_region", "cluster").filter(code__in=codes)
    }
    area = by_code.get(code)
    if area is None:
        return None, []
    return area, [by_code[c] for c in area.ancestor_codes() if c in by_code] + [area]


# An area's columns, in the order its model lists them (all text or integers: nothing for Django to convert).
_AREA_FIELDS = tuple(f.attname for f in Area._meta.concrete_fields)
_ANCESTOR_DEPTH = 3  # village → tambon → district → province


def area_with_ancestors(code: str) -> Area | None:
    """The area of ``code`` with its parent, grandparent and great-grandparent cached on it, as
    ``select_related("parent__parent__parent")`` reads them (a poverty page's breadcrumb needs no read of
    its own). Made of the code alone, so its statement is built once per process for it
    (``core.prepared``: compiling the three joins cost ~10× answering them); the row is read fresh."""
    paths = ["parent__" * depth for depth in range(_ANCESTOR_DEPTH + 1)]
    found = prepared.rows(
        ("areas.area_with_ancestors", code),
        lambda: (
            Area.objects.filter(code=code)
            .order_by()
            .values_list(*(path + name for path in paths for name in _AREA_FIELDS))[:1]
        ),
    )
    if not found:
        return None
    row, width = found[0], len(_AREA_FIELDS)
    chain = [row[i * width : (i + 1) * width] for i in range(_ANCESTOR_DEPTH + 1)]
    area = child = Area.from_db(DEFAULT_DB_ALIAS, _AREA_FIELDS, chain[0])
    for values in chain[1:]:
        if child.parent_id is None:
            break  # select_related caches the missing parent as None; so do we
        parent = Area.from_db(DEFAULT_DB_ALIAS, _AREA_FIELDS, values)
        Area.parent.field.set_cached_value(child, parent)
        child = parent
    else:
        return area
    Area.parent.field.set_cached_value(child, None)
    return area


def _child_length(area: Area | None) -> int:
    return 2 if area is None else len(area.code) + 2


def area_children_with_counts(area: Area | None, *, prefixes: frozenset[str] | None = None) -> list[ChildRow]:
    """Children of ``area`` (provinces for the nation) with their own child and body counts.

    Two queries whatever the number of children: the children, and the kept summaries
    (``areas.summaries``) of the area and its children — the "tree" and "bodies" figures, read once
    for the page (``area_summary`` finds the area's own in the request's memo).
    """
    children_qs = area_children(area)  # the rows show each child's code, name and counts: nothing to join
    if prefixes is not None:
        children_qs = children_qs.filter(prefix_q(prefixes))
    children = list(children_qs)
    codes = [c.code for c in children]
    if area is not None:
        figures = summaries.read([area.code, *codes])
    else:
        figures = summaries.read(codes, sources=("tree", "bodies"))
    rows = []
    for c in children:
        mine = figures.get(c.code, {})
        key = summaries.CHILD_KEY.get(c.level)
        child_count = mine.get("tree", {}).get(key, 0) if key else 0
        rows.append(ChildRow(c, child_count, mine.get("bodies", {}).get("n", 0)))
    return rows


def _level_of_length(length: int) -> str:
    return next((level for level, n in CODE_LENGTH.items() if n == length), "none")


def area_summary(area: Area, user: Viewer | None = None) -> AreaSummary:
    """Counts of everything under ``area`` from its kept summary rows (``areas.summaries``: the tree's
    counts and the bodies'); then the providers other apps registered (which read the same rows)."""
    figures = summaries.of(area.code)
    tree = figures.get("tree", summaries.TREE_EMPTY)
    summary = AreaSummary(
        districts=tree["districts"],
        subdistricts=tree["subdistricts"],
        villages=tree["villages"],
        bodies=figures.get("bodies", {}).get("n", 0),
        local_governments=tree["local_governments"],
    )
    for provider in AREA_SUMMARY_PROVIDERS:
        summary.extra.extend(provider(area, user))
    return summary


def local_governments_of(area: Area) -> QuerySet[LocalGovernment]:
    """Local governments covering a tambon (or, for a province, its อบจ. and those in it)."""
    if area.level == AreaLevel.SUBDISTRICT:
        return LocalGovernment.objects.filter(tambons=area)
    return LocalGovernment.objects.filter(
        Q(tambons__code__startswith=area.code) | Q(province__code=area.code)
    ).distinct()


def region_provinces(region: CodiRegion) -> QuerySet[Area]:
    return Area.objects.filter(codi_region=region, level=AreaLevel.PROVINCE).select_related("cluster")


def cluster_provinces(cluster: ProvincialCluster) -> QuerySet[Area]:
    return Area.objects.filter(cluster=cluster, level=AreaLevel.PROVINCE).select_related("codi_region")


def bodies_at_area(area: Area, user: Viewer) -> Iterable[Any]:
    """The bodies serving exactly ``area`` that ``user`` may see (from the registered ``AreaBodies``)."""
    return _area_bodies.at_area(area, user)
