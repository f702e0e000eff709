"""The kept rolled-up progress (``KeptProgress``): after every kind of write to activities and projects, the
readers show the computed values before any settle (with the marks pending) and write nothing; after the
settle the kept value of each project with activities or sub-projects equals the one computed from them, no
other project has one, the tally's weights follow it (equal to their rebuild), and the list's roll-up read from
the tally equals the one summed from the projects."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pytest
from django.db import DatabaseError, connection, transaction
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from chumchon.core import dataversion, request_memo
from chumchon.core.backup import data_restored
from chumchon.projects import kept_progress, selectors, services, tally
from chumchon.projects.models import Activity, KeptProgress, ProgressMark, Project, ProjectTally

from .conftest import World
from .test_tally import FIGURES, assert_same_rollups

pytestmark = pytest.mark.django_db


def computed() -> dict[int, Decimal]:
    """The rolled-up % of every project with activities or sub-projects, computed afresh."""
    broken_down = set(Activity.objects.values_list("project_id", flat=True)) | set(
        Project.objects.exclude(parent=None).values_list("parent_id", flat=True)
    )
    everything = list(Project.objects.all())
    return {pk: pct for pk, pct in selectors.progress_map(everything).items() if pk in broken_down}


WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")


def writes(ctx: CaptureQueriesContext) -> list[str]:
    """The statements of ``ctx`` that write (none may, on a read path)."""
    return [q["sql"] for q in ctx.captured_queries if q["sql"].lstrip().upper().startswith(WRITES)]


def without_csrf(html: bytes) -> bytes:
    """A page without its CSRF tokens (masked anew on every response)."""
    return re.sub(rb'("X-CSRFToken": "|name="csrfmiddlewaretoken" value=")[^"]+', rb"\1", html)


def assert_reads_right(world: World) -> None:
    """The readers — a page's rows, the list's roll-ups — show the computed values whatever is marked, and
    write nothing."""
    everything = list(Project.objects.all())
    expected = selectors.progress_map(everything)
    with CaptureQueriesContext(connection) as ctx:
        rows = list(selectors.with_rolled_progress(Project.objects.all()))
        assert selectors.page_progress(rows) == expected
        assert selectors.page_progress(everything) == expected
        assert_same_rollups(world.staff)
    assert writes(ctx) == []


def assert_kept(world: World) -> dict[int, Decimal]:
    assert_reads_right(world)  # the marks not settled yet
    kept_progress.settle()
    kept = dict(KeptProgress.objects.values_list("project_id", "rolled_pct"))
    assert kept == computed()
    assert not ProgressMark.objects.exists()  # every mark read was removed
    rows = sorted(ProjectTally.objects.values_list("province", "programme_id", "status", *FIGURES))
    tally.rebuild()
    assert sorted(ProjectTally.objects.values_list("province", "programme_id", "status", *FIGURES)) == rows
    everything = list(Project.objects.all())
    assert selectors.page_progress(everything) == selectors.progress_map(everything)
    # The list's rows carry their kept % (read in the rows' statement).
    rows = list(selectors.with_rolled_progress(Project.objects.all()))
    assert selectors.page_progress(rows) == selectors.progress_map(everything)
    # … to the same places (the page prints them as they are: "29.20", not SQLite's "29.2000000000000").
    assert [str(v) for v in selectors.page_progress(rows).values()] == [
        str(v) for v in selectors.progress_map(everything).values()
    ]
    assert_same_rollups(world.staff)
    return kept


def test_every_kind_of_write_keeps_the_rolled_up_progress(world: World) -> None:
    assert assert_kept(world) == {}
    # A funded project with activities (service), then their % by a progress report and by a queryset update.
    parent = world.to_in_progress(world.project(amount="30000", activities=[("อบรม", 1), ("ดูงาน", 3)]), "700")
    assert assert_kept(world) == {parent.pk: Decimal("0.00")}
    a1, a2 = parent.activities.order_by("order")
    services.project_report_progress(
        project=parent,
        actor=world.secretary,
        progress_pct=10,
        spent_amount="100",
        activity_progress={a1.pk: 100, a2.pk: 20},
    )
    assert assert_kept(world) == {parent.pk: Decimal("40.00")}  # (100·1 + 20·3) / 4, not the reported 10
    Activity.objects.filter(pk=a2.pk).update(progress_pct=Decimal("33.33"))
    assert assert_kept(world)[parent.pk] == Decimal("50.00")  # 199.99 / 4 = 49.9975, half up
    Activity.objects.filter(pk=a1.pk).update(weight=Decimal(0))
    assert_kept(world)
    Activity.objects.bulk_create([Activity(project=parent, name="เพิ่ม", weight=Decimal("1.5"), progress_pct=Decimal(7))])
    assert_kept(world)
    # Sub-projects: created by the service, their % and weight by queryset updates, a bulk-created grandchild.
    child = world.to_in_progress(world.project(amount="9000", parent=parent, weight=Decimal(2), title_th="ย่อย"), "700")
    assert_kept(world)
    Project.objects.filter(pk=child.pk).update(progress_pct=Decimal("66.67"))
    assert_kept(world)
    grandchild = Project.objects.bulk_create(
        [
            Project(
                programme=world.programme,
                area=child.area,
                proposer=world.council,
                parent=child,
                weight=Decimal(3),
                title_th="หลาน",
                progress_pct=Decimal("12.5"),
            )
        ]
    )[0]
    kept = assert_kept(world)
    assert set(kept) == {parent.pk, child.pk}  # the child now rolls up from its own sub-project
    Project.objects.filter(pk=grandchild.pk).update(progress_pct=Decimal(90))  # moves the child and the parent
    assert assert_kept(world)[child.pk] == Decimal("90.00")
    Project.objects.filter(pk=child.pk).update(weight=Decimal("0.5"))
    assert_kept(world)
    # A move to another parent, an activity moved to another project, deletes.
    other = world.to_in_progress(world.project(amount="5000", title_th="อื่น"), "900")
    Project.objects.filter(pk=grandchild.pk).update(parent=other)
    kept = assert_kept(world)
    assert other.pk in kept and child.pk not in kept
    Activity.objects.filter(pk=a2.pk).update(project=other)
    assert_kept(world)
    services.project_report_progress(project=child, actor=world.secretary, progress_pct=55, spent_amount="0")
    assert_kept(world)
    Project.objects.filter(pk=grandchild.pk).delete()
    assert other.pk in assert_kept(world)  # it still has the moved activity
    Activity.objects.filter(project=other).delete()
    assert other.pk not in assert_kept(world)  # neither activities nor sub-projects: no row, reported %
    Activity.objects.filter(project=parent).delete()
    assert set(assert_kept(world)) == {parent.pk}  # its sub-project remains
    # A mark of a project deleted meanwhile, and a project with nothing marked, change nothing.
    ProgressMark.objects.create(project_id=987654)
    assert_kept(world)


def test_a_mark_left_while_settling_stays_for_the_next_settle(world: World, monkeypatch: Any) -> None:
    """``settle`` removes only the marks it read: a write committed while it computes leaves its own."""
    parent = world.project(amount="3000", activities=[("อบรม", 1)])
    activity = parent.activities.get()
    original = kept_progress.rolled_progress

    def write_meanwhile(*args: Any, **kwargs: Any) -> Any:
        values = original(*args, **kwargs)
        Activity.objects.filter(pk=activity.pk).update(progress_pct=Decimal(80))  # after the values were read
        return values

    monkeypatch.setattr(kept_progress, "rolled_progress", write_meanwhile)
    kept_progress.settle()
    assert KeptProgress.objects.get(pk=parent.pk).rolled_pct == Decimal(0)  # computed before the write
    assert ProgressMark.objects.filter(project_id=parent.pk).exists()
    monkeypatch.setattr(kept_progress, "rolled_progress", original)
    assert assert_kept(world)[parent.pk] == Decimal(80)


def test_rebuild_and_restore_recompute_every_kept_value(world: World) -> None:
    parent = world.to_in_progress(world.project(amount="30000", activities=[("อบรม", 1), ("ดูงาน", 3)]), "700")
    Activity.objects.filter(project=parent).update(progress_pct=Decimal(60))
    kept = assert_kept(world)
    KeptProgress.objects.update(rolled_pct=Decimal(1))  # drift
    KeptProgress.objects.create(project_id=parent.pk + 1000, rolled_pct=Decimal(5))
    assert kept_progress.rebuild() == 1
    assert assert_kept(world) == kept
    KeptProgress.objects.all().delete()  # a restore archives none
    data_restored.send(sender=None, using="default")
    assert assert_kept(world) == kept == {parent.pk: Decimal("60.00")}


def test_the_demo_keeps_its_rolled_up_progress(shared_demo: Any) -> None:
    """The demo's projects (activities, sub-projects, every status): kept = computed, settled once."""
    kept_progress.settle()
    assert dict(KeptProgress.objects.values_list("project_id", "rolled_pct")) == computed() != {}


