"""The levels the system proposes from its own records, and the reasons it gives (checkable by a reviewer)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from chumchon.areas.models import Area
from chumchon.assessment import proposals
from chumchon.meetings.models import Meeting, MeetingKind, Membership
from chumchon.organizations.models import Body, BodyKind
from chumchon.plans.models import Plan, PlanItem, PlanKind, PlanLevel, PlanProposal, PlanStatus, ProposalStatus

pytestmark = pytest.mark.django_db
FY = 2569  # 1 October 2025 – 30 September 2026


def en(p: proposals.Proposal) -> str:
    return " | ".join(r.en for r in p.reasons)


@pytest.fixture
def province() -> Area:
    return Area.objects.get(code="24")


def _meeting(body: Body, seq: int, day: dt.date, kind: str = MeetingKind.ORDINARY, **kw: Any) -> Meeting:
    return Meeting.objects.create(body=body, fiscal_year=FY, sequence=seq, kind=kind, held_on=day, **kw)


def test_criterion_10_from_the_meetings_register(province: Area) -> None:
    pwg = Body.objects.create(
        kind=BodyKind.PROVINCIAL_WORKING_GROUP, name_th="คณะทำงานจังหวัด", scope_kind="area", area=province
    )
    assert proposals.criterion_10(province, FY).level == 0
    _meeting(pwg, 1, dt.date(2025, 11, 5))
    p = proposals.criterion_10(province, FY)
    assert p.level == 1 and "1 ordinary meetings of the provincial working group in FY2569" in en(p)
    _meeting(pwg, 2, dt.date(2026, 2, 5))
    _meeting(pwg, 3, dt.date(2026, 3, 28), kind=MeetingKind.ANNUAL_ASSEMBLY)
    p = proposals.criterion_10(province, FY)
    assert p.level == 3 and "Annual provincial assembly: held" in en(p)
    assert p.records[0].kind == "meeting" and p.records[0].url.startswith("/meetings/")
    _meeting(pwg, 4, dt.date(2026, 5, 5))
    _meeting(pwg, 5, dt.date(2026, 8, 5))
    _meeting(pwg, 6, dt.date(2026, 10, 5))  # next fiscal year: not counted
    p = proposals.criterion_10(province, FY)
    assert p.level == 4 and "4 ordinary meetings" in en(p)
    # Another province's meetings never count.
    assert proposals.criterion_10(Area.objects.get(code="20"), FY).level == 0


def test_criterion_6_from_attendance_and_minutes(province: Area) -> None:
    pwg = Body.objects.create(
        kind=BodyKind.PROVINCIAL_WORKING_GROUP, name_th="คณะทำงานจังหวัด", scope_kind="area", area=province
    )
    _meeting(pwg, 1, dt.date(2025, 11, 5))
    p = proposals.criterion_6(province, FY)
    assert p.level == 1 and "attendance recorded for 0, minutes attached to 0" in en(p)
    Meeting.objects.update(minutes_recorded=True, minutes="meetings/minutes/2025/m.pdf")
    p = proposals.criterion_6(province, FY)
    assert p.level == 3 and "0 resolutions on record" in en(p)


def test_criterion_1_from_registered_and_linked_organisations(province: Area) -> None:
    assert proposals.criterion_1(province, FY).level == 0
    tambons = list(Area.objects.filter(level="subdistrict", code__startswith="24").order_by("code"))
    councils = [
        Body(kind=BodyKind.TAMBON_COMMUNITY_COUNCIL, name_th=f"สภาองค์กรชุมชนตำบล {t.name_th}", scope_kind="area", area=t)
        for t in tambons[: len(tambons) // 3]
    ]
    Body.objects.bulk_create(councils)
    p = proposals.criterion_1(province, FY)
    assert p.level == 1 and f"Tambon community councils in {len(councils)} of {len(tambons)} tambons" in en(p)
    Body.objects.bulk_create(
        Body(kind=BodyKind.TAMBON_COMMUNITY_COUNCIL, name_th=f"สภา {t.code}", scope_kind="area", area=t)
        for t in tambons[len(tambons) // 3 :]
    )
    assert proposals.criterion_1(province, FY).level == 2  # every tambon, but nothing links them
    network = Body.objects.create(
        kind=BodyKind.NETWORK, name_th="เครือข่ายองค์กรชุมชนจังหวัด", scope_kind="area", area=province
    )
    assert proposals.criterion_1(province, FY).level == 3
    provincial = Body.objects.create(
        kind=BodyKind.PROVINCIAL_COMMUNITY_COUNCIL, name_th="สภาองค์กรชุมชนจังหวัด", scope_kind="area", area=province
    )
    assert proposals.criterion_1(province, FY).level == 3  # no member organisations recorded yet
    Body.objects.filter(kind=BodyKind.TAMBON_COMMUNITY_COUNCIL).update(member_of=provincial)
    p = proposals.criterion_1(province, FY)
    assert p.level == 4 and "a provincial community council: yes" in en(p)
    assert {r.object_id for r in p.records} >= {provincial.pk, network.pk}


def test_criterion_2_from_movement_items_accepted_into_the_provincial_plan(province: Area) -> None:
    owner = Body.objects.create(
        kind=BodyKind.PROVINCIAL_WORKING_GROUP, name_th="คณะทำงาน", scope_kind="area", area=province
    )
    assert proposals.criterion_2(province, FY).level == 0
    peoples = Plan.objects.create(
        title="แผนภาคประชาชนจังหวัด",
        level=PlanLevel.PROVINCE,
        kind=PlanKind.PEOPLES_PROVINCIAL,
        owner=owner,
        scope_kind="area",
        area=province,
        start_year_be=2566,
        end_year_be=2570,
        status=PlanStatus.DRAFT,
    )
    p = proposals.criterion_2(province, FY)
    assert p.level == 1 and "People's-sector provincial plan: drafted" in en(p)
    Plan.objects.filter(pk=peoples.pk).update(status=PlanStatus.ADOPTED)
    assert proposals.criterion_2(province, FY).level == 2
    official = Plan.objects.create(
        title="แผนพัฒนาจังหวัด",
        level=PlanLevel.PROVINCE,
        kind=PlanKind.PROVINCIAL,
        owner=owner,
        scope_kind="area",
        area=province,
        start_year_be=2566,
        end_year_be=2570,
        status=PlanStatus.ADOPTED,
    )
    item = PlanItem.objects.create(plan=peoples, number=1, title="ฟื้นฟูป่าชายเลน")
    covering = PlanItem.objects.create(plan=official, number=7, title="ฟื้นฟูป่าชายเลน (บรรจุ)")
    pending_item = PlanItem.objects.create(plan=peoples, number=2, title="ตลาดชุมชน")
    PlanProposal.objects.create(item=pending_item, to_plan=official)
    PlanProposal.objects.create(
        item=item,
        to_plan=official,
        status=ProposalStatus.ACCEPTED,
        covering_item=covering,
        answered_at=timezone.make_aware(dt.datetime(2026, 1, 10)),
    )
    p = proposals.criterion_2(province, FY)
    assert p.level == 3
    assert "1 items of the movement's plans accepted or merged into the provincial plan; 1 awaiting an answer" in en(p)
    assert ("plan_item", covering.pk) in {(r.kind, r.object_id) for r in p.records}
    # Accepted after the fiscal year ended: not evidence for that year.
    assert proposals.criterion_2(province, 2568).level == 2


def test_criteria_5_and_7_from_the_working_group(province: Area) -> None:
    day = dt.date(2026, 6, 1)
    assert proposals.criterion_5(province, FY, today=day).level == 0
    pwg = Body.objects.create(
        kind=BodyKind.PROVINCIAL_WORKING_GROUP, name_th="คณะทำงานจังหวัด", scope_kind="area", area=province
    )
    for name, position, side in [("ก", "chair", "movement"), ("ข", "secretary", "agency"), ("ค", "member", "movement")]:
        Membership.objects.create(
            body=pwg, person_name=name, position=position, represents=side, starts_on=dt.date(2025, 1, 1)
        )
    p5 = proposals.criterion_5(province, FY, today=day)
    assert p5.level == 2 and "Members come from 2 of the 3 sides" in en(p5)
    Membership.objects.create(body=pwg, person_name="ง", represents="expert", starts_on=dt.date(2025, 1, 1))
    p5 = proposals.criterion_5(province, FY, today=day)
    assert p5.level == 3 and "Level 4 is for the assessor" in en(p5)  # the system stops at 3 and says why
    p7 = proposals.criterion_7(province, FY, today=day)
    assert p7.level == 2
    Body.objects.create(
        kind=BodyKind.CON_CENTRE,
        name_th="ศอช.จังหวัด",
        scope_kind="area",
        area=province,
        address="ถนนมรุพงษ์",
        phone="038000000",
    )
    assert proposals.criterion_7(province, FY, today=day).level == 3


def test_criterion_3_and_the_indicator_hook(province: Area) -> None:
    p = proposals.criterion_3(province, FY)
    assert p.level == 0 and "Survey results for the province: none yet" in en(p)
    assert "0 indicator values from the data" in en(p)
    assert proposals.indicator_evidence(province, FY) == []  # no indicator figures in this fixture


def test_criteria_8_and_9_are_left_to_the_assessor(province: Area) -> None:
    found = proposals.propose_levels(province, FY)
    assert found[8] is None and found[9] is None
    assert all(found[n] is not None for n in (1, 2, 3, 4, 5, 6, 7, 10))


@pytest.mark.django_db
def test_indicator_evidence_is_the_figures_from_the_data(shared_demo: Any) -> None:
    from chumchon.indicators.models import ValueSource
    from chumchon.indicators.selectors import indicator_values_for

    province = Area.objects.get(code="24")
    seen = 0
    for year in range(shared_demo.fiscal_year - 2, shared_demo.fiscal_year + 1):
        figures = indicator_values_for(province, year)
        from_data = {
            f.indicator.pk for f in figures if f.value is not None and (f.verified or f.source == ValueSource.COMPUTED)
        }
        typed_unapproved = {f.indicator.pk for f in figures if f.source == ValueSource.MANUAL and not f.verified}
        records = proposals.indicator_evidence(province, year)
        assert {r.object_id for r in records} == from_data
        assert not typed_unapproved & {r.object_id for r in records}
        assert all(r.kind == "indicator" and f"/{year}/" in r.url for r in records)
        seen += len(records)
    assert seen > 0  # the demo's computed and approved figures count as evidence
    p = proposals.criterion_3(province, shared_demo.fiscal_year)
    assert f"{len(proposals.indicator_evidence(province, shared_demo.fiscal_year))} indicator values" in en(p)
