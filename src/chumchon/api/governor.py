"""/api/governor — proposals to the provincial governor and agencies (``plans.governor``): the register
in the caller's plan scope, one proposal with its items and status, and the writes its pages make
(record a draft, record its sending, the reply and the proof of inclusion) through
``plans.governor.services``. The choices a page offers (proposing bodies, the items a body may carry,
the secretariats of the province, the items that may prove inclusion) come from the same selectors;
who may write is ``plans.governor.rules``, asked by the services.

A refusal because of the proposal's state (not sent yet, already sent, replied or included) is 409.
No ``from __future__ import annotations`` here: django-ninja reads the real annotations.
"""

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from chumchon.accounts.http import acting_user
from chumchon.api._writes import PathId, choice_pattern, missing, nothing_matches
from chumchon.api.schemas import LIST_ERRORS, READ_ERRORS, WRITE_ERRORS, BoundedPagination, InputSchema
from chumchon.areas.models import Area
from chumchon.core.bilingual import bilingual
from chumchon.organizations.models import Body
from chumchon.plans.governor import selectors, services
from chumchon.plans.governor.models import GovernorProposal, GovernorStatus, RecipientKind, ReplyOutcome

router = Router(tags=["plans"])
PREFIX = "/governor"

ID = Field(ge=1, le=2**31 - 1)


class GovernorItemOut(Schema):
    id: int
    plan_id: int
    plan_title: str
    number: int
    title: str

    @staticmethod
    def resolve_plan_title(obj: Any) -> str:
        return str(obj.plan.title)


class GovernorProposalOut(Schema):
    id: int
    label: str = Field(description="number/B.E. year in the province's register")
    province_code: str
    area_code: str
    year_be: int
    number: int
    title: str
    summary: str
    proposing_body_id: int
    proposing_body_name: str
    recipient_kind: str
    recipient_name: str
    secretariat_id: int | None = None
    sent_on: dt.date | None = None
    reply_due_on: dt.date | None = None
    replied_on: dt.date | None = None
    reply_outcome: str
    reply_text: str
    included_on: dt.date | None = None
    included_item_id: int | None = None
    included_text: str
    status: str = Field(description="draft, sent, awaiting, overdue, answered, included or declined (today)")
    days_overdue: int

    @staticmethod
    def resolve_province_code(obj: GovernorProposal) -> str:
        return obj.province.code

    @staticmethod
    def resolve_area_code(obj: GovernorProposal) -> str:
        return obj.area.code

    @staticmethod
    def resolve_proposing_body_name(obj: GovernorProposal) -> str:
        return obj.proposing_body.name_th

    @staticmethod
    def resolve_status(obj: GovernorProposal) -> str:
        return obj.status_on(timezone.localdate())

    @staticmethod
    def resolve_days_overdue(obj: GovernorProposal) -> int:
        return obj.days_overdue(timezone.localdate())


class GovernorProposalDetailOut(GovernorProposalOut):
    items: list[GovernorItemOut]
    can_write: bool = Field(description="whether the caller may record its steps")

    @staticmethod
    def resolve_items(obj: Any) -> Any:
        return list(selectors.carried_items(obj))

    @staticmethod
    def resolve_can_write(obj: Any) -> Any:
        return obj.api_can_write


class GovernorQuery(Schema):
    province: str = Field("", max_length=2, description="the province's code (blank: every province I see)")
    area_code: str = Field("", max_length=8, description="proposals of bodies in this area (DOPA code prefix)")
    status: str = Field("", pattern="^(" + "|".join(GovernorStatus.values) + ")?$")
    recipient: str = Field("", pattern="^(" + "|".join(RecipientKind.values) + ")?$")
    year: int | None = Field(None, ge=2400, le=2700, description="B.E. year of the register")


class GovernorProposalCreate(InputSchema):
    proposing_body_id: int = Field(ge=1, le=2**31 - 1, description="a body the caller records proposals for")
    title: str = Field(min_length=1, max_length=300)
    summary: str = Field("", max_length=20_000)
    item_ids: list[int] = Field(min_length=1, max_length=100, description="plan items within the body's area")
    recipient_kind: str = Field(pattern=choice_pattern(RecipientKind))
    recipient_name: str = Field(min_length=1, max_length=300)
    secretariat_id: int | None = Field(None, ge=1, le=2**31 - 1, description="a body working in the province")
    recorded_on: dt.date | None = Field(None, description="the date the body made the proposal (ISO, CE)")


class GovernorSendIn(InputSchema):
    sent_on: dt.date = Field(description="ISO date (CE)")
    secretariat_id: int | None = Field(None, ge=1, le=2**31 - 1, description="blank: the one named at recording")
    reply_due_on: dt.date | None = None


class GovernorReplyIn(InputSchema):
    replied_on: dt.date
    outcome: str = Field(pattern=choice_pattern(ReplyOutcome))
    text: str = Field("", max_length=20_000)


class GovernorIncludeIn(InputSchema):
    included_on: dt.date
    item_id: int | None = Field(None, ge=1, le=2**31 - 1, description="the provincial or agency plan item")
    text: str = Field("", max_length=500, description="or the plan and item outside the system")


def _detail(request: HttpRequest, proposal: GovernorProposal) -> GovernorProposal:
    proposal.api_can_write = selectors.can_write(request.user, proposal)  # type: ignore[attr-defined]
    return proposal


