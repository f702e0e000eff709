"""The assessment pages: scope (404 outside the province), the review and adoption forms, Excel exports,
the worklist and the menu."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from chumchon.accounts.menu import menu_for
from chumchon.accounts.models import Role
from chumchon.accounts.worklist import worklist_for
from chumchon.areas.models import CodiRegion
from chumchon.assessment import services
from chumchon.assessment.models import Assessment, AssessmentStatus, Certification
from chumchon.core.exports import XLSX_CONTENT_TYPE

pytestmark = pytest.mark.django_db


def client_for(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_a_user_outside_the_province_sees_404(world: Any, make_user: Any) -> None:
    a = world.open_and_fill("24", [3] * 10, world.editor24)
    assert client_for(world.editor24).get(f"/assessment/{a.pk}/").status_code == 200
    assert client_for(world.outsider).get(f"/assessment/{a.pk}/").status_code == 404
    assert client_for(world.reviewer_c09).get(f"/assessment/{a.pk}/").status_code == 404
    tambon = make_user(Role.TAMBON_COUNCIL_SECRETARY, area="240104")
    assert client_for(tambon).get(f"/assessment/{a.pk}/").status_code == 404
    score = a.scores.first()
    assert client_for(world.outsider).post(f"/assessment/criteria/{score.pk}/", {"level": "1"}).status_code == 404
    page = client_for(world.outsider).get("/assessment/").content.decode()
    assert f"/assessment/{a.pk}/" not in page


def test_the_reviewer_reviews_through_the_page(world: Any) -> None:
    a = world.open_and_fill("24", [3] * 10, world.editor24)
    reviewer = client_for(world.reviewer_c08)
    page = reviewer.get(f"/assessment/{a.pk}/").content.decode()
    assert 'id="review-form"' in page
    assert [i.key for i in worklist_for(world.reviewer_c08)] == ["assessment.review"]
    listed = reviewer.get("/assessment/?todo=review").content.decode()
    assert f"/assessment/{a.pk}/" in listed
    # A different level without a reason: refused, shown, nothing changed.
    response = reviewer.post(f"/assessment/{a.pk}/review/", {"level_3": "1"}, follow=True)
    assert "โปรดระบุเหตุผล" in response.content.decode()  # the Thai half, on a Thai page
    assert Assessment.objects.get(pk=a.pk).status == AssessmentStatus.SUBMITTED
    reviewer.post(f"/assessment/{a.pk}/review/", {"level_3": "1", "note_3": "ยังไม่มีรายงาน"})
    a.refresh_from_db()
    assert a.status == AssessmentStatus.REVIEWED and str(a.readiness) == "70.0"
    assert worklist_for(world.reviewer_c08) == []
    # The province cannot review its own assessment: no form offered, and a post is refused.
    a2 = world.open_and_fill("24", [2] * 10, world.editor24, year=2570)
    own = client_for(world.editor24)
    assert 'id="review-form"' not in own.get(f"/assessment/{a2.pk}/").content.decode()
    own.post(f"/assessment/{a2.pk}/review/", {})
    assert Assessment.objects.get(pk=a2.pk).status == AssessmentStatus.SUBMITTED


def test_open_score_and_submit_through_the_pages(world: Any) -> None:
    c = client_for(world.editor24)
    page = c.get("/assessment/").content.decode()
    assert 'id="open-form"' in page
    response = c.post(
        "/assessment/new/", {"province": world.pwg24.area.pk, "fiscal_year": "2569", "track": "self_managing"}
    )
    a = Assessment.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/assessment/{a.pk}/"
    detail = c.get(f"/assessment/{a.pk}/").content.decode()
    assert 'class="proposed"' in detail and "Tambon community councils in" not in detail  # Thai page: Thai reasons
    assert "สภาองค์กรชุมชนตำบล 0 จาก" in detail
    for score in a.scores.all():
        c.post(
            f"/assessment/criteria/{score.pk}/",
            {"level": str(score.proposed_level if score.proposed_level is not None else 2)},
        )
    assert a.scores.filter(level__isnull=True).count() == 0
    c.post(f"/assessment/{a.pk}/submit/", {"summary": "สรุป"})
    a.refresh_from_db()
    assert a.status == AssessmentStatus.SUBMITTED
    assert [i.key for i in worklist_for(world.editor24)] == []


def test_excel_exports_of_every_table(world: Any) -> None:
    world.reviewed("24", [3] * 10, world.editor24)
    c = client_for(world.staff)
    a = Assessment.objects.get()
    for url in (
        "/assessment/?export=xlsx",
        f"/assessment/{a.pk}/?export=xlsx",
        "/assessment/ranking/?year=2569&export=xlsx",
        "/assessment/trend/?export=xlsx",
        "/assessment/certifications/?export=xlsx",
    ):
        response = c.get(url)
        assert response.status_code == 200 and response["Content-Type"] == XLSX_CONTENT_TYPE, url


def test_selection_pages_propose_and_adopt(world: Any) -> None:
    world.reviewed("24", [4] * 10, world.editor24)
    world.reviewed("22", [2] * 10, world.editor22)
    c = client_for(world.staff)
    r5 = CodiRegion.objects.get(code="R5")
    response = c.post(
        "/assessment/selections/",
        {
            "scope_kind": "region",
            "region": r5.pk,
            "fiscal_year": "2570",
            "assessed_year": "2569",
            "size": "1",
            "track": "self_managing",
        },
    )
    assert response.status_code == 400 and "need at least 2 pilots, not 1" in response.content.decode()
    response = c.post(
        "/assessment/selections/",
        {
            "scope_kind": "region",
            "region": r5.pk,
            "fiscal_year": "2570",
            "assessed_year": "2569",
            "size": "2",
            "track": "self_managing",
        },
    )
    assert response.status_code == 302
    url = response["Location"]
    page = c.get(url).content.decode()
    assert 'id="adopt-form"' in page and 'id="uncovered"' in page
    assert [i.key for i in worklist_for(world.staff)] == ["assessment.adopt"]
    resolution = world.resolution(world.subcom)
    c.post(url, {"resolution": resolution.pk})
    assert Certification.objects.filter(status="pilot").count() == 2
    resolution_page = c.get(f"/meetings/resolutions/{resolution.pk}/")
    assert resolution_page.status_code == 200 and url in resolution_page.content.decode()
    assert client_for(world.staff).get(url + "?export=xlsx")["Content-Type"] == XLSX_CONTENT_TYPE


def test_the_menu_shows_the_entry_to_province_roles_only(world: Any, make_user: Any) -> None:
    assert "assessment" in [m.key for m in menu_for(world.editor24)]
    assert "assessment" in [m.key for m in menu_for(world.reviewer_c08)]
    tambon = make_user(Role.TAMBON_COUNCIL_SECRETARY, area="240104")
    assert "assessment" not in [m.key for m in menu_for(tambon)]


def test_map_ranking_and_trend_pages(world: Any) -> None:
    world.reviewed("24", [4] * 10, world.editor24)
    world.reviewed("22", [2] * 10, world.editor22)
    c = client_for(world.staff)
    page = c.get("/assessment/?year=2569").content.decode()
    assert page.count('class="tile"') == 77
    ranking = c.get("/assessment/ranking/?year=2569").content.decode()
    assert ranking.index("ฉะเชิงเทรา") < ranking.index("จันทบุรี")
    assert c.get("/assessment/trend/").status_code == 200
    assert c.get("/assessment/certifications/").status_code == 200


def test_the_public_portal_shows_reviewed_readiness_and_certified_status_only(world: Any) -> None:
    world.reviewed("24", [4] * 10, world.editor24)
    world.reviewed("22", [2] * 10, world.editor22)
    world.open_and_fill("20", [3] * 10, world.outsider)  # submitted, not reviewed: not public
    selection = services.selection_propose(
        scope_kind="region",
        region=CodiRegion.objects.get(code="R5"),
        fiscal_year=2570,
        assessed_year=2569,
        size=2,
        actor=world.staff,
    )
    services.selection_adopt(selection=selection, resolution=world.resolution(world.subcom), actor=world.staff)
    public = Client()
    data = public.get(reverse("portal:download", args=["R5", "self_managing", "json"])).json()
    rows = data["rows"] if isinstance(data, dict) and "rows" in data else data
    text = str(rows)
    assert "100.0" in text and "50.0" in text and "จังหวัดนำร่อง" in text
    assert "ชลบุรี" not in text  # 20's assessment is not reviewed yet
    page = public.get(reverse("portal:place", args=["24"])).content.decode()
    assert "จังหวัดจัดการตนเอง" in page and "100.0" in page
