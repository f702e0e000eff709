"""/api/meetings — committees (คณะกรรมการ), their seats, meetings, attendance, resolutions and
delegations, in the caller's scope; the writes the meetings pages make, through ``meetings.services``
(who may minute a meeting or record a resolution is theirs and ``meetings.authority``'s).

Members' names are public-office names (committee members and signatories), as on the pages. Minutes
files are uploaded on the pages (a JSON body carries no file). No ``from __future__ import
annotations`` here: django-ninja reads the real annotations.
"""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from chumchon.accounts import permissions
from chumchon.accounts.http import acting_user
from chumchon.accounts.models import User
from chumchon.accounts.permissions import Action
from chumchon.api._files import FILE_RESPONSE, file_required, serve
from chumchon.api._writes import Baht, PathId, choice_pattern, found, nothing_matches
from chumchon.api.bodies import BodyScopeOut
from chumchon.api.schemas import LIST_ERRORS, READ_ERRORS, WRITE_ERRORS, BoundedPagination, FormInput, InputSchema
from chumchon.areas.models import Area, CodiRegion, ProvincialCluster
from chumchon.core.bilingual import bilingual
from chumchon.meetings import selectors, services
from chumchon.meetings.models import (
    DelegatedPower,
    Delegation,
    Meeting,
    MeetingKind,
    Position,
    Represents,
    Resolution,
)
from chumchon.organizations.models import Body

router = Router(tags=["meetings"])

ID = Field(ge=1, le=2**31 - 1)


# ---------------------------------------------------------------------------------------------
# Output


class CommitteeOut(BodyScopeOut):
    """A committee: a body with a term, shown as the bodies' API shows it."""


class CommitteeMemberOut(Schema):
    id: int
    person_name: str
    position: str
    represents: str
    represents_text: str
    starts_on: dt.date
    ends_on: dt.date | None = None


class CommitteeDetailOut(CommitteeOut):
    on: dt.date = Field(description="the date the members are listed for")
    members: list[CommitteeMemberOut]
    can_edit: bool = Field(description="whether the caller may change seats and terms")
    can_minute: bool = Field(description="whether the caller may record meetings and resolutions")

    @staticmethod
    def resolve_on(obj: Any) -> Any:
        return obj.api_extra["on"]

    @staticmethod
    def resolve_members(obj: Any) -> Any:
        return obj.api_extra["members"]

    @staticmethod
    def resolve_can_edit(obj: Any) -> Any:
        return obj.api_extra["can_edit"]

    @staticmethod
    def resolve_can_minute(obj: Any) -> Any:
        return obj.api_extra["can_minute"]


class ResolutionOut(Schema):
    id: int
    body_id: int
    meeting_id: int | None = None
    is_external: bool
    meeting_date: dt.date
    number: str
    text: str
    has_minutes: bool

    @staticmethod
    def resolve_has_minutes(obj: Resolution) -> bool:
        return bool(obj.minutes)


class MeetingOut(Schema):
    id: int
    body_id: int
    fiscal_year: int
    sequence: int
    kind: str
    held_on: dt.date
    place: str
    online_link: str
    minutes_recorded: bool = Field(description="attendance recorded")
    has_minutes: bool

    @staticmethod
    def resolve_has_minutes(obj: Meeting) -> bool:
        return bool(obj.minutes)


class QuorumOut(Schema):
    sitting: int
    present: int
    needed: int
    recorded: bool
    met: bool


class MeetingDetailOut(MeetingOut):
    agenda: list[str]
    present: list[int] = Field(description="the seats (member ids) present")
    quorum: QuorumOut
    resolutions: list[ResolutionOut]

    @staticmethod
    def resolve_agenda(obj: Any) -> Any:
        return obj.api_extra["agenda"]

    @staticmethod
    def resolve_present(obj: Any) -> Any:
        return obj.api_extra["present"]

    @staticmethod
    def resolve_quorum(obj: Any) -> Any:
        return obj.api_extra["quorum"]

    @staticmethod
    def resolve_resolutions(obj: Any) -> Any:
        return obj.api_extra["resolutions"]