def test_a_request_that_writes_then_reads_sees_its_write(world: World) -> None:
    """``pending`` is remembered for the rest of a request only while nothing was written since."""
    parent = world.project(amount="3000", activities=[("อบรม", 1)])
    with request_memo.active():
        assert selectors.page_progress(list(Project.objects.all()))[parent.pk] == Decimal(0)
        Activity.objects.filter(project=parent).update(progress_pct=Decimal(70))
        assert selectors.page_progress(list(Project.objects.all()))[parent.pk] == Decimal(70)
        rows = list(selectors.with_rolled_progress(Project.objects.all()))
        assert selectors.page_progress(rows)[parent.pk] == Decimal(70)


def test_only_writes_that_can_move_a_rolled_up_percentage_leave_marks(world: World) -> None:
    """A progress report of a project without activities or sub-projects (most of them) leaves no mark; one of
    a sub-project marks its parent; one of a project with a kept value marks the project itself."""
    leaf = world.project(amount="1000", title_th="เดี่ยว")
    parent = world.project(amount="3000", activities=[("อบรม", 0)])  # weight 0: its rolled-up % is its reported one
    child = world.project(amount="500", parent=parent, title_th="ย่อย")
    Activity.objects.filter(project=parent).update(weight=Decimal(0))
    assert_kept(world)
    Project.objects.filter(pk=leaf.pk).update(progress_pct=Decimal(30))
    assert not ProgressMark.objects.exists()
    Project.objects.filter(pk=child.pk).update(progress_pct=Decimal(40))
    assert set(ProgressMark.objects.values_list("project_id", flat=True)) == {parent.pk}
    assert assert_kept(world)[parent.pk] == Decimal(40)
    Project.objects.filter(pk=parent.pk).update(progress_pct=Decimal(10))
    assert set(ProgressMark.objects.values_list("project_id", flat=True)) == {parent.pk}
    assert_kept(world)


