"""The ``chumchon`` command line: help, errors, ``demo`` and ``serve`` end to end (subprocesses)."""

from __future__ import annotations

import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from chumchon.cli import main
from chumchon.conftest import DEMO_CLI_ARGS, DemoCli
from chumchon.core.management.commands.demo import display_width, format_table

CHUMCHON = [sys.executable, "-m", "chumchon.cli"]


def _env(data_dir: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CHUMCHON_")}
    env.update({"CHUMCHON_DATA_DIR": str(data_dir), "PYTHONUNBUFFERED": "1"})
    env.update(extra)
    return env


def _run(args: list[str], env: dict[str, str], timeout: int = 600) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CHUMCHON, *args], env=env, capture_output=True, text=True, timeout=timeout, check=False)


def test_help_lists_our_commands_first(capsys: pytest.CaptureFixture[str]) -> None:
    main(["chumchon", "--help"])
    out = capsys.readouterr().out
    lines = [line.split()[0] for line in out.splitlines() if line.startswith("  ")]
    assert lines[:3] == ["demo", "serve", "worker"]
    assert {"load-areas", "compile-translations", "migrate"} <= set(lines)
    assert "ติดตั้งระบบตัวอย่าง" in out and "set up the demo" in out


def test_unknown_command_is_a_clear_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["chumchon", "serv"])
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert "ไม่รู้จักคำสั่ง “serv”" in err and "unknown command “serv”" in err
    assert "serve" in err  # suggested


def test_worker_is_an_alias_of_db_worker(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["chumchon", "worker", "--help"])
    assert "--queue-name" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("variable", "value"),
    [("CHUMCHON_DEBUG", "maybe"), ("CHUMCHON_DATABASE_URL", "mysql://x"), ("CHUMCHON_PUBLIC_MIN_COUNT", "few")],
)
def test_malformed_setting_stops_check_with_bilingual_message(tmp_path: Path, variable: str, value: str) -> None:
    result = _run(["check"], _env(tmp_path, **{variable: value}), timeout=120)
    assert result.returncode != 0
    assert variable in result.stderr
    assert "ไม่ถูกต้อง" in result.stderr and "malformed" in result.stderr
    assert "Traceback" not in result.stderr


def test_thai_table_columns_line_up() -> None:
    assert display_width("ผู้ใช้") == 3  # ผ ใ ช; the vowel and tone marks take no column
    table = format_table(["ชื่อ", "x"], [["สมชาย", "1"], ["ab", "2"]]).splitlines()
    columns = {display_width(line[: line.rindex(" ") + 1]) for line in (table[0], table[2], table[3])}
    assert len(columns) == 1


def _sqlite_count(db: Path, sql: str) -> int:
    with sqlite3.connect(db) as con:
        return int(con.execute(sql).fetchone()[0])


def test_demo_end_to_end_and_idempotent(demo_cli: DemoCli, tmp_path: Path) -> None:
    # The first run is the session's one ``chumchon demo --no-serve`` (conftest.py), into an empty data directory.
    first = demo_cli.run
    assert first.args[-3:] == ["demo", "--no-serve", "--no-progress"] == DEMO_CLI_ARGS
    assert first.returncode == 0, first.stderr[-3000:]
    assert "ชื่อผู้ใช้ / username" in first.stdout and "รหัสผ่าน / password" in first.stdout
    assert "chumchon2565" in first.stdout
    assert "http://127.0.0.1:8000" in first.stdout
    # The second run works on a copy of that database (the shared one stays as made).
    db = tmp_path / "chumchon.sqlite3"
    source, copy = sqlite3.connect(demo_cli.database), sqlite3.connect(db)
    try:
        source.backup(copy)
    finally:
        source.close()
        copy.close()
    areas = _sqlite_count(db, "select count(*) from areas_area")
    assert areas >= 8441
    users = _sqlite_count(db, "select count(*) from accounts_user")
    assert users >= 1

    env = _env(tmp_path)
    second = _run(["demo", "--no-serve", "--no-progress"], env)
    assert second.returncode == 0, second.stderr[-3000:]
    assert "already exists" in second.stdout and "มีข้อมูลตัวอย่างอยู่แล้ว" in second.stdout
    assert "chumchon2565" in second.stdout  # the credentials are printed again
    assert _sqlite_count(db, "select count(*) from areas_area") == areas
    assert _sqlite_count(db, "select count(*) from accounts_user") == users


def test_demo_refuses_postgresql_without_force(tmp_path: Path) -> None:
    result = _run(["demo", "--no-serve"], _env(tmp_path, CHUMCHON_DATABASE_URL="postgresql://u@127.0.0.1:9/x"))
    assert result.returncode != 0
    assert "SQLite" in result.stderr and "--force" in result.stderr and "ระบบตัวอย่าง" in result.stderr
    assert not (tmp_path / "chumchon.sqlite3").exists()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_serve_answers_in_thai_and_stops_on_sigterm(tmp_path: Path) -> None:
    port = _free_port()
    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        server = subprocess.Popen(
            [*CHUMCHON, "serve", "--port", str(port), "--workers", "1"],
            env=_env(tmp_path),
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        try:
            body, deadline = "", time.monotonic() + 90
            while time.monotonic() < deadline and server.poll() is None:
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/", timeout=30) as response:
                        assert response.status == 200
                        body = response.read().decode()
                        break
                except OSError:  # not listening yet (URLError, ConnectionError, a slow first answer)
                    time.sleep(0.5)
            assert "เข้าสู่ระบบ" in body, log.read_text(errors="replace")[-3000:]
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/static/chumchon/chumchon.css", timeout=30) as css:
                assert css.status == 200
            # The task worker starts beside gunicorn but may announce itself after the first page answers.
            deadline = time.monotonic() + 60
            while "Starting worker" not in log.read_text(errors="replace") and time.monotonic() < deadline:
                time.sleep(0.5)
            server.send_signal(signal.SIGTERM)
            assert server.wait(timeout=40) == 0
        finally:
            if server.poll() is None:
                server.kill()
                server.wait()
    output = log.read_text(errors="replace")
    assert "Starting worker" in output  # the task worker ran beside gunicorn
    assert "หยุดแล้ว / stopped" in output
    with socket.socket() as s, pytest.raises(OSError):
        s.connect(("127.0.0.1", port))  # nothing listens any more
