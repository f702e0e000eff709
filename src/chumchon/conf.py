"""Reading settings from the environment, with clear bilingual errors.

Every setting Chumchon reads comes through here, so a malformed value stops start-up with a
message that names the variable, what was wrong and what is expected — in Thai and English.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


class SettingError(ImproperlyConfigured):
    """A setting in the environment is malformed (ค่าตั้งค่าในสภาพแวดล้อมไม่ถูกต้อง)."""

    def __init__(self, name: str, value: str, expected_th: str, expected_en: str) -> None:
        super().__init__(
            f"ค่าตั้งค่า {name}={value!r} ไม่ถูกต้อง: ต้องเป็น{expected_th} / "
            f"Setting {name}={value!r} is malformed: expected {expected_en}."
        )
        self.name = name


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise SettingError(name, raw, "ค่าจริง/เท็จ (1/0, true/false)", "a boolean (1/0, true/false)")


def env_int(name: str, default: int, *, minimum: int = 0) -> int:
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise SettingError(name, raw, "จำนวนเต็ม", "a whole number") from None
    if value < minimum:
        raise SettingError(name, raw, f"จำนวนเต็มตั้งแต่ {minimum}", f"a whole number >= {minimum}")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


# The embedded database is shared by the web server and the job worker: WAL lets pages read while a
# job writes, and with WAL, synchronous=NORMAL keeps the file consistent on a crash (a power cut may
# lose only the last commits) while sparing an fsync per commit.
SQLITE_OPTIONS = {
    "timeout": 30,
    "transaction_mode": "IMMEDIATE",
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
}


# A worker keeps its database connection between requests, on SQLite as on PostgreSQL. On SQLite a new
# connection per request (Django's default, CONN_MAX_AGE=0) cost ~5 ms of CPU on every page at national
# size — opening the file, the PRAGMAs, parsing the 489-object schema again and an empty page cache: a
# quarter of a project list (bench/RESULTS.md, "Persistent SQLite connections"). Safe with WAL: between
# requests the connection is in autocommit and holds no snapshot, so it sees every other process's commits
# and never blocks a checkpoint; `chumchon restore` writes rows through the ORM, never swaps the file.
CONN_MAX_AGE_SECONDS = 60


def env_database(name: str, default_sqlite: Path) -> dict[str, object]:
    """Parse a database URL; SQLite at ``default_sqlite`` when unset."""
    raw = os.environ.get(name)
    if not raw:
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(default_sqlite),
            "OPTIONS": dict(SQLITE_OPTIONS),
            "CONN_MAX_AGE": CONN_MAX_AGE_SECONDS,
        }
    if not raw.startswith(("postgres://", "postgresql://", "sqlite://")):
        raise SettingError(
            name,
            raw,
            " URL ฐานข้อมูลแบบ postgresql://ผู้ใช้@โฮสต์:พอร์ต/ชื่อ หรือ sqlite:///พาธ",
            "a database URL such as postgresql://user@host:port/name or sqlite:///path",
        )
    try:
        config = dict(dj_database_url.parse(raw, conn_max_age=CONN_MAX_AGE_SECONDS, conn_health_checks=True))
    except Exception as exc:  # the library raises several types for a bad URL
        raise SettingError(name, raw, " URL ฐานข้อมูลที่ถูกต้อง", f"a valid database URL ({exc})") from exc
    if config["ENGINE"] == "django.db.backends.postgresql":
        # Django's backend with the health check spared on a connection used less than a second ago
        # (chumchon/core/postgresql/base.py): one round trip less per request on a busy worker.
        config["ENGINE"] = "chumchon.core.postgresql"
        options = config.get("OPTIONS")
        config["OPTIONS"] = {**(options if isinstance(options, dict) else {}), **postgresql_options()}
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["CONN_HEALTH_CHECKS"] = False  # a file has no link to lose (Django's SQLite check is a no-op)
        config["OPTIONS"] = dict(SQLITE_OPTIONS)
    return config


# PostgreSQL statements: each statement prepared on its connection from its PREPARE_AFTER-th run, so the
# server parses and plans it once per connection instead of once per request — the backend's CPU per
# poverty page 4.5 → 2.5 ms, per project page 9.5 → 2.5 ms (its seven-table read planned in 2.2 ms and
# ran in 0.2); bench/RESULTS.md, "The pages that missed only on PostgreSQL". psycopg prepares only
# statements whose parameters the server binds, hence server_side_binding (the same Python CPU as
# Django's default client-side binding, measured). Prepared statements need a session-mode pooler or
# PgBouncer ≥ 1.21 with max_prepared_statements set; CHUMCHON_DATABASE_PREPARE_AFTER=off turns them off.
PREPARE_AFTER = 2


def postgresql_options() -> dict[str, object]:
    raw = os.environ.get("CHUMCHON_DATABASE_PREPARE_AFTER")
    after: int | None = PREPARE_AFTER
    if raw is not None and raw.strip().lower() in _FALSE:
        after = None
    elif raw is not None:
        after = env_int("CHUMCHON_DATABASE_PREPARE_AFTER", PREPARE_AFTER, minimum=1)
    # psycopg prepares a statement on the run after its ``prepare_threshold``-th; None: never.
    threshold = None if after is None else after - 1
    return {"server_side_binding": True, "prepare_threshold": threshold}


def env_path(name: str, default: Path) -> Path:
    raw = os.environ.get(name)
    return Path(raw).expanduser().resolve() if raw else default
