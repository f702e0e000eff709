"""CPU per request of given pages, in process: p50 and least ``time.process_time`` of 30 warm requests, cProfile's
function calls and the statements of one more, as the benchmark's regional user (helper logbook2).

    CHUMCHON_DATA_DIR=<national copy> .venv/bin/python bench/page_cpu.py /projects/98566/ /poverty/area/2401/logbook/

Without paths: the benchmark's project page. Run a copy of this script beside another tree's ``bench/pages.py``
to measure that tree's code (``pages.py`` puts its own tree's ``src`` first on the path).

``--as LABEL`` (repeatable) signs in as the ``bench/pages.py`` target of that label and reads its page (the paths
given, else the target's own): ``page_cpu.py --as "home: national admin" --as "home: tambon secretary"``.
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

    args = sys.argv[1:]
    labels = [args[i + 1] for i, a in enumerate(args) if a == "--as"]
    paths = [a for i, a in enumerate(args) if a != "--as" and (i == 0 or args[i - 1] != "--as")]
    by_label = {t.label: t for t in pages.targets()}
    runs = []
    for label in labels or ["project detail"]:
        target = by_label[label]
        client = Client(HTTP_HOST="127.0.0.1")
        name, _, value = target.cookie.partition("=")
        client.cookies[name] = value
        runs += [(client, path, label if labels else "") for path in paths or [target.path]]
    gc.collect()
    gc.freeze()  # as the server's workers do
    atexit.register(gc.unfreeze)  # else DuckDB's bindings report the frozen objects as leaked at exit
    for client, path, label in runs:
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
            f"{label + ' ' + path if label else path:32} cpu p50 {statistics.median(cpu):5.1f} min {min(cpu):5.1f}"
            f"  calls {calls:7,}  statements {len(queries.captured_queries)}"
        )


if __name__ == "__main__":
    main()
