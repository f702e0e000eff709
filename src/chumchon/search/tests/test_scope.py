"""Only what the user may see, on the index's own columns: the documents' scope copy, the scope tokens
(a prefilter that must never hide a visible row), the cap on ranked candidates, highlights from the
stored cut. The demo's every user is checked against the lists' own rules."""

from __future__ import annotations

from importlib import import_module
from typing import Any

import pytest
from django.db import connection

from chumchon.accounts.models import User
from chumchon.accounts.permissions import Action, scoped_by_scope
from chumchon.areas.models import Area, CodiRegion
from chumchon.organizations.models import Body
from chumchon.plans.models import Plan, PlanItem, PlanKind, PlanLevel
from chumchon.plans.selectors import plans_visible
from chumchon.projects.selectors import project_list
from chumchon.search import selectors
from chumchon.search.models import DocKind, SearchDocument
from chumchon.search.scope import document_scope_words, reader_tokens
from chumchon.search.tests.conftest import World
from chumchon.search.words import CUT, display_pieces, query_words

pytestmark = pytest.mark.django_db


def ids(ranked: selectors.RankedIds) -> list[tuple[str, int]]:
    docs = SearchDocument.objects.in_bulk([pk for pk, _ in ranked.ranked()])
    return [(docs[pk].kind, docs[pk].object_id) for pk, _ in ranked.ranked()]


def both_ways(user: Any, text: str) -> tuple[list[tuple[str, int]], list[tuple[str, int]]]:
    """The results with the scope prefilter and without it (the permission filter alone)."""
    words, visible = query_words(text), selectors.visible_documents(user)
    with_tokens = selectors.RankedIds(words, visible, 10**6, selectors.scope_tokens(user))
    return ids(with_tokens), ids(selectors.RankedIds(words, visible, 10**6, None))


def test_scope_tokens() -> None:
    assert document_scope_words("area", "240104") == "a2 a24 a240 a2401 a24010 a240104 e240104"
    assert document_scope_words("region", "") == "wide" and document_scope_words("nation", "") == "wide"
    assert reader_tokens(["2401"], ["24"]) == ["a2401", "e24", "wide"]
    assert reader_tokens(["", "24"]) is None  # the nation: no prefilter


def test_documents_keep_the_scope_and_the_cut(world: World) -> None:
    doc = SearchDocument.objects.get(kind=DocKind.ITEM, object_id=world.medicine.pk)
    assert doc.area_code == "240104" and "e240104" in doc.scope_words.split()
    assert doc.title_cut.replace(CUT, "") == doc.title and CUT in doc.title_cut
    words = frozenset({"ยา"})
    assert display_pieces(doc.title, words, doc.title_cut) == display_pieces(doc.title, words)
    assert ("ยา", True) in display_pieces(doc.title, words, doc.title_cut)


def test_wider_plans_are_seen_from_below_and_not_from_beside(
    make_user, world: World, django_capture_on_commit_callbacks
) -> None:
    r5 = CodiRegion.objects.get(code="R5")
    with django_capture_on_commit_callbacks(execute=True):
        regional = Plan.objects.create(
            title="แผนสวัสดิการภาค",
            level=PlanLevel.REGION,
            kind=PlanKind.ONE_PLAN_TAMBON,
            owner=world.fund,
            scope_kind="region",
            region=r5,
            start_year_be=2568,
            end_year_be=2570,
        )
        PlanItem.objects.create(plan=regional, number=1, title="จัดสวัสดิการผู้สูงอายุทั้งภาค")
        provincial = Plan.objects.create(
            title="แผนสวัสดิการจังหวัดฉะเชิงเทรา",
            level=PlanLevel.PROVINCE,
            kind=PlanKind.ONE_PLAN_TAMBON,
            owner=world.fund,
            scope_kind="area",
            area=Area.objects.get(code="24"),
            start_year_be=2568,
            end_year_be=2570,
        )
    secretary = make_user("tambon_council_secretary", area="240104")  # below both: sees them
    far = make_user("cdd_district_officer", area="5001")  # beside both: sees neither
    staff = make_user("codi_regional_staff", region="R5")
    for user, sees in ((secretary, True), (far, False), (staff, True)):
        with_tokens, without = both_ways(user, "สวัสดิการ")
        assert with_tokens == without
        assert ((DocKind.PLAN, regional.pk) in with_tokens) is sees
        assert ((DocKind.PLAN, provincial.pk) in with_tokens) is sees
        assert set(with_tokens) >= {(DocKind.PLAN, p.pk) for p in plans_visible(user) if "สวัสดิการ" in p.title}


