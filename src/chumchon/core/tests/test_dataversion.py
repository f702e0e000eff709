"""Data versions (core.dataversion): which statements move which app's version, and when."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection, transaction
from django.test import RequestFactory

from chumchon.core import dataversion, fragments
from chumchon.core.dataversion import EVERY, all_versions, dirty, written_app
from chumchon.core.fragments import Fragment
from chumchon.core.models import Job
from chumchon.core.request_memo import active


@pytest.mark.parametrize(
    ("sql", "app"),
    [
        ('INSERT INTO "projects_project" ("title_th") VALUES (%s)', "projects"),
        ('UPDATE "budgets_programme" SET "national_budget" = 1', "budgets"),
        ('UPDATE "budgets_fundbalance" SET "allocated" = 1', None),  # moves with a ledger row: its stamp
        ('INSERT INTO "budgets_ledgerentry" ("kind") VALUES (1)', None),
        ('DELETE FROM "budgets_ledgerentry" WHERE "id" = 1', "budgets"),  # the newest id may not move
        ('DELETE FROM "areas_area" WHERE "id" = 1', "areas"),
        ("  insert or ignore into core_job (kind) values ('x')", "core"),
        ('INSERT INTO "accounts_user_groups" ("user_id", "group_id") VALUES (1, 2)', "accounts"),  # m2m table
        ('REPLACE INTO "plans_plan" ("id") VALUES (1)', "plans"),
        ('SELECT "projects_project"."id" FROM "projects_project"', None),
        # A compound query as PostgreSQL gets it: a read, not an unknown statement (that bumped every app).
        ('(SELECT DISTINCT "a"."project_id" FROM "a") UNION ALL (SELECT DISTINCT "b"."parent_id" FROM "b")', None),
        ("  ( (select 1) union (select 2))", None),
        ("SAVEPOINT s1", None),
        ("PRAGMA foreign_keys = ON", None),
        ('UPDATE "django_session" SET "session_data" = %s', None),  # sessions: no page shows them
        ('INSERT INTO "audit_auditevent" ("action") VALUES (%s)', None),  # the audit trail of a page view
        ('INSERT INTO "chumchon_page_cache" ("cache_key") VALUES (%s)', None),  # the portal's page cache
        ('INSERT OR IGNORE INTO "core_dataversion" ("app") VALUES (%s)', None),  # the versions themselves
        ('TRUNCATE "projects_project"', EVERY),
        ('CREATE INDEX "x" ON "projects_project" ("id")', EVERY),
        ('WITH x AS (SELECT 1) UPDATE "projects_project" SET "weight" = 1', EVERY),
        ('INSERT INTO "somebody_elses_table" ("a") VALUES (1)', EVERY),
    ],
)
def test_written_app(sql: str, app: str | None) -> None:
    assert written_app(sql) == app


def _job(**kwargs: Any) -> Job:
    return Job.objects.create(kind="test.kind", **kwargs)


@pytest.mark.django_db(transaction=True)
def test_committed_writes_move_their_apps_version_once_committed() -> None:
    before = all_versions()
    with transaction.atomic():
        job = _job()
        assert dirty()  # uncommitted: no fragment is served or kept now
        assert all_versions() == before  # the version moves only after the commit
    assert not dirty()
    after_create = all_versions()
    assert after_create["core"] != before.get("core")
    assert {a: v for a, v in after_create.items() if a != "core"} == {a: v for a, v in before.items() if a != "core"}

    Job.objects.filter(pk=job.pk).update(message="bulk")  # QuerySet.update: no signal, still seen
    after_update = all_versions()
    assert after_update["core"] != after_create["core"]

    with connection.cursor() as cursor:  # raw SQL through Django's cursor
        cursor.execute("UPDATE core_job SET message = 'raw' WHERE id = %s", [job.pk])
    after_raw = all_versions()
    assert after_raw["core"] != after_update["core"]

    with pytest.raises(RuntimeError), transaction.atomic():  # rolled back: nothing changed, nothing moves
        _job()
        raise RuntimeError
    assert all_versions() == after_raw

    Job.objects.filter(pk=job.pk).delete()
    assert all_versions()["core"] != after_raw["core"]
    assert not Job.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_kept_fragment_is_a_miss_after_a_write_to_an_app_it_reads(make_user: Any) -> None:
    user = make_user()
    request = RequestFactory().get("/x/?page=2")
    request.user = user
    with active():
        first = Fragment(request, "test.fragment", apps=("core",))
        assert not first.hit
        first.keep("content", "<p>1 job</p>")
    with active():
        again = Fragment(request, "test.fragment", apps=("core",))
        assert again.hit and again.part("content") == "<p>1 job</p>"
        other_app = Fragment(request, "test.fragment", apps=("projects",))
        assert not other_app.hit  # another set of apps is another version string: never this copy
    _job()  # committed (autocommit): core's version moves
    with active():
        assert not Fragment(request, "test.fragment", apps=("core",)).hit
        assert not Fragment(request, "test.fragment", apps=None).hit  # every app includes core


@pytest.mark.django_db
def test_fragments_are_never_served_across_users_languages_or_paths(make_user: Any, settings: Any) -> None:
    alice, bob = make_user(), make_user()
    factory = RequestFactory()
    # The test's own transaction holds these users' uncommitted rows: kept fragments are off for it
    # ("dirty"), so this test checks the keys themselves.
    assert dirty()

    def fragment(user: Any, path: str = "/x/", language: str = "th") -> Fragment:
        request = factory.get(path)
        request.user = user
        from django.utils import translation

        with translation.override(language):
            return Fragment(request, "test.fragment", apps=("core",))

    keys = {
        fragment(alice).key,
        fragment(bob).key,
        fragment(alice, language="en").key,
        fragment(alice, path="/x/?page=2").key,
        fragment(alice, path="/y/").key,
    }
    assert len(keys) == 5
    assert fragment(alice).key == fragment(alice).key
    assert not fragment(alice).enabled  # dirty transaction: neither served nor kept
    fragments.forget_local()


def test_anonymous_visitors_and_posts_get_no_fragment() -> None:
    from django.contrib.auth.models import AnonymousUser

    request = RequestFactory().get("/x/")
    request.user = AnonymousUser()
    assert not Fragment(request, "test.fragment").enabled
    post = RequestFactory().post("/x/")
    post.user = AnonymousUser()
    assert not Fragment(post, "test.fragment").enabled
    assert dataversion.written_app("SELECT 1") is None
