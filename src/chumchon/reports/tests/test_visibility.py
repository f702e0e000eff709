"""Which reports a user may open (``reports_for``): every public one, and internal ones in the user's area scope
(a project's documents also need the project in scope) — for every demo user, against that definition asked
report by report; a national reader's shortcut (no condition built) included."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from chumchon.accounts import permissions
from chumchon.accounts.models import User
from chumchon.accounts.permissions import Action
from chumchon.areas.models import Area
from chumchon.projects.models import Project
from chumchon.reports.models import PROJECT_KINDS, GeneratedReport, ReportKind
from chumchon.reports.selectors import recent_count, reports_for

pytestmark = pytest.mark.django_db


def _report(kind: str, area: Area, *, public: bool = False, project: Project | None = None) -> GeneratedReport:
    return GeneratedReport.objects.create(
        kind=kind, area=area, project=project, is_public=public, title=kind, data_as_of=timezone.now()
    )


def _may_open(user: User, report: GeneratedReport) -> bool:
    if report.is_public:
        return True
    if not permissions.can(user, Action.AREA_VIEW, report.area.code):
        return False
    return report.kind not in PROJECT_KINDS or permissions.can(user, Action.PROJECT_VIEW, report.project.area.code)


def test_reports_for_every_demo_user_is_what_each_may_open(shared_demo: Any) -> None:
    province = Area.objects.get(code="24")
    elsewhere = Area.objects.filter(level=province.level).exclude(code="24").order_by("code").first()
    assert elsewhere is not None
    here = Project.objects.filter(area__code__startswith="24").order_by("pk").first()
    there = Project.objects.exclude(area__code__startswith="24").order_by("pk").first()
    assert here is not None and there is not None
    _report(ReportKind.PROVINCIAL, province, public=True)
    _report(ReportKind.PROVINCIAL, elsewhere, public=True)
    _report(ReportKind.PROVINCIAL, province)
    _report(ReportKind.PROVINCIAL, elsewhere)
    _report(ReportKind.PROJECT, here.area, project=here)
    _report(ReportKind.PROJECT, province, project=there)  # in the area scope, its project perhaps not
    _report(ReportKind.PROPOSAL, there.area, project=there)
    reports = list(GeneratedReport.objects.select_related("area", "project__area"))
    users = sorted({u.username for u in shared_demo.shared["users"].values()})
    national = 0
    for name in users:
        user = User.objects.get(username=name)
        expected = {r.pk for r in reports if _may_open(user, r)}
        assert set(reports_for(user).values_list("pk", flat=True)) == expected, name
        assert set(reports_for(user, "24").values_list("pk", flat=True)) == {
            r.pk for r in reports if r.pk in expected and r.area.code.startswith("24")
        }, name
        week = timezone.now() - dt.timedelta(days=7)
        internal = {r.pk for r in reports if r.pk in expected and not r.is_public and r.created_at >= week}
        assert recent_count(user) == len(internal), name
        national += "" in permissions.grants_for(user).prefixes(Action.AREA_VIEW)
    assert national, "a demo user reads the whole nation"
    assert any(
        0 < len({r.pk for r in reports if _may_open(User.objects.get(username=n), r)}) < len(reports) for n in users
    ), "a demo user sees some reports, not all"
