"""Issue acceptance, in a real browser: a tambon user writes an item and proposes it upward; a
provincial user merges it into an item of the provincial plan; the tambon user finds the answer on
the worklist; the item becomes a project proposal, prefilled from the item."""

from __future__ import annotations

from typing import Any

import pytest

from chumchon.conftest import login
from chumchon.plans.models import PlanItem, PlanProposal, ProposalStatus
from chumchon.projects.models import Project

from .conftest import TAMBON, World, make_round
from .test_item_project import _programme

pytestmark = pytest.mark.browser


def _submit(page: Any, button: str = "#form-submit") -> None:
    page.click(button)
    page.wait_for_load_state()
    errors = page.locator("#form-errors")
    assert errors.count() == 0, errors.inner_text()


def test_item_proposed_merged_answer_on_the_worklist_then_a_project(
    page: Any, transactional_db: None, world: World
) -> None:
    make_round("b-2566", 2566, {TAMBON: {"any": 300, "income": 214}})
    programme = _programme()
    plan = world.council_plan()
    province = world.province_plan()
    own = world.item(province, "เศรษฐกิจฐานรากทั้งจังหวัด", actor=world.pwg)

    # 1. The tambon council secretary writes an item and proposes it to the provincial plan.
    login(page, world.secretary.username)
    page.goto(f"/plans/{plan.pk}/")
    page.click("#add-item")
    page.fill("#id_title", "ส่งเสริมอาชีพเลี้ยงไก่ไข่")
    page.fill("#id_objective", "เพิ่มรายได้ครัวเรือนเป้าหมาย")
    page.select_option("#id_dimension", "income")
    page.fill("#id_budget_2567", "50000")
    _submit(page)
    item = PlanItem.objects.get(title="ส่งเสริมอาชีพเลี้ยงไก่ไข่")
    assert "214" in page.locator("#target-households").inner_text()
    page.select_option("#id_to_plan", str(province.pk))
    page.fill("#id_note", "ขอบรรจุในแผนจังหวัด")
    page.click("#propose-submit")
    page.wait_for_load_state()
    assert PlanProposal.objects.get(item=item).status == ProposalStatus.PENDING
    assert page.locator("#item-proposals [data-row]").count() == 1

    # 2. The provincial working group finds it on the worklist and merges it into its own item.
    login(page, world.pwg.username)
    page.goto("/")
    page.click("#worklist [data-key='plans.answer'] a")
    page.wait_for_load_state()
    page.click("#proposal-list a.button")
    page.wait_for_load_state()
    page.check("#answer-form input[value=merge]")
    page.select_option("#id_into_item", str(own.pk))
    _submit(page, "#answer-submit")
    proposal = PlanProposal.objects.get(item=item)
    assert (proposal.status, proposal.covering_item_id) == (ProposalStatus.MERGED, own.pk)
    assert "เศรษฐกิจฐานรากทั้งจังหวัด" in page.locator("#covered-items").inner_text()

    # 3. The secretary sees the answer on the worklist, notes it, and makes a project from the item.
    login(page, world.secretary.username)
    page.goto("/")
    answered = page.locator("#worklist [data-key='plans.answered']")
    assert answered.count() == 1
    answered.locator("a").click()
    page.wait_for_load_state()
    assert "เศรษฐกิจฐานรากทั้งจังหวัด" in page.locator("#proposal-list").inner_text()
    page.click("#proposal-list button.note-answer")
    page.wait_for_load_state()
    page.goto("/")
    assert page.locator("#worklist [data-key='plans.answered']").count() == 0
    page.goto(f"/plans/items/{item.pk}/")
    page.click("#make-project")
    page.wait_for_load_state()
    assert page.input_value("#id_title_th") == "ส่งเสริมอาชีพเลี้ยงไก่ไข่"
    assert page.input_value("#id_target_households") == "214"
    page.select_option("#id_programme", str(programme.pk))
    page.select_option("#id_proposer", str(world.council.pk))
    _submit(page)
    project = Project.objects.get(plan_item=item)
    assert project.requested_amount == 50000
    page.goto(f"/plans/items/{item.pk}/")
    assert project.title_th in page.locator("#item-projects").inner_text()
