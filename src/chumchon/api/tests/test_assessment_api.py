"""/api/assessment: opening, scoring, evidence, submitting, the cluster's review, returning and
certifying a province's assessment through assessment.services — each once allowed, once refused."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from chumchon.assessment.models import Assessment, AssessmentStatus, Certification, Evidence
from chumchon.assessment.tests.conftest import World, world  # noqa: F401 (fixture)
from chumchon.poverty.tests.logbook_data import fast_passwords  # noqa: F401 (autouse fixture)

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


def _post(c: Client, url: str, data: Any) -> Any:
    return c.post(url, data=json.dumps(data), content_type="application/json")


def test_open_score_evidence_submit_and_refusals(world: World) -> None:  # noqa: F811 (the fixture)
    editor = _client(world.editor24)
    r = _post(editor, "/api/assessment", {"province": "24", "fiscal_year": 2569})
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["status"] == "draft" and [s["criterion"] for s in body["scores"]] == list(range(1, 11))
    pk = body["id"]
    # Another province's working group: may not open one for Chachoengsao, does not see this one.
    outsider = _client(world.outsider)
    assert _post(outsider, "/api/assessment", {"province": "24", "fiscal_year": 2570}).status_code == 403
    assert outsider.get(f"/api/assessment/{pk}").status_code == 404
    assert outsider.get("/api/assessment").json()["count"] == 0
    # Submitting before every criterion has a level is refused with the reason.
    r = _post(editor, f"/api/assessment/{pk}/submit", {})
    assert r.status_code == 400 and " / " in r.json()["detail"]
    for score in body["scores"]:
        level = score["proposed_level"] if score["proposed_level"] is not None else 2
        note = "" if level == score["proposed_level"] else "ตามเอกสารประกอบ"
        r = editor.patch(
            f"/api/assessment/scores/{score['id']}",
            data=json.dumps({"level": level, "note": note}),
            content_type="application/json",
        )
        assert r.status_code == 200, r.content
    # The cluster's reviewer may see but not score the province's criteria.
    first = body["scores"][0]["id"]
    reviewer = _client(world.reviewer_c08)
    r = reviewer.patch(
        f"/api/assessment/scores/{first}", data=json.dumps({"level": 1}), content_type="application/json"
    )
    assert r.status_code == 403
    r = _post(
        editor,
        f"/api/assessment/scores/{first}/evidence",
        {"kind": "link", "title": "รายงาน", "url": "https://example.org/r"},
    )
    assert r.status_code == 201, r.content
    evidence = r.json()["evidence"][0]["id"]
    assert reviewer.delete(f"/api/assessment/evidence/{evidence}").status_code == 403
    assert editor.delete(f"/api/assessment/evidence/{evidence}").status_code == 204
    assert not Evidence.objects.exists()
    r = _post(editor, f"/api/assessment/{pk}/submit", {"summary": "พร้อมรับการพิจารณา"})
    assert r.status_code == 200 and r.json()["status"] == "submitted"
    # Review: not by the province itself; returning needs a reason; the cluster's working group reviews.
    assert _post(editor, f"/api/assessment/{pk}/review", {}).status_code == 403
    assert _post(reviewer, f"/api/assessment/{pk}/return", {"note": ""}).status_code == 422
    r = _post(reviewer, f"/api/assessment/{pk}/review", {"note": "ผ่าน"})
    assert r.status_code == 200, r.content
    assert r.json()["status"] == AssessmentStatus.REVIEWED and r.json()["readiness"] is not None
    # Certifying needs ASSESSMENT_SELECT and a resolution of a committee covering the province.
    resolution = world.resolution(world.subcom)
    assert (
        _post(reviewer, f"/api/assessment/{pk}/certify", {"resolution": resolution.pk, "fiscal_year": 2570}).status_code
        == 403
    )
    r = _post(_client(world.staff), f"/api/assessment/{pk}/certify", {"resolution": resolution.pk, "fiscal_year": 2570})
    assert r.status_code == 200, r.content
    assert Certification.objects.filter(province__code="24", fiscal_year=2570).count() == 1
    assert Assessment.objects.get(pk=pk).status == AssessmentStatus.REVIEWED
