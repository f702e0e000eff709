"""Home page and job progress (thin views)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from chumchon.accounts import permissions
from chumchon.accounts.permissions import Action
from chumchon.core.models import Job


@login_required
def home(request: HttpRequest) -> HttpResponse:
    from chumchon.accounts.selectors import user_home_areas

    return render(request, "core/home.html", {"areas": user_home_areas(request.user)})


@login_required
def job_detail(request: HttpRequest, job_id: int) -> HttpResponse:
    job = get_object_or_404(Job, pk=job_id)
    if job.created_by_id != request.user.pk:
        permissions.require_read(request.user, Action.JOB_VIEW, job)
    template = "core/_job_progress.html" if getattr(request, "htmx", False) else "core/job_detail.html"
    return render(request, template, {"job": job})
