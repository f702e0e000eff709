"""/api/assessment — the self-managing-province assessment (การประเมินจังหวัดจัดการตนเอง): a province's
assessment per fiscal year and track, its criteria scores and evidence, and its steps (submit, the
cluster's review, return, certification).

The same rules as the assessment pages: assessments in the caller's ASSESSMENT_VIEW scope (others:
404); every write through assessment.services, which checks ASSESSMENT_EDIT, the reviewing body
(assessment.rules, meetings.authority) or ASSESSMENT_SELECT (403) and the assessment's state (400).

No ``from __future__ import annotations`` here: django-ninja reads the real annotations.
"""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Field, File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from chumchon.accounts.http import acting_user
from chumchon.api._files import FILE_RESPONSE, file_required, serve
from chumchon.api._writes import PathId
from chumchon.api.lookups import area_from_body, clean_text, missing
from chumchon.api.schemas import (
    AREA_CODE,
    LIST_ERRORS,
    READ_ERRORS,
    WRITE_ERRORS,
    BoundedPagination,
    FormInput,
    InputSchema,
)
from chumchon.assessment import selectors, services
from chumchon.assessment.models import Assessment, CriterionScore, Evidence, EvidenceKind, Track
from chumchon.meetings.models import Resolution

router = Router(tags=["assessment"])


class EvidenceOut(Schema):
    id: int
    kind: str
    title: str
    object_id: int | None = None
    url: str
    has_document: bool

    @staticmethod
    def resolve_has_document(obj: Evidence) -> bool:
        return bool(obj.document)


class ScoreOut(Schema):
    id: int
    criterion: int = Field(description="the criterion's number (1–10)")
    title_th: str
    title_en: str
    level: int | None = None
    note: str
    proposed_level: int | None = None
    proposed_reasons: list[Any]
    reviewed_level: int | None = None
    review_note: str
    evidence: list[EvidenceOut]

    @staticmethod
    def resolve_criterion(obj: CriterionScore) -> int:
        return obj.criterion.number

    @staticmethod
    def resolve_title_th(obj: CriterionScore) -> str:
        return obj.criterion.title_th

    @staticmethod
    def resolve_title_en(obj: CriterionScore) -> str:
        return obj.criterion.title_en

    @staticmethod
    def resolve_evidence(obj: CriterionScore) -> list[Evidence]:
        return sorted(obj.evidence.all(), key=lambda e: e.pk)


class AssessmentOut(Schema):
    id: int
    province: str
    fiscal_year: int = Field(description="Buddhist Era")
    track: str
    status: str
    summary: str
    readiness: Decimal | None = None
    submitted_at: dt.datetime | None = None
    reviewed_at: dt.datetime | None = None
    review_note: str

    @staticmethod
    def resolve_province(obj: Assessment) -> str:
        return obj.province.code


class AssessmentDetailOut(AssessmentOut):
    scores: list[ScoreOut]

    @staticmethod
    def resolve_scores(obj: Assessment) -> list[CriterionScore]:
        return list(obj.scores.select_related("criterion").prefetch_related("evidence").order_by("criterion__number"))


class AssessmentQuery(Schema):
    area_code: str = Field("", max_length=8, pattern=AREA_CODE, description="the province (or a prefix of its code)")
    fiscal_year: int | None = Field(None, ge=2400, le=2800, description="Buddhist Era")
    track: str = Field("", max_length=16)


class OpenIn(InputSchema):
    province: str = Field(max_length=8, pattern=AREA_CODE, description="province code")
    fiscal_year: int = Field(ge=2500, le=2700)
    track: Track = Track.SELF_MANAGING


class ScoreIn(InputSchema):
    level: int | None = Field(None, ge=0, le=4)
    note: str = Field("", max_length=10_000)


class EvidenceIn(InputSchema):
    kind: EvidenceKind = Field(description="a record of the system (plan, project, …) or link")
    title: str = Field("", max_length=300)
    object_id: int | None = Field(None, ge=1, le=2**63 - 1, description="the record's id")
    url: str = Field("", max_length=200)


class SubmitIn(InputSchema):
    summary: str = Field("", max_length=10_000)


