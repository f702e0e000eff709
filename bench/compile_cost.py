"""Where a page's CPU goes between Django building SQL and the database answering it, in process (helper homecpu2).

For each ``bench/pages.py`` target named (``--as``-less: labels as arguments), 30 warm requests, medians of:
the request's CPU, the CPU inside ``SQLCompiler.as_sql`` (compiling statements; building the querysets before —
``filter``, ``annotate`` — is not counted in it) and inside the cursor's ``execute`` (the database's work and the
driver's rows). Run a copy beside another tree's ``bench/pages.py`` to measure that tree's code.

    CHUMCHON_FRAGMENT_CACHE_SECONDS=0 CHUMCHON_DATA_DIR=<national copy> .venv/bin/python bench/compile_cost.py \\
        "home: national admin" home "home: CDD provincial" "home: tambon secretary"
"""

from __future__ import annotations

import atexit
import gc
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import pages

spent = {"compile": 0.0, "execute": 0.0}
_depth = [0]


def _timed_as_sql(original: Any) -> Any:
    def as_sql(self: Any, *args: Any, **kwargs: Any) -> Any:
        if _depth[0]:  # a subquery's compilation is inside its outer statement's
            return original(self, *args, **kwargs)
        _depth[0] += 1
        start = time.process_time()
        try:
            return original(self, *args, **kwargs)
        finally:
            spent["compile"] += time.process_time() - start
            _depth[0] -= 1

    return as_sql


def _timed_execute(original: Any) -> Any:
    def execute(self: Any, sql: str, params: Any, *ignored: Any) -> Any:
        start = time.process_time()
        try:
            return original(self, sql, params, *ignored)
        finally:
            spent["execute"] += time.process_time() - start

    return execute


def main() -> None:
    pages.setup_django()
    from django.db.backends import utils
    from django.db.models.sql import compiler
    from django.test import Client

    compiler.SQLCompiler.as_sql = _timed_as_sql(compiler.SQLCompiler.as_sql)  # type: ignore[method-assign]
    utils.CursorWrapper._execute = _timed_execute(utils.CursorWrapper._execute)  # type: ignore[method-assign]
    by_label = {t.label: t for t in pages.targets()}
    gc.collect()
    gc.freeze()  # as the server's workers do
    atexit.register(gc.unfreeze)
    for label in sys.argv[1:]:
        target = by_label[label]
        client = Client(HTTP_HOST="127.0.0.1")
        name, _, value = target.cookie.partition("=")
        client.cookies[name] = value
        for _ in range(3):
            assert client.get(target.path).status_code == 200
        total, compiling, executing = [], [], []
        for _ in range(30):
            spent["compile"] = spent["execute"] = 0.0
            start = time.process_time()
            client.get(target.path)
            total.append((time.process_time() - start) * 1000)
            compiling.append(spent["compile"] * 1000)
            executing.append(spent["execute"] * 1000)
        print(
            f"{label:24} cpu p50 {statistics.median(total):5.1f} ms   compiling {statistics.median(compiling):4.1f} ms"
            f"   executing {statistics.median(executing):4.1f} ms"
        )


if __name__ == "__main__":
    main()
