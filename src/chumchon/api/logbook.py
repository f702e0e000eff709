"""/api/logbook — the assistance Logbook (สมุดบันทึกการช่วยเหลือ): cases opened for target households
and people, their status changes and the help recorded.

Personal data. The same rules as the Logbook pages: cases in the caller's LOGBOOK_VIEW scope (others:
404); a person case's national ID masked unless PERSON_VIEW_ID; reading a case is recorded in the
audit trail as the case page records it (the list, like the Logbook page, shows names and masked IDs
only and is not recorded). Writes go through poverty.services.logbook (LOGBOOK_EDIT: 403; a transition
the case may not take: 400).

No ``from __future__ import annotations`` here: django-ninja reads the real annotations.
"""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db.models import Q
from django.http import Http404, HttpRequest
from ninja import Field, File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile

from chumchon.accounts import permissions
from chumchon.accounts.http import acting_user
from chumchon.accounts.permissions import Action
from chumchon.api._files import FILE_RESPONSE, file_required, serve
from chumchon.api._writes import PathId
from chumchon.api.lookups import clean_text, missing
from chumchon.api.schemas import (
    AREA_CODE,
    LIST_ERRORS,
    READ_ERRORS,
    WRITE_ERRORS,
    FormInput,
    InputSchema,
    Money14,
)
from chumchon.areas.models import Area, AreaLevel
from chumchon.audit.models import AuditAction
from chumchon.audit.services import audit_record
from chumchon.organizations.models import Body
from chumchon.poverty.models import AssistanceRecord, Case, CaseStatus, DimensionCode, HelpKind
from chumchon.poverty.selectors import logbook as logbook_selectors
from chumchon.poverty.selectors import results as results_selectors
from chumchon.poverty.selectors import targets as targets_selectors
from chumchon.poverty.services import logbook as logbook_services

router = Router(tags=["logbook"])

MAX_PAGE = 500


class CaseOut(Schema):
    id: int
    round: str
    area_code: str
    village_code: str
    household_ref: str = Field(description="survey household id, or A<n> for a field addition")
    person_name: str = Field(description="for a person case")
    person_id: str = Field(description="for a person case: national ID, masked unless the caller may see IDs")
    label: str
    dimension: str
    indicators: list[str]
    status: str
    status_reason: str
    next_statuses: list[str]
    opened_at: dt.datetime
    updated_at: dt.datetime


class EventOut(Schema):
    kind: str
    at: dt.datetime
    actor: str | None = None
    from_status: str
    to_status: str
    comment: str


class AssistanceOut(Schema):
    id: int
    description: str
    help_kind: str
    amount: Decimal
    agency: int | None = None
    agency_name: str
    given_on: dt.date
    follow_up_on: dt.date | None = None
    has_evidence: bool
    recorded_at: dt.datetime


class CaseDetailOut(CaseOut):
    events: list[EventOut]
    assistance: list[AssistanceOut]


class CasePage(Schema):
    count: int
    items: list[CaseOut]


class CaseQuery(Schema):
    area_code: str = Field("", max_length=8, pattern=AREA_CODE, description="cases in this area or one inside it")
    round: str = Field("", max_length=32, description="survey round code")
    status: str = Field("", max_length=24)
    dimension: str = Field("", max_length=16)
    limit: int = Field(100, ge=1, le=MAX_PAGE)
    offset: int = Field(0, ge=0, le=2**31 - 1)


class CaseOpenIn(InputSchema):
    round: str = Field(max_length=32, description="survey round code")
    area_code: str = Field(max_length=8, pattern=AREA_CODE, description="the tambon (DOPA code)")
    household: str = Field(min_length=1, max_length=64, description="the target household's ref")
    dimension: DimensionCode
    member: int | None = Field(None, ge=1, le=999, description="a person case: the member's ref in the household")
    comment: str = Field("", max_length=10_000)


class TransitionIn(InputSchema):
    to_status: CaseStatus
    comment: str = Field("", max_length=10_000)


class AssistanceIn(InputSchema):
    description: str = Field(min_length=1, max_length=10_000)
    help_kind: HelpKind
    amount: Money14 = Decimal(0)
    agency: int | None = Field(None, ge=1, le=2**63 - 1, description="id of the acting body")
    agency_name: str = Field("", max_length=300, description="or another agency, by name")
    given_on: dt.date
    follow_up_on: dt.date | None = None


