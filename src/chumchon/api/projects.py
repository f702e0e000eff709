"""/api/projects — projects (โครงการ) in the caller's scope: the proposal and its parts, the life-cycle
transitions, progress reports; every write through ``projects.services`` (approval and disbursement ask
``meetings.authority`` there; the money moves through ``budgets`` under its row locks).

Out-of-scope reads answer 404 (as the pages), refused writes 403 with the service's reason, a status
that does not allow the change 409. No ``from __future__ import annotations`` here: django-ninja reads
the real annotations.
"""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model
from django.http import HttpRequest
from ninja import Field, File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from chumchon.accounts import permissions
from chumchon.accounts.http import acting_user
from chumchon.accounts.permissions import Action
from chumchon.api._files import FILE_RESPONSE, file_required, serve
from chumchon.api._writes import (
    Baht,
    Measure,
    MeasureById,
    PathId,
    Percent,
    PercentById,
    Weight,
    area_or_404,
    choice_pattern,
    found,
    missing,
    nothing_matches,
)
from chumchon.api.schemas import LIST_ERRORS, READ_ERRORS, WRITE_ERRORS, BoundedPagination, FormInput, InputSchema
from chumchon.core.bilingual import bilingual
from chumchon.core.uploads import UploadPurpose, UploadValidator
from chumchon.meetings import selectors as meeting_selectors
from chumchon.meetings.models import Resolution
from chumchon.organizations.models import Body
from chumchon.plans import selectors as plan_selectors
from chumchon.projects import plan_items, selectors, services
from chumchon.projects.forms import MultipleImageField
from chumchon.projects.models import (
    Activity,
    Attachment,
    BudgetLine,
    CoFunding,
    CoFundingSource,
    Project,
    ProjectIndicator,
    ProjectStatus,
    ReportPhoto,
)

router = Router(tags=["projects"])

ID = Field(ge=1, le=2**31 - 1)


# ---------------------------------------------------------------------------------------------
# Output


class ProjectOut(Schema):
    id: int
    title_th: str
    title_en: str
    status: str
    fiscal_year: int | None = Field(None, description="the programme's B.E. fiscal year")
    programme_id: int | None = None
    area_code: str
    proposer_id: int
    proposer_name: str
    parent_id: int | None = None
    plan_item_id: int | None = None
    requested_amount: Decimal
    approved_amount: Decimal | None = None
    disbursed_amount: Decimal
    spent_amount: Decimal
    progress_pct: Decimal
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None
    next_report_due: dt.date | None = None

    @staticmethod
    def resolve_fiscal_year(obj: Project) -> int | None:
        return obj.programme.fiscal_year if obj.programme_id else None  # type: ignore[union-attr]

    @staticmethod
    def resolve_area_code(obj: Project) -> str:
        return obj.area.code

    @staticmethod
    def resolve_proposer_name(obj: Project) -> str:
        return obj.proposer.name_th


class ProjectLineOut(Schema):
    id: int
    item: str
    amount: Decimal
    locked: bool


class ProjectCoFundingOut(Schema):
    id: int
    source: str
    amount: Decimal
    note: str


class ProjectIndicatorOut(Schema):
    id: int
    code: str
    name: str
    unit: str
    baseline: Decimal | None = None
    target: Decimal
    latest_value: Decimal | None = None


class ProjectActivityOut(Schema):
    id: int
    name: str
    weight: Decimal
    progress_pct: Decimal


class ProjectTrancheOut(Schema):
    number: int
    amount: Decimal
    disbursed_on: dt.date


