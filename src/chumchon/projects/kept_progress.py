"""The rolled-up progress of projects with activities or sub-projects, kept (``KeptProgress``).

Which projects a write may have changed is left by **database triggers** (SQLite triggers and PL/pgSQL
functions, created by migration ``projects.0007``) as ``ProgressMark`` rows, so every write path — services,
imports, ``.update()``, ``bulk_create``, the demo, a restore — leaves its marks in its own transaction:

- an activity inserted, deleted, or updated in its project, weight or % marks its project (old and new);
- a project inserted or deleted marks its parent, and itself when deleted (its kept row goes);
- a project updated in its parent, weight or reported % marks its old and new parent, and itself when it has
  a kept value.

``settle`` recomputes the marked projects and all their ancestors (a sub-project's progress moves its
parent's) through ``rolled.rolled_progress`` — the same computation as the project page — writes their rows
and removes exactly the marks it read: a mark left by a transaction that commits meanwhile stays for the
next one. Every reader settles first (one small query when nothing is marked), so no read sees a stale
value. ``rebuild`` marks every project with activities or sub-projects and settles
(``chumchon rebuild-project-tallies``, after a restore).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import connection as default_connection
from django.db import transaction

from chumchon.core import dataversion
from chumchon.core.request_memo import remembered
from chumchon.projects.models import KeptProgress, ProgressMark, Project
from chumchon.projects.rolled import chunks, rolled_progress

MARKS = "projects_progressmark"
KEPT = "projects_keptprogress"
# A project's kept rolled-up %, NULL when it has no activities or sub-projects (a column of a project query).
KEPT_OF_ROW = f"(SELECT k.rolled_pct FROM {KEPT} k WHERE k.project_id = projects_project.id)"


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


def _sqlite_statements() -> list[str]:
    return [
        f"CREATE TRIGGER {name} AFTER {event} ON {table} BEGIN {'; '.join(_mark(e) for e in marks)}; END"
        for name, table, event, marks in _TRIGGERS
    ]


def _postgresql_statements() -> list[str]:
    out = []
    for name, table, event, marks in _TRIGGERS:
        out.append(
            f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            f"{'; '.join(_mark(e) for e in marks)}; RETURN NULL; END $$"
        )
        out.append(f"CREATE TRIGGER {name} AFTER {event} ON {table} FOR EACH ROW EXECUTE FUNCTION {name}()")
    return out


def create_triggers(connection: Any) -> None:
    statements = _postgresql_statements() if connection.vendor == "postgresql" else _sqlite_statements()
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def drop_triggers(connection: Any) -> None:
    with connection.cursor() as cursor:
        for name, table, _event, _marks in _TRIGGERS:
            if connection.vendor == "postgresql":
                cursor.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
                cursor.execute(f"DROP FUNCTION IF EXISTS {name}()")
            else:
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")


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


def settle() -> None:
    """Recompute the marked projects and their ancestors, then remove the marks read (see the module)."""
    marks = list(ProgressMark.objects.values_list("pk", "project_id"))
    if not marks:
        return
    with transaction.atomic():
        marked = {project_id for _pk, project_id in marks}
        nodes = _with_ancestors(marked)
        broken_down: set[int] = set()
        values = rolled_progress(nodes, None, broken_down=broken_down)
        kept = {pk: values[pk] for pk in sorted(broken_down)}
        stored: dict[int, Decimal] = {}
        for chunk in chunks(sorted(nodes.keys() | marked)):
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


def settled() -> None:
    """``settle`` once per request (the list's roll-up and its rows both ask) unless this process has
    written since (a bump of the data versions) or its transaction holds uncommitted writes: a request that
    writes and then reads settles again. Another process's commit during the request is read or not, as
    any concurrent write is."""
    if dataversion.dirty():
        settle()
        return
    remembered(("projects.kept_progress.settled", dataversion.local_bumps()), _settle_once)


def _settle_once() -> bool:
    settle()
    return True


def rebuild(connection: Any = None) -> int:
    """Recompute every kept value; returns the number of rows."""
    connection = connection or default_connection
    with transaction.atomic(using=connection.alias):
        with connection.cursor() as cursor:
            cursor.execute(mark_all_sql())
        settle()
        return KeptProgress.objects.count()


def kept_for(pks: list[int]) -> dict[int, Decimal]:
    """{pk: kept rolled-up %} of those of ``pks`` with activities or sub-projects (settled first)."""
    settled()
    out: dict[int, Decimal] = {}
    for chunk in chunks(sorted(pks)):
        out.update(KeptProgress.objects.filter(pk__in=chunk).values_list("pk", "rolled_pct"))
    return out
