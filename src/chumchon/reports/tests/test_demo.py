"""The demo's report schedule, and who sees the report pages in the demo."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from chumchon.reports.models import ReportKind, ReportSchedule
from chumchon.reports.services import schedules_run_due


@pytest.mark.django_db
def test_demo_schedules_the_public_provincial_report(shared_demo: Any) -> None:
    schedule = ReportSchedule.objects.get(area__code="24", kind=ReportKind.PROVINCIAL)
    assert schedule.is_public and schedule.every_days == 30 and schedule.next_run_on == shared_demo.today
    jobs = schedules_run_due(today=shared_demo.today)
    assert [j.params["schedule_id"] for j in jobs] == [schedule.pk]


@pytest.mark.django_db
def test_demo_users_see_the_reports_menu_and_only_makers_the_button(shared_demo: Any) -> None:
    from chumchon.accounts.models import User

    maker, reader = Client(), Client()
    maker.force_login(User.objects.get(username="cdd_24"))
    reader.force_login(User.objects.get(username="member_240104"))
    page = maker.get("/reports/?area=24").content.decode()
    assert 'id="nav-reports"' in page and 'action="/reports/generate/"' in page
    page = reader.get("/reports/?area=240104").content.decode()
    assert 'id="nav-reports"' in page and 'action="/reports/generate/"' not in page


@pytest.mark.django_db
def test_provincial_report_shows_the_assessment_reviewed_only_in_public(shared_demo: Any) -> None:
    import datetime as dt

    from chumchon.areas.models import Area
    from chumchon.assessment.models import Assessment, AssessmentStatus, Track
    from chumchon.reports.sections import ReportContext
    from chumchon.reports.services import build_document

    province = Area.objects.get(code="24")
    latest = Assessment.objects.filter(province=province, track=Track.SELF_MANAGING).order_by("-fiscal_year").first()
    reviewed = (
        Assessment.objects.filter(province=province, track=Track.SELF_MANAGING, status=AssessmentStatus.REVIEWED)
        .order_by("-fiscal_year")
        .first()
    )
    assert latest is not None and reviewed is not None and latest.status != AssessmentStatus.REVIEWED

    def section_text(public: bool) -> str:
        ctx = ReportContext(ReportKind.PROVINCIAL, province, None, public, None, dt.date.today())
        doc = build_document(ctx)
        (section,) = [s for s in doc.sections if s.key == "assessment"]
        return repr(section.blocks)

    internal, public = section_text(False), section_text(True)
    assert f"'{latest.fiscal_year}'" in internal  # the province's own latest assessment, awaiting review
    assert f"'{latest.fiscal_year}'" not in public and f"'{reviewed.fiscal_year}'" in public
    assert f"{reviewed.readiness}" in public


@pytest.mark.django_db
def test_reports_show_indicators_against_targets_approved_only_in_public(shared_demo: Any) -> None:

    from chumchon.areas.models import Area
    from chumchon.indicators.selectors import indicator_values_for
    from chumchon.reports.document import Table
    from chumchon.reports.sections import ReportContext
    from chumchon.reports.services import build_document

    province = Area.objects.get(code="24")
    seen_approved = seen_unapproved = 0
    # Last year the demo approved the figures up to the province; this year's are still open.
    for year in (shared_demo.fiscal_year - 1, shared_demo.fiscal_year):
        figures = [f for f in indicator_values_for(province, year) if f.value is not None or f.target is not None]
        approved = [f.indicator.name for f in figures if f.verified]
        seen_approved += len(approved)
        seen_unapproved += len(figures) - len(approved)
        for kind in (ReportKind.PROVINCIAL, ReportKind.AREA_KPI):
            for public, expected in ((False, [f.indicator.name for f in figures]), (True, approved)):
                doc = build_document(ReportContext(kind, province, year, public, None, shared_demo.today))
                (section,) = [s for s in doc.sections if s.key == "indicators"]
                table = section.blocks[0]
                shown = [row[0] for row in table.rows] if isinstance(table, Table) else []
                assert sorted(shown) == sorted(expected), (year, kind, public)
    assert seen_approved and seen_unapproved
