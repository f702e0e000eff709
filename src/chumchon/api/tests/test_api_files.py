"""Files through the API (multipart): each upload once accepted and once refused — by the permission the
page asks or by the upload policy of ``core.uploads`` — through the same services; each download only to
who may read the record, as on the pages."""

from __future__ import annotations

import io
import json
from typing import Any

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from chumchon.accounts.models import Role
from chumchon.assessment.models import Evidence
from chumchon.assessment.tests.conftest import World, world  # noqa: F401 (fixture)
from chumchon.audit.models import AuditEvent
from chumchon.meetings.models import Resolution
from chumchon.poverty.models import AssistanceRecord
from chumchon.poverty.tests import logbook_data
from chumchon.poverty.tests.logbook_data import fast_passwords  # noqa: F401 (autouse fixture)
from chumchon.projects.models import Attachment, Project, ReportPhoto
from chumchon.projects.tests import conftest as project_fixtures

pytestmark = pytest.mark.django_db


def _fixture(f: Any) -> Any:
    return f._get_wrapped_function() if hasattr(f, "_get_wrapped_function") else f


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = str(tmp_path)


@pytest.fixture
def pw(make_user: Any) -> project_fixtures.World:
    return _fixture(project_fixtures.world)(make_user)


def client(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


def post_json(user: Any, url: str, body: dict[str, Any] | None = None) -> Any:
    return client(user).post(url, data=json.dumps(body or {}), content_type="application/json")


def png(name: str = "photo.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "green").save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def document(name: str = "budget.pdf", content: bytes = b"%PDF-1.4 test") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def bilingual_detail(r: Any) -> str:
    detail = r.json()["detail"]
    assert " / " in detail, detail
    return str(detail)


def _draft(w: Any) -> int:
    body = {"programme_id": w.programme.pk, "area_code": "240104", "proposer_id": w.council.pk, "title_th": "อาชีพ"}
    r = post_json(w.secretary, "/api/projects", body)
    assert r.status_code == 201, r.content
    return int(r.json()["id"])


def _running(w: Any) -> int:
    pid = _draft(w)
    url = f"/api/projects/{pid}"
    assert post_json(w.secretary, f"{url}/lines", {"item": "ค่าวัสดุ", "amount": "100000"}).status_code == 201
    assert post_json(w.secretary, f"{url}/submit").status_code == 200
    assert post_json(w.screener, f"{url}/screen").status_code == 200
    resolution = Resolution.objects.create(
        body=w.cluster_wg, is_external=True, meeting_date="2022-03-15", number="3/2565", text="อนุมัติ"
    )
    decision = {"resolution_id": resolution.pk, "approved_amount": "90000"}
    assert post_json(w.approver, f"{url}/approve", decision).status_code == 200
    assert post_json(w.staff, f"{url}/sign", {"agreement_number": "1", "signed_on": "2022-04-01"}).status_code == 200
    assert post_json(w.staff, f"{url}/disburse", {"amount": "40000"}).status_code == 200
    return pid


# --- Projects: attachments and report photos


def test_project_attachment_upload_download_and_refusals(pw: Any, make_user: Any) -> None:
    w = pw
    pid = _draft(w)
    url = f"/api/projects/{pid}/attachments"
    # A member may not edit the proposal: 403, nothing stored.
    r = client(w.member).post(url, {"file": document(), "caption": "งบประมาณ"})
    assert r.status_code == 403
    bilingual_detail(r)
    # A file of a type the attachment policy refuses: 400 with the policy's reason.
    r = client(w.secretary).post(url, {"file": document("run.exe", b"MZ")})
    assert r.status_code == 400
    assert ".exe must be" in bilingual_detail(r)  # the upload policy's reason
    assert not Attachment.objects.exists()
    r = client(w.secretary).post(url, {"file": document(), "caption": "งบประมาณ"})
    assert r.status_code == 201, r.content
    out = r.json()
    assert out["caption"] == "งบประมาณ" and out["name"].endswith(".pdf")
    assert [a["id"] for a in client(w.member).get(url).json()] == [out["id"]]
    # Download: who may read the project gets the bytes; outside the scope: 404.
    r = client(w.member).get(out["url"])
    assert r.status_code == 200 and b"".join(r.streaming_content) == b"%PDF-1.4 test"
    assert client(w.other_secretary).get(out["url"]).status_code == 404
    outsider = make_user(Role.TAMBON_COUNCIL_SECRETARY, area="500101")
    assert client(outsider).get(url).status_code == 404


def test_progress_report_with_photos_and_refusals(pw: Any) -> None:
    w = pw
    pid = _running(w)
    url = f"/api/projects/{pid}/reports/with-photos"
    fields = {"progress_pct": "50", "spent_amount": "20000", "narrative": "ก่อสร้างแล้วครึ่งหนึ่ง"}
    # Staff may not report (the proposer does): 403.
    assert client(w.staff).post(url, {**fields, "photos": [png()]}).status_code == 403
    # A file that is not an image: the page's own photo field refuses it (400), no report made.
    r = client(w.secretary).post(url, {**fields, "photos": [document("photo.png", b"not an image")]})
    assert r.status_code == 400
    bilingual_detail(r)
    assert not ReportPhoto.objects.exists()
    r = client(w.secretary).post(url, {**fields, "photos": [png("a.png"), png("b.png")]})
    assert r.status_code == 201, r.content
    out = r.json()
    assert float(out["progress_pct"]) == 50 and len(out["photos"]) == 2
    r = client(w.member).get(out["photos"][0]["url"])
    assert r.status_code == 200 and r["Content-Type"] == "image/png"
    assert client(w.other_secretary).get(out["photos"][0]["url"]).status_code == 404


# --- Meetings: minutes of a meeting, a resolution of a meeting held outside the system


def test_meeting_minutes_upload_download_and_refusals(pw: Any) -> None:
    w = pw
    url = f"/api/meetings/committees/{w.cluster_wg.pk}"
    sitting = {"held_on": "2022-03-15", "place": "ศาลากลาง", "agenda": ["พิจารณาโครงการ"]}
    meeting = post_json(w.staff, f"{url}/meetings", sitting).json()
    murl = f"/api/meetings/{meeting['id']}/minutes"
    assert client(w.approver).get(murl).status_code == 404  # no minutes yet
    # A member of the committee may read it but not minute it: 403.
    r = client(w.approver).post(murl, {"minutes": document("minutes.pdf")})
    assert r.status_code == 403
    bilingual_detail(r)
    # A type the minutes policy refuses: 400 with its reason; nothing attached.
    r = client(w.staff).post(murl, {"minutes": document("minutes.exe", b"MZ")})
    assert r.status_code == 400
    assert ".exe must be" in bilingual_detail(r)  # the upload policy's reason
    assert client(w.staff).post(murl).status_code == 400  # no file: the page's "choose a file"
    r = client(w.staff).post(murl, {"minutes": document("minutes.pdf")})
    assert r.status_code == 200, r.content
    assert r.json()["has_minutes"] is True
    r = client(w.approver).get(murl)
    assert r.status_code == 200 and b"".join(r.streaming_content) == b"%PDF-1.4 test"
    assert "attachment" in r["Content-Disposition"]
    assert client(w.outside_approver).get(murl).status_code == 404


def test_external_resolution_needs_its_minutes_and_who_may_record_it(pw: Any) -> None:
    w = pw
    url = f"/api/meetings/committees/{w.cluster_wg.pk}/external-resolutions"
    fields = {"meeting_date": "2022-03-15", "number": "3/2565", "text": "อนุมัติโครงการ"}
    # Without minutes: refused (400), nothing recorded.
    r = client(w.staff).post(url, fields)
    assert r.status_code == 400
    bilingual_detail(r)
    # Outside the committee's scope: 404.
    r = client(w.outside_approver).post(url, {**fields, "minutes": document("minutes.pdf")})
    assert r.status_code == 404
    assert not Resolution.objects.exists()
    r = client(w.staff).post(url, {**fields, "minutes": document("minutes.pdf")})
    assert r.status_code == 201, r.content
    out = r.json()
    assert out["is_external"] is True and out["has_minutes"] is True and out["number"] == "3/2565"
    r = client(w.approver).get(f"/api/meetings/resolutions/{out['id']}/minutes")
    assert r.status_code == 200 and b"".join(r.streaming_content) == b"%PDF-1.4 test"


# --- Assessment: an evidence document


def test_assessment_evidence_document_upload_download_and_refusals(world: World) -> None:  # noqa: F811
    editor = client(world.editor24)
    r = post_json(world.editor24, "/api/assessment", {"province": "24", "fiscal_year": 2569})
    assert r.status_code == 201, r.content
    score = r.json()["scores"][0]["id"]
    url = f"/api/assessment/scores/{score}/evidence/document"
    # The cluster's reviewer sees the assessment but may not add evidence: 403.
    r = client(world.reviewer_c08).post(url, {"document": document()})
    assert r.status_code == 403
    # The attachment policy refuses the type: 400, nothing recorded.
    r = editor.post(url, {"document": document("x.exe", b"MZ")})
    assert r.status_code == 400
    assert ".exe must be" in bilingual_detail(r)  # the upload policy's reason
    assert client(world.outsider).post(url, {"document": document()}).status_code == 404
    assert not Evidence.objects.exists()
    r = editor.post(url, {"document": document("report.pdf"), "title": "รายงานผล"})
    assert r.status_code == 201, r.content
    item = r.json()["evidence"][0]
    assert item["kind"] == "document" and item["title"] == "รายงานผล" and item["has_document"] is True
    r = client(world.reviewer_c08).get(f"/api/assessment/evidence/{item['id']}/document")
    assert r.status_code == 200 and b"".join(r.streaming_content) == b"%PDF-1.4 test"
    assert client(world.outsider).get(f"/api/assessment/evidence/{item['id']}/document").status_code == 404


# --- Logbook: help given with its evidence


HOUSEHOLDS = [("h1", "240104", ["health", "income"], True)]


def test_logbook_assistance_with_evidence_and_its_logged_download(settings: Any, tmp_path: Any, make_user: Any) -> None:
    settings.SURVEY_STORE = tmp_path / "store"
    logbook_data.load_round(logbook_data.survey_round("apid-2567", 2567), HOUSEHOLDS)
    officer = make_user(Role.CDD_DISTRICT_OFFICER, area="2401")
    open_ = {"round": "apid-2567", "area_code": "240104", "household": "h1", "dimension": "health"}
    r = post_json(officer, "/api/logbook/cases", open_)
    assert r.status_code == 201, r.content
    url = f"/api/logbook/cases/{r.json()['id']}/assistance/with-evidence"
    fields = {"description": "ส่งต่อ", "help_kind": "service", "agency_name": "รพ.สต.", "given_on": "2024-01-10"}
    # A council member reads the Logbook but may not write it: 403; nothing recorded.
    member = make_user(Role.TAMBON_COUNCIL_MEMBER, area="240104")
    assert client(member).post(url, {**fields, "evidence": png()}).status_code == 403
    # The evidence policy refuses the type: 400.
    r = client(officer).post(url, {**fields, "evidence": document("x.exe", b"MZ")})
    assert r.status_code == 400
    assert ".exe must be" in bilingual_detail(r)  # the upload policy's reason
    assert not AssistanceRecord.objects.exists()
    r = client(officer).post(url, {**fields, "evidence": png("receipt.png")})
    assert r.status_code == 201, r.content
    assert r.json()["assistance"][0]["has_evidence"] is True
    record = AssistanceRecord.objects.get()
    before = AuditEvent.objects.filter(action="view", personal_data=True, note="evidence").count()
    r = client(member).get(f"/api/logbook/assistance/{record.pk}/evidence")
    assert r.status_code == 200 and r["Content-Type"] == "image/png"
    assert AuditEvent.objects.filter(action="view", personal_data=True, note="evidence").count() == before + 1
    outsider = make_user(Role.CDD_DISTRICT_OFFICER, area="2501")
    assert client(outsider).get(f"/api/logbook/assistance/{record.pk}/evidence").status_code == 404


# --- Imports: all rows or none, the row-by-row report on a refusal


def xlsx(rows: list[list[object]], headers: Any, name: str = "table.xlsx") -> SimpleUploadedFile:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(list(headers))
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def test_registry_import_creates_the_bodies_or_reports_the_rows(make_user: Any) -> None:
    from chumchon.organizations.imports import EXPORT_HEADERS
    from chumchon.organizations.models import Body
    from chumchon.organizations.tests.test_registry import GOOD_ROWS

    staff = make_user(Role.CODI_REGIONAL_STAFF, region="R5")
    member = make_user(Role.TAMBON_COUNCIL_MEMBER, area="240104")
    url = "/api/imports/registry"
    assert client(member).post(url, {"file": xlsx(GOOD_ROWS, EXPORT_HEADERS)}).status_code == 403
    broken = [*GOOD_ROWS, ["ประเภทที่ไม่มี", "องค์กรแปลก", "", "240104", "", "", "", "", "", "", "", "", ""]]
    r = client(staff).post(url, {"file": xlsx(broken, EXPORT_HEADERS)})
    assert r.status_code == 400
    bilingual_detail(r)
    assert r.json()["errors"] and r.json()["errors"][0]["row"] == len(broken) + 1
    assert not Body.objects.exists()  # all rows or none
    r = client(staff).post(url, {"file": xlsx(GOOD_ROWS, EXPORT_HEADERS, "registry.exe")})
    assert r.status_code == 400 and ".exe must be" in bilingual_detail(r)
    r = client(staff).post(url, {"file": xlsx(GOOD_ROWS, EXPORT_HEADERS)})
    assert r.status_code == 201, r.content
    assert r.json()["created"] == 3 and Body.objects.count() == 3


def test_progress_import_reports_or_refuses(pw: Any) -> None:
    w = pw
    pid = _running(w)
    headers = ["รหัสโครงการ", "วันที่รายงาน", "ความก้าวหน้า (%)", "ใช้จ่ายแล้ว (บาท)"]
    url = "/api/imports/project-progress"
    assert client(w.staff).post(url, {"file": xlsx([[pid, "10/01/2566", 30, 1000]], headers)}).status_code == 403
    r = client(w.secretary).post(url, {"file": xlsx([[pid, "10/01/2566", 300, 1000]], headers)})
    assert r.status_code == 400 and r.json()["errors"][0]["row"] == 2
    assert not Project.objects.get(pk=pid).progress_reports.exists()
    r = client(w.secretary).post(url, {"file": xlsx([[pid, "10/01/2566", 30, 1000]], headers)})
    assert r.status_code == 201, r.content
    assert r.json()["created"] == 1 and Project.objects.get(pk=pid).progress_reports.count() == 1


def test_indicator_values_import_asks_the_pages_permission_and_reports_rows(make_user: Any) -> None:
    member = make_user(Role.TAMBON_COUNCIL_MEMBER, area="240104")
    r = client(member).post("/api/imports/indicator-values", {"file": xlsx([], ["area"])})
    assert r.status_code == 403
    bilingual_detail(r)
    secretary = make_user(Role.TAMBON_COUNCIL_SECRETARY, area="240104")
    table = xlsx([["240104", "ไม่มีตัวนี้", 2567, 1]], ["area code", "indicator", "fiscal year", "value"])
    r = client(secretary).post("/api/imports/indicator-values", {"file": table})
    assert r.status_code == 400, r.content
    assert r.json()["errors"][0]["row"] == 2


@pytest.fixture
def plans_world(make_user: Any) -> Any:
    from chumchon.plans.tests import conftest as plan_fixtures

    return _fixture(plan_fixtures.world)(make_user)


def test_plan_items_import_by_the_plans_writer_refused_to_a_member(plans_world: Any) -> None:
    from chumchon.plans import imports as plan_imports
    from chumchon.plans.models import PlanItem

    w = plans_world
    plan = w.council_plan()
    url = f"/api/imports/plans/{plan.pk}/items"
    template = SimpleUploadedFile("plan.xlsx", plan_imports.template_bytes([2567]))
    r = client(w.member).post(url, {"file": template})
    assert r.status_code == 403
    bilingual_detail(r)
    broken = xlsx([[1, ""]], plan_imports.TEMPLATE_HEADERS)
    r = client(w.secretary).post(url, {"file": broken})
    assert r.status_code == 400 and r.json()["errors"], r.content
    assert not PlanItem.objects.filter(plan=plan).exists()
    template.seek(0)
    r = client(w.secretary).post(url, {"file": template})
    assert r.status_code == 201, r.content
    assert r.json()["created"] == PlanItem.objects.filter(plan=plan).count() >= 1


def test_survey_import_upload_confirm_job_and_refusals(
    settings: Any, tmp_path: Any, make_user: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from chumchon.poverty.models import ImportStatus, SurveyImport
    from chumchon.poverty.tests import test_import as survey

    settings.SURVEY_STORE = tmp_path / "store"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    logbook_data.survey_round("apid-2565", 2565)
    officer = make_user("cdd_provincial_officer", area="24")
    outsider = make_user("cdd_provincial_officer", area="20")

    def files() -> dict[str, Any]:
        return {
            "household_file": survey.csv_upload("hh.csv", survey.HH_HEADERS, survey.hh_rows()),
            "person_file": survey.csv_upload("p.csv", survey.P_HEADERS, survey.p_rows()),
        }

    fields = {"survey_round": "apid-2565", "area_code": "24"}
    # Another province's officer may not import for this one: 403; nothing stored.
    r = client(outsider).post("/api/imports/survey", {**fields, **files()})
    assert r.status_code == 403
    bilingual_detail(r)
    r = client(officer).post("/api/imports/survey", {**fields, **files(), "person_file": document("p.exe", b"MZ")})
    assert r.status_code == 400 and ".exe must be" in bilingual_detail(r)
    assert not SurveyImport.objects.exists()
    r = client(officer).post("/api/imports/survey", {**fields, **files()})
    assert r.status_code == 201, r.content
    record = r.json()
    assert record["status"] == ImportStatus.UPLOADED and record["job_id"] is None
    url = f"/api/imports/survey/{record['id']}"
    assert client(outsider).get(url).status_code == 404
    assert post_json(outsider, f"{url}/confirm").status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        r = post_json(officer, f"{url}/confirm")
    assert r.status_code == 202, r.content
    assert r.json()["job_id"] is not None
    done = client(officer).get(url).json()
    assert done["status"] == ImportStatus.SUCCEEDED and done["household_count"] == 3, done
    assert post_json(officer, f"{url}/confirm").status_code == 409  # already confirmed


# --- Reads the pages show


def test_capital_profile_of_an_area_in_scope_and_404_outside(make_user: Any) -> None:
    from chumchon.areas.models import Area
    from chumchon.capital.models import CapitalEntry, CapitalKind
    from chumchon.organizations.models import Body, BodyKind

    tambon = Area.objects.get(code="240104")
    Body.objects.create(kind=BodyKind.WELFARE_FUND, name_th="กองทุนสวัสดิการคลองนา", area=tambon, member_count=120)
    CapitalEntry.objects.create(
        area=tambon, kind=CapitalKind.NATURAL_FOREST, name="ป่าชุมชน", source_kind="forum", as_of="2024-01-01"
    )
    member = make_user(Role.TAMBON_COUNCIL_MEMBER, area="240104")
    r = client(member).get("/api/capital/profiles/240104")
    assert r.status_code == 200, r.content
    out = r.json()
    assert out["welfare_funds"]["members"] == 120 and out["entry_count"] == 1
    assert [e["name"] for s in out["sections"] for e in s["entries"]] == ["ป่าชุมชน"]
    outsider = make_user(Role.TAMBON_COUNCIL_MEMBER, area="250101")
    assert client(outsider).get("/api/capital/profiles/240104").status_code == 404
    assert client(member).get("/api/capital/profiles/24").status_code == 422  # not a tambon or village code


def test_council_members_body_history_and_welfare_rollup(make_user: Any) -> None:
    from chumchon.areas.models import Area
    from chumchon.organizations.models import Body, BodyKind

    tambon = Area.objects.get(code="240104")
    council = Body.objects.create(kind=BodyKind.TAMBON_COMMUNITY_COUNCIL, name_th="สภาองค์กรชุมชนคลองนา", area=tambon)
    Body.objects.create(kind=BodyKind.COMMUNITY_ORGANISATION, name_th="กลุ่มออมทรัพย์", area=tambon, member_of=council)
    secretary = make_user(Role.TAMBON_COUNCIL_SECRETARY, area="240104")
    member = make_user(Role.TAMBON_COUNCIL_MEMBER, area="240104")
    outsider = make_user(Role.TAMBON_COUNCIL_SECRETARY, area="250101")
    r = client(member).get(f"/api/bodies/{council.pk}/members")
    assert r.status_code == 200 and [b["name_th"] for b in r.json()["items"]] == ["กลุ่มออมทรัพย์"]
    assert client(outsider).get(f"/api/bodies/{council.pk}/members").status_code == 404
    # History: a change through the API is listed for who may edit the body; a member is refused (403).
    r = client(secretary).patch(
        f"/api/bodies/{council.pk}", data=json.dumps({"member_count": 31}), content_type="application/json"
    )
    assert r.status_code == 200, r.content
    r = client(secretary).get(f"/api/bodies/{council.pk}/history")
    assert r.status_code == 200, r.content
    assert any(c["field"] == "member_count" and c["after"] for e in r.json()["items"] for c in e["changes"])
    r = client(member).get(f"/api/bodies/{council.pk}/history")
    assert r.status_code == 403
    bilingual_detail(r)
    assert client(outsider).get(f"/api/bodies/{council.pk}/history").status_code == 404
    # The welfare roll-up over the tambon: a fund with a year's figures is counted.
    fund = Body.objects.create(kind=BodyKind.WELFARE_FUND, name_th="กองทุนสวัสดิการคลองนา", area=tambon)
    committee = make_user(Role.WELFARE_FUND_COMMITTEE, area="240104")
    year = {"year": 2568, "members_18_59": 100, "opening_balance": "1000.00", "contributions": "36500"}
    assert post_json(committee, f"/api/bodies/{fund.pk}/welfare-years", year).status_code == 200
    r = client(member).get("/api/bodies/welfare/rollup", {"scope": "240104", "year": 2568})
    assert r.status_code == 200, r.content
    assert r.json()["total"]["funds"] == 1 and r.json()["total"]["members"] == 100
    assert client(outsider).get("/api/bodies/welfare/rollup", {"scope": "240104"}).status_code == 404


def test_cross_area_duplicates_queue_read_logged_and_decided(
    settings: Any, tmp_path: Any, make_user: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from chumchon.poverty.models import PersonDuplicate
    from chumchon.poverty.tests import test_duplicates as dup

    env = _fixture(dup.env)(settings, tmp_path, make_user, django_capture_on_commit_callbacks)
    pair = _fixture(dup.pair)(env)
    officer = env["user"]
    r = client(officer).get("/api/person-duplicates", {"status": "open"})
    assert r.status_code == 200, r.content
    assert [d["id"] for d in r.json()["items"]] == [pair.pk]
    assert AuditEvent.objects.filter(model_label="poverty.personduplicate", personal_data=True).exists()
    r = client(officer).get(f"/api/person-duplicates/{pair.pk}")
    assert r.status_code == 200 and len(r.json()["sides"]) == 2 and r.json()["can_resolve"] is True
    # Who may not resolve duplicates there does not see the pair (404), and cannot decide it.
    stranger = make_user("cdd_provincial_officer", area="10")
    assert client(stranger).get(f"/api/person-duplicates/{pair.pk}").status_code == 404
    r = post_json(stranger, f"/api/person-duplicates/{pair.pk}/decision", {"decision": "different"})
    assert r.status_code == 404
    assert PersonDuplicate.objects.get(pk=pair.pk).status == "open"
    with django_capture_on_commit_callbacks(execute=True):
        r = post_json(officer, f"/api/person-duplicates/{pair.pk}/decision", {"decision": "second", "note": "ย้ายแล้ว"})
    assert r.status_code == 200, r.content
    assert r.json()["status"] == "same_person" and r.json()["lives_in"] == dup.T2
