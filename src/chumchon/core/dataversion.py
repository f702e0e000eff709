"""Data versions per app (รุ่นของข้อมูล): what tells a kept page fragment that its figures may be stale.

Every SQL statement that Django sends goes through ``_track`` (a database execute wrapper installed on
every connection when it opens). A statement that writes — ``INSERT``/``UPDATE``/``DELETE``/``REPLACE``
— names its table, and the table names its app (the model registry's ``db_table``s, or the app label the
table's name starts with); any other statement that is not a read (``CREATE``, ``ALTER``, ``TRUNCATE``,
``WITH …``, anything unknown) counts as a write to every app (``*``). So the ORM's saves and deletes,
``QuerySet.update()``, ``bulk_create()``, raw SQL through Django's cursor and the tally's triggers (they
fire on statements seen here) all move the version: no service has to remember to. Writes made outside
Django (another program on the database) are not seen; ``settings.FRAGMENT_CACHE_SECONDS`` bounds how
long a fragment is kept however quiet the data.

When the write is committed, each written app's row of ``DataVersion`` gets a new random version (one
``UPDATE`` per transaction, after the commit: a reader that read the old version before the commit
can only store what it read under that old version, which is already stale). Inside a transaction the
connection is *dirty* until the commit: ``dirty()`` is true and ``core.fragments`` neither serves nor
keeps fragments then (a transaction that wrote sees its own uncommitted rows; a test's rolled-back
writes never reach a kept fragment).

Writes that never change what a page shows are not counted: sessions, the audit trail, log-in
throttling, the task queue, the portal's page cache and these rows themselves (``IGNORED_TABLES``,
``IGNORED_APPS``). Lower apps read versions with ``versions(apps)``; nothing here imports any app.
"""

from __future__ import annotations

import re
import secrets
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.apps import apps as django_apps
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.backends.base.base import NO_DB_ALIAS, BaseDatabaseWrapper

from chumchon.core.request_memo import known, remembered

