"""The public portal under load: the public province page and its data API next to a static file,
served by the same production server (gunicorn, several workers) in the same run.

Reuses ``bench/pages.py``'s approach (loopback only, keep-alive client threads, a bounded number of
requests per page). Anonymous public pages and their API are served from the shared page cache
(``portal.pagecache``: per path, language and data version, in the database's cache table by default).
For each target it reports the *cold* first request (a fresh server and an empty page cache: the run
bumps the data version first, so the first request renders the page, reading the materialised
aggregates, and stores it) and then the *warm* p50, p95 and throughput (served from the cache). Two
more rows: the province page revalidated by a conditional GET (``If-None-Match`` → 304, what a browser
or nginx sends once its copy's max-age has passed), and the province page for a logged-in user, which
is never cached (rendered per request, for comparison).

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
    session_cookie,
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
        Target("public: province /api/public", f"/api/public/places/{province}/sections/poverty"),
        Target("public: nation page", "/public/"),
        Target("province page, 304 revalidation", f"/public/{province}/"),
        Target("province page, logged in", f"/public/{province}/", session_cookie("codi_r5")),
    ]


def etag_of(port: int, path: str) -> str:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    conn.request("GET", path)
    response = conn.getresponse()
    response.read()
    conn.close()
    return response.getheader("ETag") or ""


def empty_page_cache() -> str:
    """A new data version: every cached public page becomes a miss (what a recompute does)."""
    try:
        from chumchon.portal import pagecache
    except ImportError:  # a server without the page cache (a before/after run)
        return "no page cache"
    pagecache.bump()
    return "page cache emptied (data version bumped)"


def first_request(port: int, path: str, cookie: str = "") -> float:
    start = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    conn.request("GET", path, headers={"Cookie": cookie} if cookie else {})
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
    print(empty_page_cache(), flush=True)
    server = start_server(port, args.workers)
    try:
        cold = {}
        for t in pages:
            if t.path not in cold:
                cold[t.path] = first_request(port, t.path, t.cookie)
        rows = []
        for target in pages:
            headers = {"Cookie": target.cookie} if target.cookie else {}
            expect = 200
            if "304" in target.label:
                headers["If-None-Match"] = etag_of(port, target.path)
                expect = 304
            # Every worker serves some of the warm-up, so each has built what it keeps before timing.
            for _ in range(args.workers * 2):
                first_request(port, target.path, target.cookie)
            latencies, wall, errors = measure(
                port, target, args.requests, args.concurrency, headers=headers, expect=expect, warm=0, timeout=60
            )
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
        anonymous = not target.cookie and "304" not in target.label
        first = f"{cold[target.path]:8.1f}" if anonymous else f"{'—':>8}"
        print(f"{target.label:32} {first} {p50:8.1f} {p95:8.1f} {rate:8.0f} {rate / static_rate:9.2f} {errors:7d}")


if __name__ == "__main__":
    main()
