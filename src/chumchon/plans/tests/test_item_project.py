"""An item becomes a project proposal (prefilled through projects' services) and the item shows the
project's status and progress (through the registry plans own and projects fill)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client

from chumchon.accounts.models import Role
from chumchon.budgets.models import ApprovalRule, Programme
from chumchon.organizations.models import BodyKind
from chumchon.plans import selectors
from chumchon.poverty.models import DimensionCode
from chumchon.projects.models import Project, ProjectStatus

from .conftest import TAMBON, World, make_round

pytestmark = pytest.mark.django_db


def _programme() -> Programme:
    programme = Programme.objects.create(
        code="ECON",
        fiscal_year=2567,
        name_th="เศรษฐกิจชุมชน",
        kind="economy",
        eligible_body_kinds=[BodyKind.TAMBON_COMMUNITY_COUNCIL],
    )
    ApprovalRule.objects.create(
        programme=programme,
        approver_body_kind=BodyKind.CLUSTER_WORKING_GROUP,
        approver_role=Role.CLUSTER_WORKING_GROUP_MEMBER,
        screening_role=Role.PROVINCIAL_WORKING_GROUP_MEMBER,
    )
    return programme


def test_an_item_becomes_a_project_and_shows_its_progress(world: World) -> None:
    make_round("t-2566", 2566, {TAMBON: {"any": 300, "income": 214}})
    programme = _programme()
    item = world.item(
        world.council_plan(),
        "ส่งเสริมอาชีพเลี้ยงไก่ไข่",
        dimension=DimensionCode.INCOME,
        target_group="ครัวเรือนยากจนเป้าหมาย",
        budgets={2567: Decimal("50000"), 2568: Decimal("30000")},
    )
    client = Client()
    client.force_login(world.secretary)
    page = client.get(f"/plans/items/{item.pk}/")
    assert page.status_code == 200
    assert f"/projects/new/?plan_item={item.pk}" in page.content.decode()
    form = client.get(f"/projects/new/?plan_item={item.pk}")
    initial = form.context["form"].initial
    assert (initial["title_th"], initial["area_code"], initial["target_households"]) == (
        "ส่งเสริมอาชีพเลี้ยงไก่ไข่",
        TAMBON,
        214,
    )
    assert initial["objectives"].startswith("เพิ่มรายได้ครัวเรือนเป้าหมาย")
    response = client.post(
        f"/projects/new/?plan_item={item.pk}",
        {
            "programme": programme.pk,
            "proposer": world.council.pk,
            "area_code": TAMBON,
            "title_th": initial["title_th"],
            "objectives": initial["objectives"],
            "target_groups": initial["target_groups"],
            "target_households": initial["target_households"],
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    project = Project.objects.get(plan_item=item)
    assert project.target_households == 214
    assert f'href="/plans/items/{item.pk}/"' in client.get(f"/projects/{project.pk}/").content.decode()
    assert project.requested_amount == Decimal("80000.00")
    assert [line.amount for line in project.budget_lines.order_by("order")] == [
        Decimal("50000.00"),
        Decimal("30000.00"),
    ]
    shown = selectors.item_projects(world.secretary, [item.pk])[item.pk]
    assert [(p.title, p.progress_pct) for p in shown] == [("ส่งเสริมอาชีพเลี้ยงไก่ไข่", Decimal("0.00"))]
    # The project moves on: the item shows its new status and progress.
    Project.objects.filter(pk=project.pk).update(status=ProjectStatus.IN_PROGRESS, progress_pct=Decimal("40"))
    shown = selectors.item_projects(world.secretary, [item.pk])[item.pk]
    assert (shown[0].status, shown[0].progress_pct) == (str(ProjectStatus.IN_PROGRESS.label), Decimal("40.00"))
    page = client.get(f"/plans/items/{item.pk}/").content.decode()
    assert "40.00%" in page and str(ProjectStatus.IN_PROGRESS.label) in page
    # Those who may not see the project see no row of it on the item.
    outsider = world.other_secretary
    assert selectors.item_projects(outsider, [item.pk]) == {}


def test_the_proposal_link_is_offered_only_to_those_who_may_propose(world: World) -> None:
    item = world.item(world.council_plan())
    assert selectors.project_proposal_url(world.secretary, item) is not None
    assert selectors.project_proposal_url(world.member, item) is None
    assert selectors.project_proposal_url(world.cdd_district, item) is None