EVERY = "*"
# Tables whose writes no page fragment shows.
IGNORED_APPS = frozenset({"sessions", "audit", "axes", "admin", "django_tasks_database"})
IGNORED_TABLES = frozenset({"core_dataversion", "django_session", "django_migrations"})
READS = frozenset({"SELECT", "SAVEPOINT", "RELEASE", "ROLLBACK", "BEGIN", "COMMIT", "SET", "SHOW", "EXPLAIN", "PRAGMA"})
_WRITE_TABLE = re.compile(
    r'^\s*(INSERT\s+(?:OR\s+\w+\s+)?INTO|REPLACE\s+INTO|UPDATE(?:\s+OR\s+\w+)?|DELETE\s+FROM)\s+"?([A-Za-z0-9_]+)"?',
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Stamp:
    """A version read from the data instead of written beside it: ``MAX(id)`` of an append-only table.

    The money ledger (budgets) is one: every movement of money inserts a ledger row, and the fund
    balances change only together with one (``budgets.services.ledger``), so the ledger's newest id
    moves whenever a figure of theirs does — and the money path pays no extra statement for it (issue 16
    item 3 counts them). Inserts and updates of ``table`` and ``covers`` are therefore not bumped;
    deletes are (the newest id may not move)."""

    label: str  # "<app>.<name>": fragments that read <app> read it too
    table: str
    covers: frozenset[str] = frozenset()


_stamps: dict[str, Stamp] = {}


def register_stamp(label: str, table: str, covers: Iterable[str] = ()) -> None:
    """An app's append-only table whose newest id is (part of) its data version (from its registrations.py)."""
    _stamps[label] = Stamp(label, table.lower(), frozenset(t.lower() for t in covers))


def _stamped(table: str) -> bool:
    return any(table == st.table or table in st.covers for st in _stamps.values())


_MIGRATING = False  # between pre_migrate and post_migrate the table may not exist yet: nothing is bumped
_tables: dict[str, str] | None = None
_labels: tuple[str, ...] = ()
_local_bumps = 0  # this process's bumps: a request's remembered versions are re-read after one
_lock = threading.Lock()


def _table_apps() -> dict[str, str]:
    global _tables, _labels
    if _tables is None:
        tables: dict[str, str] = {}
        for model in django_apps.get_models(include_auto_created=True):
            tables[model._meta.db_table.lower()] = model._meta.app_label
        _labels = tuple(sorted({c.label for c in django_apps.get_app_configs()}, key=len, reverse=True))
        _tables = tables
    return _tables


_ignored: tuple[Any, frozenset[str]] | None = None  # (settings.CACHES it was made from, the tables)
_derived: set[str] = set()


def register_derived_table(table: str) -> None:
    """A table of figures derived from other tables and rewritten only with them (in the same transaction or
    just after its commit, e.g. ``areas.AreaSummary``): its own writes are not counted — the writes it
    follows already moved the versions (from its app's ``registrations.py``)."""
    global _ignored
    _derived.add(table.lower())
    _ignored = None


def _ignored_tables() -> frozenset[str]:
    # Called for every written statement: made once per CACHES setting, not per statement.
    global _ignored
    caches: Any = settings.CACHES
    if _ignored is None or _ignored[0] is not caches:
        cache_tables = {
            str(c.get("LOCATION", "")).lower()
            for c in caches.values()
            if str(c.get("BACKEND", "")).endswith("db.DatabaseCache")
        }
        _ignored = (caches, IGNORED_TABLES | cache_tables | _derived)
    return _ignored[1]


def app_of_table(table: str) -> str | None:
    """The app whose data ``table`` holds; None when its writes are not counted; ``*`` when unknown."""
    table = table.lower()
    if table in _ignored_tables():
        return None
    app = _table_apps().get(table)
    if app is None:
        app = next((label for label in _labels if table.startswith(label.lower() + "_")), EVERY)
    return None if app in IGNORED_APPS else app


def written_app(sql: str) -> str | None:
    """The app a statement writes to (``*``: every app; None: a read or an ignored table)."""
    # A compound query starts with its first SELECT in parentheses on PostgreSQL ("(SELECT …) UNION ALL (…)").
    head = sql.lstrip(" \t\r\n(")[:10].split(None, 1)
    keyword = head[0].upper() if head else ""
    if keyword in READS:
        return None
    match = _WRITE_TABLE.match(sql)
    if match is None:
        return EVERY
    table = match.group(2).lower()
    if _stamps and not match.group(1).upper().startswith("DELETE") and _stamped(table):
        return None  # its stamp moves with the data (Stamp)
    return app_of_table(table)


# --- tracking ---------------------------------------------------------------------------------------


def _pending(connection: BaseDatabaseWrapper) -> set[str]:
    pending: set[str] | None = getattr(connection, "_chumchon_written_apps", None)
    if pending is None:
        pending = set()
        connection._chumchon_written_apps = pending  # type: ignore[attr-defined]
    return pending


def _track(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: dict[str, Any]) -> Any:
    result = execute(sql, params, many, context)
    if _MIGRATING:
        return result
    app = written_app(sql)
    if app is None:
        return result
    _bump_after_commit(context["connection"], [app])
    return result


def bump_on_commit(app_labels: Iterable[str], using: str | None = None) -> None:
    """New versions for ``app_labels`` once the current transaction commits (at once outside one), in
    the same single ``UPDATE`` as the transaction's written apps (the portal's public version uses this)."""
    if not _MIGRATING:
        _bump_after_commit(connections[using or DEFAULT_DB_ALIAS], list(app_labels))


def _bump_after_commit(connection: BaseDatabaseWrapper, app_labels: list[str]) -> None:
    if connection.in_atomic_block:
        if not dirty(connection):
            # The transaction's first counted write: what a rolled-back one left behind is forgotten.
            connection._chumchon_written_apps = set()  # type: ignore[attr-defined]
            alias = connection.alias

            def bump_written() -> None:
                written = _after_commit(alias)
                for listener in _commit_listeners:
                    listener(written, alias)

            connection._chumchon_queued = bump_written  # type: ignore[attr-defined]
            transaction.on_commit(bump_written, using=alias)
        _pending(connection).update(app_labels)
    else:
        _pending(connection).update(app_labels)
        _after_commit(connection.alias)


def _after_commit(alias: str) -> list[str]:
    """Bump the apps the connection wrote; returns them."""
    connection = connections[alias]
    connection._chumchon_queued = None  # type: ignore[attr-defined]
    written = _pending(connection)
    apps_written = sorted(written)
    written.clear()
    if apps_written:
        bump(apps_written, using=alias)
    return apps_written


_commit_listeners: list[Callable[[list[str], str], None]] = []


def register_commit_listener(listener: Callable[[list[str], str], None]) -> None:
    """Call ``listener(app_labels, alias)`` once a transaction (an ``atomic`` block) that wrote ``app_labels``
    has committed and their versions moved, in the thread that wrote (an app keeping figures derived from
    its tables recomputes them there: ``projects.kept_progress``). Not after a write in autocommit mode: it
    runs right after the statement, whose cursor may still hold its ``RETURNING`` row (SQLite cannot open
    and commit a transaction then)."""
    if listener not in _commit_listeners:
        _commit_listeners.append(listener)


def dirty(connection: BaseDatabaseWrapper | None = None) -> bool:
    """Whether this connection's open transaction has written something not yet committed."""
    connection = connection or connections[DEFAULT_DB_ALIAS]
    if not connection.in_atomic_block:
        return False
    queued = getattr(connection, "_chumchon_queued", None)
    return queued is not None and any(entry[1] is queued for entry in connection.run_on_commit)


def is_bump_callback(callback: Any) -> bool:
    """Whether an ``on_commit`` callback is the one that bumps the transaction's versions."""
    return getattr(callback, "__qualname__", "").startswith("_bump_after_commit.")


def forget_pending(connection: BaseDatabaseWrapper | None = None) -> None:
    """Drop the bump queued for the open transaction (tests: their transaction never commits, so a
    capture of the next change's callbacks must not hold an earlier one)."""
    connection = connection or connections[DEFAULT_DB_ALIAS]
    connection.run_on_commit = [e for e in connection.run_on_commit if not is_bump_callback(e[1])]
    connection._chumchon_queued = None  # type: ignore[attr-defined]
    _pending(connection).clear()


def install(connection: BaseDatabaseWrapper, **kwargs: Any) -> None:
    """Track this connection's writes (``connection_created``; idempotent). Not the server-level
    connections Django opens to create or drop a database (they hold no app's data)."""
    if connection.alias != NO_DB_ALIAS and _track not in connection.execute_wrappers:
        connection.execute_wrappers.append(_track)


def migration_starts(**kwargs: Any) -> None:
    global _MIGRATING
    _MIGRATING = True


def migration_ends(**kwargs: Any) -> None:
    global _MIGRATING
    _MIGRATING = False
    bump([EVERY], using=kwargs.get("using") or DEFAULT_DB_ALIAS)


# --- versions ---------------------------------------------------------------------------------------


def _new_version() -> str:
    """When it was made (seconds since the epoch: the portal's ``Last-Modified``) and a random part."""
    return f"{time.time():.6f}:{secrets.token_hex(4)}"


_listeners: list[Callable[[list[str]], None]] = []


def register_bump_listener(listener: Callable[[list[str]], None]) -> None:
    """Call ``listener(app_labels)`` after each bump made in this process (the portal drops its copies)."""
    if listener not in _listeners:
        _listeners.append(listener)


def bump(app_labels: Iterable[str], using: str = DEFAULT_DB_ALIAS) -> str:
    """New versions now for ``app_labels`` (``*``: every app).

    Plain statements, no ``atomic`` of their own: this may run right after an autocommit write whose
    cursor still holds its ``RETURNING`` row (SQLite cannot commit a transaction then)."""
    global _local_bumps
    labels = sorted(set(app_labels))
    version = _new_version()
    if _MIGRATING or not labels:
        return version
    with _lock:
        _local_bumps += 1
    connection = connections[using]
    table = connection.ops.quote_name("core_dataversion")
    marks = ", ".join(["%s"] * len(labels))
    update = f"UPDATE {table} SET version = %s WHERE app IN ({marks})"
    with connection.cursor() as cursor:
        cursor.execute(update, [version, *labels])
        if cursor.rowcount < len(labels):
            cursor.executemany(
                f"INSERT INTO {table} (app, version) VALUES (%s, %s) ON CONFLICT (app) DO NOTHING",
                [(a, version) for a in labels],
            )
            cursor.execute(update, [version, *labels])
    for listener in _listeners:
        listener(labels)
    return version


def local_bumps() -> int:
    """How many bumps this process made (a memo of versions keyed by it is re-read after one)."""
    return _local_bumps


def versions_statement(connection: BaseDatabaseWrapper) -> tuple[str, list[str]]:
    """The statement (and its parameters) reading every app's version as (app, version) rows: the
    ``DataVersion`` rows and each stamp's newest id. ``core.sessions`` appends it to the session's read."""
    quote = connection.ops.quote_name
    sql = f"SELECT {quote('app')}, {quote('version')} FROM {quote('core_dataversion')}"
    params: list[str] = []
    for stamp in _stamps.values():
        sql += f" UNION ALL SELECT %s, CAST(MAX({quote('id')}) AS VARCHAR(40)) FROM {quote(stamp.table)}"
        params.append(stamp.label)
    return sql, params


def all_versions(using: str = DEFAULT_DB_ALIAS) -> dict[str, str]:
    """Every app's current version (one small query)."""
    connection = connections[using]
    sql, params = versions_statement(connection)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {str(app): str(version) for app, version in cursor.fetchall()}


def request_versions_key() -> tuple[str, int]:
    """The request memo's key for the versions read in this request (a new one after this process bumped)."""
    return ("core.dataversion", _local_bumps)


def known_request_versions() -> dict[str, str] | None:
    """The versions this request already read (with its session), or None: never a statement."""
    found: dict[str, str] | None = known(request_versions_key())
    return found


def request_versions() -> dict[str, str]:
    """Every app's data version, read once per request (again after this process bumped one); the
    session's read brings them along (``core.sessions``), so a signed-in request pays no statement for them."""
    return remembered(request_versions_key(), all_versions)


def versions(app_labels: Iterable[str] | None, current: dict[str, str] | None = None) -> str:
    """One string naming the versions of ``app_labels`` (every app when None) and of ``*``."""
    current = all_versions() if current is None else current
    if app_labels is None:
        return ";".join(f"{a}={v}" for a, v in sorted(current.items()))
    labels = {EVERY, *app_labels}
    labels |= {st.label for st in _stamps.values() if st.label.split(".", 1)[0] in labels}
    return ";".join(f"{a}={current.get(a, '0')}" for a in sorted(labels))