def _secretariat(province: Area, secretariat_id: int | None) -> Body | None:
    if secretariat_id is None:
        return None
    body = selectors.secretariat_bodies(province).filter(pk=secretariat_id).first()
    if body is None:
        raise missing("ไม่พบองค์กรนี้ในจังหวัด", "No active body of the province has this id")
    return body


def _writable(request: HttpRequest, proposal_id: int) -> GovernorProposal:
    proposal = selectors.proposal_get(request.user, proposal_id)
    if not selectors.can_write(request.user, proposal):  # as the pages: no form offered, then refused
        raise PermissionDenied(
            bilingual(
                "คุณไม่มีสิทธิ์บันทึกข้อเสนอนี้ (ผู้บันทึกคือฝ่ายที่เสนอหรือเลขาการติดตามงาน)",
                "You may not write this proposal (the proposing side or the follow-up secretariat writes it)",
            )
        )
    return proposal


@router.get("", response={200: list[GovernorProposalOut], **LIST_ERRORS}, summary="Proposals to the governor / ข้อเสนอ")
@paginate(BoundedPagination)
def governor_list(request: HttpRequest, filters: Query[GovernorQuery]) -> Any:
    if nothing_matches(filters.province, filters.area_code):
        return []
    province = Area.objects.filter(level="province", code=filters.province).first() if filters.province else None
    if filters.province and province is None:
        return []
    qs = selectors.register(
        request.user,
        province=province,
        status=filters.status,
        recipient=filters.recipient,
        year_be=filters.year,
        today=timezone.localdate(),
    )
    return qs.filter(area__code__startswith=filters.area_code.strip()) if filters.area_code.strip() else qs


@router.get("/{proposal_id}", response={200: GovernorProposalDetailOut, **READ_ERRORS}, summary="One proposal / ข้อเสนอ")
def governor_detail(request: HttpRequest, proposal_id: PathId) -> Any:
    return _detail(request, selectors.proposal_get(request.user, proposal_id))


@router.post("", response={201: GovernorProposalDetailOut, **WRITE_ERRORS}, summary="Record a proposal / บันทึกข้อเสนอ")
def governor_create(request: HttpRequest, payload: GovernorProposalCreate) -> Any:
    body = next((b for b in selectors.proposing_bodies(request.user) if b.pk == payload.proposing_body_id), None)
    if body is None:
        raise PermissionDenied(
            bilingual("คุณไม่มีสิทธิ์บันทึกข้อเสนอขององค์กรนี้", "You may not record proposals of this body (or it does not exist)")
        )
    assert body.area is not None  # proposing_bodies are area-scoped
    wanted = set(payload.item_ids)
    items = list(selectors.items_for(body).filter(pk__in=wanted))
    if len(items) != len(wanted):
        raise missing("ไม่พบรายการในแผนบางรายการในพื้นที่ขององค์กร", "Some plan items are not in the body's area")
    province = Area.objects.get(code=body.area.code[:2])
    proposal = services.proposal_create(
        actor=acting_user(request),
        proposing_body=body,
        title=payload.title,
        summary=payload.summary,
        items=items,
        recipient_kind=payload.recipient_kind,
        recipient_name=payload.recipient_name,
        secretariat=_secretariat(province, payload.secretariat_id),
        recorded_on=payload.recorded_on,
    )
    return Status(201, _detail(request, selectors.proposal_get(request.user, proposal.pk)))


@router.post(
    "/{proposal_id}/send",
    response={200: GovernorProposalDetailOut, **WRITE_ERRORS},
    summary="Record the sending / บันทึกการส่ง",
)
def governor_send(request: HttpRequest, proposal_id: PathId, payload: GovernorSendIn) -> Any:
    proposal = _writable(request, proposal_id)
    services.proposal_send(
        actor=acting_user(request),
        proposal=proposal,
        sent_on=payload.sent_on,
        secretariat=_secretariat(proposal.province, payload.secretariat_id),
        reply_due_on=payload.reply_due_on,
    )
    return _detail(request, selectors.proposal_get(request.user, proposal_id))


@router.post(
    "/{proposal_id}/reply",
    response={200: GovernorProposalDetailOut, **WRITE_ERRORS},
    summary="Record the reply / บันทึกคำตอบ",
)
def governor_reply(request: HttpRequest, proposal_id: PathId, payload: GovernorReplyIn) -> Any:
    proposal = _writable(request, proposal_id)
    services.proposal_reply(
        actor=acting_user(request),
        proposal=proposal,
        replied_on=payload.replied_on,
        outcome=payload.outcome,
        text=payload.text,
    )
    return _detail(request, selectors.proposal_get(request.user, proposal_id))


@router.post(
    "/{proposal_id}/include",
    response={200: GovernorProposalDetailOut, **WRITE_ERRORS},
    summary="Record the inclusion in a plan / บันทึกการบรรจุในแผน",
)
def governor_include(request: HttpRequest, proposal_id: PathId, payload: GovernorIncludeIn) -> Any:
    proposal = _writable(request, proposal_id)
    item = None
    if payload.item_id is not None:
        item = selectors.including_items(request.user, proposal).filter(pk=payload.item_id).first()
        if item is None:
            raise missing(
                "ไม่พบรายการนี้ในแผนของจังหวัดหรือหน่วยงาน", "No provincial or agency plan item I may see has this id"
            )
    services.proposal_include(
        actor=acting_user(request), proposal=proposal, included_on=payload.included_on, item=item, text=payload.text
    )
    return _detail(request, selectors.proposal_get(request.user, proposal_id))