class ProjectDetailOut(ProjectOut):
    objectives: str
    target_groups: str
    target_households: int
    approval_resolution_id: int | None = None
    rolled_up_progress_pct: Decimal = Field(description="weighted over its sub-projects, when it has any")
    budget_lines: list[ProjectLineOut]
    co_funding: list[ProjectCoFundingOut]
    indicators: list[ProjectIndicatorOut]
    activities: list[ProjectActivityOut]
    tranches: list[ProjectTrancheOut]
    transitions: list[str] = Field(description="the actions open to the caller now (submit, approve, …, report)")
    editable: bool = Field(description="whether the caller may edit the proposal and its parts now")

    @staticmethod
    def resolve_rolled_up_progress_pct(obj: Any) -> Any:
        return obj.api_extra["rolled_up_progress_pct"]

    @staticmethod
    def resolve_transitions(obj: Any) -> Any:
        return obj.api_extra["transitions"]

    @staticmethod
    def resolve_editable(obj: Any) -> Any:
        return obj.api_extra["editable"]

    @staticmethod
    def resolve_tranches(obj: Project) -> Any:
        return list(obj.tranches.order_by("number"))


class ProjectEventOut(Schema):
    at: dt.datetime
    action: str
    from_status: str
    to_status: str
    comment: str
    amount: Decimal | None = None
    resolution_id: int | None = None


class ProgressReportOut(Schema):
    id: int
    reported_on: dt.date
    period: str
    progress_pct: Decimal
    spent_amount: Decimal
    narrative: str
    indicator_values: dict[str, str]
    is_final: bool
    created_at: dt.datetime


# ---------------------------------------------------------------------------------------------
# Input


class ProjectQuery(Schema):
    fiscal_year: int | None = Field(None, ge=2400, le=2700, description="the programme's B.E. fiscal year")
    programme_id: int | None = Field(None, ge=1, le=2**31 - 1)
    status: str = Field("", pattern="^(" + "|".join(ProjectStatus.values) + ")?$")
    area_code: str = Field("", max_length=8, description="projects in this area or inside it (DOPA code prefix)")
    overdue: bool = Field(False, description="only running projects whose progress report is overdue")
    q: str = Field("", max_length=200, description="words of the title")


class ProjectProposalFields(InputSchema):
    title_en: str = Field("", max_length=300)
    objectives: str = Field("", max_length=20_000)
    target_groups: str = Field("", max_length=20_000)
    target_households: int = Field(0, ge=0, le=2_147_483_647)
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None


class ProjectCreate(ProjectProposalFields):
    programme_id: int = ID
    area_code: str = Field(min_length=2, max_length=8, description="the tambon, district or province")
    proposer_id: int = Field(ge=1, le=2**31 - 1, description="the proposing body (one the caller proposes for)")
    title_th: str = Field(min_length=1, max_length=300)
    parent_id: int | None = Field(None, ge=1, le=2**31 - 1, description="a sub-project of this project")
    weight: Weight = Field(Decimal(1), description="its weight in the parent")
    plan_item_id: int | None = Field(
        None, ge=1, le=2**31 - 1, description="made from this plan item (its budgets become the budget lines)"
    )


class ProjectPatch(InputSchema):
    title_th: str | None = Field(None, min_length=1, max_length=300)
    title_en: str | None = Field(None, max_length=300)
    objectives: str | None = Field(None, max_length=20_000)
    target_groups: str | None = Field(None, max_length=20_000)
    target_households: int | None = Field(None, ge=0, le=2_147_483_647)
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None


class ProjectLineIn(InputSchema):
    item: str = Field(min_length=1, max_length=300)
    amount: Baht


class ProjectCoFundingIn(InputSchema):
    source: str = Field(pattern=choice_pattern(CoFundingSource))
    amount: Baht
    note: str = Field("", max_length=300)


class ProjectIndicatorIn(InputSchema):
    name: str = Field(min_length=1, max_length=300)
    unit: str = Field("", max_length=64)
    baseline: Measure | None = None
    target: Measure


class ProjectActivityIn(InputSchema):
    name: str = Field(min_length=1, max_length=300)
    weight: Weight = Decimal(1)


class ProjectCommentIn(InputSchema):
    comment: str = Field("", max_length=20_000)


class ProjectReasonsIn(InputSchema):
    reasons: str = Field(min_length=1, max_length=20_000)


