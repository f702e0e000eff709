"""/api/areas — the area tree (พื้นที่), read and renamed within the caller's scope.

No ``from __future__ import annotations`` here: django-ninja reads the real annotations.
"""

from typing import Any

from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema

from chumchon.accounts import permissions
from chumchon.accounts.http import acting_user
from chumchon.accounts.permissions import Action
from chumchon.accounts.selectors import user_home_areas
from chumchon.api.schemas import LIST_ERRORS, READ_ERRORS, WRITE_ERRORS, InputSchema
from chumchon.areas import selectors as area_selectors
from chumchon.areas.models import Area
from chumchon.areas.services import area_update

router = Router(tags=["areas"])

CODE_PATTERN = r"^[0-9]{2,8}$"
LOOKUP_LIMIT = 50


class AreaOut(Schema):
    code: str
    level: str
    name_th: str
    name_en: str
    parent_code: str | None = None
    codi_region: str | None = Field(None, description="CODI region code (provinces only)")
    cluster: str | None = Field(None, description="Provincial cluster code (provinces only)")

    @staticmethod
    def resolve_parent_code(obj: Area) -> str | None:
        return obj.code[:-2] if len(obj.code) > 2 else None

    @staticmethod
    def resolve_codi_region(obj: Area) -> str | None:
        return obj.codi_region.code if obj.codi_region_id else None  # type: ignore[union-attr]

    @staticmethod
    def resolve_cluster(obj: Area) -> str | None:
        return obj.cluster.code if obj.cluster_id else None  # type: ignore[union-attr]


class AreaPatch(InputSchema):
    name_th: str | None = Field(None, min_length=1, max_length=200)
    name_en: str | None = Field(None, max_length=200)


class AreaQuery(Schema):
    q: str = Field("", max_length=200, description="DOPA code, Thai/English name or address")


def _area_or_404(code: str) -> Area:
    area = area_selectors.area_get(code) if "\x00" not in code else None  # no stored text holds NUL
    if area is None:
        raise Http404
    return area


@router.get("", response={200: list[AreaOut], **LIST_ERRORS}, summary="Look up areas / ค้นหาพื้นที่")
def area_list(request: HttpRequest, filters: Query[AreaQuery]) -> Any:
    """Areas matching ``q`` that the caller may view; without ``q``, the caller's top areas."""
    user = request.user
    if not filters.q.strip():
        return user_home_areas(user)[:LOOKUP_LIMIT]
    if "\x00" in filters.q:
        return []  # stored text never holds NUL (PostgreSQL cannot), so nothing matches
    try:
        found = area_selectors.area_lookup(filters.q)
    except LookupError:  # areas.selectors.AreaNotFound: a code that is not in the registry
        return []
    return [a for a in found if permissions.can(user, Action.AREA_VIEW, a)][:LOOKUP_LIMIT]


@router.get("/{code}", response={200: AreaOut, **READ_ERRORS}, summary="One area / ข้อมูลพื้นที่")
def area_detail(request: HttpRequest, code: str) -> Any:
    area = _area_or_404(code)
    permissions.require_read(request.user, Action.AREA_VIEW, area)
    return area


@router.get("/{code}/children", response={200: list[AreaOut], **READ_ERRORS}, summary="Areas inside an area / พื้นที่ย่อย")
def area_children(request: HttpRequest, code: str) -> Any:
    area = _area_or_404(code)
    permissions.require_read(request.user, Action.AREA_VIEW, area)
    return list(area_selectors.area_children(area).select_related("codi_region", "cluster").order_by("code"))


@router.patch("/{code}", response={200: AreaOut, **WRITE_ERRORS}, summary="Rename an area / แก้ไขชื่อพื้นที่")
def area_patch(request: HttpRequest, code: str, payload: AreaPatch) -> Any:
    area = _area_or_404(code)
    # Out of scope answers as missing (404), as pages do; visible but not changeable is 403 (the service).
    permissions.require_read(request.user, Action.AREA_VIEW, area)
    changes = payload.dict(exclude_unset=True)
    return area_update(area=area, actor=acting_user(request), **changes)
