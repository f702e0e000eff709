"""Files through the API (multipart): each upload once accepted and once refused — by the permission the
page asks or by the upload policy of ``core.uploads`` — through the same services; each download only to
who may read the record, as on the pages."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from chumchon.accounts.models import Role
from chumchon.meetings.models import Resolution
from chumchon.projects.models import Attachment, ReportPhoto
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
    bilingual_detail(r)
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
    bilingual_detail(r)
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