class ProjectDecisionIn(InputSchema):
    resolution_id: int = Field(
        ge=1,
        le=2**31 - 1,
        description="the deciding body's resolution, recorded at a meeting (/api/meetings) or external with its "
        "minutes",
    )
    approved_amount: Baht | None = Field(None, description="approve: at most the requested amount (blank: all)")
    comment: str = Field("", max_length=20_000, description="approve: a comment; reject: the reasons (required)")


class ProjectSignIn(InputSchema):
    agreement_number: str = Field(min_length=1, max_length=64)
    signed_on: dt.date | None = None
    comment: str = Field("", max_length=20_000)


class ProjectDisburseIn(InputSchema):
    amount: Baht
    disbursed_on: dt.date | None = None
    comment: str = Field("", max_length=20_000)


class ProjectCloseIn(InputSchema):
    refund_amount: Baht | None = None
    comment: str = Field("", max_length=20_000)


class ProgressReportIn(InputSchema):
    progress_pct: Percent
    spent_amount: Baht
    reported_on: dt.date | None = None
    period: str = Field("", max_length=64)
    narrative: str = Field("", max_length=20_000)
    indicator_values: MeasureById = Field(default_factory=dict, description="value by the project's indicator id")
    activity_progress: PercentById = Field(default_factory=dict, description="% done by the project's activity id")
    is_final: bool = False


# ---------------------------------------------------------------------------------------------
# Helpers


def _detail(request: HttpRequest, project_id: int) -> Project:
    project = selectors.project_get(request.user, project_id)
    # What the detail adds to the row (read by ProjectDetailOut through ``api_extra``).
    project.api_extra = {  # type: ignore[attr-defined]
        "rolled_up_progress_pct": selectors.project_progress(project),
        "transitions": selectors.available_transitions(request.user, project),
        "editable": selectors.can_edit(request.user, project),
    }
    return project


def _deciding_resolution(request: HttpRequest, resolution_id: int) -> Resolution:
    """A resolution the caller may read (404 otherwise) of a meeting recorded here or external with its
    minutes — the ones the decision page offers; whether its body has the authority is the service's."""
    resolution = meeting_selectors.resolution_get(request.user, resolution_id)
    if resolution.meeting_id is None and not resolution.is_external:
        raise ValidationError(
            bilingual(
                "มตินี้ไม่ได้มาจากการประชุมที่บันทึกไว้หรือการประชุมนอกระบบที่แนบรายงาน",
                "This resolution is neither of a recorded meeting nor external with its minutes",
            )
        )
    return resolution


def _part(project_id: int, model: type[Model], part_id: int) -> Any:
    return found(model._default_manager.filter(pk=part_id, project_id=project_id).first())


# ---------------------------------------------------------------------------------------------
# Reads


@router.get("", response={200: list[ProjectOut], **LIST_ERRORS}, summary="Projects in my scope / โครงการในพื้นที่")
@paginate(BoundedPagination)
def project_list(request: HttpRequest, filters: Query[ProjectQuery]) -> Any:
    if nothing_matches(filters.area_code, filters.q):
        return []
    return selectors.project_list(
        request.user,
        fiscal_year=filters.fiscal_year,
        programme_id=filters.programme_id,
        status=filters.status or None,
        area_code=filters.area_code.strip() or None,
        overdue=filters.overdue,
        text=filters.q.strip(),
    )


@router.get("/{project_id}", response={200: ProjectDetailOut, **READ_ERRORS}, summary="One project / โครงการ")
def project_detail(request: HttpRequest, project_id: PathId) -> Any:
    return _detail(request, project_id)


@router.get("/{project_id}/timeline", response={200: list[ProjectEventOut], **READ_ERRORS}, summary="History / ประวัติ")
def project_timeline(request: HttpRequest, project_id: PathId) -> Any:
    return list(selectors.project_timeline(selectors.project_get(request.user, project_id)))


@router.get(
    "/{project_id}/reports",
    response={200: list[ProgressReportOut], **READ_ERRORS},
    summary="Progress reports / รายงานความก้าวหน้า",
)
def project_reports(request: HttpRequest, project_id: PathId) -> Any:
    project = selectors.project_get(request.user, project_id)
    return list(project.progress_reports.order_by("-reported_on", "-id"))


