"""Background jobs (thin views: permission check in the service, selector, template)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from chumchon.core import access, jobs
from chumchon.core.access import Action
from chumchon.core.models import JobStatus


def _may_see_details(user: access.Viewer) -> bool:
    """Tracebacks are for national administrators; everyone else sees the readable message."""
    return access.can(user, Action.AREA_EDIT, "") or bool(getattr(user, "is_superuser", False))


@login_required
def job_list(request: HttpRequest) -> HttpResponse:
    qs = jobs.jobs_visible_to(request.user)
    # The worklist links here with ?status=failed (and &mine=1: the user's own jobs).
    status = request.GET.get("status", "")
    if status in JobStatus.values:
        qs = qs.filter(status=status)
    mine = request.GET.get("mine") == "1"
    if mine:
        qs = qs.filter(created_by_id=request.user.pk)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    for job in page.object_list:
        jobs.with_live_progress(job)
    return render(
        request,
        "core/job_list.html",
        # The reload button posts to areas:reload; areas' service checks the same right again.
        {
            "page": page,
            "status": status,
            "mine": mine,
            "filter_query": "".join(f"&{k}={v}" for k, v in (("status", status), ("mine", "1" if mine else "")) if v),
            "may_reload_areas": access.can(request.user, Action.AREA_EDIT, ""),
        },
    )


@login_required
def job_detail(request: HttpRequest, job_id: int) -> HttpResponse:
    job = jobs.job_get_for_user(job_id=job_id, user=request.user)
    template = "core/_job_progress.html" if getattr(request, "htmx", False) else "core/job_detail.html"
    return render(request, template, {"job": job, "show_details": _may_see_details(request.user)})
