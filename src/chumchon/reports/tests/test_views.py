"""Report pages: scoped lists, the make-a-report button only for those who may, the job, downloads,
public versions open to anybody, schedules queue jobs when due."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client

from chumchon.areas.models import Area
from chumchon.core.jobs import run_queued_jobs
from chumchon.core.models import Job, JobStatus
from chumchon.portal.tests import world as w
from chumchon.reports.models import GeneratedReport, ReportKind, ReportSchedule
from chumchon.reports.services import report_generate, report_request, schedule_create, schedules_run_due


@pytest.fixture
def world(db: None, settings: Any, tmp_path: Path) -> w.World:
    settings.MEDIA_ROOT = tmp_path / "media"
    return w.build()


def _client(user: Any) -> Client:
    c = Client(HTTP_ACCEPT_LANGUAGE="th")
    c.force_login(user)
    return c


def test_list_is_scoped_and_generate_offered_only_to_who_may(world: w.World, make_user: Any) -> None:
    cdd = make_user("cdd_provincial_officer", area="24")
    member = make_user("tambon_council_member", area="240104")
    outsider = make_user("cdd_provincial_officer", area="10")
    report = report_generate(kind=ReportKind.PROVINCIAL, area=Area.objects.get(code="24"), actor=cdd)
    page = _client(cdd).get("/reports/?area=24")
    assert page.status_code == 200
    body = page.content.decode()
    assert 'action="/reports/generate/"' in body and f"/reports/{report.pk}/report.pdf" in body
    # A tambon member sees the tambon's reports but may not make one, and the province's report is not theirs.
    page = _client(member).get("/reports/?area=240104")
    assert page.status_code == 200 and "/reports/generate/" not in page.content.decode()
    assert _client(member).get(f"/reports/{report.pk}/report.pdf").status_code == 404
    # Outside the area: 404 for the list and the files.
    assert _client(outsider).get("/reports/?area=24").status_code == 404
    assert _client(outsider).get(f"/reports/{report.pk}/").status_code == 404
    # Inside: the PDF and the HTML view.
    pdf = _client(cdd).get(f"/reports/{report.pk}/report.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
    html = _client(cdd).get(f"/reports/{report.pk}/")
    assert html.status_code == 200 and "รายงานการพัฒนาจังหวัดของภาคประชาชน" in html.content.decode()
    # Who may not generate is refused by the service too.
    with pytest.raises(PermissionDenied):
        report_request(kind=ReportKind.PROVINCIAL, area=Area.objects.get(code="24"), actor=member)


@pytest.mark.django_db(transaction=True)
def test_generate_button_queues_a_job_that_stores_the_report(
    areas_loaded: None, make_user: Any, settings: Any, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    w.build()
    cdd = make_user("cdd_provincial_officer", area="24")
    response = _client(cdd).post("/reports/generate/", {"kind": "provincial", "area": "24", "public": "1"})
    assert response.status_code == 302
    job = Job.objects.get(kind="reports.generate")
    assert response["Location"] == f"/jobs/{job.pk}/"
    run_queued_jobs(max_tasks=1)
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED, job.error
    report = GeneratedReport.objects.get(pk=job.result["report_id"])
    assert report.is_public and report.created_by == cdd and report.pages >= 1
    job_page = _client(cdd).get(f"/jobs/{job.pk}/").content.decode()
    assert f'href="/reports/{report.pk}/" id="job-result-link"' in job_page
    # A public version opens without signing in.
    assert Client().get(f"/reports/{report.pk}/report.pdf").status_code == 200


def test_schedules_queue_jobs_when_due(world: w.World, make_user: Any) -> None:
    cdd = make_user("cdd_provincial_officer", area="24")
    today = dt.date(2026, 12, 6)
    schedule = schedule_create(
        kind=ReportKind.PROVINCIAL,
        area=Area.objects.get(code="24"),
        public=True,
        every_days=30,
        first_run_on=today,
        actor=cdd,
    )
    assert schedules_run_due(today=today - dt.timedelta(days=1)) == []
    jobs = schedules_run_due(today=today)
    assert len(jobs) == 1 and jobs[0].params["schedule_id"] == schedule.pk
    schedule.refresh_from_db()
    assert schedule.next_run_on == today + dt.timedelta(days=30)
    assert ReportSchedule.objects.count() == 1


def test_the_area_is_chosen_by_name_and_narrowed_by_links(world: w.World, make_user: Any) -> None:
    cdd = make_user("cdd_provincial_officer", area="24")
    client = _client(cdd)
    # Without an area: the user's own areas to start from, no code to type.
    start = client.get("/reports/").content.decode()
    assert 'href="?area=24"' in start
    assert not re.search(r'<input[^>]*name="area"[^>]*inputmode="numeric"', start)
    # A name (as an address) finds the district; its tambons are offered as links.
    page = client.get("/reports/", {"area": "อ.เมืองฉะเชิงเทรา จ.ฉะเชิงเทรา"})
    body = page.content.decode()
    assert page.status_code == 200 and 'name="area" value="อ.เมืองฉะเชิงเทรา จ.ฉะเชิงเทรา"' in body
    assert 'href="?area=240104"' in body and 'href="?area=24"' in body  # a tambon below, the province above
    assert 'value="2401"' in body  # the generate form carries the chosen district
    # A name nobody has is refused in words, and nothing is shown for it.
    missing = client.get("/reports/", {"area": "ไม่มีตำบลนี้"}).content.decode()
    assert 'role="alert"' in missing and 'value="2401"' not in missing
