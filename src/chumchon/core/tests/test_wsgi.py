"""The WSGI entry point leaves the worker's start-up objects out of the cyclic collector's full passes."""

from __future__ import annotations

import os
import subprocess
import sys


def test_start_up_objects_are_frozen(tmp_path: object) -> None:
    code = (
        "import gc, time, chumchon.wsgi\n"
        "frozen = gc.get_freeze_count()\n"
        "t = time.perf_counter(); gc.collect(); full = time.perf_counter() - t\n"
        "print(frozen, len(gc.get_objects()), full)\n"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "chumchon.settings", "CHUMCHON_DATA_DIR": str(tmp_path)}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    frozen, tracked, _seconds = out.stdout.split()
    # Nearly every object of a started worker is frozen; the collector tracks only the few made since.
    assert int(frozen) > 100_000
    assert int(tracked) < int(frozen) / 10
    assert "leaked" not in out.stderr  # unfrozen at exit: extension types are freed as before
