"""/api/plans, /api/projects, /api/budgets, /api/meetings: reads narrowed to the caller's scope (out of
scope 404), and each write the pages make — once done by who may, once refused (403, or 404 out of
scope, or 409 when the state does not allow it) leaving nothing changed. The rules are the services';
these tests show the API reaches them and translates their answers."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from chumchon.accounts.models import Role
from chumchon.audit.models import AuditEvent
from chumchon.meetings.models import Resolution
from chumchon.organizations.models import BodyKind
from chumchon.plans.models import PlanItem, PlanProposal, ProposalStatus
from chumchon.plans.tests import conftest as plan_fixtures
from chumchon.projects.models import Project
from chumchon.projects.tests import conftest as project_fixtures

pytestmark = pytest.mark.django_db


def _fixture(f: Any) -> Any:
    """The function behind another app's fixture (its conftest is not visible from here)."""
    return f._get_wrapped_function() if hasattr(f, "_get_wrapped_function") else f


@pytest.fixture
def plans_world(make_user: Any) -> plan_fixtures.World:
    return _fixture(plan_fixtures.world)(make_user)


@pytest.fixture
def pw(make_user: Any) -> project_fixtures.World:
    return _fixture(project_fixtures.world)(make_user)


def client(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


def post(user: Any, url: str, body: dict[str, Any] | None = None) -> Any:
    return client(user).post(url, data=json.dumps(body or {}), content_type="application/json")


def patch(user: Any, url: str, body: dict[str, Any]) -> Any:
    return client(user).patch(url, data=json.dumps(body), content_type="application/json")


def bilingual_detail(r: Any) -> str:
    detail = r.json()["detail"]
    assert " / " in detail, detail
    return str(detail)


# ---------------------------------------------------------------------------------------------
# Plans


def test_plans_read_in_scope_filtered_and_404_outside(plans_world: Any) -> None:
    w = plans_world
    plan = w.council_plan()
    w.item(plan)
    own = client(w.secretary).get("/api/plans").json()
    assert [p["id"] for p in own["items"]] == [plan.pk] and own["items"][0]["area_code"] == "240104"
    assert client(w.secretary).get("/api/plans?fiscal_year=2567").json()["count"] == 1
    assert client(w.secretary).get("/api/plans?fiscal_year=2590").json()["count"] == 0
    assert client(w.secretary).get("/api/plans?area_code=240105").json()["count"] == 0
    detail = client(w.secretary).get(f"/api/plans/{plan.pk}").json()
    assert detail["can_write"] is True and detail["item_count"] == 1
    by_year = {b["fiscal_year_be"]: Decimal(b["amount"]) for b in detail["budget_by_year"]}
    assert by_year[2567] == 50000 and by_year[2568] == 30000 and sum(by_year.values()) == 80000
    items = client(w.secretary).get(f"/api/plans/{plan.pk}/items").json()["items"]
    assert items[0]["budgets"][0] == {"fiscal_year_be": 2567, "amount": "50000.00"}
    # The neighbouring tambon's secretary does not see it: 404 as for a missing plan, and not listed.
    assert client(w.other_secretary).get(f"/api/plans/{plan.pk}").status_code == 404
    assert client(w.other_secretary).get(f"/api/plans/items/{items[0]['id']}").status_code == 404
    assert client(w.other_secretary).get("/api/plans").json()["count"] == 0


def test_plan_create_by_the_owner_side_and_refused_for_another_body(plans_world: Any) -> None:
    w = plans_world
    body = {
        "title": "แผนพัฒนาตำบลคลองนา 2567",
        "level": "tambon",
        "kind": "council_tambon",
        "owner_id": w.council.pk,
        "start_year_be": 2567,
        "end_year_be": 2570,
    }
    r = post(w.secretary, "/api/plans", body)
    assert r.status_code == 201, r.content
    assert r.json()["area_code"] == "240104" and r.json()["status"] == "draft"
    before = AuditEvent.objects.count()
    r = post(w.other_secretary, "/api/plans", body)
    assert r.status_code == 403
    bilingual_detail(r)
    r = post(w.secretary, "/api/plans", {**body, "end_year_be": 2560})  # the service's rule: 400, its words
    assert r.status_code == 400 and "B.E." in bilingual_detail(r)
    assert AuditEvent.objects.count() == before


def test_plan_items_add_and_edit_by_the_writer_refused_to_a_member(plans_world: Any) -> None:
    w = plans_world
    plan = w.council_plan()
    item_body = {
        "title": "ส่งเสริมอาชีพ",
        "budgets": {"2567": "1000.50"},
        "indicators": [{"name": "รายได้", "unit": "บาท", "targets": {"2567": "5000"}}],
    }
    r = post(w.secretary, f"/api/plans/{plan.pk}/items", item_body)
    assert r.status_code == 201, r.content
    item = r.json()
    assert item["budgets"] == [{"fiscal_year_be": 2567, "amount": "1000.50"}]
    assert {k: Decimal(v) for k, v in item["indicators"][0]["targets"].items()} == {"2567": 5000}
    # A council member sees the plan but does not write it: 403 with the reason; nothing added.
    r = post(w.member, f"/api/plans/{plan.pk}/items", item_body)
    assert r.status_code == 403 and "may not write" in bilingual_detail(r)
    assert PlanItem.objects.filter(plan=plan).count() == 1
    r = patch(w.secretary, f"/api/plans/items/{item['id']}", {"title": "ส่งเสริมอาชีพเลี้ยงไก่", "status": "done"})
    assert r.status_code == 200, r.content
    assert r.json()["title"] == "ส่งเสริมอาชีพเลี้ยงไก่" and r.json()["budgets"][0]["amount"] == "1000.50"
    r = patch(w.member, f"/api/plans/items/{item['id']}", {"title": "x"})
    assert r.status_code == 403
    r = patch(w.secretary, f"/api/plans/items/{item['id']}", {"budgets": {"2590": "5"}})  # outside the period
    assert r.status_code == 400
    assert PlanItem.objects.get(pk=item["id"]).title == "ส่งเสริมอาชีพเลี้ยงไก่"
    for raw in ("[]", "1", "null"):
        r = client(w.secretary).patch(f"/api/plans/items/{item['id']}", data=raw, content_type="application/json")
        assert r.status_code == 422


def test_plan_versions_and_upward_proposals(plans_world: Any) -> None:
    w = plans_world
    plan = w.council_plan()
    item = w.item(plan)
    district = w.district_plan()
    version = {"kind": "adoption", "adopted_on": "2023-09-01", "resolution_text": "มติที่ประชุม 1/2566"}
    assert post(w.member, f"/api/plans/{plan.pk}/versions", version).status_code == 403
    r = post(w.secretary, f"/api/plans/{plan.pk}/versions", version)
    assert r.status_code == 201, r.content
    assert r.json()["sequence"] == 1 and r.json()["changes"]
    assert len(client(w.member).get(f"/api/plans/{plan.pk}/versions").json()) == 1
    # Propose the item up to the district plan; the district answers; the tambon notes the answer.
    assert post(w.member, f"/api/plans/items/{item.pk}/proposals", {"to_plan_id": district.pk}).status_code == 403
    r = post(w.secretary, f"/api/plans/items/{item.pk}/proposals", {"to_plan_id": district.pk, "note": "ขอบรรจุ"})
    assert r.status_code == 201, r.content
    proposal_id = r.json()["id"]
    assert post(w.secretary, f"/api/plans/items/{item.pk}/proposals", {"to_plan_id": district.pk}).status_code == 400
    waiting = client(w.cdd_district).get("/api/plans/proposals").json()
    assert [p["id"] for p in waiting["items"]] == [proposal_id]
    r = post(w.secretary, f"/api/plans/proposals/{proposal_id}/answer", {"answer": "accept"})
    assert r.status_code == 403  # the tambon does not write the district's plan
    r = post(w.cdd_district, f"/api/plans/proposals/{proposal_id}/answer", {"answer": "accept", "reason": "ตรง"})
    assert r.status_code == 200, r.content
    assert r.json()["status"] == ProposalStatus.ACCEPTED and r.json()["covering_item_id"]
    r = post(w.cdd_district, f"/api/plans/proposals/{proposal_id}/answer", {"answer": "decline", "reason": "x"})
    assert r.status_code == 409 and "already been answered" in bilingual_detail(r)
    assert post(w.cdd_district, f"/api/plans/proposals/{proposal_id}/note").status_code == 403
    r = post(w.secretary, f"/api/plans/proposals/{proposal_id}/note")
    assert r.status_code == 200 and r.json()["answer_noted_at"]
    assert PlanProposal.objects.get(pk=proposal_id).status == ProposalStatus.ACCEPTED


def test_plan_item_tags_accept_and_remove(plans_world: Any) -> None:
    from chumchon.plans.strategy import selectors as strategy_selectors
    from chumchon.plans.strategy.services import catalogues_load

    catalogues_load()
    w = plans_world
    item = w.item(w.council_plan())
    entry = strategy_selectors.current_entries().first()
    assert entry is not None
    assert post(w.member, f"/api/plans/items/{item.pk}/tags", {"entry_id": entry.pk}).status_code == 403
    r = post(
        w.secretary, f"/api/plans/items/{item.pk}/suggestions", {"entry_id": entry.pk, "accept": True, "score": 0.5}
    )
    assert r.status_code == 200, r.content
    tags = r.json()
    assert [t["entry_id"] for t in tags] == [entry.pk] and tags[0]["origin"] == "suggestion"
    assert client(w.member).delete(f"/api/plans/items/{item.pk}/tags/{tags[0]['id']}").status_code == 403
    assert client(w.secretary).delete(f"/api/plans/items/{item.pk}/tags/{tags[0]['id']}").status_code == 204
    assert client(w.secretary).get(f"/api/plans/items/{item.pk}/tags").json() == []
    r = post(w.secretary, f"/api/plans/items/{item.pk}/tags", {"entry_id": entry.pk})
    assert r.status_code == 201 and r.json()["origin"] == "manual"


# ---------------------------------------------------------------------------------------------
# Projects


def _resolution(body: Any) -> Resolution:
    """A resolution of a meeting held outside the system (its minutes are the meetings app's business)."""
    return Resolution.objects.create(
        body=body, is_external=True, meeting_date=dt.date(2022, 3, 15), number="3/2565", text="อนุมัติ"
    )


def test_project_life_cycle_through_the_api_each_step_refused_to_the_wrong_role(pw: Any) -> None:
    w = pw
    base = {
        "programme_id": w.programme.pk,
        "area_code": "240104",
        "proposer_id": w.council.pk,
        "title_th": "โครงการพัฒนาอาชีพ",
    }
    assert post(w.other_secretary, "/api/projects", base).status_code == 403  # not their body
    assert post(w.member, "/api/projects", base).status_code == 403  # may not propose
    r = post(w.secretary, "/api/projects", base)
    assert r.status_code == 201, r.content
    pid = r.json()["id"]
    url = f"/api/projects/{pid}"
    assert r.json()["status"] == "draft" and r.json()["editable"] is True and r.json()["fiscal_year"] == 2565
    # Parts of the proposal.
    assert post(w.member, f"{url}/lines", {"item": "ค่าวัสดุ", "amount": "100"}).status_code == 403
    r = post(w.secretary, f"{url}/lines", {"item": "ค่าวัสดุ", "amount": "100000"})
    assert r.status_code == 201 and r.json()["amount"] == "100000.00"
    extra = post(w.secretary, f"{url}/lines", {"item": "ค่าอาหาร", "amount": "5"}).json()
    assert client(w.member).delete(f"{url}/lines/{extra['id']}").status_code == 403
    assert client(w.secretary).delete(f"{url}/lines/{extra['id']}").status_code == 204
    ind = post(w.secretary, f"{url}/indicators", {"name": "รายได้เพิ่ม", "target": "20"})
    act = post(w.secretary, f"{url}/activities", {"name": "อบรม", "weight": "1"})
    cof = post(w.secretary, f"{url}/co-funding", {"source": "local_government", "amount": "1000"})
    assert (ind.status_code, act.status_code, cof.status_code) == (201, 201, 201), cof.content
    assert patch(w.secretary, url, {"target_households": 30}).json()["target_households"] == 30
    assert patch(w.member, url, {"target_households": 1}).status_code == 403
    # Transitions: each by its role, the wrong role refused, a repeated one a conflict.
    assert post(w.member, f"{url}/submit").status_code == 403
    assert post(w.secretary, f"{url}/submit", {"comment": "ส่ง"}).json()["status"] == "submitted"
    r = post(w.secretary, f"{url}/submit")
    assert r.status_code == 409
    bilingual_detail(r)
    assert post(w.secretary, f"{url}/screen").status_code == 403
    assert post(w.screener, f"{url}/screen").json()["status"] == "screened"
    resolution = _resolution(w.cluster_wg)
    decision = {"resolution_id": resolution.pk, "approved_amount": "90000"}
    # The provincial screener may not decide (403), nor read the cluster's resolution (404, as missing).
    assert post(w.staff, f"{url}/approve", decision).status_code == 403
    assert post(w.screener, f"{url}/approve", decision).status_code == 404
    state = project_fixtures.state(Project.objects.get(pk=pid))
    assert post(w.outside_approver, f"{url}/approve", decision).status_code == 404  # out of scope
    assert project_fixtures.state(Project.objects.get(pk=pid)) == state
    r = post(w.approver, f"{url}/approve", decision)
    assert r.status_code == 200, r.content
    assert r.json()["status"] == "approved" and r.json()["approved_amount"] == "90000.00"
    assert r.json()["approval_resolution_id"] == resolution.pk
    assert post(w.secretary, f"{url}/sign", {"agreement_number": "สญ.1"}).status_code == 403
    assert post(w.staff, f"{url}/sign", {"agreement_number": "สญ.1", "signed_on": "2022-04-01"}).status_code == 200
    assert post(w.secretary, f"{url}/disburse", {"amount": "40000"}).status_code == 403
    r = post(w.staff, f"{url}/disburse", {"amount": "95000"})  # more than approved
    assert r.status_code == 409
    bilingual_detail(r)
    r = post(w.staff, f"{url}/disburse", {"amount": "40000"})
    assert r.status_code == 200 and r.json()["disbursed_amount"] == "40000.00"
    assert r.json()["tranches"][0]["amount"] == "40000.00"
    report = {"progress_pct": "50", "spent_amount": "20000", "indicator_values": {str(ind.json()["id"]): "10"}}
    assert post(w.staff, f"{url}/reports", {**report, "spent_amount": "1"}).status_code == 403
    r = post(w.secretary, f"{url}/reports", report)
    assert r.status_code == 201, r.content
    assert r.json()["indicator_values"] == {str(ind.json()["id"]): "10"}
    assert len(client(w.member).get(f"{url}/reports").json()) == 1
    assert post(w.secretary, f"{url}/close").status_code == 403
    assert [e["action"] for e in client(w.member).get(f"{url}/timeline").json()][:2] == ["create", "submit"]


def test_project_return_reject_cancel_and_list_filters(pw: Any) -> None:
    w = pw
    first = w.to_screened(w.project())
    second = w.to_screened(w.project(title_th="โครงการที่สอง"))
    third = w.project(title_th="โครงการที่สาม")
    assert post(w.secretary, f"/api/projects/{first.pk}/return", {"reasons": "แก้"}).status_code == 403
    r = post(w.screener, f"/api/projects/{first.pk}/return", {"reasons": "แก้งบประมาณ"})
    assert r.status_code == 200 and r.json()["status"] == "returned"
    assert post(w.screener, f"/api/projects/{first.pk}/return", {"reasons": ""}).status_code == 422
    resolution = _resolution(w.cluster_wg)
    r = post(w.approver, f"/api/projects/{second.pk}/reject", {"resolution_id": resolution.pk, "comment": "ซ้ำ"})
    assert r.status_code == 200 and r.json()["status"] == "rejected"
    assert post(w.member, f"/api/projects/{third.pk}/cancel", {"reasons": "x"}).status_code == 403
    assert post(w.secretary, f"/api/projects/{third.pk}/cancel", {"reasons": "ไม่ทำแล้ว"}).json()["status"] == "cancelled"
    c = client(w.member)
    assert c.get("/api/projects?status=rejected").json()["count"] == 1
    assert c.get("/api/projects?fiscal_year=2565&area_code=2401").json()["count"] == 3
    assert c.get("/api/projects?fiscal_year=2566").json()["count"] == 0
    assert c.get("/api/projects?q=ที่สาม").json()["items"][0]["id"] == third.pk
    # Outside the scope: not listed, and 404 as for a missing project.
    assert client(w.outside_screener).get("/api/projects").json()["count"] == 0
    assert client(w.outside_screener).get(f"/api/projects/{third.pk}").status_code == 404
    assert (
        client(w.outside_screener)
        .patch(f"/api/projects/{third.pk}", data=json.dumps({"title_th": "x"}), content_type="application/json")
        .status_code
        == 404
    )


# ---------------------------------------------------------------------------------------------
# Budgets


def test_budget_programmes_and_balances_in_scope(pw: Any, make_user: Any) -> None:
    w = pw
    rows = client(w.secretary).get("/api/budgets/programmes?fiscal_year=2565").json()["items"]
    econ = next(r for r in rows if r["code"] == "ECON")
    assert econ["totals"]["allocated"] == "500000.00" and econ["totals"]["remaining"] == "500000.00"
    detail = client(w.secretary).get(f"/api/budgets/programmes/{w.programme.pk}").json()
    assert [p["code"] for p in detail["provinces"]] == ["24"]
    assert detail["approval_rules"][0]["approver_body_kind"] == BodyKind.CLUSTER_WORKING_GROUP
    balances = client(w.staff).get("/api/budgets/balances?fiscal_year=2565&group_by=region").json()
    assert [b["code"] for b in balances] == ["R5"] and balances[0]["totals"]["allocated"] == "2500000.00"
    # Someone whose provinces hold none of this money sees zero; someone with no budget scope, 404.
    other = client(w.outside_screener).get(f"/api/budgets/programmes/{w.programme.pk}").json()
    assert other["provinces"] == [] and other["totals"]["allocated"] == "0.00"
    nobody = make_user(None)
    assert client(nobody).get(f"/api/budgets/programmes/{w.programme.pk}").status_code == 404
    assert client(nobody).get("/api/budgets/programmes").json() == {"items": [], "count": 0}


def test_programme_indicator_and_reallocation_writes(pw: Any, make_user: Any) -> None:
    w = pw
    admin = make_user(Role.NATIONAL_ADMIN, nation=True)
    indicator = {"code": "inc", "name_th": "รายได้", "target": "100", "aggregation": "sum"}
    url = f"/api/budgets/programmes/{w.programme.pk}/indicators"
    assert post(w.staff, url, indicator).status_code == 403
    r = post(admin, url, indicator)
    assert r.status_code == 200 and r.json()["code"] == "INC"
    project_fixtures.allocate(w.programme, "25", Decimal("100"))
    body = project_fixtures.make_body(BodyKind.CODI_REGIONAL_SUBCOMMITTEE, region="R5", name="คณะอนุกรรมการภาค 5")
    move = {
        "body_id": body.pk,
        "meeting_date": "2022-09-23",
        "number": "2/2565",
        "text": "โอนจัดสรร",
        "from_province": "24",
        "to_province": "25",
        "amount": "1000",
    }
    url = f"/api/budgets/programmes/{w.programme.pk}/reallocate"
    before = Resolution.objects.count()
    assert post(w.secretary, url, move).status_code == 404  # the regional committee is outside their scope
    assert post(w.staff, url, move).status_code == 403  # sees it, may not decide by it
    assert Resolution.objects.count() == before  # the resolution is not kept when the move is refused
    adopter = make_user(Role.REGIONAL_SUBCOMMITTEE_MEMBER, region="R5")
    r = post(adopter, url, move)
    assert r.status_code == 200, r.content
    assert {b["code"]: b["totals"]["allocated"] for b in r.json()} == {"24": "499000.00", "25": "1100.00"}
    r = post(adopter, url, {**move, "amount": "99999999"})
    assert r.status_code == 409  # not enough money left in the province
    bilingual_detail(r)


# ---------------------------------------------------------------------------------------------
# Meetings


def test_committee_seats_meetings_attendance_and_resolutions(pw: Any, make_user: Any) -> None:
    w = pw
    committee = w.cluster_wg
    url = f"/api/meetings/committees/{committee.pk}"
    seat = {"person_name": "นางสมศรี ใจดี", "position": "chair", "represents": "movement", "starts_on": "2022-01-01"}
    assert post(w.approver, f"{url}/members", seat).status_code == 403
    r = post(w.staff, f"{url}/members", seat)
    assert r.status_code == 201, r.content
    chair = r.json()["id"]
    second = post(w.staff, f"{url}/members", {**seat, "person_name": "นายมานะ", "position": "member"}).json()["id"]
    detail = client(w.approver).get(f"{url}?on=2022-03-01").json()
    assert [m["person_name"] for m in detail["members"]] == ["นางสมศรี ใจดี", "นายมานะ"]
    assert detail["can_minute"] is False and client(w.staff).get(url).json()["can_minute"] is True
    sitting = {"held_on": "2022-03-15", "place": "ศาลากลาง", "agenda": ["รับรองรายงาน", "พิจารณาโครงการ"]}
    assert post(w.approver, f"{url}/meetings", sitting).status_code == 403
    r = post(w.staff, f"{url}/meetings", sitting)
    assert r.status_code == 201, r.content
    meeting = r.json()
    assert meeting["agenda"] == ["รับรองรายงาน", "พิจารณาโครงการ"] and meeting["fiscal_year"] == 2565
    murl = f"/api/meetings/{meeting['id']}"
    r = post(w.staff, f"{murl}/resolutions", {"text": "อนุมัติ"})
    assert r.status_code == 400 and "attendance" in bilingual_detail(r)  # attendance first
    assert post(w.approver, f"{murl}/attendance", {"present": [chair, second]}).status_code == 403
    quorum = post(w.staff, f"{murl}/attendance", {"present": [chair, second]}).json()
    assert quorum["met"] is True and quorum["present"] == 2
    r = post(w.staff, f"{murl}/resolutions", {"text": "อนุมัติโครงการ"})
    assert r.status_code == 201 and r.json()["meeting_id"] == meeting["id"]
    resolution_id = r.json()["id"]
    assert client(w.approver).get(murl).json()["resolutions"][0]["id"] == resolution_id
    assert client(w.approver).get("/api/meetings?fiscal_year=2565").json()["count"] == 1
    assert client(w.approver).get("/api/meetings?area_code=50").json()["count"] == 0
    # Outside the committee's scope: 404 for its page and its meeting.
    assert client(w.outside_approver).get(url).status_code == 404
    assert client(w.outside_approver).get(murl).status_code == 404
    assert post(w.outside_approver, f"{murl}/attendance", {"present": []}).status_code == 404
    assert [r["id"] for r in client(w.approver).get(f"{url}/resolutions").json()["items"]] == [resolution_id]


def test_project_close_after_the_final_report_and_reject_refused_to_who_may_not_decide(pw: Any) -> None:
    w = pw
    running = w.to_in_progress(w.project(), tranche="100000")
    url = f"/api/projects/{running.pk}"
    r = post(w.staff, f"{url}/close")
    assert r.status_code == 400  # the service's rule: a final report first
    bilingual_detail(r)
    final = {"progress_pct": "100", "spent_amount": "100000", "is_final": True}
    assert post(w.secretary, f"{url}/reports", final).status_code == 201
    assert post(w.secretary, f"{url}/close").status_code == 403
    r = post(w.staff, f"{url}/close", {"comment": "เสร็จตามแผน"})
    assert r.status_code == 200, r.content
    assert r.json()["status"] == "closed" and r.json()["transitions"] == []
    screened = w.to_screened(w.project(title_th="โครงการรอพิจารณา"))
    resolution = _resolution(w.cluster_wg)
    before = project_fixtures.state(screened)
    r = post(w.staff, f"/api/projects/{screened.pk}/reject", {"resolution_id": resolution.pk, "comment": "ไม่"})
    assert r.status_code == 403
    assert project_fixtures.state(screened) == before


# ---------------------------------------------------------------------------------------------
# Allocation scenarios, delegation and term extension


@pytest.fixture
def money(make_user: Any) -> Any:
    from chumchon.budgets.tests import conftest as budget_fixtures

    return _fixture(budget_fixtures.money)(make_user)


def test_allocation_scenario_and_its_adoption_by_a_resolution(money: Any) -> None:
    m = money
    scenario = {"name": "สูตรเท่ากัน", "scope_kind": "region", "scope_code": "r5", "total": "1000000", "base": "1"}
    url = f"/api/budgets/programmes/{m.programme.pk}/allocations"
    assert post(m.proposer, url, scenario).status_code == 403
    r = post(m.staff, url, scenario)
    assert r.status_code == 201, r.content
    allocation = r.json()
    assert allocation["status"] == "draft" and allocation["scope_code"] == "R5"
    lines = client(m.staff).get(f"/api/budgets/allocations/{allocation['id']}/lines?level=province").json()
    assert lines["count"] > 1 and sum(Decimal(x["amount"]) for x in lines["items"]) == Decimal("1000000")
    assert post(m.staff, url, {**scenario, "scope_code": "R99"}).status_code == 400
    assert [a["id"] for a in client(m.staff).get(url).json()] == [allocation["id"]]
    adopt = {"body_id": m.regional.pk, "meeting_date": "2022-09-23", "number": "1/2565", "text": "รับรองการจัดสรร"}
    before = Resolution.objects.count()
    assert post(m.staff, f"/api/budgets/allocations/{allocation['id']}/adopt", adopt).status_code == 403
    assert Resolution.objects.count() == before
    r = post(m.adopter, f"/api/budgets/allocations/{allocation['id']}/adopt", adopt)
    assert r.status_code == 200, r.content
    assert r.json()["status"] == "adopted" and r.json()["resolution_id"]
    r = post(m.adopter, f"/api/budgets/allocations/{allocation['id']}/adopt", adopt)
    assert r.status_code == 409
    bilingual_detail(r)
    # Outside the scenario's provinces it is not found.
    assert client(m.outsider).get(f"/api/budgets/allocations/{allocation['id']}").status_code == 404


def test_delegation_and_term_extension_by_a_resolution(pw: Any) -> None:
    from chumchon.budgets.models import ApprovalRule, Programme
    from chumchon.meetings.models import Delegation, TermExtension

    w = pw
    Programme.objects.filter(pk__in=[w.programme.pk, w.housing.pk]).update(fiscal_year=2564)
    fy65 = Programme.objects.create(code="ECON65", fiscal_year=2565, name_th="ECON65", kind="economy")
    ApprovalRule.objects.create(
        programme=fy65,
        approver_body_kind=BodyKind.CODI_REGIONAL_SUBCOMMITTEE,
        approver_role=Role.REGIONAL_SUBCOMMITTEE_MEMBER,
    )
    regional = project_fixtures.make_body(BodyKind.CODI_REGIONAL_SUBCOMMITTEE, region="R5", name="คณะอนุกรรมการภาค")
    regional.term_ends_on = dt.date(2022, 9, 30)
    regional.save()
    review = project_fixtures.make_body(BodyKind.PROJECT_REVIEW_WORKING_GROUP, region="R5", name="คณะทำงานพิจารณา")
    url = f"/api/meetings/committees/{regional.pk}"
    seats = [
        post(
            w.staff,
            f"{url}/members",
            {"person_name": f"กรรมการ {i}", "represents": "movement", "starts_on": "2020-10-01"},
        ).json()["id"]
        for i in range(3)
    ]
    meeting = post(w.staff, f"{url}/meetings", {"held_on": "2021-11-10", "place": "ห้องประชุม"}).json()
    post(w.staff, f"/api/meetings/{meeting['id']}/attendance", {"present": seats})
    resolution = post(w.staff, f"/api/meetings/{meeting['id']}/resolutions", {"text": "มอบอำนาจและขยายวาระ"}).json()
    delegation = {"power": "approve_ordinary", "to_body_id": review.pk, "scope": "R5", "fiscal_year": 2565}
    durl = f"/api/meetings/resolutions/{resolution['id']}/delegations"
    assert post(w.approver, durl, delegation).status_code == 404  # a cluster's member: not their committee
    assert post(w.housing_approver, durl, delegation).status_code == 403  # sees the committee, does not minute it
    assert post(w.staff, durl, {**delegation, "scope": "C01"}).status_code == 400  # beyond its authority
    r = post(w.staff, durl, delegation)
    assert r.status_code == 201, r.content
    assert (r.json()["scope_kind"], r.json()["scope_code"], r.json()["to_body_id"]) == ("region", "R5", review.pk)
    assert [d["id"] for d in client(w.housing_approver).get(f"{url}/delegations").json()] == [r.json()["id"]]
    extension = {"resolution_id": resolution["id"], "new_end": "2022-11-30"}
    assert post(w.housing_approver, f"{url}/term-extensions", extension).status_code == 403
    r = post(w.staff, f"{url}/term-extensions", extension)
    assert r.status_code == 201, r.content
    assert (r.json()["previous_end"], r.json()["new_end"]) == ("2022-09-30", "2022-11-30")
    assert post(w.staff, f"{url}/term-extensions", {**extension, "new_end": "2022-11-01"}).status_code == 400
    assert Delegation.objects.count() == 1 and TermExtension.objects.count() == 1


def test_schema_names_are_unique_across_the_api_modules() -> None:
    """The OpenAPI schema names a component by its class name: two modules' ``IndicatorIn`` shared one
    (plan items were documented with the projects' indicator and Schemathesis's valid bodies refused)."""
    import importlib
    import inspect
    import pkgutil

    from ninja import Schema

    import chumchon.api as package

    seen: dict[str, str] = {}
    for info in pkgutil.iter_modules(package.__path__):
        if info.ispkg:
            continue
        module = importlib.import_module(f"chumchon.api.{info.name}")
        for name, cls in vars(module).items():
            if inspect.isclass(cls) and issubclass(cls, Schema) and cls.__module__ == module.__name__:
                assert name not in seen, f"{name} is defined in {seen[name]} and {module.__name__}"
                seen[name] = module.__name__
    components = Client().get("/api/openapi.json").json()["components"]["schemas"]
    assert "PlanIndicatorIn" in components and "ProjectIndicatorIn" in components
    assert "target" not in components["PlanIndicatorIn"]["properties"]


def test_every_write_documents_the_state_conflict() -> None:
    """A refusal because of a record's state answers 409 in every module (``core.errors``), so every
    write operation documents it."""
    paths = Client().get("/api/openapi.json").json()["paths"]
    writes = [
        (method.upper(), path, op)
        for path, ops in paths.items()
        for method, op in ops.items()
        if method in ("post", "put", "patch", "delete") and not path.startswith("/api/public")
    ]
    assert len(writes) > 80
    undocumented = [f"{m} {p}" for m, p, op in writes if "409" not in op["responses"]]
    assert not undocumented, undocumented
