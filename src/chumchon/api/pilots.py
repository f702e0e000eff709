"""/api/pilots — the pilot-province selection of the self-managing-province assessment and the list of
certified provinces, as the assessment pages show them: selections over the nation or a CODI region in
the caller's ASSESSMENT_VIEW scope, each with its ranked provinces and the reason each was chosen or
not; proposing a selection (the ranking rule of ``assessment.ranking``) and adopting it by a committee's
resolution, through ``assessment.services`` (ASSESSMENT_SELECT and the covering committee are its rules).

No ``from __future__ import annotations`` here: django-ninja reads the real annotations.
"""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from chumchon.accounts.http import acting_user
from chumchon.accounts.permissions import Action, can, can_anywhere
from chumchon.api._writes import PathId, choice_pattern, missing
from chumchon.api.schemas import LIST_ERRORS, READ_ERRORS, WRITE_ERRORS, BoundedPagination, InputSchema
from chumchon.areas.models import CodiRegion
from chumchon.assessment import selectors, services
from chumchon.assessment.models import Certification, PilotSelection, SelectionStatus, Track
from chumchon.core.access import not_allowed
from chumchon.meetings.models import Resolution

router = Router(tags=["assessment"])
PREFIX = "/pilots"


class PilotEntryOut(Schema):
    rank: int
    province_code: str
    province_name: str
    group_code: str
    assessment_id: int
    readiness: Decimal
    selected: bool
    reason_th: str
    reason_en: str

    @staticmethod
    def resolve_province_code(obj: Any) -> str:
        return str(obj.province.code)

    @staticmethod
    def resolve_province_name(obj: Any) -> str:
        return str(obj.province.name_th)


class PilotSelectionOut(Schema):
    id: int
    scope_kind: str
    region_code: str | None = None
    fiscal_year: int
    assessed_year: int
    track: str
    size: int
    status: str
    uncovered_groups: list[str]
    resolution_id: int | None = None
    adopted_at: dt.datetime | None = None
    created_at: dt.datetime

    @staticmethod
    def resolve_region_code(obj: PilotSelection) -> str | None:
        return obj.region.code if obj.region_id else None  # type: ignore[union-attr]


class PilotSelectionDetailOut(PilotSelectionOut):
    entries: list[PilotEntryOut]
    can_adopt: bool = Field(description="whether the caller may adopt it by a resolution now")

    @staticmethod
    def resolve_entries(obj: Any) -> Any:
        return list(obj.entries.select_related("province").order_by("rank"))

    @staticmethod
    def resolve_can_adopt(obj: Any) -> Any:
        return obj.api_can_adopt


class CertificationOut(Schema):
    id: int
    province_code: str
    province_name: str
    track: str
    fiscal_year: int
    status: str
    selection_id: int | None = None
    assessment_id: int | None = None
    resolution_id: int
    certified_on: dt.date

    @staticmethod
    def resolve_province_code(obj: Certification) -> str:
        return obj.province.code

    @staticmethod
    def resolve_province_name(obj: Certification) -> str:
        return obj.province.name_th


class RankedProvinceOut(Schema):
    rank: int
    assessment_id: int
    province_code: str
    province_name: str
    group_code: str
    group_name: str
    readiness: Decimal
    lowest: int = Field(description="the lowest criterion level (first tie-break)")
    strong: int = Field(description="criteria at level 3 or above (second tie-break)")


class RankingTieOut(Schema):
    first: str
    second: str
    th: str
    en: str


class PilotRankingOut(Schema):
    fiscal_year: int
    track: str
    ranked: list[RankedProvinceOut]
    ties: list[RankingTieOut] = Field(description="each tie of readiness, and what put the first ahead")


class PilotRankingQuery(Schema):
    fiscal_year: int = Field(ge=2500, le=2700, description="the B.E. year of the reviewed assessments")
    track: str = Field(Track.SELF_MANAGING, pattern=choice_pattern(Track))


class PilotSelectionQuery(Schema):
    todo: str = Field("", pattern="^(adopt)?$", description="adopt: proposed selections I may adopt")
    fiscal_year: int | None = Field(None, ge=2500, le=2700, description="pilots from this B.E. fiscal year")
    track: str = Field("", pattern="^(" + "|".join(Track.values) + ")?$")


class CertificationQuery(Schema):
    track: str = Field("", pattern="^(" + "|".join(Track.values) + ")?$")
    province: str = Field("", pattern="^([0-9]{2})?$", description="a province's code")
    fiscal_year: int | None = Field(None, ge=2500, le=2700, description="certified from this B.E. fiscal year")


class PilotSelectionCreate(InputSchema):
    scope_kind: str = Field(pattern="^(nation|region)$")
    region_code: str = Field("", max_length=16, description="the CODI region (scope_kind region)")
    fiscal_year: int = Field(ge=2500, le=2700, description="pilots from this B.E. fiscal year")
    assessed_year: int = Field(ge=2500, le=2700, description="using the assessments of this B.E. fiscal year")
    size: int = Field(ge=1, le=77, description="number of pilot provinces")
    track: str = Field(Track.SELF_MANAGING, pattern=choice_pattern(Track))