class DelegationOut(Schema):
    id: int
    resolution_id: int
    power: str
    from_body_id: int
    to_body_id: int
    scope_kind: str
    scope_code: str
    max_amount: Decimal | None = None
    fiscal_year: int | None = None
    valid_from: dt.date | None = None
    valid_until: dt.date | None = None

    @staticmethod
    def resolve_scope_code(obj: Delegation) -> str:
        if obj.scope_kind == "region" and obj.region_id:
            return obj.region.code  # type: ignore[union-attr]
        if obj.scope_kind == "cluster" and obj.cluster_id:
            return obj.cluster.code  # type: ignore[union-attr]
        return obj.area.code if obj.area_id else ""  # type: ignore[union-attr]


class TermExtensionOut(Schema):
    id: int
    resolution_id: int
    previous_end: dt.date
    new_start: dt.date
    new_end: dt.date


# ---------------------------------------------------------------------------------------------
# Input


class CommitteeQuery(Schema):
    area_code: str = Field("", max_length=8, description="committees over this area or inside it (DOPA code prefix)")
    kind: str = Field("", max_length=40)


class CommitteeDay(Schema):
    on: dt.date | None = Field(None, description="list the members sitting on this date (default today)")


class MeetingQuery(Schema):
    fiscal_year: int | None = Field(None, ge=2400, le=2700, description="B.E. fiscal year")
    area_code: str = Field("", max_length=8, description="meetings of committees over this area or inside it")


class CommitteeMemberIn(InputSchema):
    person_name: str = Field("", max_length=200, description="blank: the name of the user account")
    username: str = Field("", max_length=150, description="the member's user account, if any")
    position: str = Field(Position.MEMBER, pattern=choice_pattern(Position))
    represents: str = Field(pattern=choice_pattern(Represents))
    represents_text: str = Field("", max_length=300)
    starts_on: dt.date
    ends_on: dt.date | None = None


class MeetingIn(InputSchema):
    held_on: dt.date
    kind: str = Field(MeetingKind.ORDINARY, pattern=choice_pattern(MeetingKind))
    place: str = Field("", max_length=300)
    online_link: str = Field("", max_length=200, pattern=r"^(https?://\S+)?$")
    agenda: list[str] = Field(default_factory=list, max_length=100, description="agenda items in order")


class AttendanceIn(InputSchema):
    present: list[int] = Field(max_length=1000, description="the member ids present (of those sitting that day)")


class ResolutionTextIn(InputSchema):
    text: str = Field(min_length=1, max_length=20_000)


class TermExtensionIn(InputSchema):
    resolution_id: int = Field(ge=1, le=2**31 - 1, description="a resolution of this committee")
    new_end: dt.date


class DelegationIn(InputSchema):
    power: str = Field(pattern=choice_pattern(DelegatedPower))
    to_body_id: int = ID
    scope: str = Field(min_length=2, max_length=8, description="a CODI region (R5), a cluster (C08) or an area (24)")
    max_amount: Baht | None = None
    fiscal_year: int | None = Field(None, ge=2500, le=2700)
    valid_from: dt.date | None = None
    valid_until: dt.date | None = None


# ---------------------------------------------------------------------------------------------
# Helpers


def _in_area(qs: QuerySet[Any], prefix: str, field: str = "") -> QuerySet[Any]:
    return qs.filter(**{f"{field}area__code__startswith": prefix}) if prefix else qs


def _committee_detail(request: HttpRequest, body: Body, day: dt.date | None) -> Body:
    day = day or timezone.localdate()
    # What the detail adds to the row (read by CommitteeDetailOut through ``api_extra``).
    body.api_extra = {  # type: ignore[attr-defined]
        "on": day,
        "members": services.committee_on(body, day),
        "can_edit": permissions.can(request.user, Action.ORG_EDIT, body),
        "can_minute": services.can_minute(request.user, body),
    }
    return body


