"""/api/relief — relief campaigns (การระดมความช่วยเหลือ): money pledged and transferred by community
organisations and the help given to households after a disaster.

The same rules as the relief pages: campaigns in the caller's ORG_VIEW scope (out of scope: 404);
opening, closing and recording go through relief.services (ORG_EDIT, checked there: 403; a closed
campaign, help beyond the money transferred, a committee as source: 400).

No ``from __future__ import annotations`` here: django-ninja reads the real annotations.
"""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from chumchon.accounts import permissions
from chumchon.accounts.http import acting_user
from chumchon.accounts.permissions import Action
from chumchon.api.lookups import area_from_body, clean_text, missing
from chumchon.api.schemas import (
    AREA_CODE,
    LIST_ERRORS,
    READ_ERRORS,
    WRITE_ERRORS,
    BoundedPagination,
    InputSchema,
    Money,
    Money14,
)
from chumchon.core.dopa import prefix_q
from chumchon.organizations import selectors as org_selectors
from chumchon.organizations.models import Body
from chumchon.poverty.models import Case
from chumchon.relief import selectors as relief_selectors
from chumchon.relief import services as relief_services
from chumchon.relief.models import Campaign, Contribution, ContributionKind, EventKind, HouseholdHelped

router = Router(tags=["relief"])


class CampaignOut(Schema):
    id: int
    title: str
    event_kind: str
    event_on: dt.date
    area_code: str
    organiser: int
    target_amount: Decimal
    description: str
    status: str
    pledged: Decimal
    transferred: Decimal
    helped_amount: Decimal
    households: int

    @staticmethod
    def resolve_area_code(obj: Campaign) -> str:
        return obj.area.code

    @staticmethod
    def resolve_organiser(obj: Campaign) -> int:
        return obj.organiser_id

    @staticmethod
    def resolve_pledged(obj: Campaign) -> Decimal:
        return _totals(obj).pledged

    @staticmethod
    def resolve_transferred(obj: Campaign) -> Decimal:
        return _totals(obj).transferred

    @staticmethod
    def resolve_helped_amount(obj: Campaign) -> Decimal:
        return _totals(obj).helped_amount

    @staticmethod
    def resolve_households(obj: Campaign) -> int:
        return _totals(obj).households


class ContributionOut(Schema):
    id: int
    source: int
    source_name: str
    kind: str
    amount: Decimal
    on: dt.date
    note: str

    @staticmethod
    def resolve_source(obj: Contribution) -> int:
        return obj.source_id

    @staticmethod
    def resolve_source_name(obj: Contribution) -> str:
        return obj.source.name_th


class HouseholdOut(Schema):
    id: int
    area_code: str
    label: str
    amount: Decimal
    given_on: dt.date
    description: str
    case: int | None = Field(None, description="the household's Logbook case, if any")

    @staticmethod
    def resolve_area_code(obj: HouseholdHelped) -> str:
        return obj.area.code

    @staticmethod
    def resolve_case(obj: HouseholdHelped) -> int | None:
        return obj.case_id


class CampaignIn(InputSchema):
    title: str = Field(min_length=1, max_length=300)
    event_kind: EventKind
    event_on: dt.date
    area_code: str = Field(max_length=8, pattern=AREA_CODE, description="the area affected (DOPA code)")
    organiser: int = Field(ge=1, le=2**63 - 1, description="id of the organising body")
    target_amount: Money = Decimal(0)
    description: str = Field("", max_length=10_000)


class ContributionIn(InputSchema):
    source: int = Field(ge=1, le=2**63 - 1, description="id of the contributing body")
    kind: ContributionKind
    amount: Money
    on: dt.date
    note: str = Field("", max_length=300)


class HouseholdIn(InputSchema):
    case: int | None = Field(None, ge=1, le=2**63 - 1, description="the household's Logbook case number")
    area_code: str = Field(
        "", max_length=8, pattern=AREA_CODE, description="the household's area (not needed with case)"
    )
    label: str = Field("", max_length=200)
    amount: Money14
    given_on: dt.date
    description: str = Field(min_length=1, max_length=300)


class CampaignQuery(Schema):
    area_code: str = Field("", max_length=8, pattern=AREA_CODE, description="campaigns in this area or one inside it")
    status: str = Field("", max_length=16)


def _totals(campaign: Campaign) -> relief_selectors.CampaignTotals:
    """The campaign's sums (as on its page), computed once per campaign serialised."""
    cached = getattr(campaign, "_api_totals", None)
    if cached is None:
        cached = relief_selectors.campaign_totals(campaign)
        campaign._api_totals = cached  # type: ignore[attr-defined]
    return cached


def _campaign_or_404(request: HttpRequest, campaign_id: int) -> Campaign:
    campaign = relief_selectors.campaign_get(campaign_id)
    if campaign is None:
        raise Http404
    permissions.require_read(request.user, Action.ORG_VIEW, campaign)
    return campaign