# ---------------------------------------------------------------------------------------------
# The proposal


@router.post("", response={201: ProjectDetailOut, **WRITE_ERRORS}, summary="Propose a project / เสนอโครงการ")
def project_create(request: HttpRequest, payload: ProjectCreate) -> Any:
    if not permissions.can_anywhere(request.user, Action.PROJECT_PROPOSE):
        raise PermissionDenied(bilingual("คุณไม่มีสิทธิ์เสนอโครงการ", "You are not allowed to propose projects"))
    parent = selectors.project_get(request.user, payload.parent_id) if payload.parent_id else None
    item = plan_selectors.item_get(request.user, payload.plan_item_id) if payload.plan_item_id else None
    programme = selectors.programmes().filter(pk=payload.programme_id).first()
    if programme is None:
        raise missing("ไม่พบแผนงานนี้", "No programme has this id")
    if parent is not None and parent.programme_id != programme.pk:
        raise ValidationError(
            bilingual("โครงการย่อยต้องอยู่ในแผนงานของโครงการหลัก", "A sub-project is under its parent's programme")
        )
    proposer = (
        permissions.scoped_by_scope(Body.objects.filter(is_active=True), request.user, Action.PROJECT_PROPOSE)
        .filter(pk=payload.proposer_id)
        .first()
    )
    if proposer is None:
        raise PermissionDenied(
            bilingual(
                "คุณเสนอโครงการในนามองค์กรนี้ไม่ได้", "You may not propose projects for this body (or it does not exist)"
            )
        )
    area = area_or_404(payload.area_code.strip())
    if area is None:
        raise ValidationError(bilingual("ต้องระบุพื้นที่ของโครงการ", "The project's area is required"))
    extra: dict[str, Any] = {"parent": parent, "weight": payload.weight} if parent is not None else {}
    if item is not None:
        extra.update(plan_item=item, budget_lines=plan_items.budget_lines_from_item(item))
    project = services.project_create(
        actor=acting_user(request),
        programme=programme,
        area=area,
        proposer=proposer,
        title_th=payload.title_th,
        title_en=payload.title_en,
        objectives=payload.objectives,
        target_groups=payload.target_groups,
        target_households=payload.target_households,
        starts_on=payload.starts_on,
        ends_on=payload.ends_on,
        **extra,
    )
    return Status(201, _detail(request, project.pk))


@router.patch("/{project_id}", response={200: ProjectDetailOut, **WRITE_ERRORS}, summary="Edit the proposal")
def project_patch(request: HttpRequest, project_id: PathId, payload: ProjectPatch) -> Any:
    project = selectors.project_get(request.user, project_id)
    changes = payload.dict(exclude_unset=True)
    for required in ("title_th", "title_en", "objectives", "target_groups", "target_households"):
        if required in changes and changes[required] is None:
            del changes[required]  # null means "leave as is" for fields that cannot be empty
    services.project_update(project=project, actor=acting_user(request), **changes)
    return _detail(request, project_id)


@router.post("/{project_id}/lines", response={201: ProjectLineOut, **WRITE_ERRORS}, summary="Add a budget line")
def line_add(request: HttpRequest, project_id: PathId, payload: ProjectLineIn) -> Any:
    project = selectors.project_get(request.user, project_id)
    return Status(201, services.budget_line_add(project=project, actor=acting_user(request), **payload.dict()))


@router.delete("/{project_id}/lines/{line_id}", response={204: None, **WRITE_ERRORS}, summary="Remove a budget line")
def line_delete(request: HttpRequest, project_id: PathId, line_id: PathId) -> Any:
    selectors.project_get(request.user, project_id)
    services.budget_line_delete(line=_part(project_id, BudgetLine, line_id), actor=acting_user(request))
    return Status(204, None)