def _meeting_detail(request: HttpRequest, meeting_id: int) -> Meeting:
    m = selectors.meeting_get(request.user, meeting_id)
    q = services.quorum_of(m)
    m.api_extra = {  # type: ignore[attr-defined]
        "agenda": list(m.agenda.order_by("order").values_list("title", flat=True)),
        "present": sorted(m.attendance.filter(present=True).values_list("membership_id", flat=True)),
        "quorum": _quorum(q),
        "resolutions": list(m.resolutions.order_by("pk")),
    }
    return m


def _quorum(q: Any) -> dict[str, Any]:
    return {"sitting": q.sitting, "present": q.present, "needed": q.needed, "recorded": q.recorded, "met": q.met}


def _scope(code: str) -> dict[str, Any]:
    """A delegation's scope from one code: a CODI region (R5), a cluster (C08) or an area (24)."""
    code = code.strip().upper()
    if code.startswith("R") and (region := CodiRegion.objects.filter(code=code).first()):
        return {"scope_kind": "region", "region": region}
    if code.startswith("C") and (cluster := ProvincialCluster.objects.filter(code=code).first()):
        return {"scope_kind": "cluster", "cluster": cluster}
    if area := Area.objects.filter(code=code).first():
        return {"scope_kind": "area", "area": area}
    raise ValidationError(bilingual("ไม่พบภาค กลุ่มจังหวัด หรือพื้นที่รหัสนี้", "No CODI region, cluster or area has this code"))


# ---------------------------------------------------------------------------------------------
# Reads


@router.get("/committees", response={200: list[CommitteeOut], **LIST_ERRORS}, summary="Committees / คณะกรรมการ")
@paginate(BoundedPagination)
def committee_list(request: HttpRequest, filters: Query[CommitteeQuery]) -> Any:
    if nothing_matches(filters.area_code, filters.kind):
        return []
    qs = _in_area(selectors.committees(request.user), filters.area_code.strip())
    return qs.filter(kind=filters.kind) if filters.kind else qs


@router.get("/committees/{body_id}", response={200: CommitteeDetailOut, **READ_ERRORS}, summary="One committee")
def committee_detail(request: HttpRequest, body_id: PathId, day: Query[CommitteeDay]) -> Any:
    return _committee_detail(request, selectors.committee_get(request.user, body_id), day.on)


@router.get(
    "/committees/{body_id}/resolutions",
    response={200: list[ResolutionOut], **READ_ERRORS},
    summary="A committee's resolutions / มติ",
)
@paginate(BoundedPagination)
def committee_resolutions(request: HttpRequest, body_id: PathId) -> Any:
    body = selectors.committee_get(request.user, body_id)
    return selectors.resolutions_for_body(body).order_by("-meeting_date", "-pk")


@router.get(
    "/committees/{body_id}/delegations",
    response={200: list[DelegationOut], **READ_ERRORS},
    summary="Delegations a committee made or holds / การมอบอำนาจ",
)
def committee_delegations(request: HttpRequest, body_id: PathId) -> Any:
    return list(selectors.delegations_of(selectors.committee_get(request.user, body_id)))


@router.get("", response={200: list[MeetingOut], **LIST_ERRORS}, summary="Meetings / การประชุม")
@paginate(BoundedPagination)
def meeting_list(request: HttpRequest, filters: Query[MeetingQuery]) -> Any:
    if nothing_matches(filters.area_code):
        return []
    bodies = _in_area(selectors.committees(request.user), filters.area_code.strip())
    qs = Meeting.objects.filter(body__in=bodies.values("pk"))
    if filters.fiscal_year:
        qs = qs.filter(fiscal_year=filters.fiscal_year)
    return qs.order_by("-held_on", "-sequence", "-pk")


@router.get("/resolutions/{resolution_id}", response={200: ResolutionOut, **READ_ERRORS}, summary="One resolution")
def resolution_detail(request: HttpRequest, resolution_id: PathId) -> Any:
    return selectors.resolution_get(request.user, resolution_id)


