"""The tambon charter pages: the secretary records a charter (document and rules) and amends its
rules; other provinces get 404; readers who may not write see no form and get 403; errors in Thai and
English. Also the plan form's cluster and region plans."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from chumchon.accounts.models import Role
from chumchon.areas.models import CodiRegion
from chumchon.audit.models import AuditEvent
from chumchon.organizations.models import Body, BodyKind
from chumchon.plans import services
from chumchon.plans.models import CharterRule, Plan, PlanKind, PlanLevel, TambonCharter

from .conftest import World

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _client(user: object, lang: str = "th") -> Client:
    c = Client(headers={"accept-language": lang})
    c.force_login(user)  # type: ignore[arg-type]
    c.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    return c


def test_the_secretary_records_a_charter_with_its_document_and_rules(world: World) -> None:
    c = _client(world.secretary)
    index = c.get("/plans/").content.decode()
    assert 'id="new-charter"' in index
    form = c.get("/plans/charters/new/").content.decode()
    assert 'enctype="multipart/form-data"' in form and world.council.name_th in form
    assert world.other_council.name_th not in form
    response = c.post(
        "/plans/charters/new/",
        {
            "body": world.council.pk,
            "title": "ธรรมนูญตำบลคลองนา พ.ศ. 2566",
            "adopted_on": "12/03/2566",
            "rules": "คัดแยกขยะในครัวเรือน\n\nงดเหล้าในงานศพ\n",
            "document": SimpleUploadedFile("charter.pdf", PDF, content_type="application/pdf"),
        },
    )
    assert response.status_code == 302, response.content.decode()[-2000:]
    charter = TambonCharter.objects.get()
    assert charter.body == world.council and charter.adopted_on is not None and charter.adopted_on.year == 2023
    assert charter.document.name.endswith(".pdf")
    assert [(r.number, r.text) for r in charter.rules.all()] == [(1, "คัดแยกขยะในครัวเรือน"), (2, "งดเหล้าในงานศพ")]
    page = c.get(response["Location"]).content.decode()
    assert 'id="amend-rules"' in page and "งดเหล้าในงานศพ" in page and "2566" in page


def test_the_secretary_adds_and_amends_rules_and_each_change_is_audited(world: World) -> None:
    charter = services.charter_create(actor=world.secretary, body=world.council, title="ธรรมนูญ", rules=["ก", "ข", "ค"])
    before = AuditEvent.objects.count()
    c = _client(world.secretary)
    assert "ก\nข\nค" in c.get(f"/plans/charters/{charter.pk}/rules/").content.decode()
    response = c.post(f"/plans/charters/{charter.pk}/rules/", {"rules": "ก\nข แก้ไข\n"})
    assert response.status_code == 302
    assert [r.text for r in charter.rules.all()] == ["ก", "ข แก้ไข"]
    c.post(f"/plans/charters/{charter.pk}/rules/", {"rules": "ก\nข แก้ไข\nง ข้อใหม่"})
    assert [(r.number, r.text) for r in charter.rules.all()] == [(1, "ก"), (2, "ข แก้ไข"), (3, "ง ข้อใหม่")]
    assert AuditEvent.objects.count() == before + 3  # one amended, one removed, one added


def test_another_province_gets_404_and_a_member_without_write_gets_no_form_and_403(
    world: World, make_user: Any
) -> None:
    charter = services.charter_create(actor=world.secretary, body=world.council, title="ธรรมนูญ", rules=["ก"])
    elsewhere = make_user(Role.CDD_PROVINCIAL_OFFICER, area="20", username="cdd_chonburi")
    assert _client(elsewhere).get(f"/plans/charters/{charter.pk}/").status_code == 404
    assert _client(elsewhere).get(f"/plans/charters/{charter.pk}/rules/").status_code == 404
    assert _client(elsewhere).post(f"/plans/charters/{charter.pk}/rules/", {"rules": "x"}).status_code == 404
    member = _client(world.member)
    assert 'id="new-charter"' not in member.get("/plans/").content.decode()
    page = member.get(f"/plans/charters/{charter.pk}/").content.decode()
    assert page.count("ก") and 'id="amend-rules"' not in page
    assert member.get("/plans/charters/new/").status_code == 403
    post = {"body": world.council.pk, "title": "ไม่ควรถูกบันทึก", "rules": "x"}
    assert member.post("/plans/charters/new/", post).status_code == 403
    assert member.post(f"/plans/charters/{charter.pk}/rules/", {"rules": "x"}).status_code == 403
    assert [r.text for r in charter.rules.all()] == ["ก"] and TambonCharter.objects.count() == 1
    # The other tambon's secretary may not record one for this council (not offered, refused if forced).
    other = _client(world.other_secretary)
    response = other.post("/plans/charters/new/", post)
    assert response.status_code == 200 and TambonCharter.objects.count() == 1


@pytest.mark.parametrize("lang", ["th", "en"])
def test_validation_is_bilingual(world: World, lang: str) -> None:
    c = _client(world.secretary, lang)
    text = c.post("/plans/charters/new/", {"body": world.council.pk, "title": "ธรรมนูญ", "rules": "\n \n"}).content
    page = text.decode()
    assert f'<html lang="{lang}">' in page
    assert ("ธรรมนูญต้องมีอย่างน้อยหนึ่งข้อ" if lang == "th" else "The charter needs at least one rule") in page
    page = c.post("/plans/charters/new/", {"body": world.council.pk, "title": " ", "rules": "ก"}).content.decode()
    assert ("ต้องระบุชื่อธรรมนูญ" if lang == "th" else "The charter needs a title") in page
    bad = SimpleUploadedFile("charter.exe", b"MZ\x90\x00", content_type="application/octet-stream")
    page = c.post(
        "/plans/charters/new/", {"body": world.council.pk, "title": "ธรรมนูญ", "rules": "ก", "document": bad}
    ).content.decode()
    assert TambonCharter.objects.count() == 0 and 'class="error"' in page
    charter = services.charter_create(actor=world.secretary, body=world.council, title="ธรรมนูญ", rules=["ก"])
    page = c.post(f"/plans/charters/{charter.pk}/rules/", {"rules": ""}).content.decode()
    assert ("ธรรมนูญต้องมีอย่างน้อยหนึ่งข้อ" if lang == "th" else "The charter needs at least one rule") in page
    assert CharterRule.objects.filter(charter=charter).count() == 1


# ---------------------------------------------------------------------------------------------
# Cluster and region plans through the plan form


def test_the_plan_form_creates_a_region_plan_for_who_writes_it(world: World, make_user: Any) -> None:
    region = CodiRegion.objects.get(provinces__code="24")
    subcommittee = Body(
        kind=BodyKind.CODI_REGIONAL_SUBCOMMITTEE, name_th="อนุกรรมการภาค", scope_kind="region", region=region
    )
    subcommittee.full_clean()
    subcommittee.save()
    staff = make_user(Role.CODI_REGIONAL_STAFF, region=region.code, username="codi_staff")
    c = _client(staff)
    form = c.get("/plans/new/").content.decode()
    assert 'value="region"' in form
    response = c.post(
        "/plans/new/",
        {
            "title": "แผนภาคประชาชนระดับภาค",
            "kind": PlanKind.PEOPLES_PROVINCIAL,
            "level": PlanLevel.REGION,
            "owner": subcommittee.pk,
            "area_code": "",
            "start_year_be": 2567,
            "end_year_be": 2570,
        },
    )
    assert response.status_code == 302, response.content.decode()[-3000:]
    plan = Plan.objects.get(title="แผนภาคประชาชนระดับภาค")
    assert plan.scope_kind == "region" and plan.region == region and plan.area is None
    # The tambon secretary has no body of a cluster or region: those levels are not offered, and a forced one fails.
    secretary = _client(world.secretary)
    form = secretary.get("/plans/new/").content.decode()
    assert 'value="region"' not in form and 'value="cluster"' not in form
    response = secretary.post(
        "/plans/new/",
        {
            "title": "ไม่ควรถูกสร้าง",
            "kind": PlanKind.COUNCIL_TAMBON,
            "level": PlanLevel.REGION,
            "owner": world.council.pk,
            "start_year_be": 2567,
            "end_year_be": 2570,
        },
    )
    assert response.status_code == 200 and not Plan.objects.filter(title="ไม่ควรถูกสร้าง").exists()


def test_an_area_plan_still_needs_its_area_code(world: World) -> None:
    response = _client(world.secretary, "en").post(
        "/plans/new/",
        {
            "title": "แผน",
            "kind": PlanKind.COUNCIL_TAMBON,
            "level": PlanLevel.TAMBON,
            "owner": world.council.pk,
            "area_code": "",
            "start_year_be": 2567,
            "end_year_be": 2570,
        },
    )
    assert response.status_code == 200 and "Give the area of the plan." in response.content.decode()