@router.post("/{project_id}/co-funding", response={201: ProjectCoFundingOut, **WRITE_ERRORS}, summary="Add co-funding")
def co_funding_add(request: HttpRequest, project_id: PathId, payload: ProjectCoFundingIn) -> Any:
    project = selectors.project_get(request.user, project_id)
    return Status(201, services.co_funding_add(project=project, actor=acting_user(request), **payload.dict()))


@router.delete(
    "/{project_id}/co-funding/{co_funding_id}", response={204: None, **WRITE_ERRORS}, summary="Remove co-funding"
)
def co_funding_delete(request: HttpRequest, project_id: PathId, co_funding_id: PathId) -> Any:
    selectors.project_get(request.user, project_id)
    services.co_funding_delete(co_funding=_part(project_id, CoFunding, co_funding_id), actor=acting_user(request))
    return Status(204, None)


@router.post(
    "/{project_id}/indicators", response={201: ProjectIndicatorOut, **WRITE_ERRORS}, summary="Add an indicator"
)
def indicator_add(request: HttpRequest, project_id: PathId, payload: ProjectIndicatorIn) -> Any:
    project = selectors.project_get(request.user, project_id)
    return Status(201, services.indicator_add(project=project, actor=acting_user(request), **payload.dict()))


@router.delete(
    "/{project_id}/indicators/{indicator_id}", response={204: None, **WRITE_ERRORS}, summary="Remove an indicator"
)
def indicator_delete(request: HttpRequest, project_id: PathId, indicator_id: PathId) -> Any:
    selectors.project_get(request.user, project_id)
    services.indicator_delete(indicator=_part(project_id, ProjectIndicator, indicator_id), actor=acting_user(request))
    return Status(204, None)


@router.post("/{project_id}/activities", response={201: ProjectActivityOut, **WRITE_ERRORS}, summary="Add an activity")
def activity_add(request: HttpRequest, project_id: PathId, payload: ProjectActivityIn) -> Any:
    project = selectors.project_get(request.user, project_id)
    return Status(201, services.activity_add(project=project, actor=acting_user(request), **payload.dict()))


@router.delete(
    "/{project_id}/activities/{activity_id}", response={204: None, **WRITE_ERRORS}, summary="Remove an activity"
)
def activity_delete(request: HttpRequest, project_id: PathId, activity_id: PathId) -> Any:
    selectors.project_get(request.user, project_id)
    services.activity_delete(activity=_part(project_id, Activity, activity_id), actor=acting_user(request))
    return Status(204, None)


# ---------------------------------------------------------------------------------------------
# Transitions


@router.post("/{project_id}/submit", response={200: ProjectDetailOut, **WRITE_ERRORS}, summary="Submit the proposal")
def project_submit(request: HttpRequest, project_id: PathId, payload: ProjectCommentIn) -> Any:
    project = selectors.project_get(request.user, project_id)
    services.project_submit(project=project, actor=acting_user(request), comment=payload.comment)
    return _detail(request, project_id)


@router.post("/{project_id}/screen", response={200: ProjectDetailOut, **WRITE_ERRORS}, summary="Screen the proposal")
def project_screen(request: HttpRequest, project_id: PathId, payload: ProjectCommentIn) -> Any:
    project = selectors.project_get(request.user, project_id)
    services.project_screen(project=project, actor=acting_user(request), comment=payload.comment)
    return _detail(request, project_id)


@router.post("/{project_id}/return", response={200: ProjectDetailOut, **WRITE_ERRORS}, summary="Return for revision")
def project_return(request: HttpRequest, project_id: PathId, payload: ProjectReasonsIn) -> Any:
    project = selectors.project_get(request.user, project_id)
    services.project_return(project=project, actor=acting_user(request), reasons=payload.reasons)
    return _detail(request, project_id)


@router.post("/{project_id}/cancel", response={200: ProjectDetailOut, **WRITE_ERRORS}, summary="Cancel the project")
def project_cancel(request: HttpRequest, project_id: PathId, payload: ProjectReasonsIn) -> Any:
    project = selectors.project_get(request.user, project_id)
    services.project_cancel(project=project, actor=acting_user(request), reasons=payload.reasons)
    return _detail(request, project_id)


