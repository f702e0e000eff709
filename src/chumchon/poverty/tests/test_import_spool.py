"""The import job's spool: a killed job's is removed by the next import, a running job's is kept."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from chumchon.poverty.imports import job
from chumchon.poverty.models import ImportStatus
from chumchon.poverty.tests.logbook_data import fast_passwords  # noqa: F401 (autouse fixture)
from chumchon.poverty.tests.test_import import HH_HEADERS, P_HEADERS, csv_upload, env, hh_rows, p_rows, run

__all__ = ["env"]  # the fixture, used by name

pytestmark = pytest.mark.django_db

# A stand-in for a worker running an import: it locks its spool as the job does, then waits.
HOLDER = (
    "import fcntl, sys, time\n"
    "handle = open(sys.argv[1], 'ab')\n"
    "fcntl.flock(handle, fcntl.LOCK_EX)\n"
    "print('locked', flush=True)\n"
    "time.sleep(120)\n"
)


def a_spool(name: str, *, locked_file: bool = True, age_seconds: float = 0) -> Path:
    directory = job.spool_base() / name
    (directory / "persons").mkdir(parents=True)
    (directory / "persons" / "2401.arrow").write_bytes(b"rows")
    if locked_file:
        (directory / job.SPOOL_LOCK).touch()
    if age_seconds:
        then = time.time() - age_seconds
        os.utime(directory, (then, then))
    return directory


def test_a_killed_jobs_spool_is_removed_by_the_next_import_and_a_running_ones_kept(env: dict[str, Any]) -> None:
    running = a_spool("import-901-running")
    killed = a_spool("import-902-killed")
    old_unlocked = a_spool("import-903-old", locked_file=False, age_seconds=2 * job.UNLOCKED_SPOOL_SECONDS)
    new_unlocked = a_spool("import-904-new", locked_file=False)  # just created by a job about to lock it
    holders = [
        subprocess.Popen([sys.executable, "-c", HOLDER, str(d / job.SPOOL_LOCK)], stdout=subprocess.PIPE, text=True)
        for d in (running, killed)
    ]
    try:
        for holder in holders:
            assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        # Both workers alive: nothing of theirs is touched.
        assert job.spools_remove_stale() == [old_unlocked]
        assert running.exists() and killed.exists() and new_unlocked.exists()
        holders[1].send_signal(signal.SIGKILL)  # the second worker dies mid-job (OOM, restart)
        holders[1].wait(timeout=10)
        record = run(env, csv_upload("hh.csv", HH_HEADERS, hh_rows()), csv_upload("p.csv", P_HEADERS, p_rows()))
        assert record.status == ImportStatus.SUCCEEDED, record.message
        # The import's start removed the killed job's spool; the running job's and the one being
        # created are kept, and the import's own spool is gone once it ended.
        assert not killed.exists()
        assert sorted(p.name for p in job.spool_base().iterdir()) == [running.name, new_unlocked.name]
    finally:
        for holder in holders:
            holder.kill()
            holder.wait(timeout=10)
    assert job.spools_remove_stale() == [running]  # its worker gone too


def test_a_failed_import_leaves_no_spool(env: dict[str, Any]) -> None:
    bad = hh_rows()
    bad[1][3] = "999999"  # an unknown tambon
    record = run(env, csv_upload("hh.csv", HH_HEADERS, bad), csv_upload("p.csv", P_HEADERS, p_rows()))
    assert record.status == ImportStatus.FAILED
    assert list(job.spool_base().iterdir()) == []
