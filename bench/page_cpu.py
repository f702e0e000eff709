"""CPU per request of given pages, in process: p50 and least ``time.process_time`` of 30 warm requests, cProfile's
function calls and the statements of one more, as the benchmark's regional user (helper logbook2).

    CHUMCHON_DATA_DIR=<national copy> .venv/bin/python bench/page_cpu.py /projects/98566/ /poverty/area/2401/logbook/

Without paths: the benchmark's project page. Run a copy of this script beside another tree's ``bench/pages.py``
to measure that tree's code (``pages.py`` puts its own tree's ``src`` first on the path).
"""

from __future__ import annotations

import atexit
import cProfile
import gc
import pstats
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import pages


def main() -> None:
    pages.setup_django()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    target = next(t for t in pages.targets() if t.label == "project detail")
    client = Client(HTTP_HOST="127.0.0.1")
    name, _, value = target.cookie.partition("=")
    client.cookies[name] = value
    gc.collect()
    gc.freeze()  # as the server's workers do
    atexit.register(gc.unfreeze)  # else DuckDB's bindings report the frozen objects as leaked at exit
    for path in sys.argv[1:] or [target.path]:
        for _ in range(3):
            assert client.get(path).status_code == 200, path
        cpu = []
        for _ in range(30):
            start = time.process_time()
            client.get(path)
            cpu.append((time.process_time() - start) * 1000)
        profiler = cProfile.Profile()
        profiler.enable()
        client.get(path)
        profiler.disable()
        with CaptureQueriesContext(connection) as queries:
            client.get(path)
        calls = pstats.Stats(profiler).total_calls  # type: ignore[attr-defined]
        print(
            f"{path:32} cpu p50 {statistics.median(cpu):5.1f} min {min(cpu):5.1f}  calls {calls:7,}"
            f"  statements {len(queries.captured_queries)}"
        )


if __name__ == "__main__":
    main()