def _case_rows(request: HttpRequest, cases: list[Case]) -> list[dict[str, Any]]:
    targets = logbook_selectors.case_targets(cases, viewer=request.user)  # names, masked IDs
    return [
        {
            "id": c.pk,
            "round": c.survey_round.code,
            "area_code": c.area.code,
            "village_code": c.village_code,
            "household_ref": targets[c.pk].household_ref,
            "person_name": targets[c.pk].person_name,
            "person_id": targets[c.pk].person_id,
            "label": c.label,
            "dimension": c.dimension,
            "indicators": list(c.indicators or []),
            "status": c.status,
            "status_reason": c.status_reason,
            "next_statuses": list(c.allowed_next()),
            "opened_at": c.opened_at,
            "updated_at": c.updated_at,
        }
        for c in cases
    ]


def _case_or_404(request: HttpRequest, case_id: int) -> Case:
    case = (
        Case.objects.select_related("area", "survey_round").filter(pk=case_id).first() if 0 < case_id < 2**63 else None
    )
    if case is None:
        raise Http404
    permissions.require_read(request.user, Action.LOGBOOK_VIEW, case)
    return case


def _detail(request: HttpRequest, case: Case) -> dict[str, Any]:
    # As the case page: every read of a case is recorded (personal data).
    audit_record(actor=acting_user(request), action=AuditAction.VIEW, obj=case, personal_data=True)
    row = _case_rows(request, [case])[0]
    row["events"] = [
        {
            "kind": e.kind,
            "at": e.at,
            "actor": e.actor.username if e.actor else None,
            "from_status": e.from_status,
            "to_status": e.to_status,
            "comment": e.comment,
        }
        for e in case.events.select_related("actor").order_by("at", "pk")
    ]
    row["assistance"] = [
        {
            "id": a.pk,
            "description": a.description,
            "help_kind": a.help_kind,
            "amount": a.amount,
            "agency": a.agency_id,
            "agency_name": a.agency_name,
            "given_on": a.given_on,
            "follow_up_on": a.follow_up_on,
            "has_evidence": bool(a.evidence),
            "recorded_at": a.recorded_at,
        }
        for a in case.assistance.order_by("given_on", "pk")
    ]
    return row


@router.get("/cases", response={200: CasePage, **LIST_ERRORS}, summary="Logbook cases / รายการในสมุดบันทึก")
def case_list(request: HttpRequest, filters: Query[CaseQuery]) -> Any:
    if "\x00" in filters.area_code + filters.round + filters.status + filters.dimension:
        return {"count": 0, "items": []}
    qs = logbook_selectors.cases_for(request.user, area_code=clean_text(filters.area_code))
    if filters.round:
        qs = qs.filter(survey_round__code=filters.round)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.dimension:
        qs = qs.filter(dimension=filters.dimension)
    qs = qs.order_by("-updated_at", "-pk")
    shown = list(qs[filters.offset : filters.offset + filters.limit])
    return {"count": qs.count(), "items": _case_rows(request, shown)}


@router.get("/cases/{case_id}", response={200: CaseDetailOut, **READ_ERRORS}, summary="One case / รายการในสมุดบันทึก")
def case_detail(request: HttpRequest, case_id: int) -> Any:
    return _detail(request, _case_or_404(request, case_id))


@router.post("/cases", response={201: CaseDetailOut, **WRITE_ERRORS}, summary="Open a case / เปิดรายการช่วยเหลือ")
def case_post(request: HttpRequest, payload: CaseOpenIn) -> Any:
    """As the household page: the household by its ref, a person by the member's ref (never an ID)."""
    area = Area.objects.filter(code=payload.area_code).first() if "\x00" not in payload.area_code else None
    if area is None or area.level != AreaLevel.SUBDISTRICT:
        raise Http404
    permissions.require_read(request.user, Action.PERSON_VIEW, area)
    survey_round = results_selectors.round_get(payload.round) if "\x00" not in payload.round else None
    if survey_round is None:
        raise Http404
    if payload.dimension not in DimensionCode.values:
        raise missing("dimension", "มิติไม่ถูกต้อง", "Unknown dimension")
    h = targets_selectors.target_household(
        survey_round=survey_round, tambon=area, household_id=payload.household, show_ids=False
    ) if "\x00" not in payload.household else None  # fmt: skip
    if h is None:
        raise Http404
    indicators = h.targeted.get(payload.dimension, [])
    person_id = ""
    if payload.member is not None:
        person = h.member(payload.member)
        if person is None:
            raise Http404
        if payload.dimension not in person.offered_dimensions:
            raise missing(
                "dimension", "เลือกมิตินี้ให้บุคคลนี้ไม่ได้", "This dimension cannot be chosen for a case for this person"
            )
        person_id = h.member_national_id(payload.member)
        indicators = person.targeted.get(payload.dimension, [])
    case = logbook_services.case_open(
        actor=acting_user(request),
        survey_round=survey_round,
        area=area,
        dimension=payload.dimension,
        household_id="" if h.addition else h.household_id,
        person_id=person_id,
        addition=h.addition,
        village_code=h.village_code,
        label=f"{h.house_no} ({h.village_code[-2:]})" if h.village_code else h.house_no,
        indicators=indicators,
        comment=payload.comment,
    )
    return Status(201, _detail(request, _case_or_404(request, case.pk)))


