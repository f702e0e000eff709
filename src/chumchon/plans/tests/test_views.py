"""Plans pages: scoped lists, 404 outside scope, 403 for those who may read but not write, the
worklist both ways, export to Excel and the printable page, the menu entry."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from openpyxl import load_workbook

from chumchon.accounts.worklist import worklist_for
from chumchon.plans import services
from chumchon.plans.models import Plan, PlanProposal, ProposalStatus

from .conftest import TAMBON, World, make_round

pytestmark = pytest.mark.django_db


def _client(user: object) -> Client:
    c = Client()
    c.force_login(user)  # type: ignore[arg-type]
    return c


def test_lists_are_scoped_and_covering_plans_are_visible_from_below(world: World, make_user: object) -> None:
    mine = world.council_plan()
    theirs = world.council_plan(title="แผนตำบลบางตีนเป็ด", actor=world.other_secretary, owner=world.other_council)
    district = world.district_plan()
    page = _client(world.secretary).get("/plans/")
    listed = list(page.context["page"].object_list)
    assert mine in listed and district in listed and theirs not in listed
    assert _client(world.secretary).get(f"/plans/{theirs.pk}/").status_code == 404
    assert _client(world.secretary).get(f"/plans/{district.pk}/").status_code == 200
    assert _client(world.cdd_district).get(f"/plans/{theirs.pk}/").status_code == 200
    assert _client(world.secretary).get("/plans/999999/").status_code == 404


def test_readers_who_may_not_write_get_403_and_no_buttons(world: World) -> None:
    plan = world.council_plan()
    item = world.item(plan)
    member = _client(world.member)
    page = member.get(f"/plans/{plan.pk}/").content.decode()
    assert 'id="add-item"' not in page and 'id="export-plan"' in page
    assert member.get(f"/plans/{plan.pk}/items/new/").status_code == 403
    assert member.post(f"/plans/{plan.pk}/items/new/", {"title": "x"}).status_code == 403
    assert member.get(f"/plans/items/{item.pk}/edit/").status_code == 403
    assert member.post(f"/plans/items/{item.pk}/propose/", {}).status_code == 403
    assert member.get("/plans/new/").status_code == 403
    assert 'id="add-item"' in _client(world.secretary).get(f"/plans/{plan.pk}/").content.decode()


def test_writing_an_item_through_the_page(world: World) -> None:
    make_round("t-2566", 2566, {TAMBON: {"any": 300, "income": 214}})
    plan = world.council_plan()
    response = _client(world.secretary).post(
        f"/plans/{plan.pk}/items/new/",
        {
            "title": "ส่งเสริมอาชีพ",
            "dimension": "income",
            "budget_source": "local_government",
            "status": "planned",
            "budget_2567": "50000",
            "budget_2568": "",
            "indicator_name": "รายได้เพิ่มขึ้น",
            "indicator_baseline": "0",
            "target_2567": "10",
        },
    )
    assert response.status_code == 302
    item = plan.items.get()
    assert [(b.fiscal_year_be, b.amount) for b in item.budgets.all()] == [(2567, Decimal("50000.00"))]
    assert item.indicators.get().targets == {"2567": "10"}
    page = _client(world.secretary).get(f"/plans/items/{item.pk}/").content.decode()
    assert 'id="target-households"' in page and "214" in page


def test_the_worklist_both_ways_and_the_proposals_page(world: World) -> None:
    plan = world.council_plan()
    item = world.item(plan)
    district = world.district_plan()
    c = _client(world.secretary)
    assert c.post(f"/plans/items/{item.pk}/propose/", {"to_plan": district.pk, "note": "ขอบรรจุ"}).status_code == 302
    proposal = PlanProposal.objects.get()
    keys = {i.key: i for i in worklist_for(world.cdd_district)}
    assert keys["plans.answer"].count == 1 and "plans.answered" not in {i.key for i in worklist_for(world.secretary)}
    d = _client(world.cdd_district)
    listed = d.get(keys["plans.answer"].url)
    assert list(listed.context["page"].object_list) == [proposal]
    own = world.item(district, "งานของอำเภอ", actor=world.cdd_district)
    assert d.post(f"/plans/proposals/{proposal.pk}/answer/", {"answer": "merge"}).status_code == 200  # no item chosen
    assert (
        d.post(f"/plans/proposals/{proposal.pk}/answer/", {"answer": "merge", "into_item": own.pk}).status_code == 302
    )
    proposal.refresh_from_db()
    assert (proposal.status, proposal.covering_item) == (ProposalStatus.MERGED, own)
    assert "plans.answer" not in {i.key for i in worklist_for(world.cdd_district)}
    answered = {i.key: i for i in worklist_for(world.secretary)}["plans.answered"]
    assert answered.count == 1
    page = c.get(answered.url)
    assert list(page.context["page"].object_list) == [proposal]
    assert c.post(f"/plans/proposals/{proposal.pk}/note/", {"next": answered.url}).status_code == 302
    assert "plans.answered" not in {i.key for i in worklist_for(world.secretary)}
    # The secretary may not answer a proposal to the district's plan.
    assert c.get(f"/plans/proposals/{proposal.pk}/answer/").status_code == 403


def test_export_and_printable_page(world: World) -> None:
    plan = world.council_plan()
    world.item(plan, "ธนาคารขยะ", budgets={2567: Decimal("1000"), 2570: Decimal("2500.50")})
    c = _client(world.member)
    response = c.get(f"/plans/{plan.pk}/export/")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active  # type: ignore[attr-defined]
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:2] == ("ลำดับ", "ชื่อโครงการ/กิจกรรม") and "งบประมาณ 2570" in rows[0]
    assert rows[1][1] == "ธนาคารขยะ" and rows[1][-1] == 3500.5
    printable = c.get(f"/plans/{plan.pk}/print/").content.decode()
    assert "@media print" in printable and "ธนาคารขยะ" in printable and "2,500.50" in printable


def test_creating_a_plan_and_recording_a_version_through_the_pages(world: World) -> None:
    c = _client(world.secretary)
    form = c.get("/plans/new/")
    kinds = {k for k, _ in form.context["form"].fields["kind"].choices}
    assert "council_tambon" in kinds and "one_plan_tambon" not in kinds
    response = c.post(
        "/plans/new/",
        {
            "title": "แผนพัฒนาตำบลคลองนา",
            "kind": "council_tambon",
            "level": "tambon",
            "owner": world.council.pk,
            "area_code": TAMBON,
            "start_year_be": 2566,
            "end_year_be": 2570,
        },
    )
    assert response.status_code == 302
    plan = Plan.objects.get(title="แผนพัฒนาตำบลคลองนา")
    response = c.post(
        f"/plans/{plan.pk}/versions/new/",
        {"kind": "adoption", "adopted_on": "20/11/2565", "resolution_text": "มติที่ประชุม 3/2565"},
    )
    assert response.status_code == 302, response.content.decode()[-3000:]
    assert plan.versions.get().year_be == 2565
    assert services.version_record  # the page went through the service


def test_a_tambon_charter_with_its_rules(world: World) -> None:
    charter = services.charter_create(
        actor=world.secretary, body=world.council, title="ธรรมนูญตำบลคลองนา", rules=["คัดแยกขยะ", "งดเหล้าในงานศพ"]
    )
    assert [r.number for r in charter.rules.all()] == [1, 2]
    page = _client(world.member).get("/plans/")
    assert charter in page.context["charters"]
    text = _client(world.member).get(f"/plans/charters/{charter.pk}/").content.decode()
    assert "งดเหล้าในงานศพ" in text
    assert _client(world.other_secretary).get(f"/plans/charters/{charter.pk}/").status_code == 404
    with pytest.raises(PermissionDenied):
        services.charter_create(actor=world.member, body=world.council, title="x", rules=[])
    with pytest.raises(ValidationError):
        services.charter_create(actor=world.secretary, body=world.kbt, title="x", rules=[])
