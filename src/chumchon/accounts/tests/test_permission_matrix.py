"""Every role × every scope level it is used at, through real HTTP endpoints (issue acceptance).

For each (role, scope) the test walks the hierarchy around the scope — the scope itself, its
children, its parent, its siblings and their children, other provinces, regions and clusters — and
proves: in-scope reads succeed; out-of-scope reads answer 404; out-of-scope writes answer 403 and
change nothing (the row is unchanged and no audit row exists). It does so on the area page
(/areas/<code>/), the API (/api/areas, /api/bodies) and the admin change views.

Scope facts used (areas/data): cluster C08 = provinces 24, 20, 21, 11; region R5 = 10, 11, 12, 13,
20–27, 74; 25 is in R5 but in cluster C09; 50 is in R1.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client

from chumchon.accounts.models import Role
from chumchon.areas.models import Area
from chumchon.audit.models import AuditEvent
from chumchon.organizations.models import Body

pytestmark = [pytest.mark.django_db, pytest.mark.urls("chumchon.accounts.tests.admin_urls")]


@dataclass(frozen=True)
class Scope:
    label: str
    kwargs: tuple[tuple[str, Any], ...]
    inside: tuple[str, ...]  # codes the scope covers (self, children, grandchildren…)
    outside: tuple[str, ...]  # parent, siblings, siblings' children, other provinces/regions

    def as_kwargs(self) -> dict[str, Any]:
        return dict(self.kwargs)


NATION = Scope("nation", (("nation", True),), ("10", "24", "2401", "240104", "50", "500101", "96"), ())
REGION = Scope(
    "region R5",
    (("region", "R5"),),
    ("10", "11", "24", "2401", "240104", "25", "250101", "2001"),
    ("50", "5001", "500101", "30", "96"),
)
CLUSTER = Scope(
    "cluster C08",
    (("cluster", "C08"),),
    ("24", "2401", "240104", "20", "200101", "11"),
    ("25", "250101", "10", "1001", "50", "22"),
)
PROVINCE = Scope(
    "province 24",
    (("area", "24"),),
    ("24", "2401", "240104", "2402", "240201"),
    ("20", "2001", "25", "250101", "50", "10"),
)
DISTRICT = Scope(
    "district 2401",
    (("area", "2401"),),
    ("2401", "240104", "240105"),
    ("24", "2402", "240201", "25", "2501"),
)
TAMBON = Scope(
    "tambon 240104",
    (("area", "240104"),),
    ("240104",),
    ("2401", "24", "240105", "240201", "250101", "10"),
)

# Each role at the levels it is used at.
CASES: list[tuple[str, Scope]] = [
    (Role.NATIONAL_ADMIN, NATION),
    (Role.NATIONAL_ADMIN, PROVINCE),  # a national-admin role confined to one province
    (Role.CODI_REGIONAL_STAFF, REGION),
    (Role.REGIONAL_SUBCOMMITTEE_MEMBER, REGION),
    (Role.CLUSTER_WORKING_GROUP_MEMBER, CLUSTER),
    (Role.BAAN_MANKONG_SUBCOMMITTEE_MEMBER, REGION),
    (Role.BAAN_MANKONG_SUBCOMMITTEE_MEMBER, NATION),
    (Role.PROJECT_REVIEW_GROUP_MEMBER, REGION),
    (Role.PROVINCIAL_WORKING_GROUP_MEMBER, PROVINCE),
    (Role.CDD_PROVINCIAL_OFFICER, PROVINCE),
    (Role.CDD_DISTRICT_OFFICER, DISTRICT),
    (Role.TAMBON_COUNCIL_SECRETARY, TAMBON),
    (Role.TAMBON_COUNCIL_MEMBER, TAMBON),
    (Role.WELFARE_FUND_COMMITTEE, TAMBON),
    (Role.PARTNER_AGENCY_STAFF, PROVINCE),
    (Role.PARTNER_AGENCY_STAFF, DISTRICT),
]
IDS = [f"{role.value}@{scope.label}" for role, scope in CASES]

# Written out by hand (not read from ROLE_ACTIONS) so a change to the role table shows up here.
AREA_EDITORS = {Role.NATIONAL_ADMIN}
BODY_EDITORS = {
    Role.NATIONAL_ADMIN,
    Role.CODI_REGIONAL_STAFF,
    Role.TAMBON_COUNCIL_SECRETARY,
    Role.WELFARE_FUND_COMMITTEE,
}


def test_every_role_is_covered() -> None:
    assert {role for role, _ in CASES} == set(Role)
    levels = {scope.label.split()[0] for _, scope in CASES}
    assert levels == {"nation", "region", "cluster", "province", "district", "tambon"}


def _user(make_user: Any, role: str, scope: Scope) -> Any:
    return make_user(role, is_staff=True, **scope.as_kwargs())


def _client(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


def _bodies(codes: tuple[str, ...]) -> dict[str, Body]:
    areas = {a.code: a for a in Area.objects.filter(code__in=codes)}
    assert set(areas) == set(codes), f"missing probe areas {set(codes) - set(areas)}"
    return {
        code: Body.objects.create(kind="community_org", name_th=f"กลุ่มทดสอบ {code}", scope_kind="area", area=area)
        for code, area in areas.items()
    }


def _patch(c: Client, url: str, data: dict[str, Any]) -> Any:
    return c.patch(url, data=json.dumps(data), content_type="application/json")


@pytest.mark.parametrize(("role", "scope"), CASES, ids=IDS)
def test_area_page_reads(make_user: Any, role: str, scope: Scope) -> None:
    c = _client(_user(make_user, role, scope))
    for code in scope.inside:
        assert c.get(f"/areas/{code}/").status_code == 200, code
    for code in scope.outside:
        assert c.get(f"/areas/{code}/").status_code == 404, code


@pytest.mark.parametrize(("role", "scope"), CASES, ids=IDS)
def test_api_area_reads(make_user: Any, role: str, scope: Scope) -> None:
    c = _client(_user(make_user, role, scope))
    for code in scope.inside:
        r = c.get(f"/api/areas/{code}")
        assert r.status_code == 200, code
        assert r.json()["code"] == code
        children = c.get(f"/api/areas/{code}/children")
        assert children.status_code == 200
        assert all(child["code"].startswith(code) for child in children.json())
        assert [a["code"] for a in c.get("/api/areas", {"q": code}).json()] == [code]
    for code in scope.outside:
        r = c.get(f"/api/areas/{code}")
        assert r.status_code == 404, code
        assert r.json() == {"detail": "ไม่พบข้อมูล / Not found"}
        assert c.get(f"/api/areas/{code}/children").status_code == 404
        assert c.get("/api/areas", {"q": code}).json() == []


@pytest.mark.parametrize(("role", "scope"), CASES, ids=IDS)
def test_api_area_writes(make_user: Any, role: str, scope: Scope) -> None:
    c = _client(_user(make_user, role, scope))
    for code in scope.outside:
        before = Area.objects.get(code=code).name_th
        r = _patch(c, f"/api/areas/{code}", {"name_th": "เปลี่ยนชื่อ"})
        assert r.status_code == 404, code  # out of scope answers as missing, as pages do
        assert " / " in r.json()["detail"]  # bilingual
        assert Area.objects.get(code=code).name_th == before
    assert not AuditEvent.objects.exists()
    code = scope.inside[-1]
    r = _patch(c, f"/api/areas/{code}", {"name_th": "ชื่อใหม่"})
    if role in AREA_EDITORS:
        assert r.status_code == 200
        assert Area.objects.get(code=code).name_th == "ชื่อใหม่"
        assert AuditEvent.objects.filter(model_label="areas.area", area_code=code, action="update").count() == 1
    else:
        assert r.status_code == 403
        assert Area.objects.get(code=code).name_th != "ชื่อใหม่"
        assert not AuditEvent.objects.exists()


@pytest.mark.parametrize(("role", "scope"), CASES, ids=IDS)
def test_api_body_reads_and_writes(make_user: Any, role: str, scope: Scope) -> None:
    user = _user(make_user, role, scope)
    c = _client(user)
    bodies = _bodies(scope.inside + scope.outside)
    listed = {b["id"] for b in c.get("/api/bodies", {"limit": 1000}).json()["items"]}
    assert listed == {bodies[code].pk for code in scope.inside}
    for code in scope.outside:
        body = bodies[code]
        assert c.get(f"/api/bodies/{body.pk}").status_code == 404, code
        r = _patch(c, f"/api/bodies/{body.pk}", {"member_count": 99})
        assert r.status_code == 404, code  # out of scope answers as missing, as pages do
        body.refresh_from_db()
        assert body.member_count == 0
    assert not AuditEvent.objects.exists()
    for code in scope.inside:
        body = bodies[code]
        assert c.get(f"/api/bodies/{body.pk}").status_code == 200, code
        r = _patch(c, f"/api/bodies/{body.pk}", {"member_count": 12})
        body.refresh_from_db()
        if role in BODY_EDITORS:
            assert r.status_code == 200, (code, r.content)
            assert r.json()["member_count"] == 12
            assert body.member_count == 12
            event = AuditEvent.objects.get(model_label="organizations.body", object_pk=str(body.pk))
            assert event.actor == user and event.changes["member_count"] == [0, 12]
        else:
            assert r.status_code == 403, code
            assert body.member_count == 0
    if role not in BODY_EDITORS:
        assert not AuditEvent.objects.exists()


@pytest.mark.parametrize(("role", "scope"), CASES, ids=IDS)
def test_admin_change_views(make_user: Any, role: str, scope: Scope) -> None:
    user = _user(make_user, role, scope)
    c = _client(user)
    bodies = _bodies(scope.inside[:2] + scope.outside)
    for code in scope.outside:
        body = bodies[code]
        url = f"/scoped-admin/organizations/body/{body.pk}/change/"
        assert c.get(url).status_code == 404, code
        assert c.post(url, {"name_th": "แก้ไข", "member_count": 5}).status_code == 403, code
        assert c.post(f"/scoped-admin/organizations/body/{body.pk}/delete/", {"post": "yes"}).status_code == 403
        body.refresh_from_db()
        assert (body.name_th, body.member_count) == (f"กลุ่มทดสอบ {code}", 0)
    assert not AuditEvent.objects.exists()
    code = scope.inside[0]
    body = bodies[code]
    url = f"/scoped-admin/organizations/body/{body.pk}/change/"
    assert c.get(url).status_code == 200
    r = c.post(url, {"name_th": "แก้ไขในเขต", "member_count": 7})
    body.refresh_from_db()
    if role in BODY_EDITORS:
        assert r.status_code == 302
        assert (body.name_th, body.member_count) == ("แก้ไขในเขต", 7)
        event = AuditEvent.objects.get(model_label="organizations.body", object_pk=str(body.pk))
        assert event.actor == user and event.changes["name_th"] == [f"กลุ่มทดสอบ {code}", "แก้ไขในเขต"]
    else:
        assert r.status_code == 403
        assert body.member_count == 0
        assert not AuditEvent.objects.exists()
