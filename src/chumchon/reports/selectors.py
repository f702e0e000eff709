"""Reads of generated reports, narrowed to what the viewer may see."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from chumchon.accounts import permissions
from chumchon.accounts.permissions import Action
from chumchon.reports.models import PROJECT_KINDS, GeneratedReport


def reports_for(user: Any, area_code: str = "") -> QuerySet[GeneratedReport]:
    """Reports the user may open: internal ones in their area scope (project documents also need the
    project in scope), and every public one."""
    qs = GeneratedReport.objects.select_related("area", "created_by", "project__area")
    grants = permissions.grants_for(user)
    if "" in grants.prefixes(Action.AREA_VIEW) and "" in grants.prefixes(Action.PROJECT_VIEW):
        # A national reader sees every report: the conditions below would each match every row (the home page's
        # worklist asks on every view, and building them costs more than the count).
        return qs.filter(area__code__startswith=area_code) if area_code else qs
    visible = permissions.scoped(qs, user, Action.AREA_VIEW, "area__code")
    projects_ok = permissions.scoped(qs, user, Action.PROJECT_VIEW, "project__area__code")
    qs = qs.filter(
        Q(is_public=True)
        | (Q(pk__in=visible.values("pk")) & (~Q(kind__in=PROJECT_KINDS) | Q(pk__in=projects_ok.values("pk"))))
    )
    if area_code:
        qs = qs.filter(area__code__startswith=area_code)
    return qs


def report_get(user: Any, pk: int) -> GeneratedReport:
    """One report; 404 when it does not exist or the viewer may not see it (public ones: anybody)."""
    report = GeneratedReport.objects.select_related("area", "project__area").filter(pk=pk).first()
    if report is None:
        raise Http404("ไม่พบรายงาน / Report not found")
    if report.is_public:
        return report
    permissions.require_read(user, Action.AREA_VIEW, report.area)
    if report.project is not None:
        permissions.require_read(user, Action.PROJECT_VIEW, report.project)
    return report


def recent_count(user: Any, days: int = 7) -> int:
    since = timezone.now() - dt.timedelta(days=days)
    return reports_for(user).filter(created_at__gte=since, is_public=False).count()
