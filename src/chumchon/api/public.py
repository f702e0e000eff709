"""/api/public — the read-only public endpoints of the portal (no login): the place tree and each place's
public figures per section and fiscal year.

Every answer is built by the portal's own section functions (``portal.sections`` / ``portal.opendata``),
which go through the disclosure module: the same rows, the same suppressed small counts and the same
note as the pages and downloads; the serialised body passes ``portal.disclosure.guard_text`` too.

No ``from __future__ import annotations`` here: django-ninja reads the real annotations.
"""

import hashlib
import json
from typing import Any

from django.core.cache import cache
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpRequest
from django.utils.translation import get_language
from ninja import Field, Query, Router, Schema
from ninja.decorators import decorate_view
from ninja.pagination import paginate

from chumchon.api.schemas import BoundedPagination, ErrorOut
from chumchon.portal import pagecache, places
from chumchon.portal.disclosure import guard_text
from chumchon.portal.opendata import table_json
from chumchon.portal.sections import PUBLIC_SECTIONS, sections
from chumchon.portal.views import PAGE_CACHE_SECONDS

router = Router(tags=["public portal"], auth=None)
PREFIX = "/public"

PUBLIC_ERRORS: dict[int, Any] = {404: ErrorOut, 422: ErrorOut}
KEY_PATTERN = r"^(TH|[A-Z][A-Z0-9]{0,7}|[0-9]{2,6})$"


class PlaceOut(Schema):
    key: str = Field(description="TH, a CODI region or provincial cluster code, or a DOPA area code")
    kind: str = Field(description="nation, region, cluster, province, district or subdistrict")
    kind_label: str
    name: str


class PlaceDetailOut(PlaceOut):
    trail: list[PlaceOut] = Field(description="The places above, from the nation down")
    groupings: list[PlaceOut] = Field(description="A province's CODI region and provincial cluster")
    children: list[PlaceOut]


class SectionOut(Schema):
    key: str
    title: str
    description: str


class PlaceQuery(Schema):
    parent: str = Field(places.NATION, max_length=16, description="List the places directly under this one")


class TableQuery(Schema):
    fiscal_year: int | None = Field(None, ge=2400, le=2700, description="Fiscal year (B.E.), e.g. 2566")
    limit: int = Field(100, ge=1, le=1000, description="rows per page (at most 1,000)")
    offset: int = Field(0, ge=0, le=2**31 - 1, description="rows to skip")


class ColumnOut(Schema):
    key: str
    label: str


class DisclosureOut(Schema):
    min_count: int = Field(description="Counts from 1 to min_count − 1 are not published")
    hidden_small: int = Field(description="Cells hidden because they count fewer than min_count")
    hidden_complementary: int = Field(description="Cells hidden so the small ones cannot be recovered")
    note: str


class AreaRef(Schema):
    code: str
    name: str
    kind: str


class TableOut(Schema):
    section: str
    title: str
    description: str
    area: AreaRef
    fiscal_year_be: int | None
    licence: str
    last_updated: str
    frequency: str
    disclosure: DisclosureOut
    columns: list[ColumnOut]
    count: int = Field(description="All rows of the table (the page holds at most `limit`)")
    limit: int
    offset: int
    rows: list[dict[str, Any]] = Field(description="One object per row, keyed by the column keys; null = hidden")


def _place(key: str) -> places.Place:
    place = places.place_get(key) if "\x00" not in key and len(key) <= 16 else None
    if place is None:
        raise Http404
    return place


def _out(place: places.Place) -> dict[str, Any]:
    return {"key": place.key, "kind": place.kind, "kind_label": place.kind_label, "name": place.name}


def _guarded(data: Any) -> Any:
    guard_text(json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False))
    return data


@router.get("/places", response={200: list[PlaceOut], **PUBLIC_ERRORS}, summary="Places under a place / พื้นที่ย่อย")
@decorate_view(pagecache.public_cache)
@paginate(BoundedPagination)
def place_list(request: HttpRequest, filters: Query[PlaceQuery]) -> Any:
    """The area tree, one level at a time: the nation lists its CODI regions; a region or cluster its
    provinces; a province its districts; a district its tambons."""
    return [_out(p) for p in places.children(_place(filters.parent))]


@router.get("/places/{key}", response={200: PlaceDetailOut, **PUBLIC_ERRORS}, summary="One place / ข้อมูลพื้นที่")
@decorate_view(pagecache.public_cache)
def place_detail(request: HttpRequest, key: str) -> Any:
    place = _place(key)
    return {
        **_out(place),
        "trail": [_out(p) for p in place.trail],
        "groupings": [_out(p) for p in place.groupings],
        "children": [_out(p) for p in places.children(place)],
    }


@router.get("/sections", response={200: list[SectionOut]}, summary="Public sections / หมวดข้อมูลสาธารณะ")
@decorate_view(pagecache.public_cache)
def section_list(request: HttpRequest) -> Any:
    return [{"key": s.key, "title": str(s.title), "description": str(s.description)} for s in sections()]


@router.get(
    "/places/{key}/sections/{section}",
    response={200: TableOut, **PUBLIC_ERRORS},
    summary="A place's public figures in one section / ข้อมูลสาธารณะของพื้นที่",
)
@decorate_view(pagecache.public_cache)
def place_section(request: HttpRequest, key: str, section: str, filters: Query[TableQuery]) -> Any:
    """The same table as the page and the download of this section, for the place and fiscal year,
    paged by ``limit``/``offset``; small counts are ``null`` (hidden) as on the pages. Kept in the cache
    as long as the pages and downloads are (per place, section, query and language)."""
    cache_key = (
        "api-public:"
        + hashlib.sha256(
            "|".join(
                map(
                    str,
                    (
                        key,
                        section,
                        filters.fiscal_year,
                        filters.limit,
                        filters.offset,
                        get_language(),
                        pagecache.version(),
                    ),
                )
            ).encode()
        ).hexdigest()
    )
    cached = cache.get(cache_key)
    if cached is not None:
        return cached
    place = _place(key)
    found = PUBLIC_SECTIONS.get(section)
    if found is None:
        raise Http404
    table = found.build(place, filters.fiscal_year)
    count = len(table.rows)
    table.rows = table.rows[filters.offset : filters.offset + filters.limit]
    data = table_json(place, found, table, filters.fiscal_year)
    data.update(section=found.key, count=count, limit=filters.limit, offset=filters.offset)
    _guarded(data)
    cache.set(cache_key, data, PAGE_CACHE_SECONDS)
    return data
