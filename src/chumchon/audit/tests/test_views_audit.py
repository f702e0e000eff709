"""Audit pages: scoped list with filters, 404 outside scope, before/after on the detail page."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from chumchon.accounts.models import Role
from chumchon.areas.models import Area
from chumchon.audit.models import AuditAction, AuditEvent
from chumchon.audit.services import audit_record, audited_update
from chumchon.organizations.models import Body

pytestmark = pytest.mark.django_db


@pytest.fixture
def events(make_user: Any) -> dict[str, AuditEvent]:
    actor = make_user(Role.TAMBON_COUNCIL_SECRETARY, area="240104", first_name="สมศรี", last_name="ใจดี")
    body = Body.objects.create(kind="welfare_fund", name_th="กองทุนคลองนา", area=Area.objects.get(code="240104"))
    audited_update(body, actor=actor, member_count=45)
    other = Body.objects.create(kind="welfare_fund", name_th="กองทุนปราจีน", area=Area.objects.get(code="250101"))
    audited_update(other, actor=actor, member_count=12)
    audit_record(
        actor=actor, action=AuditAction.VIEW, obj=Area.objects.get(code="240105"), personal_data=True, note="list"
    )
    audit_record(actor=None, action=AuditAction.IMPORT, model_label="core.job", object_pk="1", area_code="")
    old = audit_record(actor=actor, action=AuditAction.EXPORT, obj=Area.objects.get(code="240104"))
    AuditEvent.objects.filter(pk=old.pk).update(at=timezone.now() - dt.timedelta(days=40))
    by_code = {e.area_code or "nation": e for e in AuditEvent.objects.exclude(action="export")}
    by_code["old"] = AuditEvent.objects.get(pk=old.pk)
    return by_code


def _client(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


def _listed(c: Client, **params: Any) -> set[int]:
    r = c.get("/audit/", params)
    assert r.status_code == 200
    return {e.pk for e in r.context["page"]}


def test_scoped_user_sees_only_their_areas_events(make_user: Any, events: dict[str, AuditEvent]) -> None:
    officer = make_user(Role.CDD_PROVINCIAL_OFFICER, area="24")
    c = _client(officer)
    assert _listed(c) == {events["240104"].pk, events["240105"].pk, events["old"].pk}
    assert c.get(f"/audit/{events['250101'].pk}/").status_code == 404
    assert c.get(f"/audit/{events['nation'].pk}/").status_code == 404  # national events: national users only
    assert c.get(f"/audit/{events['240104'].pk}/").status_code == 200


def test_national_user_sees_everything(make_user: Any, events: dict[str, AuditEvent]) -> None:
    c = _client(make_user(Role.NATIONAL_ADMIN, nation=True))
    assert _listed(c) == {e.pk for e in events.values()}
    assert c.get(f"/audit/{events['nation'].pk}/").status_code == 200


def test_region_user_sees_region_not_nation(make_user: Any, events: dict[str, AuditEvent]) -> None:
    c = _client(make_user(Role.CODI_REGIONAL_STAFF, region="R5"))
    assert events["nation"].pk not in _listed(c)
    assert events["250101"].pk in _listed(c)


def test_role_without_audit_view_sees_nothing(make_user: Any, events: dict[str, AuditEvent]) -> None:
    c = _client(make_user(Role.TAMBON_COUNCIL_SECRETARY, area="240104"))
    r = c.get("/audit/")
    assert r.status_code == 200 and not r.context["allowed"]
    assert b"audit-not-allowed" in r.content
    assert c.get(f"/audit/{events['240104'].pk}/").status_code == 404


def _be(day: dt.date) -> str:
    """A date as people type it on a Thai page: day/month/year B.E."""
    return f"{day.day:02d}/{day.month:02d}/{day.year + 543}"


def test_filters(make_user: Any, events: dict[str, AuditEvent]) -> None:
    c = _client(make_user(Role.NATIONAL_ADMIN, nation=True))
    assert _listed(c, personal="1") == {events["240105"].pk}
    assert _listed(c, type="organizations.body") == {events["240104"].pk, events["250101"].pk}
    assert _listed(c, action="import") == {events["nation"].pk}
    assert _listed(c, area="25") == {events["250101"].pk}
    today = timezone.localdate()
    recent = _listed(c, **{"from": _be(today - dt.timedelta(days=1)), "to": _be(today)})
    assert events["old"].pk not in recent and events["240104"].pk in recent
    long_ago = _be(today - dt.timedelta(days=40))
    assert _listed(c, **{"from": long_ago, "to": long_ago}) == {events["old"].pk}
    assert _listed(c, actor="nobody") == set()


def test_area_by_name_and_names_in_the_list(make_user: Any, events: dict[str, AuditEvent]) -> None:
    """Auditors type the area as people say it and read names, not DOPA codes."""
    c = _client(make_user(Role.NATIONAL_ADMIN, nation=True))
    assert _listed(c, area="ต.คลองนา อ.เมืองฉะเชิงเทรา") == {events["240104"].pk, events["old"].pk}
    assert _listed(c, area="ฉะเชิงเทรา") == {events["240104"].pk, events["240105"].pk, events["old"].pk}
    r = c.get("/audit/", {"area": "240104"})
    html = r.content.decode()
    assert 'value="ต.คลองนา อ.เมืองฉะเชิงเทรา จ.ฉะเชิงเทรา"' in html  # the code typed is shown as its address
    listed = r.content.decode().split('id="audit-list"')[1]
    assert "<td>ต.คลองนา อ.เมืองฉะเชิงเทรา จ.ฉะเชิงเทรา</td>" in listed and "<td>240104</td>" not in listed
    detail = c.get(f"/audit/{events['250101'].pk}/").content.decode()
    assert "จ.ปราจีนบุรี" in detail


def test_bad_filters_are_shown_and_ignored(make_user: Any, events: dict[str, AuditEvent]) -> None:
    c = _client(make_user(Role.NATIONAL_ADMIN, nation=True))
    r = c.get("/audit/", {"from": "not-a-date", "area": "ไม่มีตำบลนี้", "action": "import"})
    assert r.status_code == 200
    assert {e.pk for e in r.context["page"]} == {events["nation"].pk}  # the valid filter still applies
    assert set(r.context["form"].errors) == {"from", "area"}
    html = r.content.decode()
    assert "Enter the date as day/month/year" in html and "ไม่มีตำบลนี้" in html


def test_detail_shows_before_after_user_and_be_date(make_user: Any, events: dict[str, AuditEvent]) -> None:
    c = _client(make_user(Role.NATIONAL_ADMIN, nation=True))
    event = events["240104"]
    r = c.get(f"/audit/{event.pk}/")
    html = r.content.decode()
    rows = {row.field: (row.before, row.after) for row in r.context["rows"]}
    assert rows == {"member_count": (0, 45)}
    assert "สมศรี ใจดี" in html
    assert str(event.at.year + 543) in html  # Buddhist Era
    assert 'id="audit-changes"' in html


def test_pagination(make_user: Any) -> None:
    actor = make_user(Role.NATIONAL_ADMIN, nation=True)
    for i in range(55):
        audit_record(actor=actor, action=AuditAction.EXPORT, model_label="x.y", object_pk=str(i), area_code="24")
    c = _client(actor)
    first = c.get("/audit/")
    assert len(first.context["page"]) == 50 and b"audit-next" in first.content
    assert len(c.get("/audit/", {"page": 2}).context["page"]) == 5


def test_audit_pages_show_record_types_labels_and_values_not_raw_codes(make_user: Any) -> None:
    """Issue 9: the trail showed `poverty.targetlist`, field keys such as `tpmap_only`, and `False`."""
    from chumchon.core.tests.crawl import visible_text

    admin = make_user(Role.NATIONAL_ADMIN, nation=True)
    body = Body.objects.create(kind="welfare_fund", name_th="กองทุนคลองนา", area=Area.objects.get(code="240104"))
    event = audit_record(
        actor=admin,
        action=AuditAction.UPDATE,
        obj=body,
        changes={"is_active": [True, False], "kind": ["welfare_fund", "tambon_community_council"]},
    )
    audit_record(
        actor=admin, action=AuditAction.VIEW, model_label="poverty.targetlist", object_pk="x:240104", area_code="240104"
    )
    c = _client(admin)
    listing = visible_text(c.get("/audit/").content.decode())
    assert "poverty.targetlist" not in listing and "organizations.body" not in listing
    assert "รายชื่อเป้าหมาย" in listing
    detail = visible_text(c.get(f"/audit/{event.pk}/").content.decode())
    for raw in ("organizations.body", "is_active", "welfare_fund", "True", "False"):
        assert raw not in detail, raw
    assert "ใช่" in detail and "ไม่ใช่" in detail and "กองทุนสวัสดิการชุมชน" in detail
