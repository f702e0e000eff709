"""Bangkok stands outside the provincial clusters: its ordinary projects are approved by the CODI
regional subcommittee (ApprovalRule.outside_cluster_*), never by a cluster working group."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from chumchon.accounts.models import Role
from chumchon.areas.models import Area
from chumchon.organizations.models import BodyKind
from chumchon.projects import services
from chumchon.projects.models import ProjectStatus
from chumchon.projects.tests.conftest import World, allocate, make_body, state

pytestmark = pytest.mark.django_db
KHWAENG = "100101"  # a khwaeng of Bangkok (province 10, R5, no cluster)


@pytest.fixture
def bangkok(world: World, make_user: Any) -> dict[str, Any]:
    allocate(world.programme, "10", Decimal("500000"))
    council = make_body(BodyKind.TAMBON_COMMUNITY_COUNCIL, area=KHWAENG, name="สภาองค์กรชุมชนแขวง")
    secretary = make_user(Role.TAMBON_COUNCIL_SECRETARY, area=KHWAENG, body=council, username="bkk_secretary")
    project = services.project_create(
        actor=secretary,
        programme=world.programme,
        area=Area.objects.get(code=KHWAENG),
        proposer=council,
        title_th="โครงการพัฒนาอาชีพแขวง",
        budget_lines=[("ค่าวัสดุ", Decimal("120000"))],
    )
    services.project_submit(project=project, actor=secretary)
    screener = make_user(Role.PROVINCIAL_WORKING_GROUP_MEMBER, area="10", username="bkk_screener")
    services.project_screen(project=project, actor=screener)
    regional = make_body(BodyKind.CODI_REGIONAL_SUBCOMMITTEE, region="R5", name="คณะอนุกรรมการภาค")
    member = make_user(Role.REGIONAL_SUBCOMMITTEE_MEMBER, region="R5", body=regional, username="subcom")
    return {"project": project, "regional": regional, "member": member}


def test_bangkok_project_is_approved_by_the_regional_subcommittee(world: World, bangkok: dict[str, Any]) -> None:
    project = bangkok["project"]
    assert Area.objects.get(code="10").cluster_id is None
    rule = services.approver_rule(project)
    assert rule.approver_body_kind == BodyKind.CODI_REGIONAL_SUBCOMMITTEE
    services.project_approve(project=project, actor=bangkok["member"], **world.decision(bangkok["regional"]))
    project.refresh_from_db()
    assert project.status == ProjectStatus.APPROVED
    assert project.approved_amount == Decimal("120000.00")
    assert project.approval_resolution.body.kind == BodyKind.CODI_REGIONAL_SUBCOMMITTEE


def test_bangkok_project_is_refused_to_a_cluster_working_group(world: World, bangkok: dict[str, Any]) -> None:
    project = bangkok["project"]
    before = state(project)
    with pytest.raises(PermissionDenied):  # the cluster WG (C08) has no authority over Bangkok
        services.project_approve(project=project, actor=world.approver, **world.decision())
    with pytest.raises(ValidationError):  # the regional member, but with a cluster WG's resolution
        services.project_approve(project=project, actor=bangkok["member"], **world.decision(world.cluster_wg))
    assert state(project) == before


def test_regional_subcommittee_cannot_approve_inside_a_cluster(world: World, bangkok: dict[str, Any]) -> None:
    project = world.to_screened(world.project())  # tambon 240104, cluster C08
    before = state(project)
    with pytest.raises(PermissionDenied):
        services.project_approve(project=project, actor=bangkok["member"], **world.decision(bangkok["regional"]))
    assert state(project) == before
