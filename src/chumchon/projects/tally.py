"""The projects' materialised roll-up (``ProjectTally``): the triggers that keep it, its rebuild, its read.

Every insert, update or delete of a project adds its figures to its (province, programme, status) row
or takes them off, in the same transaction, by database triggers (SQLite and PostgreSQL): services,
imports, bulk loads and the demo all write projects, and a trigger cannot be forgotten by one of them.
``rebuild`` recomputes the table from the projects (``chumchon rebuild-project-tallies``; a test checks
the kept table equals the rebuilt one after many kinds of writes).
"""

from __future__ import annotations

from typing import Any

from django.db import connection as default_connection
from django.db import transaction

from chumchon.projects import triggers
from chumchon.projects.kept_progress import KEPT, kept_of

TABLE = "projects_projecttally"
# Migrations 0005 and 0007 kept these; 0008 adds the money of the projects awaiting a payout (AWAITING).
BASE_COLUMNS = ("projects", "requested", "approved", "disbursed", "spent", "weighted", "to_disburse")
AWAITING = (
    "to_disburse_requested",
    "to_disburse_approved",
    "to_disburse_disbursed",
    "to_disburse_spent",
    "to_disburse_weighted",
)
COLUMNS = BASE_COLUMNS + AWAITING
# Columns of projects_project whose change moves a project's figures.
WATCHED = (
    "area_id",
    "programme_id",
    "status",
    "requested_amount",
    "approved_amount",
    "disbursed_amount",
    "spent_amount",
    "progress_pct",
)


def _hundredths(expr: str) -> str:
    """A two-decimal value as a whole number of hundredths (ROUND removes SQLite's float noise)."""
    return f"CAST(ROUND({expr} * 100) AS BIGINT)"


def _progress(row: str, kept: bool) -> str:
    """The project ``row``'s rolled-up %: its kept value when it has one (``kept_progress``), else its reported %."""
    if not kept:
        return f"{row}.progress_pct"
    return f"COALESCE({kept_of(row)}, {row}.progress_pct)"


def _awaits(row: str) -> str:
    """Whether the project ``row`` has an approved amount not yet paid out in full (the worklist's "tranche to
    disburse", ``selectors.awaiting_payout``, which also asks for a running status: the tally's status key)."""
    return f"{row}.approved_amount IS NOT NULL AND {row}.disbursed_amount < {row}.approved_amount"


def _figures(row: str, kept: bool = True, awaiting: bool = True) -> list[str]:
    """The SQL expressions of one project's figures (``row`` is NEW, OLD or a table alias). ``kept``: the
    progress weight uses the kept rolled-up % (migration 0007 on); migration 0005 built the reported one.
    ``awaiting``: with the money of a project awaiting a payout again in its own columns (migration 0008 on)."""
    funded = f"{row}.approved_amount > 0"
    money = [
        _hundredths(f"{row}.requested_amount"),
        _hundredths(f"COALESCE({row}.approved_amount, 0)"),
        f"CASE WHEN {funded} THEN {_hundredths(f'{row}.disbursed_amount')} ELSE 0 END",
        f"CASE WHEN {funded} THEN {_hundredths(f'{row}.spent_amount')} ELSE 0 END",
        f"CASE WHEN {funded} THEN {_hundredths(f'{row}.approved_amount')} * "
        f"{_hundredths(_progress(row, kept))} ELSE 0 END",
    ]
    figures = ["1", *money, f"CASE WHEN {_awaits(row)} THEN 1 ELSE 0 END"]
    if awaiting:
        figures += [f"CASE WHEN {_awaits(row)} THEN {e} ELSE 0 END" for e in money]
    return figures


def _columns(awaiting: bool) -> tuple[str, ...]:
    return COLUMNS if awaiting else BASE_COLUMNS


