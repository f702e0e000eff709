"""/api/duplicates — the queue of plan items that look like the same work (``plans.strategy``), as the
duplicates page shows it: the open pairs in the caller's consolidation scope (who writes the tambon's
One Plan), a scan of an area, and the two decisions — merge (keep one; the other counts as part of it)
or dismiss (different work) — through ``plans.strategy.services``.

A caller who consolidates no area gets 404 on the queue, as on the page. No ``from __future__ import
annotations`` here: django-ninja reads the real annotations.
"""

import datetime as dt
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from chumchon.accounts.http import acting_user
from chumchon.api._writes import PathId, found, nothing_matches
from chumchon.api.schemas import AREA_CODE, READ_ERRORS, WRITE_ERRORS, BoundedPagination, InputSchema
from chumchon.plans.models import PlanItem
from chumchon.plans.strategy import selectors, services
from chumchon.plans.strategy.models import DuplicateFlag

router = Router(tags=["plans"])
PREFIX = "/duplicates"


class DuplicateItemOut(Schema):
    id: int
    plan_id: int
    plan_title: str
    owner_name: str
    number: int
    title: str
    status: str

    @staticmethod
    def resolve_plan_title(obj: PlanItem) -> str:
        return obj.plan.title

    @staticmethod
    def resolve_owner_name(obj: PlanItem) -> str:
        return obj.plan.owner.name_th


class DuplicateFlagOut(Schema):
    id: int
    area_code: str
    score: float = Field(description="likeness of the two items' texts, 0 … 1")
    status: str = Field(description="open, merged or different")
    first: DuplicateItemOut
    second: DuplicateItemOut
    kept_id: int | None = None
    found_at: dt.datetime
    decided_at: dt.datetime | None = None


class DuplicateQuery(Schema):
    area_code: str = Field("", max_length=8, description="pairs in this area (DOPA code prefix)")


class DuplicateScanIn(InputSchema):
    area_code: str = Field(pattern=AREA_CODE, min_length=2, description="the area whose tambons to scan")


class DuplicateScanOut(Schema):
    area_code: str
    new_pairs: int


class DuplicateMergeIn(InputSchema):
    keep_item_id: int = Field(ge=1, le=2**31 - 1, description="the item of the pair to keep")


def _queue(request: HttpRequest, area_prefix: str = "") -> Any:
    if not selectors.consolidation_prefixes(request.user):
        raise Http404  # as the page: who consolidates no area has no queue
    return selectors.duplicates_queue(request.user, area_prefix)


def _flag(request: HttpRequest, flag_id: int) -> DuplicateFlag:
    return found(_queue(request).filter(pk=flag_id).first())


def _decided(flag_id: int) -> DuplicateFlag:
    return DuplicateFlag.objects.select_related(
        "area", "first__plan__owner", "second__plan__owner", "first__plan", "second__plan"
    ).get(pk=flag_id)


@router.get("", response={200: list[DuplicateFlagOut], **READ_ERRORS}, summary="Possible duplicates / รายการที่อาจซ้ำกัน")
@paginate(BoundedPagination)
def duplicate_list(request: HttpRequest, filters: Query[DuplicateQuery]) -> Any:
    if nothing_matches(filters.area_code):
        return _queue(request).none()
    return _queue(request, filters.area_code.strip())


@router.post("/scan", response={200: DuplicateScanOut, **WRITE_ERRORS}, summary="Look for duplicates / ค้นหารายการซ้ำ")
def duplicate_scan(request: HttpRequest, payload: DuplicateScanIn) -> Any:
    new = services.duplicates_scan_under(area_code=payload.area_code, actor=acting_user(request))
    return {"area_code": payload.area_code, "new_pairs": new}


@router.post(
    "/{flag_id}/merge", response={200: DuplicateFlagOut, **WRITE_ERRORS}, summary="Merge: keep one / รวมรายการ"
)
def duplicate_merge(request: HttpRequest, flag_id: PathId, payload: DuplicateMergeIn) -> Any:
    flag = _flag(request, flag_id)
    keep = flag.first if payload.keep_item_id == flag.first_id else flag.second
    if payload.keep_item_id not in (flag.first_id, flag.second_id):
        keep = PlanItem(pk=payload.keep_item_id)  # the service refuses an item outside the pair (400)
    services.duplicate_merge(actor=acting_user(request), flag=flag, keep=keep)
    return _decided(flag_id)


@router.post(
    "/{flag_id}/dismiss",
    response={200: DuplicateFlagOut, **WRITE_ERRORS},
    summary="Not the same work / ไม่ใช่งานเดียวกัน",
)
def duplicate_dismiss(request: HttpRequest, flag_id: PathId) -> Any:
    flag = _flag(request, flag_id)
    services.duplicate_dismiss(actor=acting_user(request), flag=flag)
    return _decided(flag_id)
