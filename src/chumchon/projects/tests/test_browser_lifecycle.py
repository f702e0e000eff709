"""Issue acceptance, in a real browser: one proposal from draft to closure with the right users.

The tambon council secretary proposes and submits; the provincial working group screens; the
cluster working group approves with a resolution; CODI regional staff signs the agreement and
disburses; the secretary reports progress (final report); CODI staff closes the project.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from chumchon.budgets.models import FundBalance
from chumchon.conftest import login
from chumchon.projects.models import Project, ProjectStatus

from .conftest import World

pytestmark = pytest.mark.browser


def open_action(page: Any, project: Project, action: str) -> None:
    page.goto(f"/projects/{project.pk}/")
    page.click(f"#action-{action}")
    page.wait_for_load_state()


def submit_form(page: Any, button: str = "#transition-submit") -> None:
    page.click(button)
    page.wait_for_load_state()
    errors = page.locator("#form-errors")
    assert errors.count() == 0, errors.inner_text()


def status_of(page: Any) -> str:
    return str(page.locator("#project-status").get_attribute("data-status"))


def test_proposal_from_draft_to_closure(page: Any, transactional_db: None, world: World) -> None:
    # 1. The tambon council secretary proposes and submits.
    login(page, world.secretary.username)
    page.goto("/projects/")
    page.click("#new-project")
    page.select_option("#id_programme", str(world.programme.pk))
    page.select_option("#id_proposer", str(world.council.pk))
    page.fill("#id_area_code", "240104")
    page.fill("#id_title_th", "โครงการส่งเสริมอาชีพตำบลคลองนา")
    page.fill("#id_target_households", "40")
    submit_form(page, "#form-submit")
    project = Project.objects.get(title_th="โครงการส่งเสริมอาชีพตำบลคลองนา")
    assert status_of(page) == ProjectStatus.DRAFT
    page.fill("#line-form input[name=item]", "ค่าวัสดุอุปกรณ์")
    page.fill("#line-form input[name=amount]", "85000")
    page.click("#line-add")
    page.wait_for_load_state()
    assert "85,000.00" in page.locator("#requested-amount").inner_text()
    page.click("#action-submit")
    submit_form(page)
    assert status_of(page) == ProjectStatus.SUBMITTED
    assert page.locator("#action-screen").count() == 0  # not the secretary's step

    # 2. The provincial working group screens.
    login(page, world.screener.username)
    open_action(page, project, "screen")
    page.fill("#id_comment", "ผ่านการกลั่นกรองระดับจังหวัด")
    submit_form(page)
    assert status_of(page) == ProjectStatus.SCREENED
    assert page.locator("#action-approve").count() == 0

    # 3. The cluster working group approves with the resolution of a meeting held outside the system
    #    (its minutes attached).
    login(page, world.approver.username)
    open_action(page, project, "approve")
    page.set_input_files(
        "#id_minutes", files=[{"name": "minutes.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4 minutes"}]
    )
    page.select_option("#id_body", str(world.cluster_wg.pk))
    page.fill("#id_meeting_date", "15/03/2565")
    page.fill("#id_number", "3/2565")
    page.fill("#id_text", "อนุมัติโครงการส่งเสริมอาชีพตำบลคลองนา")
    submit_form(page)
    assert status_of(page) == ProjectStatus.APPROVED
    assert "3/2565" in page.locator("#timeline").inner_text()

    # 4. CODI regional staff signs the agreement and disburses the first tranche.
    login(page, world.staff.username)
    open_action(page, project, "sign")
    page.fill("#id_agreement_number", "สญ.24/2565-001")
    page.fill("#id_signed_on", "01/04/2565")
    submit_form(page)
    assert status_of(page) == ProjectStatus.AGREEMENT_SIGNED
    page.click("#action-disburse")
    page.wait_for_load_state()
    page.fill("#id_amount", "85000")
    submit_form(page)
    assert status_of(page) == ProjectStatus.IN_PROGRESS

    # 5. The secretary reports progress: the final report.
    login(page, world.secretary.username)
    open_action(page, project, "report")
    page.fill("#id_progress_pct", "100")
    page.fill("#id_spent_amount", "84500")
    page.fill("#id_narrative", "จัดอบรมอาชีพ 3 รุ่น ผู้เข้าร่วม 40 ครัวเรือน")
    page.check("#id_is_final")
    submit_form(page, "#form-submit")
    assert "100" in page.locator("#project-progress").inner_text()

    # 6. CODI staff closes the project.
    login(page, world.staff.username)
    open_action(page, project, "close")
    page.fill("#id_comment", "ดำเนินการครบถ้วน")
    submit_form(page)
    assert status_of(page) == ProjectStatus.CLOSED

    project.refresh_from_db()
    assert project.status == ProjectStatus.CLOSED
    assert list(project.events.values_list("action", flat=True)) == [
        "create",
        "submit",
        "screen",
        "approve",
        "sign",
        "disburse",
        "report",
        "close",
    ]
    balance = FundBalance.objects.get(programme=world.programme, province_code="24")
    assert balance.committed == Decimal("85000.00") and balance.disbursed == Decimal("85000.00")
