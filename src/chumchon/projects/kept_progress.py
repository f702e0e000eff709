"""The rolled-up progress of projects with activities or sub-projects, kept (``KeptProgress``).

Which projects a write may have changed is left by **database triggers** (SQLite triggers and PL/pgSQL
functions, created by migration ``projects.0007``) as ``ProgressMark`` rows, so every write path — services,
imports, ``.update()``, ``bulk_create``, the demo, a restore — leaves its marks in its own transaction:

- an activity inserted, deleted, or updated in its project, weight or % marks its project (old and new);
- a project inserted or deleted marks its parent, and itself when deleted (its kept row goes);
- a project updated in its parent, weight or reported % marks its old and new parent, and itself when it has
  a kept value.

**The writer settles.** Once a transaction that wrote to the projects app commits, ``settle`` runs in the
thread that wrote (``settle_after_commit``, a ``core.dataversion`` commit listener; ``rebuild`` in a
restore): it recomputes the marked projects and all their ancestors (a sub-project's progress moves its
parent's) through ``rolled.rolled_progress`` — the same computation as the project page — writes their rows
and removes exactly the marks it read (a mark committed meanwhile stays for the next settle).

**Readers never write.** A reader that still finds marks — between a commit and its settle, after a write
in autocommit mode (no commit listener), a settle that failed or lost a lock wait, a crash — computes the
marked projects and their ancestors on the fly (``pending``: one small query when nothing is marked) and
uses those values instead of the kept ones, so it never shows a stale value and takes no write lock.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from typing import Any

from django.db import DatabaseError, connections, transaction
from django.db import connection as default_connection

from chumchon.core import dataversion
from chumchon.core.request_memo import remembered
from chumchon.projects import triggers
from chumchon.projects.models import KeptProgress, ProgressMark, Project
from chumchon.projects.rolled import chunks, rolled_progress

MARKS = "projects_progressmark"
KEPT = "projects_keptprogress"
logger = logging.getLogger(__name__)


def kept_of(row: str) -> str:
    """The kept rolled-up % of the project ``row`` (a table alias, NEW or OLD) as an SQL expression, NULL when it
    has no activities or sub-projects."""
    return f"(SELECT k.rolled_pct FROM {KEPT} k WHERE k.project_id = {row}.id)"


# A project's kept rolled-up % as a column of a project query.
KEPT_OF_ROW = kept_of("projects_project")


def _mark(expr: str) -> str:
    """One statement leaving a mark for the project ``expr`` (none when it is NULL). A project's own change
    (``NEW.id``) matters only when it has a kept value: any other project's rolled-up % is its reported one,
    so a progress report of an ordinary project (most of them) leaves no mark."""
    if expr == "NEW.id":
        return f"INSERT INTO {MARKS} (project_id) SELECT NEW.id WHERE EXISTS (SELECT 1 FROM {KEPT} WHERE project_id = NEW.id)"
    return f"INSERT INTO {MARKS} (project_id) SELECT {expr} WHERE {expr} IS NOT NULL"


# (trigger name, SQLite event, the projects it marks as (OLD/NEW) expressions).
_ACTIVITY = "projects_activity"
_PROJECT = "projects_project"
_TRIGGERS: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    ("projects_progress_activity_insert", _ACTIVITY, "INSERT", ("NEW.project_id",)),
    (
        "projects_progress_activity_update",
        _ACTIVITY,
        "UPDATE OF project_id, weight, progress_pct",
        ("OLD.project_id", "NEW.project_id"),
    ),
    ("projects_progress_activity_delete", _ACTIVITY, "DELETE", ("OLD.project_id",)),
    ("projects_progress_project_insert", _PROJECT, "INSERT", ("NEW.parent_id",)),
    (
        "projects_progress_project_update",
        _PROJECT,
        "UPDATE OF parent_id, weight, progress_pct",
        ("NEW.id", "OLD.parent_id", "NEW.parent_id"),
    ),
    ("projects_progress_project_delete", _PROJECT, "DELETE", ("OLD.id", "OLD.parent_id")),
)


def create_triggers(connection: Any) -> None:
    with connection.cursor() as cursor:
        for name, table, event, marks in _TRIGGERS:
            for sql in triggers.create_sql(connection.vendor, name, table, event, "; ".join(_mark(e) for e in marks)):
                cursor.execute(sql)


def drop_triggers(connection: Any) -> None:
    with connection.cursor() as cursor:
        for name, table, _event, _marks in _TRIGGERS:
            for sql in triggers.drop_sql(connection.vendor, name, table):
                cursor.execute(sql)


def mark_all_sql() -> str:
    """Marks every project with activities or sub-projects, or with a kept row (the rebuild's start)."""
    return (
        f"INSERT INTO {MARKS} (project_id) SELECT project_id FROM projects_activity "
        "UNION SELECT parent_id FROM projects_project WHERE parent_id IS NOT NULL "
        "UNION SELECT project_id FROM projects_keptprogress"
    )


def _with_ancestors(marked: set[int]) -> dict[int, tuple[Decimal, Decimal]]:
    """{pk: (weight, reported %)} of the marked projects that still exist and of all their ancestors."""
    nodes: dict[int, tuple[Decimal, Decimal]] = {}
    frontier = sorted(marked)
    while frontier:
        parents: set[int] = set()
        for chunk in chunks(frontier):
            for pk, parent_id, weight, pct in Project.objects.filter(pk__in=chunk).values_list(
                "pk", "parent_id", "weight", "progress_pct"
            ):
                nodes[pk] = (weight, pct)
                if parent_id is not None:
                    parents.add(parent_id)
        frontier = sorted(parents - nodes.keys())
    return nodes


def _marked() -> set[int]:
    """The projects marked (one short statement, read by every page that shows progress: written once rather
    than built and compiled by the ORM on each request)."""
    with default_connection.cursor() as cursor:
        cursor.execute(_marked_sql())
        return {int(pk) for (pk,) in cursor.fetchall()}


@functools.cache
def _marked_sql() -> str:
    q = default_connection.ops.quote_name
    return (
        f"SELECT DISTINCT {q(ProgressMark._meta.get_field('project_id').column)} FROM {q(ProgressMark._meta.db_table)}"
    )


def _fresh(marked: set[int], broken_down: set[int] | None = None) -> dict[int, Decimal]:
    """{pk: rolled-up %} of the marked projects that still exist and of all their ancestors, computed from
    their activities and sub-projects (reads only)."""
    return rolled_progress(_with_ancestors(marked), None, broken_down=broken_down)


def pending() -> dict[int, Decimal]:
    """{pk: rolled-up %} of the projects whose kept value writes may have outdated (marked, and their
    ancestors), computed now; {} when nothing is marked (one query). Readers use these instead of the kept
    values and write nothing (see the module). Once per request unless this process has written since (a
    bump of the data versions) or its transaction holds uncommitted writes."""
    if dataversion.dirty():
        return _fresh_marked()
    return remembered(("projects.kept_progress.pending", dataversion.local_bumps()), _fresh_marked)


def _fresh_marked() -> dict[int, Decimal]:
    marked = _marked()
    return _fresh(marked) if marked else {}


# Serialises settles on PostgreSQL (pg_advisory_xact_lock's key: any constant of this app's own).
_SETTLE_LOCK = 7_316_001
# A settle after commit waits this long at most for a row a writer holds (PostgreSQL) or for the write lock
# (SQLite), then gives up, leaving its marks for the next one: shorter than PostgreSQL's deadlock_timeout (1 s),
# so in a lock cycle with a writer the settle yields; and a writer's request is not held behind an import.
_SETTLE_LOCK_TIMEOUT_MS = 200
_SETTLE_LOCK_TIMEOUT = f"{_SETTLE_LOCK_TIMEOUT_MS}ms"


def settle(using: str = "default", *, yield_to_writers: bool = False) -> None:
    """Recompute the marked projects and their ancestors, then remove the marks read (see the module).
    Writers only: after a commit (``yield_to_writers``: its own transaction, short lock waits) and in
    ``rebuild``."""
    connection = connections[using]
    if yield_to_writers and connection.vendor == "sqlite":
        with _short_busy_timeout(connection):
            _settle(using)
    else:
        _settle(using, yield_to_writers=yield_to_writers)


@contextmanager
def _short_busy_timeout(connection: Any) -> Iterator[None]:
    """SQLite: wait at most ``_SETTLE_LOCK_TIMEOUT`` for the write lock (a settle after commit gives up behind
    a long import, whose own commit will settle), then the connection's own timeout again."""
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA busy_timeout")
        (before,) = cursor.fetchone()
        cursor.execute(f"PRAGMA busy_timeout = {_SETTLE_LOCK_TIMEOUT_MS}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA busy_timeout = {int(before)}")


def _settle(using: str, *, yield_to_writers: bool = False) -> None:
    connection = connections[using]
    with transaction.atomic(using=using):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_SETTLE_LOCK])
                if yield_to_writers:
                    cursor.execute(f"SET LOCAL lock_timeout = '{_SETTLE_LOCK_TIMEOUT}'")
        marks = list(ProgressMark.objects.values_list("pk", "project_id"))
        if not marks:
            return
        marked = {project_id for _pk, project_id in marks}
        broken_down: set[int] = set()
        values = _fresh(marked, broken_down)
        kept = {pk: values[pk] for pk in sorted(broken_down)}
        stored: dict[int, Decimal] = {}
        for chunk in chunks(sorted(values.keys() | marked)):
            stored.update(KeptProgress.objects.filter(pk__in=chunk).values_list("pk", "rolled_pct"))
        changed = [KeptProgress(project_id=pk, rolled_pct=v) for pk, v in kept.items() if stored.get(pk) != v]
        if changed:
            KeptProgress.objects.bulk_create(
                changed, update_conflicts=True, unique_fields=["project_id"], update_fields=["rolled_pct"]
            )
        gone = sorted(stored.keys() - kept.keys())  # no longer broken down, or deleted
        for chunk in chunks(gone):
            KeptProgress.objects.filter(pk__in=chunk).delete()
        for chunk in chunks(sorted(pk for pk, _project_id in marks)):
            ProgressMark.objects.filter(pk__in=chunk).delete()


