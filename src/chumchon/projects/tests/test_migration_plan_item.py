"""projects 0004 turns the placeholder integer ``plan_item_id`` into a foreign key to ``plans.PlanItem``:
a value naming an item is kept; a value naming none is cleared and written on the project's timeline."""

from __future__ import annotations

import pytest

from chumchon.core.tests.migrating import back_to_latest, migrate

__all__ = ["back_to_latest"]  # the fixture, imported for pytest

BEFORE = [("projects", "0003_projectindicator_code"), ("plans", "0002_plan_local_government")]
AFTER = [("projects", "0004_plan_item_link"), ("plans", "0002_plan_local_government")]


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("back_to_latest")
def test_plan_item_values_are_kept_and_dangling_ones_noted() -> None:
    old = migrate(BEFORE).loader.project_state(BEFORE).apps
    Area = old.get_model("areas", "Area")
    Body = old.get_model("organizations", "Body")
    Programme = old.get_model("budgets", "Programme")
    Project = old.get_model("projects", "Project")
    Plan = old.get_model("plans", "Plan")
    PlanItem = old.get_model("plans", "PlanItem")
    province = Area.objects.filter(code="24").first() or Area.objects.create(
        code="24", level="province", name_th="ฉะเชิงเทรา", search_name="ฉะเชิงเทรา"
    )
    body = Body.objects.create(kind="tambon_council", name_th="สภาองค์กรชุมชน", area=province)
    plan = Plan.objects.create(
        title="แผน",
        level="province",
        kind="provincial",
        owner=body,
        area=province,
        start_year_be=2566,
        end_year_be=2570,
    )
    item = PlanItem.objects.create(plan=plan, number=1, title="รายการ")
    programme = Programme.objects.create(code="P", fiscal_year=2565, name_th="แผนงาน")
    linked = Project.objects.create(
        programme=programme, area=province, proposer=body, title_th="มีรายการ", plan_item_id=item.pk
    )
    dangling = Project.objects.create(
        programme=programme, area=province, proposer=body, title_th="ไม่มีรายการ", plan_item_id=item.pk + 1000
    )
    none = Project.objects.create(programme=programme, area=province, proposer=body, title_th="ว่าง")

    new = migrate(AFTER).loader.project_state(AFTER).apps
    Project = new.get_model("projects", "Project")
    ProjectEvent = new.get_model("projects", "ProjectEvent")
    assert Project.objects.get(pk=linked.pk).plan_item_id == item.pk
    assert Project.objects.get(pk=dangling.pk).plan_item_id is None
    assert Project.objects.get(pk=none.pk).plan_item_id is None
    note = ProjectEvent.objects.get(project_id=dangling.pk)
    assert str(item.pk + 1000) in note.comment
    assert not ProjectEvent.objects.filter(project_id=linked.pk).exists()
    migrate([("projects", "0004_plan_item_link"), ("plans", "0002_plan_local_government")])