def test_a_moved_plan_takes_its_items_along(make_user, world: World, django_capture_on_commit_callbacks) -> None:
    far = make_user("cdd_district_officer", area="5001")
    assert (DocKind.ITEM, world.medicine.pk) not in both_ways(far, "ยา")[0]
    with django_capture_on_commit_callbacks(execute=True):
        world.plan.area = Area.objects.get(code="500105")
        world.plan.save()
    doc = SearchDocument.objects.get(kind=DocKind.ITEM, object_id=world.medicine.pk)
    assert doc.area_code == "500105" and "e500105" in doc.scope_words.split()
    assert (DocKind.ITEM, world.medicine.pk) in both_ways(far, "ยา")[0]


def test_a_recoded_area_keeps_its_documents_visible(make_user, world: World) -> None:
    area = Area.objects.get(code="240104")
    area.code = "240199"
    area.save()
    doc = SearchDocument.objects.get(kind=DocKind.BODY, object_id=world.fund.pk)
    assert doc.area_code == "240199" and "e240199" in doc.scope_words.split()
    secretary = make_user("tambon_council_secretary", area="240199")
    assert (DocKind.BODY, world.fund.pk) in both_ways(secretary, "สวัสดิการ")[0]


def test_very_common_words_rank_the_newest_candidates(make_user, world: World, client) -> None:
    admin = make_user("national_admin", nation=True)
    everything = selectors.search(admin, "สวัสดิการ")
    assert not everything.capped and everything.count() == 5
    capped = selectors.search(admin, "สวัสดิการ", candidates=2)
    newest = sorted(
        SearchDocument.objects.filter(pk__in=[pk for pk, _ in everything.ranked()]).values_list("pk", flat=True)
    )[-2:]
    assert capped.capped and capped.count() == 2 and {pk for pk, _ in capped.ranked()} == set(newest)
    scores = [score for _, score in capped.ranked()]
    assert scores == sorted(scores, reverse=True)  # ranked best first among them
    # The page says so.
    original = selectors.CANDIDATES
    try:
        selectors.CANDIDATES = 2
        client.force_login(admin)
        html = client.get("/search/", {"q": "สวัสดิการ"}).content.decode()
    finally:
        selectors.CANDIDATES = original
    assert "More than 2 results" in html or "มากกว่า 2 รายการ" in html


@pytest.mark.parametrize("words", ["สวัสดิการ", "ผู้สูงอายุ", "ชุมชน"])
def test_demo_users_see_what_the_lists_show(shared_demo: Any, words: str) -> None:
    """For every demo user: the documents they may see are the lists' rows, and the prefilter hides none."""
    checked = 0
    for demo_user in shared_demo.users:
        user = User.objects.get(username=demo_user.username)
        visible = selectors.visible_documents(user)
        by_kind: dict[str, set[int]] = {}
        for kind, object_id in visible.values_list("kind", "object_id"):
            by_kind.setdefault(kind, set()).add(object_id)
        kinds = selectors.kinds_for(user)
        if DocKind.BODY in kinds:
            assert by_kind.get(DocKind.BODY, set()) == set(
                scoped_by_scope(Body.objects.all(), user, Action.ORG_VIEW).values_list("pk", flat=True)
            )
        if DocKind.PLAN in kinds:
            plans = set(plans_visible(user).values_list("pk", flat=True))
            assert by_kind.get(DocKind.PLAN, set()) == plans
            assert by_kind.get(DocKind.ITEM, set()) == set(
                PlanItem.objects.filter(plan_id__in=plans).values_list("pk", flat=True)
            )
        if DocKind.PROJECT in kinds:
            assert by_kind.get(DocKind.PROJECT, set()) == set(project_list(user).values_list("pk", flat=True))
        with_tokens, without = both_ways(user, words)
        assert with_tokens == without
        checked += bool(without)
    assert checked >= 3  # the words are found by several users


def test_the_migration_writes_the_scope_the_services_write(world: World) -> None:
    """Migrations 0003/0004 fill the columns of documents written before them, in SQL: the same values."""
    before = list(SearchDocument.objects.order_by("pk").values_list("area_code", "scope_words"))
    assert len(before) == 10 and all(code for code, _ in before)
    SearchDocument.objects.update(area_code="", scope_words="")

    class Editor:
        def execute(self, sql: str) -> None:
            with connection.cursor() as cursor:
                cursor.execute(sql)

    for name in ("0003_searchdocument_area_code", "0004_scope_words"):
        import_module(f"chumchon.search.migrations.{name}").backfill(None, Editor())
    assert list(SearchDocument.objects.order_by("pk").values_list("area_code", "scope_words")) == before
