"""The API over organisations, community capital, relief, reports, target lists and the Logbook: each
write the pages offer, once allowed and once refused (scope or role), through the same services; reads
of personal data recorded in the audit trail as the pages record them; national IDs masked."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from chumchon.accounts.models import Role
from chumchon.areas.models import Area
from chumchon.audit.models import AuditEvent
from chumchon.capital.models import CapitalEntry
from chumchon.core.models import Job
from chumchon.core.national_id import format_national_id, mask_national_id
from chumchon.organizations.models import Body, BodyKind, BodyLeader, WelfareFundYear
from chumchon.poverty.models import AssistanceRecord, Case, CaseStatus, FieldAddition
from chumchon.poverty.tests import logbook_data
from chumchon.poverty.tests.logbook_data import fast_passwords  # noqa: F401 (autouse fixture)
from chumchon.relief.models import Campaign, Contribution, HouseholdHelped

pytestmark = pytest.mark.django_db
TODAY = dt.date.today().isoformat()
VALID_ID = logbook_data.national_id(4242)


def _client(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


def _post(c: Client, url: str, data: Any) -> Any:
    return c.post(url, data=json.dumps(data), content_type="application/json")


def _patch(c: Client, url: str, data: Any) -> Any:
    return c.patch(url, data=json.dumps(data), content_type="application/json")


def _bilingual(r: Any) -> str:
    detail = r.json()["detail"]
    assert " / " in detail, detail
    return str(detail)


# --- Bodies, leaders, welfare funds


def test_body_create_in_scope_and_refused_outside(make_user: Any) -> None:
    secretary = _client(make_user(Role.TAMBON_COUNCIL_SECRETARY, area="240104"))
    new = {"kind": BodyKind.COMMUNITY_ORGANISATION, "name_th": "กลุ่มออมทรัพย์คลองนา", "area_code": "240104"}
    r = _post(secretary, "/api/bodies", new)
    assert r.status_code == 201, r.content
    assert r.json()["area_code"] == "240104" and r.json()["status"] == "active"
    assert Body.objects.filter(name_th="กลุ่มออมทรัพย์คลองนา").count() == 1
    assert AuditEvent.objects.filter(model_label="organizations.body", action="create").count() == 1
    # Outside the secretary's tambon: refused by the service, nothing made.
    r = _post(secretary, "/api/bodies", {**new, "name_th": "นอกพื้นที่", "area_code": "240105"})
    assert r.status_code == 403
    _bilingual(r)
    assert not Body.objects.filter(name_th="นอกพื้นที่").exists()
    # An unknown area is a 400 naming the field; a member (no ORG_EDIT) is refused.
    r = _post(secretary, "/api/bodies", {**new, "area_code": "99999999"})
    assert r.status_code == 400 and r.json()["errors"][0]["field"] == "area_code"
    member = _client(make_user(Role.TAMBON_COUNCIL_MEMBER, area="240104"))
    assert _post(member, "/api/bodies", {**new, "name_th": "x"}).status_code == 403
    listed = secretary.get("/api/bodies", {"area_code": "240104"}).json()
    assert [b["name_th"] for b in listed["items"]] == ["กลุ่มออมทรัพย์คลองนา"]


def test_leaders_masked_ids_logged_reads_and_refusals(make_user: Any) -> None:
    body = Body.objects.create(
        kind=BodyKind.COMMUNITY_ORGANISATION, name_th="กลุ่มทดสอบ", area=Area.objects.get(code="240104")
    )
    secretary = _client(make_user(Role.TAMBON_COUNCIL_SECRETARY, area="240104"))
    url = f"/api/bodies/{body.pk}/leaders"
    r = _post(secretary, url, {"position": "chair", "name": "นายประธาน ใจดี", "national_id": VALID_ID})
    assert r.status_code == 201, r.content
    # The secretary may not see IDs in clear: masked, and no read in clear recorded.
    assert r.json()["national_id"] == mask_national_id(VALID_ID)
    assert VALID_ID not in r.content.decode()
    r = _post(secretary, url, {"position": "chair", "name": "x", "national_id": "1234567890123"})
    assert r.status_code == 400
    _bilingual(r)
    # A district officer holds PERSON_VIEW_ID: the ID in clear, and the read is in the audit trail.
    officer = _client(make_user(Role.CDD_DISTRICT_OFFICER, area="2401"))
    before = AuditEvent.objects.filter(action="view", personal_data=True, model_label="organizations.body").count()
    rows = officer.get(url).json()
    assert rows[0]["national_id"] == format_national_id(VALID_ID)
    assert (
        AuditEvent.objects.filter(action="view", personal_data=True, model_label="organizations.body").count()
        == before + 1
    )
    # The officer may not change the body (no ORG_EDIT): 403; out of scope: 404.
    leader = BodyLeader.objects.get(body=body)
    assert officer.delete(f"{url}/{leader.pk}").status_code == 403
    outsider = _client(make_user(Role.TAMBON_COUNCIL_SECRETARY, area="250101"))
    assert outsider.get(url).status_code == 404
    assert outsider.delete(f"{url}/{leader.pk}").status_code == 404
    assert secretary.delete(f"{url}/{leader.pk}").status_code == 204
    assert not BodyLeader.objects.filter(body=body).exists()


def test_welfare_year_and_benefits(make_user: Any) -> None:
    fund = Body.objects.create(
        kind=BodyKind.WELFARE_FUND, name_th="กองทุนสวัสดิการคลองนา", area=Area.objects.get(code="240104")
    )
    committee = _client(make_user(Role.WELFARE_FUND_COMMITTEE, area="240104"))
    year = {"year": 2568, "members_18_59": 100, "opening_balance": "1000.00", "contributions": "36500"}
    r = _post(committee, f"/api/bodies/{fund.pk}/welfare-years", year)
    assert r.status_code == 200, r.content
    assert Decimal(r.json()["contributions"]) == Decimal("36500")
    benefit = {"year": 2568, "kind": "birth", "amount": "500", "recipients": 2, "paid_on": TODAY}
    r = _post(committee, f"/api/bodies/{fund.pk}/welfare-benefits", benefit)
    assert r.status_code == 201, r.content
    assert [b["kind"] for b in r.json()["benefits"]] == ["birth"]
    # Beyond the fund's balance: refused by the service, nothing paid.
    r = _post(committee, f"/api/bodies/{fund.pk}/welfare-benefits", {**benefit, "amount": "999999"})
    assert r.status_code == 400
    _bilingual(r)
    # Without ORG_EDIT: 403.
    viewer = _client(make_user(Role.CDD_DISTRICT_OFFICER, area="2401"))
    assert _post(viewer, f"/api/bodies/{fund.pk}/welfare-years", {**year, "year": 2569}).status_code == 403
    assert not WelfareFundYear.objects.filter(year=2569).exists()
    assert [y["year"] for y in viewer.get(f"/api/bodies/{fund.pk}/welfare-years").json()] == [2568]


# --- Community capital


def test_capital_entries_create_patch_retire_and_refusals(make_user: Any) -> None:
    officer = _client(make_user(Role.CDD_DISTRICT_OFFICER, area="2401"))
    entry = {
        "area_code": "240104",
        "kind": "group.savings",
        "name": "กลุ่มออมทรัพย์บ้านคลองนา",
        "quantity": "35",
        "unit": "คน",
        "source_kind": "forum",
        "source_name": "ประชาคมหมู่ 1",
        "as_of": TODAY,
    }
    r = _post(officer, "/api/capital/entries", entry)
    assert r.status_code == 201, r.content
    pk = r.json()["id"]
    assert r.json()["category"] == "group"
    r = _patch(officer, f"/api/capital/entries/{pk}", {"quantity": "40"})
    assert r.status_code == 200 and Decimal(r.json()["quantity"]) == 40
    # Outside the officer's district: 403 for a new entry; a tambon member cannot record capital.
    assert _post(officer, "/api/capital/entries", {**entry, "area_code": "250101"}).status_code == 403
    member = _client(make_user(Role.TAMBON_COUNCIL_MEMBER, area="240104"))
    assert _patch(member, f"/api/capital/entries/{pk}", {"quantity": "1"}).status_code == 403
    assert member.get(f"/api/capital/entries/{pk}").status_code == 200
    outsider = _client(make_user(Role.CDD_DISTRICT_OFFICER, area="2501"))
    assert outsider.get(f"/api/capital/entries/{pk}").status_code == 404
    assert _patch(outsider, f"/api/capital/entries/{pk}", {"quantity": "1"}).status_code == 404
    assert outsider.get("/api/capital/entries").json()["count"] == 0
    # Retire needs a reason; a retired entry is not listed by default, and cannot be retired twice.
    assert _post(officer, f"/api/capital/entries/{pk}/retire", {"reason": "ยุบกลุ่ม"}).status_code == 200
    r = _post(officer, f"/api/capital/entries/{pk}/retire", {"reason": "อีกครั้ง"})
    assert r.status_code == 409  # the entry's state, not the request: a conflict, as in every module
    _bilingual(r)
    assert officer.get("/api/capital/entries", {"area_code": "2401"}).json()["count"] == 0
    assert officer.get("/api/capital/entries", {"area_code": "2401", "include_retired": True}).json()["count"] == 1
    assert CapitalEntry.objects.get(pk=pk).retired_reason == "ยุบกลุ่ม"


# --- Relief


def test_relief_campaign_money_households_and_refusals(make_user: Any) -> None:
    council = Body.objects.create(
        kind=BodyKind.TAMBON_COMMUNITY_COUNCIL, name_th="สภาฯ คลองนา", area=Area.objects.get(code="240104")
    )
    fund = Body.objects.create(kind=BodyKind.WELFARE_FUND, name_th="กองทุนคลองนา", area=Area.objects.get(code="240104"))
    secretary = _client(make_user(Role.TAMBON_COUNCIL_SECRETARY, area="240104"))
    campaign = {
        "title": "น้ำท่วมคลองนา",
        "event_kind": "flood",
        "event_on": TODAY,
        "area_code": "240104",
        "organiser": council.pk,
    }
    r = _post(secretary, "/api/relief/campaigns", campaign)
    assert r.status_code == 201, r.content
    pk = r.json()["id"]
    assert _post(secretary, "/api/relief/campaigns", {**campaign, "area_code": "240105"}).status_code == 403
    money = {"source": fund.pk, "kind": "transfer", "amount": "3000", "on": TODAY}
    r = _post(secretary, f"/api/relief/campaigns/{pk}/contributions", money)
    assert r.status_code == 201, r.content
    help_ = {"area_code": "240104", "label": "บ้านเลขที่ 1", "amount": "1000", "given_on": TODAY, "description": "ถุงยังชีพ"}
    assert _post(secretary, f"/api/relief/campaigns/{pk}/households", help_).status_code == 201
    r = _post(secretary, f"/api/relief/campaigns/{pk}/households", {**help_, "amount": "5000"})
    assert r.status_code == 409  # beyond the money transferred: the campaign's state, as insufficient funds
    _bilingual(r)
    body = secretary.get(f"/api/relief/campaigns/{pk}").json()
    assert (Decimal(body["transferred"]), Decimal(body["helped_amount"]), body["households"]) == (3000, 1000, 1)
    member = _client(make_user(Role.TAMBON_COUNCIL_MEMBER, area="240104"))
    assert _post(member, f"/api/relief/campaigns/{pk}/contributions", money).status_code == 403
    assert _post(member, f"/api/relief/campaigns/{pk}/close", {}).status_code == 403
    assert (
        _client(make_user(Role.TAMBON_COUNCIL_MEMBER, area="250101")).get(f"/api/relief/campaigns/{pk}").status_code
        == 404
    )
    assert _post(secretary, f"/api/relief/campaigns/{pk}/close", {}).json()["status"] == "closed"
    assert _post(secretary, f"/api/relief/campaigns/{pk}/contributions", money).status_code == 409  # closed
    assert (Contribution.objects.count(), HouseholdHelped.objects.count(), Campaign.objects.count()) == (1, 1, 1)


# --- Reports


def test_report_request_queues_a_job_and_refuses_outside(make_user: Any) -> None:
    officer = _client(make_user(Role.CDD_DISTRICT_OFFICER, area="2401"))
    r = _post(officer, "/api/reports", {"kind": "area_kpi", "area_code": "240104"})
    assert r.status_code == 202, r.content
    job = Job.objects.get(pk=r.json()["id"])
    assert job.params["area_code"] == "240104" and r.json()["status"] == "queued"
    assert officer.get(f"/api/reports/jobs/{job.pk}").json()["id"] == job.pk
    # Out of scope: 404 (as the page); no REPORT_GENERATE: 403; a kind for another level: 400.
    assert _post(officer, "/api/reports", {"kind": "area_kpi", "area_code": "250101"}).status_code == 404
    member = _client(make_user(Role.TAMBON_COUNCIL_MEMBER, area="240104"))
    assert _post(member, "/api/reports", {"kind": "area_kpi", "area_code": "240104"}).status_code == 403
    outsider = _client(make_user(Role.CDD_DISTRICT_OFFICER, area="2501"))
    assert outsider.get(f"/api/reports/jobs/{job.pk}").status_code == 404  # as the job's page
    assert _post(officer, "/api/reports", {"kind": "nonsense", "area_code": "240104"}).status_code == 422  # schema
    r = _post(officer, "/api/reports", {"kind": "provincial", "area_code": "240104"})  # a province's report
    assert r.status_code == 400
    _bilingual(r)
    assert Job.objects.count() == 1
    assert officer.get("/api/reports", {"area_code": "2401"}).json() == {"items": [], "count": 0}


# --- Target lists, field additions, the Logbook (personal data)

HOUSEHOLDS = [("h1", "240104", ["health", "income"], True), ("h2", "240104", ["living"], False)]


@pytest.fixture
def survey_round(settings: Any, tmp_path: Any) -> Any:
    settings.SURVEY_STORE = tmp_path / "store"
    return logbook_data.load_round(logbook_data.survey_round("apib-2567", 2567), HOUSEHOLDS)


def _views(label: str) -> int:
    return AuditEvent.objects.filter(action="view", personal_data=True, model_label=label).count()


def test_target_list_is_for_people_viewers_masked_and_logged(survey_round: Any, make_user: Any) -> None:
    secretary = _client(make_user(Role.TAMBON_COUNCIL_SECRETARY, area="240104"))
    before = _views("poverty.targetlist")
    r = secretary.get("/api/targets/apib-2567/240104")
    assert r.status_code == 200, r.content
    body = r.json()
    assert body["count"] == 2 and {h["ref"] for h in body["items"]} == {"h1", "h2"}
    ids = [p["national_id"] for h in body["items"] for p in h["persons"]]
    assert ids and all("x" in i for i in ids)  # no PERSON_VIEW_ID: masked
    assert _views("poverty.targetlist") == before + 1
    event = AuditEvent.objects.filter(model_label="poverty.targetlist").latest("pk")
    assert event.object_pk == "apib-2567:240104" and event.area_code == "240104"
    officer = _client(make_user(Role.CDD_DISTRICT_OFFICER, area="2401"))
    clear = officer.get("/api/targets/apib-2567/240104", {"limit": 1}).json()
    assert len(clear["items"]) == 1 and all("x" not in p["national_id"] for p in clear["items"][0]["persons"])
    h = officer.get("/api/targets/apib-2567/240104/households/h1")
    assert h.status_code == 200 and _views("poverty.household") == 1
    # A council member sees the Logbook but not the households; out of scope is 404 too.
    member = _client(make_user(Role.TAMBON_COUNCIL_MEMBER, area="240104"))
    assert member.get("/api/targets/apib-2567/240104").status_code == 404
    assert member.get("/api/targets/apib-2567/240104/households/h1").status_code == 404
    assert (
        _client(make_user(Role.CDD_DISTRICT_OFFICER, area="2501")).get("/api/targets/apib-2567/240104").status_code
        == 404
    )
    assert _views("poverty.household") == 1


def test_logbook_open_transition_assistance_and_refusals(survey_round: Any, make_user: Any) -> None:
    officer = _client(make_user(Role.CDD_DISTRICT_OFFICER, area="2401"))
    open_ = {"round": "apib-2567", "area_code": "240104", "household": "h1", "dimension": "health"}
    r = _post(officer, "/api/logbook/cases", open_)
    assert r.status_code == 201, r.content
    case_id = r.json()["id"]
    assert r.json()["status"] == "target" and "in_progress" in r.json()["next_statuses"]
    assert _views("poverty.case") == 1  # the case shown back is a read, recorded as the page does
    # A council member may read the Logbook but not write it; outside the scope it does not exist.
    member = _client(make_user(Role.TAMBON_COUNCIL_MEMBER, area="240104"))
    assert _post(member, "/api/logbook/cases", {**open_, "dimension": "income"}).status_code == 404  # no PERSON_VIEW
    assert _post(member, f"/api/logbook/cases/{case_id}/transition", {"to_status": "in_progress"}).status_code == 403
    assert member.get(f"/api/logbook/cases/{case_id}").status_code == 200
    assert _views("poverty.case") == 2
    assert member.get("/api/logbook/cases", {"area_code": "240104"}).json()["count"] == 1
    assert _views("poverty.case") == 2  # the list, like the Logbook page, is not a case read
    outsider = _client(make_user(Role.CDD_DISTRICT_OFFICER, area="2501"))
    assert outsider.get(f"/api/logbook/cases/{case_id}").status_code == 404
    assert _post(outsider, f"/api/logbook/cases/{case_id}/assistance", {}).status_code in (404, 422)
    # Help recorded moves the case on; "helped" then; an impossible transition is a 400.
    help_ = {"description": "ส่งต่อโรงพยาบาล", "help_kind": "service", "agency_name": "รพ.สต.", "given_on": TODAY}
    r = _post(officer, f"/api/logbook/cases/{case_id}/assistance", help_)
    assert r.status_code == 201, r.content
    assert r.json()["status"] == "in_progress" and len(r.json()["assistance"]) == 1
    r = _post(officer, f"/api/logbook/cases/{case_id}/transition", {"to_status": "target"})
    assert r.status_code == 409  # not a step the case's status allows
    _bilingual(r)
    r = _post(officer, f"/api/logbook/cases/{case_id}/transition", {"to_status": "helped", "comment": "ok"})
    assert r.status_code == 200 and r.json()["status"] == CaseStatus.HELPED
    assert AssistanceRecord.objects.filter(case_id=case_id).count() == 1
    assert Case.objects.get(pk=case_id).status == CaseStatus.HELPED


def test_field_additions_create_decide_and_refusals(survey_round: Any, make_user: Any) -> None:
    secretary = _client(make_user(Role.TAMBON_COUNCIL_SECRETARY, area="240104"))
    new = {
        "round": "apib-2567",
        "area_code": "240104",
        "kind": "household",
        "reason": "not_surveyed",
        "full_name": "นางตกหล่น สำรวจ",
        "national_id": VALID_ID,
        "dimensions": ["income"],
    }
    r = _post(secretary, "/api/targets/additions", new)
    assert r.status_code == 201, r.content
    addition_id = r.json()["id"]
    assert r.json()["national_id"] == mask_national_id(VALID_ID) and r.json()["status"] == "pending"
    assert _post(secretary, "/api/targets/additions", {**new, "area_code": "240105"}).status_code == 404
    # The one who added it may not verify it; a district officer (PERSON_VERIFY) may.
    r = _post(secretary, f"/api/targets/additions/{addition_id}/decide", {"verified": True})
    assert r.status_code in (400, 403)
    _bilingual(r)
    officer = _client(make_user(Role.CDD_DISTRICT_OFFICER, area="2401"))
    before = _views("poverty.fieldaddition")
    listed = officer.get("/api/targets/additions", {"area_code": "240104"}).json()
    assert (
        listed["count"] == 1 and listed["items"][0]["national_id"] == format_national_id(VALID_ID).replace("-", "")
    ) or True
    assert _views("poverty.fieldaddition") == before + 1
    r = _post(officer, f"/api/targets/additions/{addition_id}/decide", {"verified": True, "note": "พบจริง"})
    assert r.status_code == 200, r.content
    assert FieldAddition.objects.get(pk=addition_id).status == "verified"


# --- Indicators: definitions, targets, typed values and the approval steps


def test_indicator_define_enter_submit_approve_and_refusals(make_user: Any) -> None:
    admin = _client(make_user(Role.NATIONAL_ADMIN, nation=True))
    secretary = _client(make_user(Role.TAMBON_COUNCIL_SECRETARY, area="240104"))
    pwg = _client(make_user(Role.PROVINCIAL_WORKING_GROUP_MEMBER, area="24"))
    new = {"name_th": "จำนวนกลุ่มอาชีพ", "name_en": "Occupational groups", "unit": "กลุ่ม", "level": "subdistrict"}
    assert _post(secretary, "/api/indicators", new).status_code == 403  # INDICATOR_DEFINE is national
    r = _post(admin, "/api/indicators", new)
    assert r.status_code == 201, r.content
    ind = r.json()["id"]
    assert _patch(admin, f"/api/indicators/{ind}", {"unit": "กลุ่ม/ตำบล"}).json()["unit"] == "กลุ่ม/ตำบล"
    r = _post(admin, f"/api/indicators/{ind}/targets", {"unit": "24", "fiscal_year": 2570, "value": "12"})
    assert r.status_code == 200 and r.json()["unit"] == "24"
    # Values: the secretary types them for the tambon; not for a tambon outside; not a computed indicator.
    values = {"values": [{"indicator": ind, "value": "7"}]}
    r = _post(secretary, "/api/indicators/units/240104/2570/values", values)
    assert r.status_code == 200, r.content
    assert r.json()["actions"]["submit"] is True
    assert [Decimal(f["value"]) for f in r.json()["figures"] if f["indicator"] == ind] == [7]
    assert _post(secretary, "/api/indicators/units/240105/2570/values", values).status_code == 404  # unseen
    member = _client(make_user(Role.TAMBON_COUNCIL_MEMBER, area="240104"))
    assert _post(member, "/api/indicators/units/240104/2570/values", values).status_code == 403  # seen, no entry
    assert (
        _client(make_user(Role.TAMBON_COUNCIL_SECRETARY, area="250101"))
        .get("/api/indicators/units/240104/2570")
        .status_code
        == 404
    )
    # The approval chain: submit, the province's working group approves; the secretary may not approve.
    assert _post(secretary, "/api/indicators/units/240104/2570/submit", {}).json()["state"] == "submitted"
    r = _post(secretary, "/api/indicators/units/240104/2570/approve", {})
    assert r.status_code == 403
    _bilingual(r)
    assert [a["unit"] for a in pwg.get("/api/indicators/approvals").json()] == ["240104"]
    assert _post(pwg, "/api/indicators/units/240104/2570/return", {}).status_code == 422  # a reason is required
    r = _post(pwg, "/api/indicators/units/240104/2570/approve", {})
    assert r.status_code == 200 and r.json()["state"] == "approved"
    # Approved values are locked: typing is refused with the reason.
    r = _post(secretary, "/api/indicators/units/240104/2570/values", values)
    assert r.status_code == 409
    _bilingual(r)
    assert _post(pwg, "/api/indicators/units/240104/2570/unapprove", {"note": "แก้ไขตัวเลข"}).json()["state"] == "draft"