def settle_after_commit(app_labels: list[str], alias: str) -> None:
    """``settle`` once a transaction that wrote the projects app (or an unknown table) has committed. A
    failure (a lock wait given up, a conflicting writer) is logged, not raised: the write is committed, and
    its marks stay for the next settle; readers compute them meanwhile."""
    if "projects" not in app_labels and dataversion.EVERY not in app_labels:
        return
    try:
        # Most writes leave no mark (a report of an ordinary project, a payment): one statement, no transaction.
        if ProgressMark.objects.using(alias).exists():
            settle(alias, yield_to_writers=True)
    except DatabaseError:
        logger.warning("kept rolled-up progress: settle after commit failed; marks kept", exc_info=True)


def rebuild(connection: Any = None) -> int:
    """Recompute every kept value; returns the number of rows."""
    connection = connection or default_connection
    with transaction.atomic(using=connection.alias):
        with connection.cursor() as cursor:
            cursor.execute(mark_all_sql())
        settle(connection.alias)
        return KeptProgress.objects.using(connection.alias).count()


def kept_for(pks: list[int]) -> dict[int, Decimal]:
    """{pk: rolled-up %} of those of ``pks`` with activities or sub-projects (the kept value, or the one
    computed now when marked: ``pending``)."""
    fresh = pending()
    out: dict[int, Decimal] = {}
    for chunk in chunks(sorted(pks)):
        out.update(KeptProgress.objects.filter(pk__in=chunk).values_list("pk", "rolled_pct"))
    out.update((pk, fresh[pk]) for pk in pks if pk in fresh)
    return out
