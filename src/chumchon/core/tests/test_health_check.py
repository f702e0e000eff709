"""The per-request database health check, spared on a connection its previous request used without error.

``chumchon.core.postgresql`` (the PostgreSQL engine ``conf.env_database`` selects) mixes
``RecentUseHealthCheck`` into Django's wrapper. Its logic is tested here on a real second connection to the
test database of whichever backend the suite runs on, driven through Django's own request signals; the
only thing added to it is a count of the health checks made (``is_usable`` calls).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.signals import request_finished, request_started
from django.db import DatabaseError, connection, connections

from chumchon.conf import SQLITE_OPTIONS, env_database
from chumchon.core.postgresql.base import DatabaseWrapper as ChumchonPostgres
from chumchon.core.postgresql.base import RecentUseHealthCheck


def test_postgres_urls_use_the_chumchon_backend(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("CHUMCHON_TEST_DB", "postgresql://someone@127.0.0.1:5432/chumchon")
    config = env_database("CHUMCHON_TEST_DB", tmp_path / "unused.sqlite3")
    assert config["ENGINE"] == "chumchon.core.postgresql"
    assert config["CONN_HEALTH_CHECKS"] is True and config["CONN_MAX_AGE"] == 60
    assert issubclass(ChumchonPostgres, RecentUseHealthCheck)


@pytest.mark.parametrize("url", [None, "sqlite:////srv/chumchon/db.sqlite3"])
def test_sqlite_connections_are_kept_between_requests(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, url: str | None
) -> None:
    """Reopening the file on every request cost ~5 ms of CPU per page (conf.CONN_MAX_AGE_SECONDS)."""
    if url is None:
        monkeypatch.delenv("CHUMCHON_TEST_DB", raising=False)
    else:
        monkeypatch.setenv("CHUMCHON_TEST_DB", url)
    config = env_database("CHUMCHON_TEST_DB", tmp_path / "chumchon.sqlite3")
    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert config["CONN_MAX_AGE"] == 60 and not config.get("CONN_HEALTH_CHECKS")
    assert config["OPTIONS"] == SQLITE_OPTIONS


@pytest.mark.django_db(transaction=True)
def test_a_kept_connection_survives_requests_and_sees_other_connections_commits(tmp_path: Path) -> None:
    """On the running backend with the production settings' age: the same connection serves request after
    request (Django's request signals drive the close), and a commit made meanwhile on another connection —
    the job worker, another app server — is seen by the next request."""
    settings = {**connection.settings_dict, "CONN_MAX_AGE": 60}
    kept = type(connections["default"])(settings, alias="kept_connection_test")
    try:
        _request(kept)
        first = kept.connection
        with connection.cursor() as cursor:
            cursor.execute("CREATE TABLE kept_connection_probe (n integer)")
            cursor.execute("INSERT INTO kept_connection_probe VALUES (7)")
        kept.close_if_unusable_or_obsolete()
        with kept.cursor() as cursor:
            cursor.execute("SELECT n FROM kept_connection_probe")
            assert cursor.fetchall() == [(7,)]
        kept.close_if_unusable_or_obsolete()
        assert kept.connection is first
    finally:
        kept.close()
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE IF EXISTS kept_connection_probe")


@pytest.fixture
def counted() -> Iterator[Any]:
    """A second connection to the test database, of the running backend's class with the mixin, health
    checks on and persistent (as PostgreSQL's are in production); ``checks`` counts its health checks."""

    running = type(connections["default"])  # on PostgreSQL already chumchon.core.postgresql's class
    bases = (running,) if issubclass(running, RecentUseHealthCheck) else (RecentUseHealthCheck, running)

    class Counted(*bases):  # type: ignore[misc]
        checks = 0

        def is_usable(self) -> bool:
            self.checks += 1
            return bool(super().is_usable())

    settings = {**connection.settings_dict, "CONN_HEALTH_CHECKS": True, "CONN_MAX_AGE": 600}
    wrapper = Counted(settings, alias="health_check_test")
    yield wrapper
    wrapper.close()


def _request(wrapper: Any, *, fail: bool = False) -> None:
    """One request as Django runs it: its start and end signals around one query on ``wrapper``."""
    wrapper.close_if_unusable_or_obsolete()  # what request_started's close_old_connections does
    with wrapper.cursor() as cursor:
        cursor.execute("SELECT 1")
        if fail:
            with pytest.raises(DatabaseError):
                cursor.execute("SELECT * FROM no_such_table_here")
    wrapper.close_if_unusable_or_obsolete()  # request_finished


@pytest.mark.django_db(transaction=True)
def test_busy_connection_skips_the_check_and_idle_one_is_checked(counted: Any) -> None:
    _request(counted)  # opens the connection: a new one needs no check
    assert counted.checks == 0
    first = counted.connection
    for _ in range(5):  # back to back: the previous request used it fine a moment ago
        _request(counted)
    assert counted.checks == 0 and counted.connection is first

    counted.health_check_grace_seconds = 0.05
    time.sleep(0.1)  # idle longer than the grace: checked once, as Django does
    _request(counted)
    assert counted.checks == 1 and counted.connection is first


@pytest.mark.django_db(transaction=True)
def test_after_a_database_error_the_connection_is_checked(counted: Any) -> None:
    _request(counted)
    assert counted.checks == 0
    _request(counted, fail=True)  # an error: Django tests the connection at the request's end, as before
    assert counted.checks == 1 and not counted.errors_occurred
    _request(counted)  # just checked and fine: not checked again at once
    assert counted.checks == 1
    counted.health_check_grace_seconds = 0.0  # with no grace, every request is checked (Django's behaviour)
    _request(counted)
    _request(counted)
    assert counted.checks == 3


@pytest.mark.django_db(transaction=True)
def test_a_request_that_never_used_the_connection_does_not_vouch_for_it(counted: Any) -> None:
    _request(counted)
    counted.health_check_grace_seconds = 0.05
    time.sleep(0.1)
    for _ in range(3):  # e.g. static files: the signals fire, no query is made
        counted.close_if_unusable_or_obsolete()
        counted.close_if_unusable_or_obsolete()
    with counted.cursor() as cursor:
        cursor.execute("SELECT 1")
    assert counted.checks == 1


def test_the_signals_still_call_the_check_hook() -> None:
    """Django's request signals are what drive ``close_if_unusable_or_obsolete`` (close_old_connections)."""
    receivers = [r[1]() for r in request_started.receivers] + [r[1]() for r in request_finished.receivers]
    assert any(getattr(r, "__name__", "") == "close_old_connections" for r in receivers)
