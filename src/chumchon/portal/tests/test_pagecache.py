"""The public page cache (portal.pagecache): same bytes on a hit, a data change invalidates, conditional
GETs answer 304, Thai and English are kept apart, and nothing of a logged-in user is served from or put
into the anonymous copy."""

from __future__ import annotations

import gzip
from collections.abc import Callable
from typing import Any

import pytest
from django.conf import settings
from django.core.cache import caches
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse

from chumchon.accounts.models import User
from chumchon.portal import figures, pagecache
from chumchon.portal.models import Feedback, FeedbackStatus
from chumchon.portal.tests import world as w
from chumchon.poverty import engine

PROVINCE = "/public/24/"


@pytest.fixture
def world(db: None) -> w.World:
    return w.build()


def forget_queued_bumps() -> None:
    """What the test did so far queued a bump for the test's transaction, which never commits; forget it,
    so a capture sees the bumps of the change that follows (pagecache queues one bump per transaction)."""
    connection.run_on_commit = [e for e in connection.run_on_commit if e[1] is not pagecache._bump_callback]


def anonymous(language: str = "th") -> Client:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def test_the_cache_table_exists_after_migrate(db: None) -> None:
    assert "chumchon_page_cache" in connection.introspection.table_names()


def test_a_hit_serves_the_same_bytes_with_public_caching_headers(world: w.World) -> None:
    client = anonymous()
    for url in (
        PROVINCE,
        "/public/",
        "/public/24/poverty.json",
        "/public/24/projects.csv?fy=2566",
        "/api/public/places/24/sections/poverty",
        f"/public/project/{world.project.pk}/",
    ):
        first = client.get(url)
        second = client.get(url)
        assert first.status_code == second.status_code == 200, url
        assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit"), url
        assert second.content == first.content, url
        assert second["Content-Type"] == first["Content-Type"], url
        assert second["ETag"] == first["ETag"] and second["ETag"].startswith('"'), url
        assert second["Cache-Control"] == f"public, max-age={settings.PUBLIC_MAX_AGE}", url
        assert "Cookie" in second["Vary"], url
        assert "Last-Modified" in second, url
        # The same for everyone: no CSRF token, no cookie set.
        assert b"csrfmiddlewaretoken" not in first.content and b"X-CSRFToken" not in first.content, url
        assert not first.cookies and not second.cookies, url
    download = client.get("/public/24/projects.csv?fy=2566")
    assert 'filename="chumchon-24-projects-2566.csv"' in download["Content-Disposition"]


def test_a_client_that_accepts_gzip_gets_the_stored_gzip(world: w.World) -> None:
    client = anonymous()
    plain = client.get(PROVINCE)
    for _ in range(2):  # the copy is served gzipped as stored, every time
        packed = client.get(PROVINCE, HTTP_ACCEPT_ENCODING="gzip, deflate, br")
        assert packed["Content-Encoding"] == "gzip"
        assert gzip.decompress(packed.content) == plain.content
        assert packed["ETag"] != plain["ETag"] and "Accept-Encoding" in packed["Vary"]
    again = client.get(PROVINCE, HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=packed["ETag"])
    assert again.status_code == 304


