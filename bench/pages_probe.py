"""Where a page's time goes inside the server: wall, CPU and time waiting on the database, per request.

Starts gunicorn (2 workers, as ``chumchon serve`` does) with ``bench/pages_probe.py`` as its WSGI module: each
request is timed around Django's handler — wall, this worker's CPU (``time.process_time``) and the wall time
spent in database calls (``connection.execute_wrapper``; Django's health-check ``SELECT 1`` is not counted) —
then sends ``bench/pages.py``'s bounded request loops and prints, per page, the client's p50/p95 beside the
server's medians. On PostgreSQL the difference "db ms" minus the statements' own time (re-run in a tight
loop they take ~1 ms for the signed-in floor's eight) is the cost of the round trips on this machine.

Usage (same environment as bench/pages.py; only 127.0.0.1 is contacted):
    CHUMCHON_DATA_DIR=… [CHUMCHON_DATABASE_URL=…] .venv/bin/python bench/pages_probe.py \\
        [--only "floor,poverty"] [--requests 30] [--concurrency 2]
Before/after a change: the same with PYTHONPATH=<other checkout>/src (the server imports that code).
"""

from __future__ import annotations

import argparse
import atexit
import glob
import http.client
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
RECORDS: list[tuple[str, float, float, float, int]] = []
OUT = os.environ.get("CHUMCHON_PROBE_DIR", "")

if os.environ.get("CHUMCHON_PROBE_SERVER"):  # imported by gunicorn as the WSGI module
    from django.db import connection

    from chumchon.wsgi import application as _django_app

    class _DbTimer:
        def __init__(self) -> None:
            self.seconds = 0.0
            self.count = 0

        def __call__(self, execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
            start = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                self.seconds += time.perf_counter() - start
                self.count += 1

    def application(environ: dict[str, Any], start_response: Any) -> list[bytes]:
        timer = _DbTimer()
        wall, cpu = time.perf_counter(), time.process_time()
        with connection.execute_wrapper(timer):
            body = _django_app(environ, start_response)
            out = list(body)
            close = getattr(body, "close", None)
            if close:
                close()  # request_finished runs here, inside the timing, as in gunicorn
        RECORDS.append(
            (
                environ.get("PATH_INFO", ""),
                (time.perf_counter() - wall) * 1e3,
                (time.process_time() - cpu) * 1e3,
                timer.seconds * 1e3,
                timer.count,
            )
        )
        return out

    def _dump() -> None:
        with open(Path(OUT) / f"probe-{os.getpid()}.json", "w") as f:
            json.dump(RECORDS, f)

    atexit.register(_dump)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", default="floor", help="pages whose label contains one of these comma-separated words")
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--concurrency", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    sys.path.insert(0, str(HERE))
    import pages

    pages.setup_django()
    words = args.only.split(",")
    chosen = [t for i, t in enumerate(pages.targets()) if i == 0 or any(w in t.label for w in words)]
    out = tempfile.mkdtemp(prefix="pages-probe-")
    port = pages.free_port()
    env = {
        **os.environ,
        "CHUMCHON_PROBE_SERVER": "1",
        "CHUMCHON_PROBE_DIR": out,
        "PYTHONPATH": os.pathsep.join(p for p in (str(HERE), os.environ.get("PYTHONPATH", "")) if p),
    }
    cmd = [sys.executable, "-m", "gunicorn", "pages_probe:application", "--bind", f"127.0.0.1:{port}"]
    cmd += ["--workers", str(args.workers), "--no-control-socket"]
    server = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 180
        while True:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
                conn.request("GET", pages.STATIC)
                if conn.getresponse().status == 200:
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise SystemExit("the server did not answer within 180 s") from None
                time.sleep(0.2)
        database = "PostgreSQL" if os.environ.get("CHUMCHON_DATABASE_URL") else "SQLite"
        print(
            f"load {os.getloadavg()[0]:.2f} · {database} · {args.requests} requests/page · {args.concurrency} threads"
        )
        client = {t.path: (t.label, pages.measure(port, t, args.requests, args.concurrency)) for t in chosen}
    finally:
        server.terminate()
        server.wait(timeout=30)
    records: list[list[Any]] = []
    for name in glob.glob(os.path.join(out, "probe-*.json")):
        records += json.loads(Path(name).read_text())
    print(f"{'page':30} {'p50 ms':>7} {'p95 ms':>7} | server p50: {'wall':>6} {'cpu':>6} {'db':>6} {'queries':>7}")
    for path, (label, (latencies, _wall, errors)) in client.items():
        mine = [r for r in records if r[0] == path][-args.requests :]

        def med(i: int, rows: list[list[Any]] = mine) -> float:
            return statistics.median(r[i] for r in rows) if rows else 0.0

        print(
            f"{label:30} {statistics.median(latencies):7.1f} {statistics.quantiles(latencies, n=20)[18]:7.1f} | "
            f"{med(1):17.1f} {med(2):6.1f} {med(3):6.1f} {med(4):7.0f}" + (f"  errors {errors}" if errors else "")
        )
    print(f"load at the end: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