class ReviewIn(InputSchema):
    levels: dict[str, int] = Field(default_factory=dict, description="criterion number → level 0–4")
    notes: dict[str, str] = Field(default_factory=dict, description="criterion number → the reviewer's note")
    note: str = Field("", max_length=10_000)


class ReturnIn(InputSchema):
    note: str = Field(min_length=1, max_length=10_000)


class CertifyIn(InputSchema):
    resolution: int = Field(ge=1, le=2**63 - 1, description="id of the committee's resolution")
    fiscal_year: int = Field(ge=2500, le=2700)


def _get(request: HttpRequest, assessment_id: int) -> Assessment:
    return selectors.assessment_get(request.user, assessment_id)


@router.get("", response={200: list[AssessmentOut], **LIST_ERRORS}, summary="Assessments / การประเมิน")
@paginate(BoundedPagination)
def assessment_list(request: HttpRequest, filters: Query[AssessmentQuery]) -> Any:
    if "\x00" in filters.area_code + filters.track:
        return Assessment.objects.none()
    qs = selectors.assessments_for(request.user)
    if clean_text(filters.area_code):
        qs = qs.filter(province__code__startswith=filters.area_code.strip())
    if filters.fiscal_year is not None:
        qs = qs.filter(fiscal_year=filters.fiscal_year)
    if filters.track:
        qs = qs.filter(track=filters.track)
    return qs.order_by("-fiscal_year", "province__code", "pk")


@router.get(
    "/{assessment_id}", response={200: AssessmentDetailOut, **READ_ERRORS}, summary="One assessment / การประเมิน"
)
def assessment_detail(request: HttpRequest, assessment_id: int) -> Any:
    return _get(request, assessment_id)


@router.post("", response={201: AssessmentDetailOut, **WRITE_ERRORS}, summary="Open an assessment / เปิดการประเมิน")
def assessment_post(request: HttpRequest, payload: OpenIn) -> Any:
    province = area_from_body(payload.province, field="province")
    made = services.assessment_open(
        actor=acting_user(request), province=province, fiscal_year=payload.fiscal_year, track=payload.track
    )
    return Status(201, _get(request, made.pk))


@router.patch("/scores/{score_id}", response={200: ScoreOut, **WRITE_ERRORS}, summary="Score a criterion / ให้ระดับเกณฑ์")
def score_patch(request: HttpRequest, score_id: int, payload: ScoreIn) -> Any:
    row = selectors.score_get(request.user, score_id)
    services.score_set(score=row, actor=acting_user(request), level=payload.level, note=payload.note)
    return selectors.score_get(request.user, score_id)


@router.post(
    "/scores/{score_id}/evidence",
    response={201: ScoreOut, **WRITE_ERRORS},
    summary="Add evidence (a record or a link) / เพิ่มหลักฐาน",
)
def evidence_post(request: HttpRequest, score_id: int, payload: EvidenceIn) -> Any:
    """A record of the system or a web page; a document file is attached on the assessment's page."""
    row = selectors.score_get(request.user, score_id)
    services.evidence_add(
        score=row,
        kind=payload.kind,
        title=payload.title,
        object_id=payload.object_id,
        url=payload.url,
        actor=acting_user(request),
    )
    return Status(201, selectors.score_get(request.user, score_id))


@router.delete("/evidence/{evidence_id}", response={204: None, **WRITE_ERRORS}, summary="Remove evidence / ลบหลักฐาน")
def evidence_delete(request: HttpRequest, evidence_id: int) -> Any:
    evidence = selectors.evidence_get(request.user, evidence_id)
    services.evidence_remove(evidence=evidence, actor=acting_user(request))
    return Status(204, None)


@router.post(
    "/{assessment_id}/refresh",
    response={200: AssessmentDetailOut, **WRITE_ERRORS},
    summary="Recompute the proposed levels / คำนวณระดับที่เสนอใหม่",
)
def assessment_refresh(request: HttpRequest, assessment_id: int) -> Any:
    services.proposals_refresh(assessment=_get(request, assessment_id), actor=acting_user(request))
    return _get(request, assessment_id)