def test_conditional_get_answers_304_without_a_body(world: w.World) -> None:
    client = anonymous()
    first = client.get(PROVINCE)
    again = client.get(PROVINCE, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again.content == b""
    assert again["ETag"] == first["ETag"]
    since = client.get(PROVINCE, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 304
    other = client.get(PROVINCE, HTTP_IF_NONE_MATCH='"something-else"')
    assert other.status_code == 200 and other.content == first.content


def test_a_data_change_invalidates(world: w.World, django_capture_on_commit_callbacks: Callable[..., Any]) -> None:
    client = anonymous()
    before = client.get(PROVINCE)
    assert world.project.title_th in before.content.decode()
    assert client.get(PROVINCE)["X-Page-Cache"] == "hit"
    forget_queued_bumps()
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        world.project.title_th = "โครงการที่เปลี่ยนชื่อแล้ว"
        world.project.save()
        world.project.save()  # many saves in one transaction: one bump
    assert len([c for c in callbacks if c is pagecache._bump_callback]) == 1
    after = client.get(PROVINCE)
    assert after["X-Page-Cache"] == "miss"
    assert "โครงการที่เปลี่ยนชื่อแล้ว" in after.content.decode()
    assert after["ETag"] != before["ETag"]
    # The old ETag no longer matches.
    assert client.get(PROVINCE, HTTP_IF_NONE_MATCH=before["ETag"]).status_code == 200


def test_recomputes_published_figures_and_deletions_bump_the_version(
    world: w.World, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    # The engine's bulk writes send no model signals: the portal listens after every recompute.
    assert pagecache.after_recompute in engine.AFTER_RECOMPUTE
    start = pagecache.version()
    forget_queued_bumps()
    with django_capture_on_commit_callbacks(execute=True):
        pagecache.after_recompute(world.rounds[-1])
    assert pagecache.version() != start
    for change in (
        lambda: figures.materialise(world.rounds[-1]),  # the round's published figures rewritten
        lambda: world.draft.delete(),
    ):
        start = pagecache.version()
        forget_queued_bumps()
        with django_capture_on_commit_callbacks(execute=True):
            change()
        assert pagecache.version() != start


def test_pending_feedback_does_not_clear_the_pages_but_moderation_does(
    world: w.World, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    start = pagecache.version()
    forget_queued_bumps()
    with django_capture_on_commit_callbacks(execute=True):
        item = Feedback.objects.create(topic="figure", place_key="24", area_code="24", message="สวัสดี")
    assert pagecache.version() == start  # a flood of submissions must not empty the cache
    with django_capture_on_commit_callbacks(execute=True):
        item.status = FeedbackStatus.APPROVED
        item.save()
    assert pagecache.version() != start


def test_logged_in_users_never_get_or_populate_the_anonymous_copy(world: w.World) -> None:
    user = User.objects.create_user(username="portal-staff", password="x", first_name="สมชาย", last_name="ทดสอบ")
    staff = Client()
    staff.force_login(user)
    mine = staff.get(PROVINCE)
    assert mine.status_code == 200
    assert "X-Page-Cache" not in mine
    assert mine["Cache-Control"] == "private, no-cache"
    assert "สมชาย" in mine.content.decode() and b"csrfmiddlewaretoken" in mine.content
    # Nothing was stored for the anonymous visitor, whose copy shows no one's name.
    visitor = anonymous()
    theirs = visitor.get(PROVINCE)
    assert theirs["X-Page-Cache"] == "miss"
    assert "สมชาย" not in theirs.content.decode() and "portal-staff" not in theirs.content.decode()
    assert visitor.get(PROVINCE)["X-Page-Cache"] == "hit"
    # And the staff member still gets their own page, not the anonymous copy.
    again = staff.get(PROVINCE)
    assert "X-Page-Cache" not in again and "สมชาย" in again.content.decode()
    assert again.content != theirs.content


def test_a_visitor_with_a_pending_message_gets_it_and_it_is_not_cached(world: w.World) -> None:
    visitor = anonymous()
    visitor.get(PROVINCE)  # the cached copy exists
    response = visitor.post(
        reverse("portal:feedback") + "?place=24", {"message": "ขอบคุณสำหรับข้อมูลจังหวัด", "place": "24"}, follow=True
    )
    assert response.status_code == 200
    assert "X-Page-Cache" not in response  # answered by the view: the message is this visitor's
    assert 'class="message' in response.content.decode()
    assert visitor.get(PROVINCE)["X-Page-Cache"] == "hit"  # the message was shown once; back to the copy
    assert 'class="message' not in visitor.get(PROVINCE).content.decode()


def test_thai_and_english_are_cached_apart(world: w.World) -> None:
    thai, english = anonymous("th"), anonymous("en")
    th = thai.get(PROVINCE)
    en = english.get(PROVINCE)
    assert (th["X-Page-Cache"], en["X-Page-Cache"]) == ("miss", "miss")
    assert th["Content-Language"] == "th" and en["Content-Language"] == "en"
    assert th.content != en.content and '<html lang="en">' in en.content.decode()
    assert english.get(PROVINCE).content == en.content
    assert thai.get(PROVINCE).content == th.content


def test_the_language_switch_of_a_cached_copy_works_without_a_token(world: w.World) -> None:
    visitor = Client(enforce_csrf_checks=True)
    page = visitor.get(PROVINCE).content.decode()
    assert f'action="{reverse("set_language_public")}"' in page
    response = visitor.post(reverse("set_language_public"), {"language": "en", "next": PROVINCE})
    assert response.status_code == 302 and response["Location"] == PROVINCE
    assert visitor.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert '<html lang="en">' in visitor.get(PROVINCE).content.decode()
    # Off the public copies the ordinary switch still wants its token.
    assert visitor.post(reverse("set_language"), {"language": "th", "next": PROVINCE}).status_code == 403


def test_a_copy_older_than_the_bound_is_not_served(world: w.World, settings: Any) -> None:
    client = anonymous()
    client.get(PROVINCE)
    pages = caches["pages"]
    key = next(k for k in _keys(pages) if "portal:page:" in k)
    pages.touch(_raw(key), 0)  # as if PUBLIC_CACHE_SECONDS had passed with no change signalled
    assert client.get(PROVINCE)["X-Page-Cache"] == "miss"


def _keys(pages: Any) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key FROM chumchon_page_cache")
        return [row[0] for row in cursor.fetchall()]


def _raw(stored: str) -> str:
    """The key the cache was given, from the stored one (``prefix:version:key``)."""
    return stored.split(":", 2)[2]


def test_a_worker_serves_its_recent_copies_without_a_query_until_the_version_moves(
    world: w.World, settings: Any, django_assert_num_queries: Callable[..., Any]
) -> None:
    settings.PUBLIC_CACHE_LOCAL_SECONDS = 60
    pagecache.forget_local()
    client = anonymous()
    first = client.get(PROVINCE)
    with django_assert_num_queries(0):
        again = client.get(PROVINCE)
    assert again["X-Page-Cache"] == "hit" and again.content == first.content
    pagecache.bump()  # a change made in this process is seen at once
    assert client.get(PROVINCE)["X-Page-Cache"] == "miss"
    pagecache.forget_local()


def test_the_per_process_copies_stay_within_their_bound(world: w.World, settings: Any) -> None:
    settings.PUBLIC_CACHE_LOCAL_SECONDS = 60
    pagecache.forget_local()
    client = anonymous()
    old_bound = pagecache.LOCAL_BYTES
    try:
        pagecache.LOCAL_BYTES = 1  # room for one copy only
        for url in (PROVINCE, "/public/", PROVINCE):
            assert client.get(url).status_code == 200
        assert list(pagecache._local) and len(pagecache._local) == 1
        assert client.get(PROVINCE).content == client.get(PROVINCE).content
    finally:
        pagecache.LOCAL_BYTES = old_bound
        pagecache.forget_local()


def test_a_full_cache_drops_pages_not_the_data_version(db: None, settings: Any) -> None:
    settings.CACHES = {
        **settings.CACHES,
        "pages": {**settings.CACHES["pages"], "OPTIONS": {"MAX_ENTRIES": 10, "CULL_FREQUENCY": 2}},
    }
    current = pagecache.version()
    pages = caches["pages"]
    for i in range(30):
        pages.set(f"portal:page:{i:064x}", {"version": current})
    assert len(_keys(pages)) <= 11
    assert pagecache.version() == current


@pytest.mark.django_db(transaction=True)  # a restore empties tables; PostgreSQL refuses that under pending triggers
def test_a_restore_renews_the_version_so_no_page_of_the_replaced_data_is_served(
    world: w.World, settings: Any, tmp_path: Any
) -> None:
    from chumchon.core.backup import backup_create, backup_restore

    settings.SURVEY_STORE = tmp_path / "surveys"
    settings.MEDIA_ROOT = tmp_path / "media"
    archive = tmp_path / "backup.zip"
    backup_create(archive)
    original = world.project.title_th
    world.project.title_th = "ชื่อหลังสำรองข้อมูล"
    world.project.save()  # committed at once (no test transaction): the version moves
    client = anonymous()
    # The first view also makes the round's public table (figures.materialised), which moves the version.
    assert "ชื่อหลังสำรองข้อมูล" in client.get(PROVINCE).content.decode()
    client.get(PROVINCE)
    assert client.get(PROVINCE)["X-Page-Cache"] == "hit"
    before = pagecache.version()

    backup_restore(archive, force=True)

    assert pagecache.version() != before
    after = client.get(PROVINCE)
    assert after["X-Page-Cache"] == "miss"
    assert original in after.content.decode() and "ชื่อหลังสำรองข้อมูล" not in after.content.decode()
