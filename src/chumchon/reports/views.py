"""Report pages: the list per area (scoped), making a report (queued job), the HTML view, the PDF."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from chumchon.accounts import permissions
from chumchon.accounts.http import acting_user
from chumchon.accounts.models import User
from chumchon.accounts.permissions import Action
from chumchon.accounts.selectors import user_home_areas
from chumchon.areas.forms import AreaFilterForm, prefer_areas_of
from chumchon.areas.models import Area, AreaLevel
from chumchon.areas.selectors import area_children
from chumchon.core.pagination import paginate
from chumchon.projects.models import Project
from chumchon.reports import selectors, services
from chumchon.reports.models import PUBLIC_KINDS, ReportKind


def _area_kinds(area: Area) -> list[tuple[str, str]]:
    return [(k, str(ReportKind(k).label)) for k, levels in services.AREA_LEVELS.items() if area.level in levels]


def _readable(user: User, areas: list[Area]) -> list[Area]:
    return [a for a in areas if permissions.can(user, Action.AREA_VIEW, a)]


def _area_choices(user: User, area: Area | None) -> list[Area]:
    """Where to go next: the user's own areas to start with, then the chosen area's districts or tambons."""
    if area is None:
        return user_home_areas(user)
    if area.level == AreaLevel.SUBDISTRICT:
        return []
    return _readable(user, list(area_children(area)))


@login_required
def index(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    form = AreaFilterForm(request.GET if request.GET.get("area") else None)
    prefer_areas_of(form, user)
    area: Area | None = form.cleaned_data["area"] if form.is_valid() else None
    if area is not None:
        permissions.require_read(user, Action.AREA_VIEW, area)
    qs = selectors.reports_for(user, area.code if area else "")
    if request.GET.get("recent"):
        qs = qs.filter(created_at__gte=timezone.now() - dt.timedelta(days=7), is_public=False)
    return render(
        request,
        "reports/index.html",
        {
            "area": area,
            "form": form,
            "ancestors": _readable(user, list(Area.objects.filter(code__in=area.ancestor_codes()))) if area else [],
            "choices": _area_choices(user, area),
            "page": paginate(request, qs),
            "can_generate": area is not None and permissions.can(user, Action.REPORT_GENERATE, area),
            "area_kinds": _area_kinds(area) if area else [],
            "project_kinds": [
                (k, str(ReportKind(k).label)) for k in (ReportKind.PROJECT, ReportKind.PROPOSAL, ReportKind.AGREEMENT)
            ],
            "can_generate_anywhere": permissions.can_anywhere(user, Action.REPORT_GENERATE),
        },
    )


@login_required
@require_POST
def generate(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    kind = request.POST.get("kind", "")
    if kind not in ReportKind.values:
        return HttpResponseBadRequest("ไม่รู้จักประเภทรายงาน / Unknown kind of report")
    project = None
    area: Area | None
    project_no = (request.POST.get("project") or "").strip()
    if project_no:
        if not project_no.isdigit():
            return HttpResponseBadRequest("เลขที่โครงการไม่ถูกต้อง / Not a project number")
        project = Project.objects.select_related("area").filter(pk=int(project_no)).first()
        if project is None:
            return HttpResponseBadRequest("ไม่พบโครงการ / Project not found")
        permissions.require_read(user, Action.PROJECT_VIEW, project)
        area = project.area
    else:
        area = Area.objects.filter(code=request.POST.get("area", "")).first()
        if area is None:
            return HttpResponseBadRequest("ไม่พบพื้นที่ / Area not found")
        permissions.require_read(user, Action.AREA_VIEW, area)
    fy_text = (request.POST.get("fiscal_year") or "").strip()
    if fy_text and not fy_text.isdigit():
        return HttpResponseBadRequest("ปีงบประมาณไม่ถูกต้อง / Not a fiscal year")
    public = bool(request.POST.get("public")) and kind in PUBLIC_KINDS
    try:
        job = services.report_request(
            kind=kind,
            area=area,
            fiscal_year=int(fy_text) if fy_text else None,
            public=public,
            project=project,
            actor=user,
        )
    except ValidationError as exc:
        return HttpResponseBadRequest(" ".join(exc.messages))
    except PermissionDenied:
        raise
    return redirect(reverse("core:job_detail", args=[job.pk]))


def view(request: HttpRequest, pk: int) -> HttpResponse:
    """The report as HTML (public versions open without signing in)."""
    report = selectors.report_get(request.user, pk)
    with report.html.open("rb") as f:
        return HttpResponse(f.read(), content_type="text/html; charset=utf-8")


def pdf(request: HttpRequest, pk: int) -> FileResponse:
    report = selectors.report_get(request.user, pk)
    name = f"{report.kind}-{report.area.code}-{report.data_as_of:%Y%m%d}.pdf"
    return FileResponse(report.pdf.open("rb"), content_type="application/pdf", filename=name)
