"""Row triggers written once for SQLite and PostgreSQL: the projects app keeps figures derived from its tables
(``tally``, ``kept_progress``) with ``AFTER <event> … FOR EACH ROW`` triggers running a few statements. SQLite takes
the statements in the trigger itself; PostgreSQL needs a function of the same name that runs them."""

from __future__ import annotations


def create_sql(vendor: str, name: str, table: str, event: str, body: str) -> list[str]:
    """The statements creating trigger ``name`` on ``table`` after ``event`` (``INSERT``, ``UPDATE OF a, b``,
    ``DELETE``), running ``body`` (statements joined by ``;``) for each row."""
    if vendor == "postgresql":
        return [
            f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN {body}; RETURN NULL; END $$",
            f"CREATE TRIGGER {name} AFTER {event} ON {table} FOR EACH ROW EXECUTE FUNCTION {name}()",
        ]
    return [f"CREATE TRIGGER {name} AFTER {event} ON {table} BEGIN {body}; END"]


def drop_sql(vendor: str, name: str, table: str) -> list[str]:
    """The statements dropping trigger ``name`` on ``table`` (and its function on PostgreSQL), if there."""
    if vendor == "postgresql":
        return [f"DROP TRIGGER IF EXISTS {name} ON {table}", f"DROP FUNCTION IF EXISTS {name}()"]
    return [f"DROP TRIGGER IF EXISTS {name}"]