class PilotAdoptIn(InputSchema):
    resolution_id: int = Field(ge=1, le=2**31 - 1, description="the resolution of a committee covering the scope")


def _detail(request: HttpRequest, selection: PilotSelection) -> PilotSelection:
    selection.api_can_adopt = selection.status == SelectionStatus.PROPOSED and can(  # type: ignore[attr-defined]
        request.user, Action.ASSESSMENT_SELECT, selection
    )
    return selection


@router.get(
    "/ranking",
    response={200: PilotRankingOut, **LIST_ERRORS},
    summary="Reviewed provinces ranked / ลำดับความพร้อมของจังหวัด",
)
def pilot_ranking(request: HttpRequest, filters: Query[PilotRankingQuery]) -> Any:
    """The reviewed assessments of a year in my scope, ranked by the rule a selection uses (as the
    ranking page)."""
    ranked, ties = selectors.ranking_for(request.user, filters.fiscal_year, filters.track)
    rows = [
        {
            "rank": n,
            "assessment_id": c.assessment_id,
            "province_code": c.province_code,
            "province_name": c.province_name,
            "group_code": c.group_code,
            "group_name": c.group_name,
            "readiness": c.readiness,
            "lowest": c.lowest,
            "strong": c.strong,
        }
        for n, c in enumerate(ranked, start=1)
    ]
    ties_out = [{"first": t.first, "second": t.second, "th": t.th, "en": t.en} for t in ties]
    return {"fiscal_year": filters.fiscal_year, "track": filters.track, "ranked": rows, "ties": ties_out}


@router.get(
    "/selections",
    response={200: list[PilotSelectionOut], **LIST_ERRORS},
    summary="Pilot-province selections / ข้อเสนอจังหวัดนำร่อง",
)
@paginate(BoundedPagination)
def selection_list(request: HttpRequest, filters: Query[PilotSelectionQuery]) -> Any:
    qs = selectors.selections_for(request.user)
    if filters.todo == "adopt":
        qs = qs.filter(pk__in=[s.pk for s in selectors.selections_to_adopt(request.user)])
    if filters.fiscal_year:
        qs = qs.filter(fiscal_year=filters.fiscal_year)
    if filters.track:
        qs = qs.filter(track=filters.track)
    return qs


@router.get(
    "/selections/{selection_id}",
    response={200: PilotSelectionDetailOut, **READ_ERRORS},
    summary="One selection and its ranking / ข้อเสนอจังหวัดนำร่อง",
)
def selection_detail(request: HttpRequest, selection_id: PathId) -> Any:
    return _detail(request, selectors.selection_get(request.user, selection_id))


@router.post(
    "/selections",
    response={201: PilotSelectionDetailOut, **WRITE_ERRORS},
    summary="Propose pilot provinces / เสนอจังหวัดนำร่อง",
)
def selection_propose(request: HttpRequest, payload: PilotSelectionCreate) -> Any:
    if not can_anywhere(request.user, Action.ASSESSMENT_SELECT):  # as the page: no form offered
        raise not_allowed(Action.ASSESSMENT_SELECT)
    region = None
    if payload.region_code:
        region = CodiRegion.objects.filter(code=payload.region_code).first()
        if region is None:
            raise missing("ไม่พบภาคนี้", "No CODI region has this code")
    selection = services.selection_propose(
        actor=acting_user(request),
        scope_kind=payload.scope_kind,
        region=region,
        fiscal_year=payload.fiscal_year,
        assessed_year=payload.assessed_year,
        size=payload.size,
        track=payload.track,
    )
    return Status(201, _detail(request, selectors.selection_get(request.user, selection.pk)))


@router.post(
    "/selections/{selection_id}/adopt",
    response={200: PilotSelectionDetailOut, **WRITE_ERRORS},
    summary="Adopt by a resolution / รับรองตามมติ",
)
def selection_adopt(request: HttpRequest, selection_id: PathId, payload: PilotAdoptIn) -> Any:
    selection = selectors.selection_get(request.user, selection_id)
    if not can(request.user, Action.ASSESSMENT_SELECT, selection):
        raise not_allowed(Action.ASSESSMENT_SELECT)
    resolution = Resolution.objects.select_related("body").filter(pk=payload.resolution_id).first()
    if resolution is None:
        raise missing("ไม่พบมติ", "No resolution has this id")
    services.selection_adopt(selection=selection, resolution=resolution, actor=acting_user(request))
    return _detail(request, selectors.selection_get(request.user, selection_id))


@router.get(
    "/certifications",
    response={200: list[CertificationOut], **LIST_ERRORS},
    summary="Certified provinces / จังหวัดที่ได้รับการรับรอง",
)
@paginate(BoundedPagination)
def certification_list(request: HttpRequest, filters: Query[CertificationQuery]) -> Any:
    qs = selectors.certifications_for(request.user)
    if filters.track:
        qs = qs.filter(track=filters.track)
    if filters.province:
        qs = qs.filter(province__code=filters.province)
    if filters.fiscal_year:
        qs = qs.filter(fiscal_year=filters.fiscal_year)
    return qs.order_by("-fiscal_year", "province__code", "pk")
