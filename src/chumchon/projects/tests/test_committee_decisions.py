"""Dated delegation and resolutions of meetings deciding projects (issue 12): the delegation in force
on the meeting date for the programme's fiscal year picks the deciding body; a delegation outside the
delegating body's own authority is refused; a project approved by a meeting's resolution shows it, and
the resolution lists the project."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from chumchon.accounts.models import Role
from chumchon.budgets.models import Allocation, ApprovalRule, Programme
from chumchon.budgets.services.allocations import adopt_subject
from chumchon.meetings import authority, services
from chumchon.meetings.authority import Category, Power, Subject
from chumchon.meetings.decisions import decisions_of, resolutions_deciding
from chumchon.meetings.error_codes import MeetingError, MeetingErrorCode
from chumchon.meetings.models import Delegation
from chumchon.organizations.models import COMMITTEE_KINDS, Body, BodyKind
from chumchon.projects import services as project_services
from chumchon.projects.models import ProjectEvent
from chumchon.projects.tests.conftest import World, allocate, make_body

D = dt.date


def _programme(code: str, year: int, *, housing: bool = False, kind: str = "", role: str = "") -> Programme:
    programme = Programme.objects.create(
        code=code,
        fiscal_year=year,
        name_th=code,
        kind="housing" if housing else "economy",
        eligible_body_kinds=[BodyKind.TAMBON_COMMUNITY_COUNCIL],
    )
    ApprovalRule.objects.create(programme=programme, approver_body_kind=kind, approver_role=role)
    return programme


def _quorate_resolution(staff: Any, body: Body, day: D, text: str, members: int = 3) -> Any:
    seats = [
        services.membership_add(
            actor=staff, body=body, person_name=f"{body.pk}-{i}", represents="movement", starts_on=D(2020, 10, 1)
        )
        for i in range(members)
    ] or services.committee_on(body, day)
    meeting = services.meeting_create(actor=staff, body=body, held_on=day, place="ห้องประชุม")
    services.attendance_record(actor=staff, meeting=meeting, present=[m.pk for m in seats])
    return services.resolution_at_meeting(actor=staff, meeting=meeting, text=text)


@pytest.fixture
def region(world: World, make_user: Any) -> dict[str, Any]:
    # The world's programmes are the standing cluster-level ones; these are another year's.
    Programme.objects.filter(pk__in=[world.programme.pk, world.housing.pk]).update(fiscal_year=2564)
    regional = make_body(BodyKind.CODI_REGIONAL_SUBCOMMITTEE, region="R5", name="คณะอนุกรรมการภาค")
    review = make_body(BodyKind.PROJECT_REVIEW_WORKING_GROUP, region="R5", name="คณะทำงานพิจารณาโครงการภาค")
    fy65 = _programme("ECON65", 2565, kind=BodyKind.CODI_REGIONAL_SUBCOMMITTEE, role=Role.REGIONAL_SUBCOMMITTEE_MEMBER)
    fy66 = _programme("ECON66", 2566, kind=BodyKind.CLUSTER_WORKING_GROUP, role=Role.CLUSTER_WORKING_GROUP_MEMBER)
    _programme(
        "BMK65", 2565, housing=True, kind=BodyKind.CODI_REGIONAL_SUBCOMMITTEE, role=Role.REGIONAL_SUBCOMMITTEE_MEMBER
    )
    for p in (fy65, fy66):
        allocate(p, "24", Decimal("500000"))
    return {"regional": regional, "review": review, "fy65": fy65, "fy66": fy66}


def _subject(programme: Programme, on: D) -> Subject:
    return Subject(
        power=Power.APPROVE,
        category=Category.ORDINARY,
        programme_id=programme.pk,
        programme_code=programme.code,
        fiscal_year=programme.fiscal_year,
        amount=Decimal("100000"),
        province_code="24",
        on=on,
    )


def test_delegation_by_date_chooses_the_deciding_body(world: World, region: dict[str, Any]) -> None:
    resolution = _quorate_resolution(world.staff, region["regional"], D(2021, 11, 10), "มอบอำนาจอนุมัติโครงการ")
    services.delegation_create(
        actor=world.staff,
        resolution=resolution,
        power="approve_ordinary",
        to_body=region["review"],
        scope_kind="region",
        region=region["regional"].region,
        fiscal_year=2565,
    )
    kind = lambda p, on: authority.authority_for(_subject(p, on)).approver_body_kind  # noqa: E731
    # FY2565, decided before the delegating meeting: the regional subcommittee; after it: the review group.
    assert kind(region["fy65"], D(2021, 11, 1)) == BodyKind.CODI_REGIONAL_SUBCOMMITTEE
    assert kind(region["fy65"], D(2022, 3, 1)) == BodyKind.PROJECT_REVIEW_WORKING_GROUP
    assert authority.authority_for(_subject(region["fy65"], D(2022, 3, 1))).rule.body_id == region["review"].pk
    # FY2566 (the same project, a year later): the cluster-level rule, not the FY2565 delegation.
    assert kind(region["fy66"], D(2022, 11, 1)) == BodyKind.CLUSTER_WORKING_GROUP
    assert [d.kind for d in decisions_of(resolution, world.staff)] == ["delegation"]


def test_delegation_outside_own_authority_refused(world: World, region: dict[str, Any]) -> None:
    # The cluster working group does not approve FY2565 projects itself: it cannot delegate that.
    resolution = _quorate_resolution(world.staff, world.cluster_wg, D(2021, 11, 10), "มอบอำนาจ")
    with pytest.raises(MeetingError) as exc:
        services.delegation_create(
            actor=world.staff,
            resolution=resolution,
            power="approve_ordinary",
            to_body=region["review"],
            scope_kind="cluster",
            cluster=world.cluster_wg.cluster,
            fiscal_year=2565,
        )
    assert exc.value.code == MeetingErrorCode.DELEGATION_OUTSIDE_AUTHORITY and " / " in exc.value.messages[0]
    # Nor can the regional subcommittee delegate beyond its region.
    resolution = _quorate_resolution(world.staff, region["regional"], D(2021, 11, 10), "มอบอำนาจ")
    with pytest.raises(MeetingError) as exc:
        services.delegation_create(
            actor=world.staff,
            resolution=resolution,
            power="approve_ordinary",
            to_body=region["review"],
            scope_kind="nation",
            fiscal_year=2565,
        )
    assert exc.value.code == MeetingErrorCode.DELEGATION_OUTSIDE_AUTHORITY
    assert not Delegation.objects.exists()


def test_project_approved_by_a_meetings_resolution_links_both_ways(world: World) -> None:
    project = world.to_screened(world.project())
    resolution = _quorate_resolution(world.staff, world.cluster_wg, D(2022, 3, 15), "อนุมัติโครงการ")
    project_services.project_approve(project=project, actor=world.approver, resolution=resolution)
    project.refresh_from_db()
    assert project.approval_resolution == resolution
    assert ProjectEvent.objects.get(project=project, action="approve").resolution == resolution
    assert list(resolutions_deciding("project_approval", project.pk)) == [resolution]
    assert [(d.kind, d.label) for d in decisions_of(resolution, world.approver)] == [
        ("project_approval", project.title_th)
    ]
    assert decisions_of(resolution, world.other_secretary) == []  # out of that viewer's scope


def test_resolution_without_a_meeting_is_not_picked(world: World) -> None:
    project = world.to_screened(world.project())
    legacy = services.resolution_record(
        actor=world.approver, body=world.cluster_wg, meeting_date=D(2022, 3, 15), number="3/2565", text="อนุมัติ"
    )
    with pytest.raises(ValidationError) as exc:
        project_services.project_approve(project=project, actor=world.approver, resolution=legacy)
    assert exc.value.code == "no_resolution"
    project.refresh_from_db()
    assert project.status == "screened"


def test_delegated_allocation_adoption_by_date_and_fiscal_year(world: World, region: dict[str, Any]) -> None:
    """A delegation of "adopt an allocation" names the one body that adopts, for its fiscal year, from
    the delegating meeting's date, within its scope; elsewhere any committee still adopts."""
    resolution = _quorate_resolution(world.staff, region["regional"], D(2021, 11, 10), "มอบอำนาจเห็นชอบการจัดสรร")
    services.delegation_create(
        actor=world.staff,
        resolution=resolution,
        power="adopt_allocation",
        to_body=world.cluster_wg,
        scope_kind="cluster",
        cluster=world.cluster_wg.cluster,
        fiscal_year=2565,
    )
    c08 = Allocation(programme=region["fy65"], name="C08", scope_kind="cluster", scope_code="C08", total=1)
    region_wide = Allocation(programme=region["fy65"], name="R5", scope_kind="region", scope_code="R5", total=1)
    next_year = Allocation(programme=region["fy66"], name="C08", scope_kind="cluster", scope_code="C08", total=1)
    decides = lambda a, on: authority.authority_for(adopt_subject(a, on=on)).body_kinds  # noqa: E731
    assert decides(c08, D(2021, 11, 1)) == frozenset(COMMITTEE_KINDS)  # before the delegating meeting
    assert decides(c08, D(2022, 3, 1)) == {BodyKind.CLUSTER_WORKING_GROUP}
    assert authority.authority_for(adopt_subject(c08, on=D(2022, 3, 1))).rule.body_id == world.cluster_wg.pk
    assert decides(region_wide, D(2022, 3, 1)) == frozenset(COMMITTEE_KINDS)  # beyond the delegation's scope
    assert decides(next_year, D(2022, 11, 1)) == frozenset(COMMITTEE_KINDS)  # FY2566: not delegated
    # The delegating body itself no longer adopts the FY2565 cluster allocation; the delegate does.
    with pytest.raises(authority.AuthorityError) as exc:
        authority.authorise(
            actor=world.approver, subject=adopt_subject(c08, on=D(2022, 3, 1)), body=region["regional"], target=c08
        )
    assert exc.value.code == authority.AuthorityErrorCode.WRONG_BODY
    authority.authorise(
        actor=world.approver, subject=adopt_subject(c08, on=D(2022, 3, 1)), body=world.cluster_wg, target=c08
    )
    authority.authorise(
        actor=world.approver, subject=adopt_subject(next_year, on=D(2022, 11, 1)), body=region["regional"], target=c08
    )