def _visible_body(request: HttpRequest, body_id: int, field: str) -> Body:
    body = org_selectors.body_get(body_id)
    if body is None:
        raise missing(field, "ไม่พบองค์กร", "No body has this id")
    return body


@router.get(
    "/campaigns", response={200: list[CampaignOut], **LIST_ERRORS}, summary="Relief campaigns / การระดมความช่วยเหลือ"
)
@paginate(BoundedPagination)
def campaign_list(request: HttpRequest, filters: Query[CampaignQuery]) -> Any:
    if "\x00" in filters.area_code + filters.status:
        return Campaign.objects.none()
    qs = relief_selectors.campaigns_for(request.user)
    if clean_text(filters.area_code):
        qs = qs.filter(prefix_q((filters.area_code.strip(),), "area__code"))
    if filters.status:
        qs = qs.filter(status=filters.status)
    return qs


@router.get(
    "/campaigns/{campaign_id}", response={200: CampaignOut, **READ_ERRORS}, summary="One campaign / การระดมความช่วยเหลือ"
)
def campaign_detail(request: HttpRequest, campaign_id: int) -> Any:
    return _campaign_or_404(request, campaign_id)


@router.get(
    "/campaigns/{campaign_id}/contributions",
    response={200: list[ContributionOut], **READ_ERRORS},
    summary="Money pledged and transferred / เงินที่ได้รับ",
)
@paginate(BoundedPagination)
def contribution_list(request: HttpRequest, campaign_id: int) -> Any:
    return relief_selectors.contributions_of(_campaign_or_404(request, campaign_id))


@router.get(
    "/campaigns/{campaign_id}/households",
    response={200: list[HouseholdOut], **READ_ERRORS},
    summary="Households helped / ครัวเรือนที่ได้รับความช่วยเหลือ",
)
@paginate(BoundedPagination)
def household_list(request: HttpRequest, campaign_id: int) -> Any:
    return relief_selectors.households_of(_campaign_or_404(request, campaign_id))


@router.post(
    "/campaigns", response={201: CampaignOut, **WRITE_ERRORS}, summary="Open a campaign / เปิดการระดมความช่วยเหลือ"
)
def campaign_post(request: HttpRequest, payload: CampaignIn) -> Any:
    data = payload.dict()
    area = area_from_body(data.pop("area_code"))
    data["organiser"] = _visible_body(request, data["organiser"], "organiser")
    campaign = relief_services.campaign_create(actor=acting_user(request), area=area, **data)
    return Status(201, _campaign_or_404(request, campaign.pk))


@router.post(
    "/campaigns/{campaign_id}/close",
    response={200: CampaignOut, **WRITE_ERRORS},
    summary="Close a campaign / ปิดการระดมความช่วยเหลือ",
)
def campaign_close(request: HttpRequest, campaign_id: int) -> Any:
    campaign = _campaign_or_404(request, campaign_id)
    relief_services.campaign_close(campaign=campaign, actor=acting_user(request))
    return _campaign_or_404(request, campaign_id)


@router.post(
    "/campaigns/{campaign_id}/contributions",
    response={201: ContributionOut, **WRITE_ERRORS},
    summary="Record a pledge or transfer / บันทึกเงินสมทบ",
)
def contribution_post(request: HttpRequest, campaign_id: int, payload: ContributionIn) -> Any:
    campaign = _campaign_or_404(request, campaign_id)
    data = payload.dict()
    data["source"] = _visible_body(request, data["source"], "source")
    made = relief_services.contribution_record(campaign=campaign, actor=acting_user(request), **data)
    return Status(201, relief_selectors.contributions_of(campaign).get(pk=made.pk))


@router.post(
    "/campaigns/{campaign_id}/households",
    response={201: HouseholdOut, **WRITE_ERRORS},
    summary="Record help to a household / บันทึกความช่วยเหลือครัวเรือน",
)
def household_post(request: HttpRequest, campaign_id: int, payload: HouseholdIn) -> Any:
    campaign = _campaign_or_404(request, campaign_id)
    data = payload.dict()
    case = None
    case_no = data.pop("case")
    if case_no is not None:
        case = Case.objects.select_related("area").filter(pk=case_no).first()
        if case is None:
            raise missing("case", "ไม่พบรายการใน Logbook เลขนี้", "No Logbook case has this number")
    code = data.pop("area_code").strip()
    area = area_from_body(code) if code else None
    if area is None and case is None:
        raise missing(
            "area_code", "ต้องระบุพื้นที่ หรือรายการใน Logbook ของครัวเรือน", "Give the area, or the household's Logbook case"
        )
    made = relief_services.household_help_record(
        campaign=campaign, actor=acting_user(request), area=area, case=case, **data
    )
    return Status(201, relief_selectors.households_of(campaign).get(pk=made.pk))
