"""Thai full-text search: whole words, ranked, only what the user may see; on SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import transaction
from django.urls import reverse

from chumchon.organizations.selectors import body_list
from chumchon.search import selectors, services
from chumchon.search.models import DocKind, SearchDocument
from chumchon.search.tests.conftest import World
from chumchon.search.words import compound_parts, display_pieces, index_words, query_words

pytestmark = pytest.mark.django_db


def found(user: Any, text: str, **kw: Any) -> list[tuple[str, int]]:
    ranked = selectors.search(user, text, **kw)
    return [(r.document.kind, r.document.object_id) for r in ranked[0 : ranked.count()]]


def test_words_are_thai_words() -> None:
    words = index_words("กองทุนสวัสดิการชุมชนตำบล").split()
    assert words[0] == "กองทุน" and {"สวัสดิการ", "ชุมชน", "ตำบล"} <= set(words)
    assert "ชน" not in words  # a piece shorter than a part is never indexed
    assert "ยา" not in index_words("โรงพยาบาล").split()
    assert "พยาบาล" in index_words("โรงพยาบาล").split()


def test_compounds_are_found_by_their_parts() -> None:
    # newmm keeps these compounds whole; the index adds their parts so a search for the part finds them.
    assert compound_parts("การท่องเที่ยว") == ("การ", "ท่องเที่ยว")
    assert compound_parts("ผู้สูงอายุ") == ("ผู้", "สูงอายุ")
    assert compound_parts("ชุมชน") == ()  # "ชุม|ชน": "ชน" is too short to be a part
    assert "ท่องเที่ยว" in index_words("ส่งเสริมการท่องเที่ยวชุมชน").split()
    pieces = display_pieces("ส่งเสริมการท่องเที่ยว", frozenset({"ท่องเที่ยว"}))
    assert ("การท่องเที่ยว", True) in pieces
    assert query_words("  Welfare, กองทุน! ") == ("welfare", "กองทุน")


def test_welfare_finds_the_welfare_fund_and_medicine_not_the_hospital(make_user, world: World) -> None:
    admin = make_user("national_admin", nation=True)
    hits = found(admin, "สวัสดิการ")
    assert (DocKind.BODY, world.fund.pk) in hits
    assert (DocKind.PROJECT, world.project.pk) in hits and (DocKind.ITEM, world.far_item.pk) in hits
    assert (DocKind.BODY, world.hospital.pk) not in hits
    medicine = found(admin, "ยา")
    # "ยา" is a word in the medicine item and the far item; never inside "โรงพยาบาล" (the hospital, the road).
    assert set(medicine) == {(DocKind.ITEM, world.medicine.pk), (DocKind.ITEM, world.far_item.pk)}
    assert found(admin, "โรงพยาบาล")[0] == (DocKind.BODY, world.hospital.pk)  # the title match ranks first
    # Every word must occur: the welfare fund of Khlong Na, not of Chang Phueak.
    assert found(admin, "กองทุนสวัสดิการคลองนา") == [(DocKind.BODY, world.fund.pk)]
    assert found(admin, "ไม่มีคำนี้อยู่เลย") == [] and found(admin, "  ") == []


def test_results_are_scoped_by_role(make_user, world: World) -> None:
    secretary = make_user("tambon_council_secretary", area="240104")
    hits = found(secretary, "สวัสดิการ")
    assert set(hits) == {(DocKind.BODY, world.fund.pk), (DocKind.PROJECT, world.project.pk)}
    far = make_user("cdd_district_officer", area="5001")
    assert set(found(far, "สวัสดิการ")) == {
        (DocKind.BODY, world.far_fund.pk),
        (DocKind.ITEM, world.far_item.pk),
        (DocKind.PROJECT, world.far_project.pk),
    }
    assert found(far, "ยา") == [(DocKind.ITEM, world.far_item.pk)]
    nobody = make_user(None)
    assert found(nobody, "สวัสดิการ") == [] and selectors.kinds_for(nobody) == []
    # Only one kind when asked.
    assert found(secretary, "สวัสดิการ", kinds=[DocKind.PROJECT]) == [(DocKind.PROJECT, world.project.pk)]


def test_the_organisations_registry_searches_the_index(make_user, world: World) -> None:
    staff = make_user("codi_regional_staff", region="R5")
    assert list(body_list(staff, q="สวัสดิการ")) == [world.fund]
    assert list(body_list(staff, q="ยา")) == []  # substring matching found the hospital here
    assert list(body_list(staff, q="โรงพยาบาล คลองนา")) == [world.hospital]


def test_saves_are_indexed_after_commit_and_deletes_drop(
    make_user, world: World, django_capture_on_commit_callbacks
) -> None:
    admin = make_user("national_admin", nation=True)
    with django_capture_on_commit_callbacks(execute=True):
        world.road.title = "ซ่อมถนนและแจกยาให้ผู้สูงอายุ"
        world.road.save()
        world.far_project.delete()
    assert (DocKind.ITEM, world.road.pk) in found(admin, "ยา")
    assert (DocKind.ITEM, world.road.pk) in found(admin, "สูงอายุ")  # a part of the compound "ผู้สูงอายุ"
    assert not SearchDocument.objects.filter(kind=DocKind.PROJECT, object_id=world.far_project.pk).exists()
    # A save whose transaction never commits schedules nothing.
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        world.fund.name_th = "กองทุนใหม่"
        world.fund.save()
    assert callbacks  # run only on commit
    assert SearchDocument.objects.get(kind=DocKind.BODY, object_id=world.fund.pk).title.startswith("กองทุนสวัสดิการ")


def test_reindex_is_idempotent_and_removes_stale(world: World) -> None:
    def snapshot() -> list[tuple[Any, ...]]:
        return list(
            SearchDocument.objects.order_by("kind", "object_id").values_list(
                "kind", "object_id", "title_words", "body_words"
            )
        )

    before = snapshot()
    SearchDocument.objects.create(kind=DocKind.PLAN, object_id=999_999, title="ไม่มีแล้ว", scope_kind="nation")
    SearchDocument.objects.filter(kind=DocKind.ITEM, object_id=world.road.pk).delete()
    counts = services.search_reindex_in_transaction()
    assert snapshot() == before
    assert counts == {"body": 3, "plan": 2, "item": 3, "project": 2}
    services.search_reindex_in_transaction()
    assert snapshot() == before


def test_reindex_entry_point_is_durable(world: World) -> None:
    with transaction.atomic(), pytest.raises(RuntimeError):
        services.search_reindex()


def test_page_highlights_and_pages(client, make_user, world: World) -> None:
    client.force_login(make_user("tambon_council_secretary", area="240104"))
    html = client.get(reverse("search:index"), {"q": "สวัสดิการ"}).content.decode()
    assert "<mark>สวัสดิการ</mark>" in html
    assert reverse("organizations:detail", args=[world.fund.pk]) in html
    assert "ช้างเผือก" not in html and "คนพิการ" not in html
    html = client.get(reverse("search:index"), {"q": "ยา", "kind": "item"}).content.decode()
    assert "<mark>ยา</mark>" in html and "โรงพ<mark>" not in html and 'id="search-count"' in html
    assert 'id="nav-search"' in html


def test_page_is_not_for_users_without_a_role(client, make_user, world: World) -> None:
    client.force_login(make_user(None))
    assert client.get(reverse("search:index"), {"q": "สวัสดิการ"}).status_code == 404
    client.logout()
    assert client.get(reverse("search:index")).status_code == 302  # to the login page


def test_api_search(client, make_user, world: World) -> None:
    client.force_login(make_user("tambon_council_secretary", area="240104"))
    response = client.get("/api/search", {"q": "สวัสดิการ"})
    assert response.status_code == 200, response.content
    assert response.json()["count"] == 2
    rows = response.json()["items"]
    assert {(r["kind"], r["id"]) for r in rows} == {("body", world.fund.pk), ("project", world.project.pk)}
    assert all("สวัสดิการ" in r["matched"] for r in rows)
    assert client.get("/api/search", {"q": "ยา", "kind": "body"}).json()["items"] == []
    assert client.get("/api/search", {"q": "ยา\x00"}).json()["items"] == []