def _add(row: str, kept: bool = True, awaiting: bool = True) -> str:
    """One statement adding the project ``row``'s figures to its row (created when missing)."""
    columns = _columns(awaiting)
    updates = ", ".join(f"{c} = {TABLE}.{c} + excluded.{c}" for c in columns)
    return (
        f"INSERT INTO {TABLE} (province, programme_id, status, {', '.join(columns)}) "
        f"SELECT SUBSTR(a.code, 1, 2), {row}.programme_id, {row}.status, "
        f"{', '.join(_figures(row, kept, awaiting))} "
        f"FROM areas_area a WHERE a.id = {row}.area_id "
        f"ON CONFLICT (province, programme_id, status) DO UPDATE SET {updates}"
    )


def _take_off(row: str, kept: bool = True, awaiting: bool = True) -> str:
    """One statement taking the project ``row``'s figures off its row. An update, never an insert: when
    the tally was emptied before the projects (Django's ``flush`` deletes tables in its own order, a
    restore empties every table) there is nothing to take off, and no negative row is left behind."""
    figures = _figures(row, kept, awaiting)
    updates = ", ".join(f"{c} = {c} - {e}" for c, e in zip(_columns(awaiting), figures, strict=True))
    return (
        f"UPDATE {TABLE} SET {updates} "
        f"WHERE province = (SELECT SUBSTR(a.code, 1, 2) FROM areas_area a WHERE a.id = {row}.area_id) "
        f"AND programme_id = {row}.programme_id AND status = {row}.status"
    )


_DROP_EMPTY = f"DELETE FROM {TABLE} WHERE projects = 0"


def _kept_moves(project: str, new: str, old: str, awaiting: bool = True) -> str:
    """One statement moving the progress weight of ``project`` (a funded one) from the % ``old`` to ``new``
    when its kept rolled-up % changes (also in the awaiting-payout weight when it awaits one). An update,
    never an insert: nothing moves for a project that is gone."""
    row = f"(SELECT p.{{}} FROM projects_project p WHERE p.id = {project})"
    move = f"{_hundredths(row.format('approved_amount'))} * ({_hundredths(new)} - {_hundredths(old)})"
    awaits = f"EXISTS (SELECT 1 FROM projects_project p WHERE p.id = {project} AND {_awaits('p')})"
    also = f", to_disburse_weighted = to_disburse_weighted + CASE WHEN {awaits} THEN {move} ELSE 0 END"
    return (
        f"UPDATE {TABLE} SET weighted = weighted + {move}{also if awaiting else ''} "
        f"WHERE province = (SELECT SUBSTR(a.code, 1, 2) FROM projects_project p JOIN areas_area a ON a.id = p.area_id "
        f"WHERE p.id = {project} AND p.approved_amount > 0) "
        f"AND programme_id = {row.format('programme_id')} AND status = {row.format('status')}"
    )


_REPORTED = "(SELECT p.progress_pct FROM projects_project p WHERE p.id = {})"
_KEPT_NAMES = ("projects_tally_kept_insert", "projects_tally_kept_update", "projects_tally_kept_delete")


def _kept_triggers(awaiting: bool) -> list[tuple[str, str, str]]:
    """(trigger, event, statement) on the kept rolled-up progress (``kept_progress``)."""
    return [
        (
            "projects_tally_kept_insert",
            "INSERT",
            _kept_moves("NEW.project_id", "NEW.rolled_pct", _REPORTED.format("NEW.project_id"), awaiting),
        ),
        (
            "projects_tally_kept_update",
            "UPDATE OF rolled_pct",
            _kept_moves("NEW.project_id", "NEW.rolled_pct", "OLD.rolled_pct", awaiting),
        ),
        (
            "projects_tally_kept_delete",
            "DELETE",
            _kept_moves("OLD.project_id", _REPORTED.format("OLD.project_id"), "OLD.rolled_pct", awaiting),
        ),
    ]


def _sqlite_statements(kept: bool, awaiting: bool) -> list[str]:
    watched = ", ".join(WATCHED)
    add, take_off = _add("NEW", kept, awaiting), _take_off("OLD", kept, awaiting)
    statements = [
        f"CREATE TRIGGER projects_tally_insert AFTER INSERT ON projects_project BEGIN {add}; END",
        f"CREATE TRIGGER projects_tally_update AFTER UPDATE OF {watched} ON projects_project BEGIN "
        f"{take_off}; {add}; {_DROP_EMPTY}; END",
        f"CREATE TRIGGER projects_tally_delete AFTER DELETE ON projects_project BEGIN {take_off}; {_DROP_EMPTY}; END",
    ]
    return statements + (_kept_statements("sqlite", awaiting) if kept else [])