@router.get("/{meeting_id}", response={200: MeetingDetailOut, **READ_ERRORS}, summary="One meeting / การประชุม")
def meeting_detail(request: HttpRequest, meeting_id: PathId) -> Any:
    return _meeting_detail(request, meeting_id)


# ---------------------------------------------------------------------------------------------
# Writes


@router.post(
    "/committees/{body_id}/members",
    response={201: CommitteeMemberOut, **WRITE_ERRORS},
    summary="Add a seat / เพิ่มกรรมการ",
)
def member_add(request: HttpRequest, body_id: PathId, payload: CommitteeMemberIn) -> Any:
    body = selectors.committee_get(request.user, body_id)
    user = None
    if payload.username.strip():
        user = User.objects.filter(username=payload.username.strip()).first()
        if user is None:
            raise ValidationError(bilingual("ไม่พบบัญชีผู้ใช้ชื่อนี้", "No user account with that username"))
    membership = services.membership_add(
        actor=acting_user(request),
        body=body,
        user=user,
        person_name=payload.person_name,
        position=payload.position,
        represents=payload.represents,
        represents_text=payload.represents_text,
        starts_on=payload.starts_on,
        ends_on=payload.ends_on,
    )
    return Status(201, membership)


@router.post(
    "/committees/{body_id}/meetings",
    response={201: MeetingDetailOut, **WRITE_ERRORS},
    summary="Record a meeting / บันทึกการประชุม",
)
def meeting_create(request: HttpRequest, body_id: PathId, payload: MeetingIn) -> Any:
    body = selectors.committee_get(request.user, body_id)
    meeting = services.meeting_create(
        actor=acting_user(request),
        body=body,
        held_on=payload.held_on,
        kind=payload.kind,
        place=payload.place,
        online_link=payload.online_link,
        agenda=[a for a in payload.agenda if a.strip()],
    )
    return Status(201, _meeting_detail(request, meeting.pk))


@router.post(
    "/committees/{body_id}/term-extensions",
    response={201: TermExtensionOut, **WRITE_ERRORS},
    summary="Extend the term by a resolution / ขยายวาระตามมติ",
)
def term_extend(request: HttpRequest, body_id: PathId, payload: TermExtensionIn) -> Any:
    body = selectors.committee_get(request.user, body_id)
    resolution = selectors.resolutions_for_body(body).filter(pk=payload.resolution_id).first()
    if resolution is None:
        raise ValidationError(bilingual("มติต้องเป็นของคณะนี้", "The resolution must be this committee's"))
    extension = services.term_extend(
        actor=acting_user(request), body=body, resolution=resolution, new_end=payload.new_end
    )
    return Status(201, extension)


@router.post(
    "/{meeting_id}/attendance", response={200: QuorumOut, **WRITE_ERRORS}, summary="Record attendance / บันทึกผู้เข้าประชุม"
)
def attendance_record(request: HttpRequest, meeting_id: PathId, payload: AttendanceIn) -> Any:
    meeting = selectors.meeting_get(request.user, meeting_id)
    q = services.attendance_record(actor=acting_user(request), meeting=meeting, present=payload.present)
    return _quorum(q)


@router.post(
    "/{meeting_id}/resolutions",
    response={201: ResolutionOut, **WRITE_ERRORS},
    summary="Record a resolution of the meeting / บันทึกมติที่ประชุม",
)
def resolution_at_meeting(request: HttpRequest, meeting_id: PathId, payload: ResolutionTextIn) -> Any:
    meeting = selectors.meeting_get(request.user, meeting_id)
    return Status(201, services.resolution_at_meeting(actor=acting_user(request), meeting=meeting, text=payload.text))


