"""Plans, items, versions and amendments; upward linking (accept, merge, decline); coverage counts;
the target-household count following the data."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from chumchon.areas.models import Area
from chumchon.audit.models import AuditEvent
from chumchon.plans import selectors, services
from chumchon.plans.models import PlanKind, PlanStatus, ProposalStatus, VersionKind
from chumchon.plans.worklist import worklist_items as plans_worklist_items
from chumchon.poverty.models import DimensionCode

from .conftest import OTHER_TAMBON, TAMBON, World, make_round

pytestmark = pytest.mark.django_db


def test_plan_and_items_are_written_by_the_owning_sides_roles(world: World) -> None:
    plan = world.council_plan()
    item = world.item(plan)
    assert plan.area.code == TAMBON and item.number == 1
    assert [(b.fiscal_year_be, b.amount) for b in item.budgets.order_by("fiscal_year_be")] == [
        (2567, Decimal("50000.00")),
        (2568, Decimal("30000.00")),
    ]
    assert AuditEvent.objects.filter(model_label="plans.planitem", object_pk=str(item.pk)).exists()
    # A CDD district officer does not write the council's plan; a member writes nothing; the
    # neighbouring tambon's secretary is outside its area.
    for outsider in (world.cdd_district, world.member, world.other_secretary):
        with pytest.raises(PermissionDenied):
            world.item(plan, actor=outsider)
    # …but the CDD officer writes the One Plan of the tambon, which the secretary does not.
    with pytest.raises(PermissionDenied):
        world.council_plan(kind=PlanKind.ONE_PLAN_TAMBON, owner=world.kbt)
    one_plan = world.council_plan(kind=PlanKind.ONE_PLAN_TAMBON, owner=world.kbt, actor=world.cdd_district)
    assert selectors.can_write(world.cdd_district, one_plan) and not selectors.can_write(world.secretary, one_plan)


def test_budget_years_outside_the_period_and_negative_amounts_are_refused(world: World) -> None:
    plan = world.council_plan()
    with pytest.raises(ValidationError, match="2575"):
        world.item(plan, budgets={2575: Decimal(1)})
    with pytest.raises(ValidationError, match="negative"):
        world.item(plan, budgets={2567: Decimal(-1)})
    with pytest.raises(ValidationError, match="area"):
        world.item(plan, area=Area.objects.get(code=OTHER_TAMBON))
    assert plan.items.count() == 0


def test_versions_keep_the_adoption_and_numbered_amendments_with_their_changes(world: World) -> None:
    plan = world.council_plan(kind=PlanKind.ISSUE_BASED)
    first = world.item(plan, "ธนาคารขยะ")
    adoption = services.version_record(
        actor=world.secretary,
        plan=plan,
        kind=VersionKind.ADOPTION,
        adopted_on=dt.date(2022, 11, 20),
        resolution_text="ที่ประชุมสภาองค์กรชุมชนตำบลครั้งที่ 3/2565 มีมติเห็นชอบ",
    )
    plan.refresh_from_db()
    assert plan.status == PlanStatus.ADOPTED and adoption.year_be == 2565 and adoption.label_th == "ประกาศใช้ 2565"
    assert adoption.adopted_by == world.council
    assert [c["change"] for c in adoption.changes] == ["added"]
    second = world.item(plan, "ปลูกผักปลอดสารพิษ")
    services.item_update(item=first, actor=world.secretary, budgets={2567: Decimal("12000")})
    amendment = services.version_record(
        actor=world.secretary,
        plan=plan,
        kind=VersionKind.ADDITION,
        adopted_on=dt.date(2022, 12, 1),
        resolution_text="มติครั้งที่ 4/2565",
    )
    assert amendment.number == 1 and amendment.label_th == "เพิ่มเติม ครั้งที่ 1/2565"
    assert {(c["change"], c["id"]) for c in amendment.changes} == {("added", second.pk), ("changed", first.pk)}
    assert [r["title"] for r in amendment.items] == ["ธนาคารขยะ", "ปลูกผักปลอดสารพิษ"]
    eleventh = services.version_record(
        actor=world.secretary,
        plan=plan,
        kind=VersionKind.ADDITION,
        number=11,
        adopted_on=dt.date(2022, 12, 20),
        resolution_text="มติครั้งที่ 5/2565",
    )
    assert eleventh.label_th == "เพิ่มเติม ครั้งที่ 11/2565" and eleventh.changes == []
    with pytest.raises(ValidationError, match="11/2565"):
        services.version_record(
            actor=world.secretary,
            plan=plan,
            kind=VersionKind.ADDITION,
            number=11,
            adopted_on=dt.date(2022, 12, 21),
            resolution_text="ซ้ำ",
        )
    with pytest.raises(ValidationError, match="resolution"):
        services.version_record(
            actor=world.secretary, plan=plan, kind=VersionKind.ADDITION, adopted_on=dt.date(2023, 1, 5)
        )
    assert [v.sequence for v in plan.versions.order_by("sequence")] == [1, 2, 3]


def test_an_amendment_before_adoption_is_refused(world: World) -> None:
    plan = world.council_plan()
    with pytest.raises(ValidationError, match="adoption"):
        services.version_record(
            actor=world.secretary,
            plan=plan,
            kind=VersionKind.ADDITION,
            adopted_on=dt.date(2023, 1, 5),
            resolution_text="x",
        )


def test_accept_as_is_makes_a_covering_item_in_the_higher_plan(world: World) -> None:
    lower = world.council_plan()
    item = world.item(lower, dimension=DimensionCode.INCOME, budgets={2567: Decimal("50000"), 2568: Decimal("30000")})
    district = world.district_plan()
    assert selectors.receiving_plans(world.secretary, item) == [district]
    proposal = services.proposal_make(actor=world.secretary, item=item, to_plan=district, note="ขอบรรจุในแผนอำเภอ")
    assert selectors.receiving_plans(world.secretary, item) == []
    with pytest.raises(ValidationError):
        services.proposal_make(actor=world.secretary, item=item, to_plan=district)
    # Only the receiving plan's writers answer.
    with pytest.raises(PermissionDenied):
        services.proposal_accept(actor=world.secretary, proposal=proposal)
    services.proposal_accept(actor=world.cdd_district, proposal=proposal)
    proposal.refresh_from_db()
    covering = proposal.covering_item
    assert proposal.status == ProposalStatus.ACCEPTED and proposal.answered_by == world.cdd_district
    assert proposal.answered_at is not None
    assert covering is not None and covering.plan == district and covering.title == item.title
    assert covering.area is not None and covering.area.code == TAMBON and covering.dimension == DimensionCode.INCOME
    assert {b.fiscal_year_be: b.amount for b in covering.budgets.all()} == {
        2567: Decimal("50000.00"),
        2568: Decimal("30000.00"),
    }
    with pytest.raises(ValidationError, match="already"):
        services.proposal_decline(actor=world.cdd_district, proposal=proposal, reason="ซ้ำ")


def test_merge_and_decline_and_the_answers_reach_the_proposer(world: World) -> None:
    lower = world.council_plan()
    a = world.item(lower, "ถนนเพื่อการเกษตร")
    b = world.item(lower, "ศูนย์เรียนรู้")
    district = world.district_plan()
    own = world.item(district, "พัฒนาโครงสร้างพื้นฐานการเกษตรระดับอำเภอ", actor=world.cdd_district)
    pa = services.proposal_make(actor=world.secretary, item=a, to_plan=district)
    pb = services.proposal_make(actor=world.secretary, item=b, to_plan=district)
    assert list(selectors.proposals_to_answer(world.cdd_district)) == [pa, pb] or set(
        selectors.proposals_to_answer(world.cdd_district)
    ) == {pa, pb}
    assert selectors.proposals_to_answer(world.secretary).count() == 0
    assert_worklist_counts(world)
    other_plan_item = world.item(world.council_plan(title="อีกแผน"), "x")
    with pytest.raises(ValidationError):
        services.proposal_merge(actor=world.cdd_district, proposal=pa, into_item=other_plan_item)
    services.proposal_merge(actor=world.cdd_district, proposal=pa, into_item=own)
    with pytest.raises(ValidationError, match="reason"):
        services.proposal_decline(actor=world.cdd_district, proposal=pb, reason=" ")
    services.proposal_decline(actor=world.cdd_district, proposal=pb, reason="ไม่อยู่ในอำนาจของอำเภอ")
    pa.refresh_from_db()
    pb.refresh_from_db()
    assert (pa.status, pa.covering_item) == (ProposalStatus.MERGED, own)
    assert (pb.status, pb.covering_item, pb.reason) == (ProposalStatus.DECLINED, None, "ไม่อยู่ในอำนาจของอำเภอ")
    assert list(selectors.covered_by_item(own)) == [pa]
    # The proposing side sees both answers until it notes them.
    assert set(selectors.answers_to_note(world.secretary)) == {pa, pb}
    assert selectors.answers_to_note(world.cdd_district).count() == 0
    services.proposal_note(actor=world.secretary, proposal=pa)
    assert list(selectors.answers_to_note(world.secretary)) == [pb]
    assert_worklist_counts(world)
    # A declined item may be proposed again (to another plan, or the same one later).
    again = services.proposal_make(actor=world.secretary, item=b, to_plan=district)
    assert again.status == ProposalStatus.PENDING
    assert_worklist_counts(world)


def assert_worklist_counts(world: World) -> None:
    """The worklist's one-query counts equal the lists' counts, for every user of the world."""
    for user in (world.secretary, world.other_secretary, world.cdd_district, world.pwg, world.member):
        assert selectors.proposals_to_answer_count(user) == selectors.proposals_to_answer(user).count(), user
        assert selectors.answers_to_note_count(user) == selectors.answers_to_note(user).count(), user
        # Asked again, from the statements kept since (``core.prepared``) after the writes before: the same numbers.
        shared = (selectors.proposals_to_answer_count(user), selectors.answers_to_note_count(user))
        assert shared == (selectors.proposals_to_answer(user).count(), selectors.answers_to_note(user).count()), user
        items = {i.key: i.count for i in plans_worklist_items(user)}
        assert (items.get("plans.answer", 0), items.get("plans.answered", 0)) == shared, user


def test_a_proposal_goes_only_upward_to_a_plan_covering_the_area(world: World) -> None:
    lower = world.council_plan()
    item = world.item(lower)
    neighbour = world.council_plan(title="แผนตำบลบางตีนเป็ด", actor=world.other_secretary, owner=world.other_council)
    with pytest.raises(ValidationError, match="higher"):
        services.proposal_make(actor=world.secretary, item=item, to_plan=neighbour)
    district = world.district_plan()
    district_item = world.item(district, "x", actor=world.cdd_district)
    with pytest.raises(ValidationError, match="higher"):
        services.proposal_make(actor=world.cdd_district, item=district_item, to_plan=lower)


def test_coverage_counts_per_tambon(world: World) -> None:
    province = world.province_plan()
    own = world.item(province, "เศรษฐกิจฐานรากจังหวัด", actor=world.pwg)
    mine = world.council_plan()
    theirs = world.council_plan(title="แผนตำบลบางตีนเป็ด", actor=world.other_secretary, owner=world.other_council)
    answers = []
    for n in range(3):
        answers.append(services.proposal_make(actor=world.secretary, item=world.item(mine, f"ก{n}"), to_plan=province))
    for n in range(2):
        services.proposal_make(
            actor=world.other_secretary,
            item=world.item(theirs, f"ข{n}", actor=world.other_secretary),
            to_plan=province,
        )
    services.proposal_accept(actor=world.pwg, proposal=answers[0])
    services.proposal_merge(actor=world.pwg, proposal=answers[1], into_item=own)
    services.proposal_decline(actor=world.pwg, proposal=answers[2], reason="งบไม่พอ")
    cov = selectors.coverage(province)
    rows = {r.area.code: (r.proposed, r.accepted, r.merged, r.declined, r.pending) for r in cov.by_tambon if r.area}
    assert rows == {TAMBON: (3, 1, 1, 1, 0), OTHER_TAMBON: (2, 0, 0, 0, 2)}
    t = cov.totals
    assert (t.proposed, t.covered, t.pending) == (5, 2, 2)
    assert len(cov.pending) == 2 and len(cov.declined) == 1
    assert [p.pk for p in cov.by_item[own.pk]] == [answers[1].pk]
    accepted_item = answers[0].covering_item
    assert accepted_item is not None
    assert [p.pk for p in cov.by_item[accepted_item.pk]] == [answers[0].pk]
    assert selectors.unanswered_count(province) == 2


def test_target_households_are_counted_from_the_latest_round_and_follow_a_new_one(world: World) -> None:
    plan = world.council_plan()
    income = world.item(plan, "รายได้", dimension=DimensionCode.INCOME)
    anything = world.item(plan, "ทุกมิติ")
    assert selectors.target_households([income, anything]) == {}
    first = make_round("t-2565", 2565, {TAMBON: {"any": 300, "income": 214, "health": 40}})
    counts = selectors.target_households([income, anything])
    assert counts[income.pk].households == 214 and counts[income.pk].survey_round == first
    assert counts[anything.pk].households == 300
    make_round("t-2566", 2566, {TAMBON: {"any": 250, "income": 180}}, previous=first)
    counts = selectors.target_households([income, anything])
    assert (counts[income.pk].households, counts[anything.pk].households) == (180, 250)
    # Nothing is stored on the item: the count is read, never typed.
    income.refresh_from_db()
    assert not hasattr(income, "target_households")