@router.post(
    "/cases/{case_id}/transition",
    response={200: CaseDetailOut, **WRITE_ERRORS},
    summary="Change a case's status / เปลี่ยนสถานะ",
)
def case_transition(request: HttpRequest, case_id: int, payload: TransitionIn) -> Any:
    case = _case_or_404(request, case_id)
    if payload.to_status not in CaseStatus.values:
        raise missing("to_status", "สถานะไม่ถูกต้อง", "Unknown status")
    logbook_services.case_transition(
        case=case, to_status=payload.to_status, actor=acting_user(request), comment=payload.comment
    )
    return _detail(request, _case_or_404(request, case_id))


def _agency(case: Case, agency_id: int) -> Body:
    """As the case page's choice: bodies serving the case's area (or above it), and national ones."""
    codes = [case.area.code[:n] for n in (2, 4, 6)]
    body = Body.objects.filter(
        Q(scope_kind="nation") | Q(scope_kind="area", area__code__in=codes) | Q(scope_kind__in=["region", "cluster"]),
        pk=agency_id,
    ).first()
    if body is None:
        raise missing("agency", "เลือกหน่วยงานที่ดูแลพื้นที่นี้", "Choose a body serving the case's area")
    return body


@router.post(
    "/cases/{case_id}/assistance",
    response={201: CaseDetailOut, **WRITE_ERRORS},
    summary="Record help given / บันทึกการช่วยเหลือ",
)
def assistance_post(request: HttpRequest, case_id: int, payload: AssistanceIn) -> Any:
    """Help given for the case (no evidence file through the API: attach it on the case page)."""
    case = _case_or_404(request, case_id)
    agency = _agency(case, payload.agency) if payload.agency is not None else None
    logbook_services.assistance_add(
        case=case,
        actor=acting_user(request),
        description=payload.description,
        help_kind=payload.help_kind,
        amount=payload.amount,
        agency=agency,
        agency_name=payload.agency_name,
        given_on=payload.given_on,
        follow_up_on=payload.follow_up_on,
        evidence=None,
    )
    return Status(201, _detail(request, _case_or_404(request, case_id)))


# ---------------------------------------------------------------------------------------------
# Evidence of help (multipart, through the same assistance_add: the evidence upload policy applies),
# and its download, recorded in the audit trail as the case page's evidence link records it


class AssistanceForm(FormInput):
    description: str = Field(min_length=1, max_length=10_000)
    help_kind: HelpKind
    amount: Money14 = Decimal(0)
    agency: int | None = Field(None, ge=1, le=2**31 - 1, description="id of the acting body")
    agency_name: str = Field("", max_length=300, description="or another agency, by name")
    given_on: dt.date
    follow_up_on: dt.date | None = None


@router.post(
    "/cases/{case_id}/assistance/with-evidence",
    response={201: CaseDetailOut, **WRITE_ERRORS},
    summary="Record help given with its evidence file (multipart) / บันทึกการช่วยเหลือพร้อมหลักฐาน",
)
def assistance_with_evidence_post(
    request: HttpRequest,
    case_id: PathId,
    data: Form[AssistanceForm],
    evidence: File[UploadedFile | None] = None,
) -> Any:
    case = _case_or_404(request, case_id)
    agency = _agency(case, data.agency) if data.agency is not None else None
    logbook_services.assistance_add(
        case=case,
        actor=acting_user(request),
        description=data.description,
        help_kind=data.help_kind,
        amount=data.amount,
        agency=agency,
        agency_name=data.agency_name,
        given_on=data.given_on,
        follow_up_on=data.follow_up_on,
        evidence=file_required(evidence),
    )
    return Status(201, _detail(request, _case_or_404(request, case_id)))


@router.get(
    "/assistance/{record_id}/evidence",
    response=READ_ERRORS,
    summary="Download the evidence of help / ดาวน์โหลดหลักฐานการช่วยเหลือ",
    openapi_extra={"responses": FILE_RESPONSE},
)
def assistance_evidence_file(request: HttpRequest, record_id: PathId) -> Any:
    record = AssistanceRecord.objects.select_related("case__area").filter(pk=record_id).first()
    if record is None:
        raise Http404
    permissions.require_read(request.user, Action.LOGBOOK_VIEW, record)
    if not record.evidence:
        raise Http404
    audit_record(actor=acting_user(request), action=AuditAction.VIEW, obj=record, personal_data=True, note="evidence")
    return serve(record.evidence)