@router.post(
    "/resolutions/{resolution_id}/delegations",
    response={201: DelegationOut, **WRITE_ERRORS},
    summary="Record a delegation made by the resolution / บันทึกการมอบอำนาจตามมติ",
)
def delegation_create(request: HttpRequest, resolution_id: PathId, payload: DelegationIn) -> Any:
    resolution = selectors.resolution_get(request.user, resolution_id)
    if not (resolution.meeting_id or resolution.is_external):
        raise ValidationError(
            bilingual(
                "การมอบอำนาจต้องมาจากมติของการประชุมที่บันทึกไว้หรือการประชุมนอกระบบที่แนบรายงาน",
                "A delegation must come from a resolution of a recorded meeting or an external one with its minutes",
            )
        )
    to_body = found(
        selectors.committees(request.user).exclude(pk=resolution.body_id).filter(pk=payload.to_body_id).first()
    )
    if nothing_matches(payload.scope):
        raise ValidationError(bilingual("รหัสไม่ถูกต้อง", "Invalid code"))
    delegation = services.delegation_create(
        actor=acting_user(request),
        resolution=resolution,
        power=payload.power,
        to_body=to_body,
        max_amount=payload.max_amount,
        fiscal_year=payload.fiscal_year,
        valid_from=payload.valid_from,
        valid_until=payload.valid_until,
        **_scope(payload.scope),
    )
    return Status(201, selectors.delegations_of(resolution.body).get(pk=delegation.pk))


# ---------------------------------------------------------------------------------------------
# Minutes (multipart uploads through the meeting page's services; the minutes upload policy is
# core.uploads', applied there) and their downloads, to who may see the committee


class ExternalResolutionForm(FormInput):
    meeting_date: dt.date
    number: str = Field(min_length=1, max_length=32)
    text: str = Field(min_length=1, max_length=20_000)


@router.post(
    "/{meeting_id}/minutes",
    response={200: MeetingDetailOut, **WRITE_ERRORS},
    summary="Attach the minutes (multipart) / แนบรายงานการประชุม",
)
def minutes_attach(request: HttpRequest, meeting_id: PathId, minutes: File[UploadedFile | None] = None) -> Any:
    meeting = selectors.meeting_get(request.user, meeting_id)
    minutes = file_required(minutes)
    services.meeting_minutes_attach(actor=acting_user(request), meeting=meeting, minutes=minutes)
    return _meeting_detail(request, meeting_id)


@router.post(
    "/committees/{body_id}/external-resolutions",
    response={201: ResolutionOut, **WRITE_ERRORS},
    summary="Record a resolution of a meeting held outside the system, with its minutes (multipart) / "
    "บันทึกมติการประชุมนอกระบบพร้อมรายงานการประชุม",
)
def resolution_external(
    request: HttpRequest,
    body_id: PathId,
    data: Form[ExternalResolutionForm],
    minutes: File[UploadedFile | None] = None,
) -> Any:
    body = selectors.committee_get(request.user, body_id)
    minutes = file_required(minutes)
    resolution = services.resolution_external(
        actor=acting_user(request),
        body=body,
        meeting_date=data.meeting_date,
        number=data.number,
        text=data.text,
        minutes=minutes,
    )
    return Status(201, resolution)


@router.get(
    "/{meeting_id}/minutes",
    response=READ_ERRORS,
    summary="Download the minutes / ดาวน์โหลดรายงานการประชุม",
    openapi_extra={"responses": FILE_RESPONSE},
)
def meeting_minutes_file(request: HttpRequest, meeting_id: PathId) -> Any:
    return serve(selectors.meeting_get(request.user, meeting_id).minutes, as_attachment=True)


@router.get(
    "/resolutions/{resolution_id}/minutes",
    response=READ_ERRORS,
    summary="Download the minutes of a resolution's meeting / ดาวน์โหลดรายงานการประชุมของมติ",
    openapi_extra={"responses": FILE_RESPONSE},
)
def resolution_minutes_file(request: HttpRequest, resolution_id: PathId) -> Any:
    return serve(selectors.resolution_get(request.user, resolution_id).minutes, as_attachment=True)
