"""Database settings read from the environment (``chumchon.conf``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.db.backends.sqlite3.base import DatabaseWrapper

from chumchon.conf import SettingError, env_database


def _open(config: dict[str, object]) -> DatabaseWrapper:
    wrapper = DatabaseWrapper(
        {"CONN_MAX_AGE": 0, **config, "TIME_ZONE": None, "CONN_HEALTH_CHECKS": False, "AUTOCOMMIT": True}
    )
    wrapper.connect()
    return wrapper


@pytest.mark.parametrize("url", [None, "sqlite:///{path}"])
def test_embedded_database_runs_in_wal_mode(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, django_db_blocker: Any, url: str | None
) -> None:
    """Pages must keep reading while the job worker writes: the embedded file is opened in WAL mode
    with synchronous=NORMAL (1), whether it is the default file or named by a sqlite:// URL."""
    path = tmp_path / "db.sqlite3"
    if url is None:
        monkeypatch.delenv("CHUMCHON_TEST_DB", raising=False)
        config = env_database("CHUMCHON_TEST_DB", path)
    else:
        monkeypatch.setenv("CHUMCHON_TEST_DB", url.format(path=path))
        config = env_database("CHUMCHON_TEST_DB", tmp_path / "unused.sqlite3")
    with django_db_blocker.unblock():
        _check_wal(_open(config))
    assert Path(config["NAME"]) == path  # type: ignore[arg-type]


def _check_wal(wrapper: DatabaseWrapper) -> None:
    try:
        with wrapper.cursor() as cur:
            cur.execute("PRAGMA journal_mode")
            assert cur.fetchone()[0] == "wal"
            cur.execute("PRAGMA synchronous")
            assert cur.fetchone()[0] == 1
    finally:
        wrapper.close()


def test_each_database_gets_its_own_options(tmp_path: Path) -> None:
    """Django pops options while connecting; two configurations must not share one dict."""
    first = env_database("CHUMCHON_UNSET_DB", tmp_path / "a.sqlite3")
    second = env_database("CHUMCHON_UNSET_DB", tmp_path / "b.sqlite3")
    assert first["OPTIONS"] == second["OPTIONS"]
    assert first["OPTIONS"] is not second["OPTIONS"]


def test_bad_database_url_is_refused(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("CHUMCHON_TEST_DB", "mysql://somewhere/db")
    with pytest.raises(SettingError) as caught:
        env_database("CHUMCHON_TEST_DB", tmp_path / "db.sqlite3")
    assert "postgresql://" in str(caught.value)


@pytest.mark.parametrize(
    ("raw", "threshold"), [(None, 1), ("1", 0), ("2", 1), ("5", 4), ("off", None), ("0", None), ("no", None)]
)
def test_postgresql_binds_on_the_server_and_prepares(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, raw: str | None, threshold: int | None
) -> None:
    """PostgreSQL: parameters bound by the server; statements prepared from their PREPARE_AFTER-th run
    on a connection (psycopg's ``prepare_threshold`` counts the runs before), or never ("off")."""
    monkeypatch.setenv("CHUMCHON_TEST_DB", "postgresql://someone@db.internal:5432/chumchon")
    if raw is None:
        monkeypatch.delenv("CHUMCHON_DATABASE_PREPARE_AFTER", raising=False)
    else:
        monkeypatch.setenv("CHUMCHON_DATABASE_PREPARE_AFTER", raw)
    config = env_database("CHUMCHON_TEST_DB", tmp_path / "unused.sqlite3")
    assert config["OPTIONS"] == {"server_side_binding": True, "prepare_threshold": threshold}
    assert config["ENGINE"] == "chumchon.core.postgresql"


def test_bad_prepare_setting_is_refused(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("CHUMCHON_TEST_DB", "postgresql://someone@db.internal:5432/chumchon")
    monkeypatch.setenv("CHUMCHON_DATABASE_PREPARE_AFTER", "soon")
    with pytest.raises(SettingError) as caught:
        env_database("CHUMCHON_TEST_DB", tmp_path / "unused.sqlite3")
    assert caught.value.name == "CHUMCHON_DATABASE_PREPARE_AFTER"


def test_sqlite_has_no_postgresql_options(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("CHUMCHON_DATABASE_PREPARE_AFTER", "3")
    config = env_database("CHUMCHON_UNSET_DB", tmp_path / "a.sqlite3")
    assert "prepare_threshold" not in config["OPTIONS"]  # type: ignore[operator]