def test_the_writer_settles_once_its_transaction_commits(world: World, django_capture_on_commit_callbacks: Any) -> None:
    """A service's write and a bulk write (``.update()`` in an ``atomic`` block) leave no mark once their
    transaction has committed: the commit listener settled them."""
    dataversion.forget_pending()  # the fixture's writes: the test's transaction never commits
    with django_capture_on_commit_callbacks(execute=True):
        parent = world.project(amount="3000", activities=[("อบรม", 1), ("ดูงาน", 1)])
    assert not ProgressMark.objects.exists()
    assert KeptProgress.objects.get(pk=parent.pk).rolled_pct == Decimal(0)
    dataversion.forget_pending()
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            Activity.objects.filter(project=parent).update(progress_pct=Decimal(50))
        assert ProgressMark.objects.exists()  # committed, not settled yet
    assert not ProgressMark.objects.exists()
    assert KeptProgress.objects.get(pk=parent.pk).rolled_pct == Decimal(50)
    assert_kept(world)


def test_a_failed_settle_keeps_its_marks_and_the_write(world: World, monkeypatch: Any) -> None:
    """A settle after commit that fails (a lock wait given up) raises nothing: the marks stay, and readers
    compute the marked projects until the next settle."""
    parent = world.project(amount="3000", activities=[("อบรม", 1)])
    Activity.objects.filter(project=parent).update(progress_pct=Decimal(30))

    def fails(*args: Any, **kwargs: Any) -> None:
        raise DatabaseError("canceling statement due to lock timeout")

    monkeypatch.setattr(kept_progress, "settle", fails)
    kept_progress.settle_after_commit(["projects"], "default")
    kept_progress.settle_after_commit(["budgets"], "default")  # another app's write: nothing to settle
    assert ProgressMark.objects.filter(project_id=parent.pk).exists()
    assert_reads_right(world)
    assert selectors.page_progress([parent])[parent.pk] == Decimal(30)


@override_settings(FRAGMENT_CACHE_SECONDS=0)
def test_the_project_list_with_marks_pending_writes_nothing_and_shows_them(world: World) -> None:
    """The list's page, its rows' % and its roll-up, read while writes' marks are not settled: no statement
    writes (no write lock taken: a reader never waits behind an import), and the values are the computed ones."""
    parent = world.to_in_progress(world.project(amount="30000", activities=[("อบรม", 1), ("ดูงาน", 3)]), "700")
    kept_progress.settle()
    Activity.objects.filter(project=parent).update(progress_pct=Decimal(80))  # kept: 0.00, computed: 80.00
    assert ProgressMark.objects.exists()
    client = Client()
    client.force_login(world.staff)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/projects/")
    assert response.status_code == 200
    assert writes(ctx) == []
    assert ProgressMark.objects.exists() and KeptProgress.objects.get(pk=parent.pk).rolled_pct == Decimal(0)
    assert {p.pk: pct for p, pct, _label in response.context["rows"]}[parent.pk] == Decimal(80)
    # The same page once settled (kept 80.00): byte for byte the one read with the mark pending.
    kept_progress.settle()
    assert KeptProgress.objects.get(pk=parent.pk).rolled_pct == Decimal(80)
    request_memo.forget()
    assert without_csrf(client.get("/projects/").content) == without_csrf(response.content)