def _kept_statements(vendor: str, awaiting: bool) -> list[str]:
    """The triggers moving a funded project's progress weight when its kept rolled-up % changes."""
    return [
        sql
        for name, event, body in _kept_triggers(awaiting)
        for sql in triggers.create_sql(vendor, name, KEPT, event, body)
    ]


def _postgresql_statements(kept: bool, awaiting: bool) -> list[str]:
    watched = ", ".join(WATCHED)
    return [
        *(_kept_statements("postgresql", awaiting) if kept else []),
        "CREATE OR REPLACE FUNCTION projects_tally_keep() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        f"IF TG_OP IN ('UPDATE', 'DELETE') THEN {_take_off('OLD', kept, awaiting)}; END IF; "
        f"IF TG_OP IN ('INSERT', 'UPDATE') THEN {_add('NEW', kept, awaiting)}; END IF; "
        f"IF TG_OP IN ('UPDATE', 'DELETE') THEN {_DROP_EMPTY}; END IF; "
        "RETURN NULL; END $$",
        "CREATE TRIGGER projects_tally_insert AFTER INSERT ON projects_project "
        "FOR EACH ROW EXECUTE FUNCTION projects_tally_keep()",
        f"CREATE TRIGGER projects_tally_update AFTER UPDATE OF {watched} ON projects_project "
        "FOR EACH ROW EXECUTE FUNCTION projects_tally_keep()",
        "CREATE TRIGGER projects_tally_delete AFTER DELETE ON projects_project "
        "FOR EACH ROW EXECUTE FUNCTION projects_tally_keep()",
    ]


def create_triggers(connection: Any, *, kept: bool = True, awaiting: bool = True) -> None:
    """The tally's triggers; ``kept``: with the kept rolled-up progress (``kept=False``: migration 0005's);
    ``awaiting``: with the money awaiting a payout (``awaiting=False``: migrations 0005's and 0007's)."""
    postgresql = connection.vendor == "postgresql"
    statements = (_postgresql_statements if postgresql else _sqlite_statements)(kept, awaiting)
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def drop_triggers(connection: Any) -> None:
    postgresql = connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        for name in ("projects_tally_insert", "projects_tally_update", "projects_tally_delete"):
            cursor.execute(f"DROP TRIGGER IF EXISTS {name}" + (" ON projects_project" if postgresql else ""))
        if postgresql:
            cursor.execute("DROP FUNCTION IF EXISTS projects_tally_keep()")
        kept_exists = KEPT in connection.introspection.table_names(cursor)
        for name in _KEPT_NAMES if kept_exists else ():
            for sql in triggers.drop_sql(connection.vendor, name, KEPT):
                cursor.execute(sql)


def rebuild_sql(*, kept: bool = True, awaiting: bool = True) -> list[str]:
    sums = ", ".join(f"SUM({e})" for e in _figures("p", kept, awaiting))
    return [
        f"DELETE FROM {TABLE}",
        f"INSERT INTO {TABLE} (province, programme_id, status, {', '.join(_columns(awaiting))}) "
        f"SELECT SUBSTR(a.code, 1, 2), p.programme_id, p.status, {sums} "
        "FROM projects_project p JOIN areas_area a ON a.id = p.area_id "
        "GROUP BY SUBSTR(a.code, 1, 2), p.programme_id, p.status",
    ]


def rebuild(connection: Any = None) -> int:
    """Recompute the whole table from the projects; returns the number of rows."""
    connection = connection or default_connection
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        for sql in rebuild_sql():
            cursor.execute(sql)
        cursor.execute(f"SELECT COUNT(*) FROM {TABLE}")
        return int(cursor.fetchone()[0])
