"""Approval authority (meetings.authority) is what refuses a decision by someone — or by a body —
without authority over the project: for ordinary and housing projects, for approval and for
rejection, through the service and through the page. Each test leaves everything unchanged.

(Verified: with ``meetings.authority.require_power`` and ``authorise`` turned into no-ops, every
test below fails — the decision goes through.)"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from chumchon.accounts.models import Role
from chumchon.meetings.authority import AuthorityErrorCode
from chumchon.organizations.models import Body, BodyKind
from chumchon.projects import services
from chumchon.projects.models import Project, ProjectStatus

from .conftest import World, make_body, state

pytestmark = pytest.mark.django_db
S = ProjectStatus


@pytest.fixture
def regional_member(make_user: Any) -> Any:
    """A CODI regional subcommittee member (R5): may approve ordinary projects of the region and
    record the region's committees' resolutions — but holds neither the cluster working group's
    role nor the Baan Mankong subcommittee's."""
    return make_user(Role.REGIONAL_SUBCOMMITTEE_MEMBER, region="R5", username="regional_member")


@pytest.fixture
def provincial_wg() -> Body:
    """A committee of the province the cluster working group's approver may record resolutions of,
    but which has no authority to decide projects."""
    return make_body(BodyKind.PROVINCIAL_WORKING_GROUP, area="24", name="คณะทำงานจังหวัดฉะเชิงเทรา")


def _screened(world: World, *, housing: bool) -> Project:
    return world.to_screened(world.project(programme=world.housing if housing else world.programme))


def _decide(world: World, decision: str, project: Project, actor: Any, body: Body) -> None:
    if decision == "approve":
        services.project_approve(project=project, actor=actor, **world.decision(body))
    else:
        services.project_reject(project=project, actor=actor, reasons="ไม่ผ่าน", **world.decision(body))


def _right_body(world: World, housing: bool) -> Body:
    return world.baan_mankong if housing else world.cluster_wg


@pytest.mark.parametrize("decision", ["approve", "reject"])
@pytest.mark.parametrize("housing", [False, True], ids=["ordinary", "housing"])
def test_service_refuses_a_person_without_the_deciding_role(
    world: World, regional_member: Any, decision: str, housing: bool
) -> None:
    project = _screened(world, housing=housing)
    before = state(project)
    with pytest.raises(PermissionDenied):
        _decide(world, decision, project, regional_member, _right_body(world, housing))
    assert state(project) == before
    assert project.status == S.SCREENED


@pytest.mark.parametrize("decision", ["approve", "reject"])
def test_service_refuses_an_ordinary_decision_by_a_body_without_authority(
    world: World, provincial_wg: Body, decision: str
) -> None:
    """The cluster working group's own member, but the resolution of the provincial working group."""
    project = _screened(world, housing=False)
    before = state(project)
    with pytest.raises(ValidationError) as exc:
        _decide(world, decision, project, world.approver, provincial_wg)
    assert exc.value.code == AuthorityErrorCode.WRONG_BODY
    assert "มติต้องมาจาก" in str(exc.value) and "body with authority" in str(exc.value)
    assert state(project) == before


@pytest.mark.parametrize("decision", ["approve", "reject"])
def test_service_refuses_a_housing_decision_by_a_body_without_authority(world: World, decision: str) -> None:
    """The Baan Mankong subcommittee's member, but the cluster working group's resolution."""
    project = _screened(world, housing=True)
    before = state(project)
    with pytest.raises(ValidationError) as exc:
        _decide(world, decision, project, world.housing_approver, world.cluster_wg)
    assert exc.value.code == AuthorityErrorCode.WRONG_BODY
    assert state(project) == before


@pytest.mark.parametrize("decision", ["approve", "reject"])
@pytest.mark.parametrize("housing", [False, True], ids=["ordinary", "housing"])
def test_page_refuses_a_person_without_authority(
    world: World, regional_member: Any, decision: str, housing: bool
) -> None:
    project = _screened(world, housing=housing)
    before = state(project)
    client = Client()
    client.force_login(regional_member)
    response = client.post(
        reverse("projects:transition", args=[project.pk, decision]),
        {
            "body": _right_body(world, housing).pk,
            "meeting_date": "15/03/2565",
            "number": "3/2565",
            "text": "มติ",
            "approved_amount": "100000",
            "comment": "เหตุผล",
        },
    )
    assert response.status_code == 403
    assert state(project) == before


@pytest.mark.parametrize("decision", ["approve", "reject"])
@pytest.mark.parametrize("housing", [False, True], ids=["ordinary", "housing"])
def test_the_body_with_authority_decides(world: World, decision: str, housing: bool) -> None:
    """The control: the right person with the right body's resolution goes through."""
    project = _screened(world, housing=housing)
    actor = world.housing_approver if housing else world.approver
    _decide(world, decision, project, actor, _right_body(world, housing))
    project.refresh_from_db()
    assert project.status == (S.APPROVED if decision == "approve" else S.REJECTED)
    if decision == "approve":
        assert project.approved_amount == Decimal("100000")


@pytest.mark.parametrize("housing", [False, True], ids=["ordinary", "housing"])
def test_decision_form_offers_only_bodies_with_authority(world: World, provincial_wg: Body, housing: bool) -> None:
    project = _screened(world, housing=housing)
    actor = world.housing_approver if housing else world.approver
    client = Client()
    client.force_login(actor)
    for decision in ("approve", "reject"):
        page = client.get(reverse("projects:transition", args=[project.pk, decision])).content.decode()
        assert _right_body(world, housing).name_th in page
        assert provincial_wg.name_th not in page
        wrong = world.cluster_wg if housing else world.baan_mankong
        assert f'value="{wrong.pk}"' not in page