@router.post(
    "/{project_id}/approve",
    response={200: ProjectDetailOut, **WRITE_ERRORS},
    summary="Approve by the resolution of the body with authority / อนุมัติตามมติ",
)
def project_approve(request: HttpRequest, project_id: PathId, payload: ProjectDecisionIn) -> Any:
    project = selectors.project_get(request.user, project_id)
    resolution = _deciding_resolution(request, payload.resolution_id)
    services.project_approve(
        project=project,
        actor=acting_user(request),
        resolution=resolution,
        approved_amount=payload.approved_amount,
        comment=payload.comment,
    )
    return _detail(request, project_id)


@router.post(
    "/{project_id}/reject",
    response={200: ProjectDetailOut, **WRITE_ERRORS},
    summary="Reject by the resolution of the body with authority / ไม่อนุมัติตามมติ",
)
def project_reject(request: HttpRequest, project_id: PathId, payload: ProjectDecisionIn) -> Any:
    project = selectors.project_get(request.user, project_id)
    resolution = _deciding_resolution(request, payload.resolution_id)
    services.project_reject(project=project, actor=acting_user(request), resolution=resolution, reasons=payload.comment)
    return _detail(request, project_id)


@router.post("/{project_id}/sign", response={200: ProjectDetailOut, **WRITE_ERRORS}, summary="Sign the agreement")
def project_sign(request: HttpRequest, project_id: PathId, payload: ProjectSignIn) -> Any:
    project = selectors.project_get(request.user, project_id)
    services.project_sign_agreement(project=project, actor=acting_user(request), **payload.dict())
    return _detail(request, project_id)


@router.post(
    "/{project_id}/disburse", response={200: ProjectDetailOut, **WRITE_ERRORS}, summary="Disburse a tranche / เบิกจ่าย"
)
def project_disburse(request: HttpRequest, project_id: PathId, payload: ProjectDisburseIn) -> Any:
    project = selectors.project_get(request.user, project_id)
    services.project_disburse(project=project, actor=acting_user(request), **payload.dict())
    return _detail(request, project_id)


@router.post("/{project_id}/close", response={200: ProjectDetailOut, **WRITE_ERRORS}, summary="Close the project")
def project_close(request: HttpRequest, project_id: PathId, payload: ProjectCloseIn) -> Any:
    project = selectors.project_get(request.user, project_id)
    services.project_close(project=project, actor=acting_user(request), **payload.dict())
    return _detail(request, project_id)


@router.post(
    "/{project_id}/reports",
    response={201: ProgressReportOut, **WRITE_ERRORS},
    summary="Report progress / รายงานความก้าวหน้า",
)
def project_report(request: HttpRequest, project_id: PathId, payload: ProgressReportIn) -> Any:
    """Photos are not taken here (a JSON body); attach them on the project's page."""
    project = selectors.project_get(request.user, project_id)
    report = services.project_report_progress(
        project=project,
        actor=acting_user(request),
        progress_pct=payload.progress_pct,
        spent_amount=payload.spent_amount,
        reported_on=payload.reported_on,
        period=payload.period,
        narrative=payload.narrative,
        indicator_values=dict(payload.indicator_values),
        activity_progress=dict(payload.activity_progress),
        is_final=payload.is_final,
    )
    return Status(201, report)


# ---------------------------------------------------------------------------------------------
# Files: attachments and report photos (multipart; the upload policy is core.uploads', checked by the
# service; a file is served only to who may read its project, as on the pages)


class ProjectAttachmentOut(Schema):
    id: int
    caption: str
    name: str
    uploaded_at: dt.datetime
    url: str

    @staticmethod
    def resolve_name(obj: Attachment) -> str:
        return obj.file.name.rsplit("/", 1)[-1]

    @staticmethod
    def resolve_url(obj: Attachment) -> str:
        return f"/api/projects/{obj.project_id}/attachments/{obj.pk}/file"


class ProjectAttachmentForm(FormInput):
    caption: str = Field("", max_length=300)


