"""/api/reports — generated reports (รายงาน): list, request one (a queued job), follow the job, download.

The same rules as the report pages: internal reports in the caller's AREA_VIEW scope (project
documents also need the project), public versions for every caller; a request goes through
``reports.services.report_request`` (REPORT_GENERATE, checked there: 403; a wrong kind or level: 400).

No ``from __future__ import annotations`` here: django-ninja reads the real annotations.
"""

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from chumchon.accounts import permissions
from chumchon.accounts.http import acting_user
from chumchon.accounts.permissions import Action
from chumchon.api.lookups import area_from_body, clean_text, missing
from chumchon.api.schemas import AREA_CODE, LIST_ERRORS, READ_ERRORS, WRITE_ERRORS, BoundedPagination, InputSchema
from chumchon.core.jobs import job_get_for_user
from chumchon.core.models import Job
from chumchon.projects.models import Project
from chumchon.reports import selectors as report_selectors
from chumchon.reports.models import GeneratedReport, ReportKind
from chumchon.reports.services import report_request

router = Router(tags=["reports"])


class ReportOut(Schema):
    id: int
    kind: str
    title: str
    area_code: str
    fiscal_year: int | None = Field(None, description="Buddhist Era")
    project: int | None = None
    is_public: bool
    data_as_of: dt.datetime
    data_note: str
    pages: int
    created_at: dt.datetime
    pdf_url: str
    html_url: str

    @staticmethod
    def resolve_area_code(obj: GeneratedReport) -> str:
        return obj.area.code

    @staticmethod
    def resolve_project(obj: GeneratedReport) -> int | None:
        return obj.project_id

    @staticmethod
    def resolve_pdf_url(obj: GeneratedReport) -> str:
        return f"/api/reports/{obj.pk}/pdf"

    @staticmethod
    def resolve_html_url(obj: GeneratedReport) -> str:
        return f"/api/reports/{obj.pk}/html"


class ReportQuery(Schema):
    area_code: str = Field(
        "", max_length=8, pattern=AREA_CODE, description="reports of this area and the areas inside it"
    )
    fiscal_year: int | None = Field(None, ge=2400, le=2800, description="Buddhist Era")
    kind: str = Field("", max_length=16)


class ReportRequestIn(InputSchema):
    kind: ReportKind
    area_code: str = Field("", max_length=8, pattern=AREA_CODE, description="the area (not needed with project)")
    project: int | None = Field(None, ge=1, le=2**63 - 1, description="project number, for project documents")
    fiscal_year: int | None = Field(None, ge=2400, le=2800, description="Buddhist Era")
    public: bool = False


class JobOut(Schema):
    id: int
    kind: str
    status: str
    done: int
    total: int
    message: str
    result: dict[str, Any]
    error: str
    created_at: dt.datetime
    finished_at: dt.datetime | None = None
    report: int | None = Field(None, description="the report made, once the job has finished")

    @staticmethod
    def resolve_report(obj: Job) -> int | None:
        value = obj.result.get("report_id") if isinstance(obj.result, dict) else None
        return value if isinstance(value, int) else None


@router.get("", response={200: list[ReportOut], **LIST_ERRORS}, summary="Reports I may open / รายงาน")
@paginate(BoundedPagination)
def report_list(request: HttpRequest, filters: Query[ReportQuery]) -> Any:
    if "\x00" in filters.area_code + filters.kind:
        return GeneratedReport.objects.none()
    qs = report_selectors.reports_for(request.user, clean_text(filters.area_code))
    if filters.fiscal_year is not None:
        qs = qs.filter(fiscal_year=filters.fiscal_year)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    return qs.order_by("-created_at", "-pk")


@router.get("/jobs/{job_id}", response={200: JobOut, **READ_ERRORS}, summary="A report's job / งานจัดทำรายงาน")
def job_detail(request: HttpRequest, job_id: int) -> Any:
    """Progress of a requested report; ``report`` names it once done."""
    if not 0 < job_id < 2**63:
        return 404, {"detail": "ไม่พบข้อมูล / Not found"}
    return job_get_for_user(job_id=job_id, user=request.user)


@router.get("/{report_id}", response={200: ReportOut, **READ_ERRORS}, summary="One report / รายงาน")
def report_detail(request: HttpRequest, report_id: int) -> Any:
    return report_selectors.report_get(request.user, report_id)


_PDF = {
    "description": "The report as PDF",
    "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
}
_HTML = {"description": "The report as HTML", "content": {"text/html": {"schema": {"type": "string"}}}}


@router.get(
    "/{report_id}/pdf",
    response=READ_ERRORS,
    summary="Download the PDF / ดาวน์โหลด PDF",
    openapi_extra={"responses": {"200": _PDF}},
)
def report_pdf(request: HttpRequest, report_id: int) -> Any:
    report = report_selectors.report_get(request.user, report_id)
    name = f"{report.kind}-{report.area.code}-{report.data_as_of:%Y%m%d}.pdf"
    return FileResponse(report.pdf.open("rb"), content_type="application/pdf", filename=name)


@router.get(
    "/{report_id}/html",
    response=READ_ERRORS,
    summary="The report as HTML / รายงานแบบ HTML",
    openapi_extra={"responses": {"200": _HTML}},
)
def report_html(request: HttpRequest, report_id: int) -> Any:
    report = report_selectors.report_get(request.user, report_id)
    return FileResponse(report.html.open("rb"), content_type="text/html; charset=utf-8")


@router.post("", response={202: JobOut, **WRITE_ERRORS}, summary="Request a report / สั่งจัดทำรายงาน")
def report_post(request: HttpRequest, payload: ReportRequestIn) -> Any:
    """Queues the job (as the reports page does); follow it at ``/api/reports/jobs/{id}``."""
    user = acting_user(request)
    project = None
    if payload.project is not None:
        project = Project.objects.select_related("area").filter(pk=payload.project).first()
        if project is None:
            raise missing("project", "ไม่พบโครงการ", "Project not found")
        permissions.require_read(user, Action.PROJECT_VIEW, project)
        area = project.area
    elif payload.area_code.strip():
        area = area_from_body(payload.area_code)
        permissions.require_read(user, Action.AREA_VIEW, area)
    else:
        raise ValidationError({"area_code": ["ต้องระบุพื้นที่หรือโครงการ / Give the area or the project"]})
    job = report_request(
        kind=payload.kind,
        area=area,
        fiscal_year=payload.fiscal_year,
        public=payload.public,
        project=project,
        actor=user,
    )
    return Status(202, job)
