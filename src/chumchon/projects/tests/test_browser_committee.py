"""Issue 12 acceptance, in a real browser: a committee secretary records a meeting with its attendance
and a resolution approving a project, approves the project by picking that resolution, and the
project's timeline shows the resolution (which in turn lists the project)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from chumchon.conftest import login
from chumchon.meetings import services as meeting_services
from chumchon.meetings.models import Meeting, Resolution
from chumchon.projects.models import ProjectStatus

from .conftest import World

pytestmark = pytest.mark.browser


def test_secretary_minutes_a_meeting_whose_resolution_approves_a_project(
    page: Any, transactional_db: None, world: World, make_user: Any
) -> None:
    project = world.to_screened(world.project(title_th="โครงการเลี้ยงปลาตำบลคลองนา"))
    secretary = make_user(username="wg_secretary")
    meeting_services.membership_add(
        actor=world.staff,
        body=world.cluster_wg,
        user=secretary,
        position="secretary",
        represents="movement",
        starts_on=dt.date(2020, 10, 1),
    )
    others = [
        meeting_services.membership_add(
            actor=world.staff,
            body=world.cluster_wg,
            person_name=f"กรรมการคนที่ {i}",
            represents="agency" if i % 2 else "movement",
            starts_on=dt.date(2020, 10, 1),
        )
        for i in range(1, 5)
    ]

    login(page, "wg_secretary")
    page.goto("/meetings/")
    page.click(f"text={world.cluster_wg.name_th}")
    page.wait_for_load_state()
    assert "กรรมการคนที่ 1" in page.locator("#member-list").inner_text()
    page.fill("#id_g-held_on", "15/03/2565")
    page.fill("#id_g-place", "ศาลากลางจังหวัดฉะเชิงเทรา")
    page.fill("#id_g-agenda", "รับรองรายงานการประชุมครั้งที่แล้ว\nพิจารณาโครงการ")
    page.click("#meeting-submit")
    page.wait_for_load_state()
    meeting = Meeting.objects.get(body=world.cluster_wg)
    assert meeting.number == "1/2565"
    assert "พิจารณาโครงการ" in page.locator("#agenda").inner_text()

    # Attendance: the secretary and two of four others — 3 of 5, a quorum.
    page.check(f"#attendance input[value='{secretary.committee_memberships.get().pk}']")
    for m in others[:2]:
        page.check(f"#attendance input[value='{m.pk}']")
    page.click("#attendance-submit")
    page.wait_for_load_state()
    assert "3" in page.locator("#quorum").inner_text()
    page.fill("#id_text", "ที่ประชุมมีมติอนุมัติโครงการเลี้ยงปลาตำบลคลองนา")
    page.click("#resolution-submit")
    page.wait_for_load_state()
    resolution = Resolution.objects.get(meeting=meeting)

    # The project: approve by picking the meeting's resolution.
    page.goto(f"/projects/{project.pk}/")
    page.click("#action-approve")
    page.wait_for_load_state()
    page.select_option("#id_resolution", str(resolution.pk))
    page.click("#transition-submit")
    page.wait_for_load_state()
    assert page.locator("#form-errors").count() == 0
    assert page.locator("#project-status").get_attribute("data-status") == ProjectStatus.APPROVED
    timeline = page.locator("#timeline").inner_text()
    assert "1/2565" in timeline and "อนุมัติโครงการเลี้ยงปลา" in timeline

    # The resolution lists the project it decided.
    page.click("#approval-resolution")
    page.wait_for_load_state()
    assert "โครงการเลี้ยงปลาตำบลคลองนา" in page.locator("#decided").inner_text()
