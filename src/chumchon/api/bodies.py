"""/api/bodies — community bodies, committees and agencies (องค์กร) in the caller's scope.

No ``from __future__ import annotations`` here: django-ninja reads the real annotations.
"""

import datetime as dt
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from chumchon.accounts import permissions
from chumchon.accounts.http import acting_user
from chumchon.accounts.permissions import Action
from chumchon.api.schemas import LIST_ERRORS, READ_ERRORS, WRITE_ERRORS, BoundedPagination, InputSchema
from chumchon.organizations import selectors as org_selectors
from chumchon.organizations.models import Body
from chumchon.organizations.services import body_update

router = Router(tags=["bodies"])


class BodyOut(Schema):
    id: int
    kind: str
    name_th: str
    name_en: str
    scope_kind: str
    area_code: str | None = None
    region: str | None = None
    cluster: str | None = None
    registration_number: str
    founded_on: dt.date | None = None
    term_ends_on: dt.date | None = None
    member_count: int
    is_active: bool

    @staticmethod
    def resolve_area_code(obj: Body) -> str | None:
        return obj.area.code if obj.area_id else None  # type: ignore[union-attr]

    @staticmethod
    def resolve_region(obj: Body) -> str | None:
        return obj.region.code if obj.region_id else None  # type: ignore[union-attr]

    @staticmethod
    def resolve_cluster(obj: Body) -> str | None:
        return obj.cluster.code if obj.cluster_id else None  # type: ignore[union-attr]


class BodyPatch(InputSchema):
    name_th: str | None = Field(None, min_length=1, max_length=300)
    name_en: str | None = Field(None, max_length=300)
    registration_number: str | None = Field(None, max_length=64)
    founded_on: dt.date | None = None
    term_ends_on: dt.date | None = None
    member_count: int | None = Field(None, ge=0, le=2_147_483_647)
    is_active: bool | None = None


class BodyQuery(Schema):
    kind: str = Field("", max_length=40)
    q: str = Field("", max_length=200)


def _body_or_404(body_id: int) -> Body:
    body = org_selectors.body_get(body_id)
    if body is None:
        raise Http404
    return body


@router.get("", response={200: list[BodyOut], **LIST_ERRORS}, summary="Bodies in my scope / องค์กรในพื้นที่")
@paginate(BoundedPagination)
def body_list(request: HttpRequest, filters: Query[BodyQuery]) -> Any:
    if "\x00" in filters.kind + filters.q:
        return []  # stored text never holds NUL (PostgreSQL cannot), so nothing matches
    return org_selectors.body_list(request.user, kind=filters.kind, q=filters.q)


@router.get("/{body_id}", response={200: BodyOut, **READ_ERRORS}, summary="One body / ข้อมูลองค์กร")
def body_detail(request: HttpRequest, body_id: int) -> Any:
    body = _body_or_404(body_id)
    permissions.require_read(request.user, Action.ORG_VIEW, body)
    return body


@router.patch("/{body_id}", response={200: BodyOut, **WRITE_ERRORS}, summary="Change a body / แก้ไของค์กร")
def body_patch(request: HttpRequest, body_id: int, payload: BodyPatch) -> Any:
    body = _body_or_404(body_id)
    # Out of scope answers as missing (404), as pages do; visible but not changeable is 403 (the service).
    permissions.require_read(request.user, Action.ORG_VIEW, body)
    changes = {k: v for k, v in payload.dict(exclude_unset=True).items()}
    for required in ("name_th", "member_count", "is_active", "registration_number", "name_en"):
        if required in changes and changes[required] is None:
            del changes[required]  # null means "leave as is" for fields that cannot be empty
    return _reload(body_update(body=body, actor=acting_user(request), **changes))


def _reload(body: Body) -> Body:
    return org_selectors.body_get(body.pk) or body
