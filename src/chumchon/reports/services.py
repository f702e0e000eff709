"""Every write of the reports app: generate a report from the data and keep it, queue one, schedule one.

``report_generate`` reads the data once (a :class:`~chumchon.reports.document.Document` built from the
section registry), draws it as HTML and as PDF, and stores both files on a ``GeneratedReport`` with
the data date. It is what the background job ``reports.generate`` runs; pages call
``report_request``, which checks the permission and queues the job (progress on ``/jobs/<id>/``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chumchon.accounts import permissions
from chumchon.accounts.models import User
from chumchon.accounts.permissions import Action
from chumchon.areas.models import Area, AreaLevel
from chumchon.audit.services import audit_record
from chumchon.core.bilingual import bilingual
from chumchon.core.jobs import Progress, register_job, start_job
from chumchon.core.models import Job
from chumchon.core.thai import format_date_be
from chumchon.core.uploads import files_removed_on_failure
from chumchon.portal.disclosure import guard_text
from chumchon.poverty.models import SurveyRound
from chumchon.poverty.models.rounds import RoundStatus
from chumchon.projects.models import Project
from chumchon.reports.document import DocSection, Document
from chumchon.reports.error_codes import ReportErrorCode
from chumchon.reports.models import PROJECT_KINDS, PUBLIC_KINDS, GeneratedReport, ReportKind, ReportSchedule
from chumchon.reports.pdf import render_pdf
from chumchon.reports.sections import ReportContext, sections_for

JOB_KIND = "reports.generate"

AREA_LEVELS: dict[str, tuple[str, ...]] = {
    ReportKind.PROVINCIAL: (AreaLevel.PROVINCE,),
    ReportKind.AREA_KPI: (AreaLevel.PROVINCE, AreaLevel.DISTRICT, AreaLevel.SUBDISTRICT),
}


def _check(kind: str, area: Area, project: Project | None, public: bool) -> None:
    if public and kind not in PUBLIC_KINDS:
        raise ValidationError(
            bilingual("รายงานประเภทนี้ไม่มีฉบับเผยแพร่", "This kind of report has no public version"),
            code=ReportErrorCode.PUBLIC_NOT_FOR_KIND,
        )
    if kind in PROJECT_KINDS and project is None:
        raise ValidationError(
            bilingual("ต้องระบุโครงการ", "A project is required"), code=ReportErrorCode.PROJECT_REQUIRED
        )
    if kind in AREA_LEVELS and area.level not in AREA_LEVELS[kind]:
        raise ValidationError(
            bilingual(
                "รายงานนี้ทำได้เฉพาะระดับจังหวัด อำเภอ หรือตำบลตามประเภท", "This report is not made for this level of area"
            ),
            code=ReportErrorCode.AREA_LEVEL,
        )


def may_generate(user: Any, kind: str, area: Area, project: Project | None = None) -> bool:
    if not permissions.can(user, Action.REPORT_GENERATE, area):
        return False
    return project is None or permissions.can(user, Action.PROJECT_VIEW, project)


def _title(kind: str, area: Area, fiscal_year: int | None, project: Project | None) -> tuple[str, str]:
    label = str(ReportKind(kind).label)
    if project is not None:
        return label, project.title_th
    subtitle = area.name_th if translation.get_language() == "th" or not area.name_en else area.name_en
    if fiscal_year:
        subtitle += " · " + _("fiscal year %(year)s") % {"year": fiscal_year}
    return label, subtitle


def build_document(ctx: ReportContext) -> Document:
    """The report as data: every registered section of the kind, in order (reads only)."""
    title, subtitle = _title(ctx.kind, ctx.area, ctx.fiscal_year, ctx.project)
    data_as_of = timezone.now()
    rounds = list(SurveyRound.objects.filter(status=RoundStatus.READY).order_by("-year_be", "-id")[:1])
    note = _("Data as of %(date)s") % {
        "date": format_date_be(timezone.localtime(data_as_of), lang=translation.get_language() or "th")
    }
    note += " " + timezone.localtime(data_as_of).strftime("%H:%M")
    if rounds and ctx.kind in (ReportKind.PROVINCIAL,):
        note += " · " + _("survey round %(round)s") % {"round": rounds[0].name}
    note += " · " + (
        _("public version (aggregates only, small counts not published)") if ctx.public else _("internal version")
    )
    doc = Document(
        title=title,
        subtitle=subtitle,
        data_as_of=data_as_of,
        data_note=note,
        public=ctx.public,
        official=ctx.kind in (ReportKind.PROPOSAL, ReportKind.AGREEMENT),
    )
    for section in sections_for(ctx.kind):
        blocks = section.build(ctx)
        if blocks:
            doc.sections.append(DocSection(section.key, str(section.title), blocks))
    return doc


def render_html(doc: Document) -> str:
    return render_to_string("reports/document.html", {"doc": doc, "standalone": True})


def report_generate_in_transaction(
    *,
    kind: str,
    area: Area,
    fiscal_year: int | None = None,
    public: bool = False,
    project: Project | None = None,
    actor: User | None,
    schedule: ReportSchedule | None = None,
    today: dt.date | None = None,
    progress: Progress | None = None,
) -> GeneratedReport:
    """Build, draw and keep one report. ``actor`` None: a scheduled run (its schedule's owner is recorded)."""
    _check(kind, area, project, public)
    if actor is not None and not may_generate(actor, kind, area, project):
        raise PermissionDenied(bilingual("ไม่มีสิทธิ์จัดทำรายงานในพื้นที่นี้", "You may not generate reports for this area"))
    with translation.override("th"):
        ctx = ReportContext(
            kind=kind,
            area=area,
            fiscal_year=fiscal_year,
            public=public,
            user=actor,
            today=today or timezone.localdate(),
            project=project,
        )
        if progress:
            progress.set_total(3)
        doc = build_document(ctx)
        if progress:
            progress.advance(1, bilingual("อ่านข้อมูลแล้ว", "data read"))
        html = render_html(doc)
        if progress:
            progress.advance(1, bilingual("จัดทำ HTML แล้ว", "HTML drawn"))
        pdf, pages = render_pdf(doc)
        if progress:
            progress.advance(1, bilingual("จัดทำ PDF แล้ว", "PDF drawn"))
    if public:
        guard_text(doc.text())  # a public report never carries a national ID (portal's response guard)
    stamp = timezone.localtime(doc.data_as_of).strftime("%Y%m%d-%H%M%S")
    base = f"{kind}-{project.pk if project else area.code}-{'public' if public else 'internal'}-{stamp}"
    report = GeneratedReport(
        kind=kind,
        area=area,
        fiscal_year=fiscal_year,
        project=project,
        is_public=public,
        title=f"{doc.title} · {doc.subtitle}"[:300],
        data_as_of=doc.data_as_of,
        data_note=doc.data_note[:300],
        pages=pages,
        created_by=actor or (schedule.created_by if schedule else None),
        schedule=schedule,
    )
    with files_removed_on_failure():
        report.pdf.save(f"{base}.pdf", ContentFile(pdf), save=False)
        report.html.save(f"{base}.html", ContentFile(html.encode("utf-8")), save=False)
        report.save()
    audit_record(
        actor=actor, action="create", obj=report, area_code=area.code, changes={"kind": kind, "public": public}
    )
    return report


report_generate = transaction.atomic(durable=True)(report_generate_in_transaction)


@register_job(JOB_KIND, gettext_lazy("Generate a report"))
def generate_job(
    *,
    progress: Progress,
    kind: str,
    area_code: str,
    fiscal_year: int | None = None,
    public: bool = False,
    project_id: int | None = None,
    actor_id: int | None = None,
    schedule_id: int | None = None,
) -> dict[str, Any]:
    area = Area.objects.get(code=area_code)
    project = Project.objects.get(pk=project_id) if project_id else None
    actor = User.objects.get(pk=actor_id) if actor_id else None
    schedule = ReportSchedule.objects.get(pk=schedule_id) if schedule_id else None
    report = report_generate(
        kind=kind,
        area=area,
        fiscal_year=fiscal_year,
        public=public,
        project=project,
        actor=actor,
        schedule=schedule,
        progress=progress,
    )
    # ``link``: the job's page offers "Open the result" (core/_job_progress.html).
    return {"report_id": report.pk, "pages": report.pages, "link": reverse("reports:view", args=[report.pk])}


def report_request_in_transaction(
    *,
    kind: str,
    area: Area,
    fiscal_year: int | None = None,
    public: bool = False,
    project: Project | None = None,
    actor: User,
) -> Job:
    """Check now, generate in the background (the job's page shows its progress)."""
    _check(kind, area, project, public)
    if not may_generate(actor, kind, area, project):
        raise PermissionDenied(bilingual("ไม่มีสิทธิ์จัดทำรายงานในพื้นที่นี้", "You may not generate reports for this area"))
    params = {
        "kind": kind,
        "area_code": area.code,
        "fiscal_year": fiscal_year,
        "public": public,
        "project_id": project.pk if project else None,
        "actor_id": actor.pk,
    }
    return start_job(JOB_KIND, params=params, actor=actor, area_code=area.code)


def schedule_create_in_transaction(
    *, kind: str, area: Area, public: bool, every_days: int, first_run_on: dt.date, actor: User
) -> ReportSchedule:
    _check(kind, area, None, public)
    if not may_generate(actor, kind, area):
        raise PermissionDenied(bilingual("ไม่มีสิทธิ์จัดทำรายงานในพื้นที่นี้", "You may not generate reports for this area"))
    schedule = ReportSchedule.objects.create(
        kind=kind, area=area, is_public=public, every_days=every_days, next_run_on=first_run_on, created_by=actor
    )
    audit_record(actor=actor, action="create", obj=schedule, area_code=area.code, changes={"every_days": every_days})
    return schedule


def schedules_run_due_in_transaction(*, today: dt.date | None = None) -> list[Job]:
    """Queue a job for every active schedule due on or before ``today`` and move it on (``chumchon reports-due``)."""
    today = today or timezone.localdate()
    jobs = []
    for schedule in ReportSchedule.objects.select_for_update().filter(is_active=True, next_run_on__lte=today):
        params = {
            "kind": schedule.kind,
            "area_code": schedule.area.code,
            "public": schedule.is_public,
            "schedule_id": schedule.pk,
        }
        jobs.append(start_job(JOB_KIND, params=params, actor=schedule.created_by, area_code=schedule.area.code))
        while schedule.next_run_on <= today:
            schedule.next_run_on += dt.timedelta(days=schedule.every_days)
        schedule.save(update_fields=["next_run_on"])
    return jobs


report_request = transaction.atomic(durable=True)(report_request_in_transaction)

schedule_create = transaction.atomic(durable=True)(schedule_create_in_transaction)

schedules_run_due = transaction.atomic(durable=True)(schedules_run_due_in_transaction)
