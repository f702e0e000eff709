"""/api/charters, /api/governor, /api/duplicates and /api/pilots: reads in the caller's scope (404
outside), and each write the pages make — once done by who may, once refused (403, 404 or 409) leaving
nothing changed. The rules are the services'; these tests show the API reaches them."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from chumchon.assessment.models import Certification, PilotSelection, SelectionStatus
from chumchon.assessment.tests import conftest as assessment_fixtures
from chumchon.plans.governor.models import GovernorProposal
from chumchon.plans.models import CharterRule, ItemStatus, PlanItem, PlanKind, TambonCharter
from chumchon.plans.strategy.models import DuplicateFlag, DuplicateStatus
from chumchon.plans.tests import conftest as plan_fixtures
from chumchon.plans.tests.test_governor import G, build_world
from chumchon.plans.tests.test_strategy import ROAD, ROAD_OTHER_MOO, ROAD_PLAIN

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def _fixture(f: Any) -> Any:
    """The function behind another app's fixture (its conftest is not visible from here)."""
    return f._get_wrapped_function() if hasattr(f, "_get_wrapped_function") else f


@pytest.fixture
def pw(make_user: Any) -> plan_fixtures.World:
    return _fixture(plan_fixtures.world)(make_user)


@pytest.fixture
def gw(make_user: Any) -> G:
    return build_world(make_user)


@pytest.fixture
def aw(db: Any, make_user: Any) -> assessment_fixtures.World:
    return _fixture(assessment_fixtures.world)(db, make_user)