@router.get(
    "/{project_id}/attachments",
    response={200: list[ProjectAttachmentOut], **READ_ERRORS},
    summary="Attached documents / เอกสารแนบ",
)
def attachment_list(request: HttpRequest, project_id: PathId) -> Any:
    return list(selectors.project_get(request.user, project_id).attachments.all())


@router.post(
    "/{project_id}/attachments",
    response={201: ProjectAttachmentOut, **WRITE_ERRORS},
    summary="Attach a document (multipart) / แนบเอกสาร",
)
def attachment_add(
    request: HttpRequest,
    project_id: PathId,
    data: Form[ProjectAttachmentForm],
    file: File[UploadedFile | None] = None,
) -> Any:
    project = selectors.project_get(request.user, project_id)
    file = file_required(file)
    attachment = services.attachment_add(project=project, actor=acting_user(request), file=file, caption=data.caption)
    return Status(201, attachment)


@router.get(
    "/{project_id}/attachments/{attachment_id}/file",
    response=READ_ERRORS,
    summary="Download an attachment / ดาวน์โหลดเอกสารแนบ",
    openapi_extra={"responses": FILE_RESPONSE},
)
def attachment_file(request: HttpRequest, project_id: PathId, attachment_id: PathId) -> Any:
    project = selectors.project_get(request.user, project_id)
    return serve(found(Attachment.objects.filter(pk=attachment_id, project=project).first()).file)


@router.get(
    "/{project_id}/photos/{photo_id}",
    response=READ_ERRORS,
    summary="Download a report photo / ดาวน์โหลดภาพประกอบรายงาน",
    openapi_extra={"responses": FILE_RESPONSE},
)
def photo_file(request: HttpRequest, project_id: PathId, photo_id: PathId) -> Any:
    project = selectors.project_get(request.user, project_id)
    return serve(found(ReportPhoto.objects.filter(pk=photo_id, report__project=project).first()).image)


class ProgressReportForm(FormInput):
    """The scalar fields of a progress report sent as multipart form fields, beside its photos."""

    progress_pct: Percent
    spent_amount: Baht
    reported_on: dt.date | None = None
    period: str = Field("", max_length=64)
    narrative: str = Field("", max_length=20_000)
    is_final: bool = False


class ProgressPhotoOut(Schema):
    id: int
    caption: str
    url: str

    @staticmethod
    def resolve_url(obj: ReportPhoto) -> str:
        return f"/api/projects/{obj.report.project_id}/photos/{obj.pk}"


class ProgressReportWithPhotosOut(ProgressReportOut):
    photos: list[ProgressPhotoOut]

    @staticmethod
    def resolve_photos(obj: Any) -> list[Any]:
        return list(obj.photos.select_related("report"))


@router.post(
    "/{project_id}/reports/with-photos",
    response={201: ProgressReportWithPhotosOut, **WRITE_ERRORS},
    summary="Report progress with photos (multipart) / รายงานความก้าวหน้าพร้อมภาพ",
)
def project_report_with_photos(
    request: HttpRequest,
    project_id: PathId,
    data: Form[ProgressReportForm],
    photos: File[list[UploadedFile] | None] = None,
) -> Any:
    """The progress page's report with its photos (each checked by the page's own field: an image Pillow
    reads, of the photo upload policy); indicator values go through the JSON ``…/reports``."""
    project = selectors.project_get(request.user, project_id)
    try:
        checked = MultipleImageField(validators=[UploadValidator(UploadPurpose.PHOTO)]).clean(list(photos or []))
    except ValidationError as exc:
        if any(" / " in str(m) for m in exc.messages):  # the upload policy's own bilingual reason
            raise
        raise ValidationError(  # Django's image check speaks one language: say it in both
            bilingual("ไฟล์ที่ส่งมาไม่ใช่รูปภาพหรือรูปเสียหาย", "A photo is not an image or is damaged")
        ) from exc
    report = services.project_report_progress(
        project=project, actor=acting_user(request), photos=checked, **data.dict()
    )
    return Status(201, report)