@router.post(
    "/{assessment_id}/submit",
    response={200: AssessmentDetailOut, **WRITE_ERRORS},
    summary="Send to the cluster for review / ส่งให้กลุ่มจังหวัดพิจารณา",
)
def assessment_submit(request: HttpRequest, assessment_id: int, payload: SubmitIn) -> Any:
    services.assessment_submit(
        assessment=_get(request, assessment_id), summary=payload.summary, actor=acting_user(request)
    )
    return _get(request, assessment_id)


@router.post(
    "/{assessment_id}/review",
    response={200: AssessmentDetailOut, **WRITE_ERRORS},
    summary="The cluster's review / การพิจารณาของกลุ่มจังหวัด",
)
def assessment_review(request: HttpRequest, assessment_id: int, payload: ReviewIn) -> Any:
    levels: dict[int, int] = {}
    notes: dict[int, str] = {}
    for key, value in payload.levels.items():
        if not key.isdigit() or not 1 <= int(key) <= 10 or not 0 <= value <= 4:
            raise missing("levels", "ระดับต้องเป็น 0–4 ของเกณฑ์ที่ 1–10", "Levels are 0–4 for criteria 1–10")
        levels[int(key)] = value
    for key, text in payload.notes.items():
        if not key.isdigit() or not 1 <= int(key) <= 10 or "\x00" in text:
            raise missing("notes", "บันทึกต้องระบุเกณฑ์ที่ 1–10", "Notes are for criteria 1–10")
        notes[int(key)] = text
    services.assessment_review(
        assessment=_get(request, assessment_id),
        levels=levels,
        notes=notes,
        note=payload.note,
        actor=acting_user(request),
    )
    return _get(request, assessment_id)


@router.post(
    "/{assessment_id}/return",
    response={200: AssessmentDetailOut, **WRITE_ERRORS},
    summary="Return to the province / ส่งกลับจังหวัด",
)
def assessment_return(request: HttpRequest, assessment_id: int, payload: ReturnIn) -> Any:
    services.assessment_return(assessment=_get(request, assessment_id), note=payload.note, actor=acting_user(request))
    return _get(request, assessment_id)


@router.post(
    "/{assessment_id}/certify",
    response={200: AssessmentDetailOut, **WRITE_ERRORS},
    summary="Certify as an expansion province / รับรองเป็นจังหวัดขยายผล",
)
def assessment_certify(request: HttpRequest, assessment_id: int, payload: CertifyIn) -> Any:
    assessment = _get(request, assessment_id)
    resolution = Resolution.objects.select_related("body").filter(pk=payload.resolution).first()
    if resolution is None:
        raise missing("resolution", "ไม่พบมติ", "No resolution has this id")
    services.certification_record(
        assessment=assessment, actor=acting_user(request), fiscal_year=payload.fiscal_year, resolution=resolution
    )
    return _get(request, assessment_id)


# ---------------------------------------------------------------------------------------------
# Evidence documents (multipart, through the same evidence_add: its attachment upload policy applies)


class EvidenceDocumentForm(FormInput):
    title: str = Field("", max_length=300, description="left out: the file's name")


@router.post(
    "/scores/{score_id}/evidence/document",
    response={201: ScoreOut, **WRITE_ERRORS},
    summary="Add a document as evidence (multipart) / แนบเอกสารหลักฐาน",
)
def evidence_document_post(
    request: HttpRequest,
    score_id: PathId,
    data: Form[EvidenceDocumentForm],
    document: File[UploadedFile | None] = None,
) -> Any:
    row = selectors.score_get(request.user, score_id)
    services.evidence_add(
        score=row,
        kind=EvidenceKind.DOCUMENT,
        title=data.title,
        document=file_required(document),
        actor=acting_user(request),
    )
    return Status(201, selectors.score_get(request.user, score_id))


@router.get(
    "/evidence/{evidence_id}/document",
    response=READ_ERRORS,
    summary="Download an evidence document / ดาวน์โหลดเอกสารหลักฐาน",
    openapi_extra={"responses": FILE_RESPONSE},
)
def evidence_document_file(request: HttpRequest, evidence_id: PathId) -> Any:
    return serve(selectors.evidence_get(request.user, evidence_id).document, as_attachment=True)