def client(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


def post(user: Any, url: str, body: dict[str, Any] | None = None, method: str = "post") -> Any:
    return getattr(client(user), method)(url, data=json.dumps(body or {}), content_type="application/json")


def bilingual_detail(r: Any) -> str:
    detail = r.json()["detail"]
    assert " / " in detail, detail
    return str(detail)


# ---------------------------------------------------------------------------------------------
# Tambon charters


def test_charter_with_its_document_through_multipart_and_downloaded_in_scope(
    pw: Any, settings: Any, tmp_path: Any
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path / "media"
    pdf = b"%PDF-1.4 charter"
    form = {"body_id": pw.council.pk, "title": "ธรรมนูญตำบลคลองนา", "rules_text": "คัดแยกขยะ\n\nงดเหล้าในงานศพ"}
    r = client(pw.secretary).post(
        "/api/charters/with-document", {**form, "document": SimpleUploadedFile("charter.pdf", pdf)}
    )
    assert r.status_code == 201, r.content
    charter = r.json()
    assert charter["has_document"] is True and [x["text"] for x in charter["rules"]] == ["คัดแยกขยะ", "งดเหล้าในงานศพ"]
    got = client(pw.secretary).get(f"/api/charters/{charter['id']}/document")
    assert got.status_code == 200 and b"".join(got.streaming_content) == pdf
    assert client(pw.other_secretary).get(f"/api/charters/{charter['id']}/document").status_code == 404
    # No file: refused in words, nothing recorded; a file the upload policy refuses: 400 too.
    before = TambonCharter.objects.count()
    r = client(pw.secretary).post("/api/charters/with-document", form)
    assert r.status_code == 400 and " / " in r.json()["detail"]
    r = client(pw.secretary).post(
        "/api/charters/with-document", {**form, "document": SimpleUploadedFile("run.exe", b"MZ\x90\x00")}
    )
    assert r.status_code == 400, r.content
    # Who may not write the council's plans may not record its charter.
    r = client(pw.other_secretary).post(
        "/api/charters/with-document", {**form, "document": SimpleUploadedFile("charter.pdf", pdf)}
    )
    assert r.status_code == 403
    assert TambonCharter.objects.count() == before


def test_charter_recorded_read_and_rules_amended_by_the_secretary(pw: Any) -> None:
    r = post(
        pw.secretary,
        "/api/charters",
        {
            "body_id": pw.council.pk,
            "title": "ธรรมนูญตำบลคลองนา",
            "adopted_on": "2023-03-12",
            "rules": ["คัดแยกขยะ", " ", "งดเหล้าในงานศพ"],
        },
    )
    assert r.status_code == 201, r.content
    charter = r.json()
    assert charter["area_code"] == "240104" and charter["can_write"] is True and charter["has_document"] is False
    assert [(x["number"], x["text"]) for x in charter["rules"]] == [(1, "คัดแยกขยะ"), (2, "งดเหล้าในงานศพ")]
    listed = client(pw.secretary).get("/api/charters?area_code=2401").json()
    assert [c["id"] for c in listed["items"]] == [charter["id"]]
    assert client(pw.secretary).get("/api/charters?area_code=2402").json()["count"] == 0
    r = post(pw.secretary, f"/api/charters/{charter['id']}/rules", {"rules": ["คัดแยกขยะในครัวเรือน"]}, "put")
    assert r.status_code == 200, r.content
    assert [x["text"] for x in r.json()["rules"]] == ["คัดแยกขยะในครัวเรือน"]
    assert list(CharterRule.objects.values_list("text", flat=True)) == ["คัดแยกขยะในครัวเรือน"]


def test_charter_refused_to_who_may_not_write_and_hidden_outside(pw: Any) -> None:
    r = post(pw.other_secretary, "/api/charters", {"body_id": pw.council.pk, "title": "ธรรมนูญ", "rules": ["ข้อหนึ่ง"]})
    assert r.status_code == 403 and bilingual_detail(r)
    r = post(pw.secretary, "/api/charters", {"body_id": pw.council.pk, "title": "ธรรมนูญ", "rules": [" "]})
    assert r.status_code == 400 and bilingual_detail(r)
    assert not TambonCharter.objects.exists()
    charter = post(pw.secretary, "/api/charters", {"body_id": pw.council.pk, "title": "ธรรมนูญ", "rules": ["ก"]}).json()
    assert client(pw.other_secretary).get(f"/api/charters/{charter['id']}").status_code == 404
    assert client(pw.member).get(f"/api/charters/{charter['id']}").json()["can_write"] is False
    r = post(pw.member, f"/api/charters/{charter['id']}/rules", {"rules": ["ข"]}, "put")
    assert r.status_code == 403 and bilingual_detail(r)
    assert list(CharterRule.objects.values_list("text", flat=True)) == ["ก"]


# ---------------------------------------------------------------------------------------------
# Proposals to the governor and agencies


def _create(g: G, user: Any, **kw: Any) -> Any:
    body = {
        "proposing_body_id": g.council.pk,
        "title": "ข้อเสนอเรื่องน้ำเพื่อการเกษตร",
        "item_ids": [g.items[0].pk],
        "recipient_kind": "governor",
        "recipient_name": "ผู้ว่าราชการจังหวัดฉะเชิงเทรา",
        **kw,
    }
    return post(user, "/api/governor", body)


def test_governor_proposal_recorded_sent_replied_and_included(gw: G) -> None:
    r = _create(gw, gw.secretary, secretariat_id=gw.secretariat.pk)
    assert r.status_code == 201, r.content
    p = r.json()
    assert p["status"] == "draft" and p["can_write"] and [i["id"] for i in p["items"]] == [gw.items[0].pk]
    assert p["label"] == f"1/{TODAY.year + 543}" and p["province_code"] == "24"
    pid = p["id"]
    sent = post(
        gw.secretary,
        f"/api/governor/{pid}/send",
        {"sent_on": str(TODAY), "reply_due_on": str(TODAY + dt.timedelta(days=30))},
    )
    assert sent.status_code == 200 and sent.json()["status"] == "awaiting", sent.content
    again = post(gw.secretary, f"/api/governor/{pid}/send", {"sent_on": str(TODAY)})
    assert again.status_code == 409 and bilingual_detail(again)
    replied = post(gw.pwg, f"/api/governor/{pid}/reply", {"replied_on": str(TODAY), "outcome": "accepted"})
    assert replied.status_code == 200 and replied.json()["status"] == "answered", replied.content
    carried = post(gw.pwg, f"/api/governor/{pid}/include", {"included_on": str(TODAY), "item_id": gw.items[0].pk})
    assert carried.status_code == 404 and bilingual_detail(carried)  # an item it carries proves nothing
    included = post(
        gw.pwg, f"/api/governor/{pid}/include", {"included_on": str(TODAY), "item_id": gw.provincial_item.pk}
    )
    assert included.status_code == 200 and included.json()["status"] == "included", included.content
    assert included.json()["included_item_id"] == gw.provincial_item.pk
    listed = client(gw.pwg).get("/api/governor?province=24&status=included").json()
    assert [x["id"] for x in listed["items"]] == [pid]
    assert client(gw.pwg).get("/api/governor?area_code=2401").json()["count"] == 1
    assert client(gw.pwg).get("/api/governor?area_code=240105").json()["count"] == 0
    assert client(gw.pwg).get("/api/governor?status=draft").json()["count"] == 0
    assert client(gw.outsider).get(f"/api/governor/{pid}").status_code == 404
    assert client(gw.outsider).get("/api/governor").json()["count"] == 0


def test_governor_writes_refused(gw: G) -> None:
    r = _create(gw, gw.member)
    assert r.status_code == 403 and bilingual_detail(r)
    r = _create(gw, gw.secretary, item_ids=[gw.provincial_item.pk + 1000])
    assert r.status_code == 404 and bilingual_detail(r)
    assert not GovernorProposal.objects.exists()
    pid = _create(gw, gw.secretary).json()["id"]
    r = post(gw.secretary, f"/api/governor/{pid}/reply", {"replied_on": str(TODAY), "outcome": "accepted"})
    assert r.status_code == 409 and bilingual_detail(r)  # not sent yet
    r = post(gw.secretary, f"/api/governor/{pid}/include", {"included_on": str(TODAY), "text": "แผนจังหวัด 2569"})
    assert r.status_code == 409 and bilingual_detail(r)
    r = post(gw.member, f"/api/governor/{pid}/send", {"sent_on": str(TODAY), "secretariat_id": gw.secretariat.pk})
    assert r.status_code == 403 and bilingual_detail(r)
    r = post(gw.secretary, f"/api/governor/{pid}/send", {"sent_on": str(TODAY)})
    assert r.status_code == 400 and bilingual_detail(r)  # no secretariat named
    p = GovernorProposal.objects.get()
    assert p.sent_on is None and p.replied_on is None and p.included_on is None


# ---------------------------------------------------------------------------------------------
# The duplicates queue


def _pair(w: Any) -> tuple[PlanItem, PlanItem]:
    council = w.council_plan()
    village = w.council_plan(title="แผนหมู่บ้านหนองบัว", kind=PlanKind.ISSUE_BASED)
    a = w.item(council, ROAD, objective="ก่อสร้างถนน คสล. กว้าง 4 เมตร", budgets={2567: Decimal("2230000")})
    b = w.item(village, "ทำถนนคอนกรีตหมู่ 3", objective=ROAD_PLAIN, budgets={2568: Decimal("2000000")})
    w.item(village, "ทำถนนคอนกรีตหมู่ 5", objective=ROAD_OTHER_MOO)
    return a, b


def test_duplicates_scanned_listed_and_merged_keeping_one(pw: Any) -> None:
    a, b = _pair(pw)
    r = post(pw.cdd_district, "/api/duplicates/scan", {"area_code": "2401"})
    assert r.status_code == 200 and r.json() == {"area_code": "2401", "new_pairs": 1}, r.content
    queue = client(pw.cdd_district).get("/api/duplicates?area_code=2401").json()
    assert queue["count"] == 1
    flag = queue["items"][0]
    assert {flag["first"]["id"], flag["second"]["id"]} == {a.pk, b.pk} and flag["status"] == "open"
    r = post(pw.cdd_district, f"/api/duplicates/{flag['id']}/merge", {"keep_item_id": a.pk})
    assert r.status_code == 200 and r.json()["status"] == "merged" and r.json()["kept_id"] == a.pk, r.content
    b.refresh_from_db()
    assert b.status == ItemStatus.MERGED and b.merged_into_id == a.pk
    assert client(pw.cdd_district).get("/api/duplicates").json()["count"] == 0
    # A decided pair is no longer in the queue.
    assert post(pw.cdd_district, f"/api/duplicates/{flag['id']}/dismiss").status_code == 404


def test_duplicates_refused_outside_the_consolidation_scope(pw: Any) -> None:
    _pair(pw)
    r = post(pw.secretary, "/api/duplicates/scan", {"area_code": "2401"})
    assert r.status_code == 403 and bilingual_detail(r)
    assert not DuplicateFlag.objects.exists()
    assert post(pw.cdd_district, "/api/duplicates/scan", {"area_code": "2402"}).status_code == 403
    post(pw.cdd_district, "/api/duplicates/scan", {"area_code": "240104"})
    flag = DuplicateFlag.objects.get()
    assert client(pw.secretary).get("/api/duplicates").status_code == 404  # no queue, as the page
    assert post(pw.secretary, f"/api/duplicates/{flag.pk}/dismiss").status_code == 404
    r = post(pw.cdd_district, f"/api/duplicates/{flag.pk}/merge", {"keep_item_id": 2**31 - 1})
    assert r.status_code == 400 and bilingual_detail(r)
    flag.refresh_from_db()
    assert flag.status == DuplicateStatus.OPEN
    r = post(pw.cdd_district, f"/api/duplicates/{flag.pk}/dismiss")
    assert r.status_code == 200 and r.json()["status"] == "different"


# ---------------------------------------------------------------------------------------------
# Pilot provinces and certifications

TOP, GOOD, FAIR = [4] * 10, [3] * 10, [2] * 10


def test_pilots_proposed_read_and_adopted_then_certified(aw: Any) -> None:
    aw.reviewed("24", TOP, aw.editor24)
    aw.reviewed("20", GOOD, aw.editor10)
    aw.reviewed("22", FAIR, aw.editor22)
    aw.reviewed("10", FAIR, aw.editor10)
    ranking = client(aw.staff).get("/api/pilots/ranking?fiscal_year=2569").json()
    assert [(x["rank"], x["province_code"]) for x in ranking["ranked"]][:2] == [(1, "24"), (2, "20")]
    assert {x["province_code"] for x in ranking["ranked"]} == {"24", "20", "22", "10"} and ranking["ties"]
    assert client(aw.staff).get("/api/pilots/ranking?fiscal_year=2570").json()["ranked"] == []
    body = {"scope_kind": "region", "region_code": "R5", "fiscal_year": 2570, "assessed_year": 2569, "size": 3}
    r = post(aw.staff, "/api/pilots/selections", body)
    assert r.status_code == 201, r.content
    s = r.json()
    assert s["status"] == "proposed" and s["can_adopt"] is True
    assert {e["province_code"] for e in s["entries"] if e["selected"]} == {"24", "22", "10"}
    assert all(e["reason_th"] and e["reason_en"] for e in s["entries"])
    assert [x["id"] for x in client(aw.staff).get("/api/pilots/selections?todo=adopt").json()["items"]] == [s["id"]]
    resolution = aw.resolution(aw.subcom)
    r = post(aw.staff, f"/api/pilots/selections/{s['id']}/adopt", {"resolution_id": resolution.pk})
    assert r.status_code == 200 and r.json()["status"] == "adopted", r.content
    certs = client(aw.staff).get("/api/pilots/certifications?track=self_managing").json()
    assert sorted(c["province_code"] for c in certs["items"]) == ["10", "22", "24"]
    assert {c["status"] for c in certs["items"]} == {"pilot"}
    assert client(aw.staff).get("/api/pilots/certifications?province=24").json()["count"] == 1
    assert client(aw.staff).get("/api/pilots/certifications?fiscal_year=2571").json()["count"] == 0
    assert client(aw.staff).get("/api/pilots/selections?fiscal_year=2570").json()["count"] == 1
    assert client(aw.staff).get("/api/pilots/selections?track=integrated").json()["count"] == 0
    r = post(aw.staff, f"/api/pilots/selections/{s['id']}/adopt", {"resolution_id": resolution.pk})
    assert r.status_code == 409 and bilingual_detail(r)


def test_pilots_refused_to_who_may_not_select(aw: Any) -> None:
    aw.reviewed("24", TOP, aw.editor24)
    aw.reviewed("22", FAIR, aw.editor22)
    aw.reviewed("10", FAIR, aw.editor10)
    body = {"scope_kind": "region", "region_code": "R5", "fiscal_year": 2570, "assessed_year": 2569, "size": 3}
    r = post(aw.editor24, "/api/pilots/selections", body)
    assert r.status_code == 403 and bilingual_detail(r)
    assert post(aw.staff, "/api/pilots/selections", {**body, "size": 2}).status_code == 400  # the ranking rule
    assert post(aw.staff, "/api/pilots/selections", {**body, "region_code": "R99"}).status_code == 404
    assert not PilotSelection.objects.exists()
    sid = post(aw.staff, "/api/pilots/selections", body).json()["id"]
    r = post(aw.editor24, f"/api/pilots/selections/{sid}/adopt", {"resolution_id": aw.resolution(aw.subcom).pk})
    assert r.status_code == 403 and bilingual_detail(r)
    r = post(aw.staff, f"/api/pilots/selections/{sid}/adopt", {"resolution_id": aw.resolution(aw.cwg_c08, "4/2569").pk})
    assert r.status_code == 400 and bilingual_detail(r)  # a committee that does not cover the region
    assert PilotSelection.objects.get().status == SelectionStatus.PROPOSED and not Certification.objects.exists()
