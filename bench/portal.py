"""The public portal under load: the public province page and its data API next to a static file,
served by the same production server (gunicorn, several workers) in the same run.

Reuses ``bench/pages.py``'s approach (loopback only, keep-alive client threads, a bounded number of
requests per page). For each target it reports the *cold* first request (a fresh server: the first
request builds the round's suppressed table in that worker and fills the page cache) and then the
*warm* p50, p95 and throughput. Public pages read only materialised aggregates
(``poverty.AreaPovertyResult``, fund balances, project rows) through ``portal.disclosure``; the
figures body of a page is cached for 60 s per place, query and language (``portal.views``).

Usage:
    CHUMCHON_DATA_DIR=var .venv/bin/python bench/portal.py [--requests 400] [--concurrency 4] [--workers 4]

With ``CHUMCHON_DATABASE_URL`` set the server uses that database instead of SQLite. Only 127.0.0.1 is
ever contacted.
"""

from __future__ import annotations

import argparse
import http.client
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pages import (
    ROOT,
    STATIC,
    Target,
    free_port,
    measure,
    prepare,
    setup_django,
    start_server,
)


def targets() -> list[Target]:
    from chumchon.poverty.models import AreaPovertyResult
    from chumchon.poverty.models.rounds import ResultLevel

    row = (
        AreaPovertyResult.objects.filter(level=ResultLevel.PROVINCE)
        .order_by("-survey_round__year_be", "area_code")
        .first()
    )
    province = row.area_code if row else "24"
    return [
        Target("static file (baseline)", STATIC),
        Target("public: province page", f"/public/{province}/"),
        Target("public: province API (JSON)", f"/public/{province}/poverty.json"),
        Target("public: province projects API", f"/public/{province}/projects.json"),
        Target("public: nation page", "/public/"),
    ]


def first_request(port: int, path: str) -> float:
    start = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    conn.request("GET", path)
    conn.getresponse().read()
    conn.close()
    return (time.perf_counter() - start) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=400, help="requests per page (default 400)")
    parser.add_argument("--concurrency", type=int, default=4, help="client threads (default 4)")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers (default 4)")
    args = parser.parse_args()
    data_dir = Path(os.environ.setdefault("CHUMCHON_DATA_DIR", str(ROOT / "var")))
    prepare(data_dir)
    setup_django()
    pages = targets()
    port = free_port()
    server = start_server(port, args.workers)
    try:
        cold = {t.path: first_request(port, t.path) for t in pages}
        rows = []
        for target in pages:
            # Every worker serves some of the warm-up (measure() warms with 3 requests; send more so
            # each worker has built its tables before timing).
            for _ in range(args.workers * 2):
                first_request(port, target.path)
            latencies, wall, errors = measure(port, target, args.requests, args.concurrency)
            rows.append((target, latencies, wall, errors))
    finally:
        server.terminate()
        server.wait(timeout=30)
    static_rate = len(rows[0][1]) / rows[0][2]
    print(
        f"load: {os.getloadavg()[0]:.2f} · {args.requests} requests/page · {args.concurrency} threads · "
        f"{args.workers} workers · database: {'PostgreSQL' if os.environ.get('CHUMCHON_DATABASE_URL') else 'SQLite'}"
    )
    print(f"{'page':32} {'cold ms':>8} {'p50 ms':>8} {'p95 ms':>8} {'req/s':>8} {'÷ static':>9} {'errors':>7}")
    for target, latencies, wall, errors in rows:
        p50 = statistics.median(latencies)
        p95 = statistics.quantiles(latencies, n=20)[18]
        rate = len(latencies) / wall
        print(
            f"{target.label:32} {cold[target.path]:8.1f} {p50:8.1f} {p95:8.1f} {rate:8.0f} "
            f"{rate / static_rate:9.2f} {errors:7d}"
        )


if __name__ == "__main__":
    main()
