"""/api/audit: the audit trail as the page shows it — the caller's areas only (404 outside), nothing for
a role without the audit right, filters, and an event's changes in words."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from chumchon.accounts.models import Role
from chumchon.audit.models import AuditAction, AuditEvent
from chumchon.audit.services import audit_record

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


@pytest.fixture
def events(make_user: Any) -> dict[str, AuditEvent]:
    actor = make_user(Role.TAMBON_COUNCIL_SECRETARY, area="240104")
    return {
        code: audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            model_label="areas.area",
            object_pk=code,
            area_code=code,
            changes={"name_th": ["เดิม", f"ใหม่ {code}"]},
            personal_data=code == "240105",
        )
        for code in ("240104", "240105", "250101")
    }


def test_the_trail_is_scoped_filtered_and_readable(make_user: Any, events: dict[str, AuditEvent]) -> None:
    officer = _client(make_user(Role.CDD_PROVINCIAL_OFFICER, area="24"))
    listed = officer.get("/api/audit").json()
    ids = {e["id"] for e in listed["items"]}
    assert {events["240104"].pk, events["240105"].pk} <= ids and events["250101"].pk not in ids
    assert all(e["area_code"].startswith("24") for e in listed["items"])
    personal = officer.get("/api/audit", {"personal_only": "true"}).json()["items"]
    assert [e["id"] for e in personal] == [events["240105"].pk]
    one = officer.get(f"/api/audit/{events['240104'].pk}")
    assert one.status_code == 200
    body = one.json()
    assert body["record_type"] != "areas.area" and body["changes"][0]["after"] == "ใหม่ 240104"
    assert officer.get(f"/api/audit/{events['250101'].pk}").status_code == 404
    # A role without the audit right reads nothing, listed or by id.
    secretary = _client(make_user(Role.TAMBON_COUNCIL_SECRETARY, area="240104"))
    assert secretary.get("/api/audit").json()["count"] == 0
    assert secretary.get(f"/api/audit/{events['240104'].pk}").status_code == 404
    assert officer.get("/api/audit", {"action": "nonsense"}).status_code == 422
    assert officer.get("/api/audit", {"date_from": "2999-01-01"}).json()["count"] == 0
    wrong = officer.get("/api/audit", {"date_from": "2026-02-30"})
    assert wrong.status_code == 400 and " / " in wrong.json()["detail"]
