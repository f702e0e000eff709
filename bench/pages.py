"""Page latency where users wait: key pages and API calls against a static file, same server, same run.

Starts the production web server (``chumchon serve --no-worker``: gunicorn, ``--workers`` processes) on
a loopback port over an existing data directory (the demo's by default: it is prepared first when
missing), signs in as demo users by creating their sessions directly, then sends a bounded number of
requests to each page from ``--concurrency`` threads (keep-alive connections) and prints p50, p95 and
throughput per page next to ``/static/chumchon/chumchon.css`` served by the same server.

Usage:
    CHUMCHON_DATA_DIR=var .venv/bin/python bench/pages.py [--requests 200] [--concurrency 4] [--workers 2]

At national volume: build the data set first with ``bench/national.py`` (same environment), then run this.
It prints the goals of issue 16 (p95 ≤ 50 ms, p50 ≤ 25× the static file's p50) met or not per page.

With ``CHUMCHON_DATABASE_URL`` set the server and the sign-in use that database instead of SQLite.
Only 127.0.0.1 is ever contacted.
"""

from __future__ import annotations

import argparse
import atexit
import http.client
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STATIC = "/static/chumchon/chumchon.css"


def chumchon_command() -> list[str]:
    script = Path(sys.executable).with_name("chumchon")
    return [str(script)] if script.exists() else [sys.executable, "-m", "chumchon.cli"]


def prepare(data_dir: Path) -> None:
    if "CHUMCHON_DATABASE_URL" not in os.environ and not (data_dir / "chumchon.sqlite3").exists():
        print("preparing the demo data (once) …", flush=True)
        subprocess.run([*chumchon_command(), "demo", "--no-serve", "--no-progress"], check=True)


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chumchon.settings")
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(port: int, workers: int) -> subprocess.Popen[bytes]:
    cmd = [*chumchon_command(), "serve", "--no-worker", "--no-migrate", "--port", str(port), "--workers", str(workers)]
    server = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", STATIC)
            if conn.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("the server did not answer within 60 s")


def session_cookie(username: str) -> str:
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from chumchon.accounts.models import User

    user = User.objects.get(username=username)
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.save()
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}"


@dataclass
class Target:
    label: str
    path: str
    cookie: str = ""


def targets() -> list[Target]:
    """The pages people wait for, as the demo's busiest users see them."""
    from chumchon.accounts import permissions
    from chumchon.accounts.models import Role, RoleAssignment, User
    from chumchon.accounts.permissions import Action
    from chumchon.areas.models import Area
    from chumchon.poverty.models import SurveyRound
    from chumchon.projects.models import Project

    def user_with(role: str) -> str:
        assignment = RoleAssignment.objects.filter(role=role).select_related("user").order_by("pk").first()
        if assignment is None:
            raise SystemExit(f"no demo user holds {role}")
        return assignment.user.username

    regional = session_cookie(user_with(Role.CODI_REGIONAL_STAFF))
    cdd = session_cookie(user_with(Role.CDD_PROVINCIAL_OFFICER))
    admin = session_cookie(user_with(Role.NATIONAL_ADMIN))
    tambon = (
        Area.objects.filter(level="subdistrict", code__startswith=_first_scoped_province(Role.CDD_PROVINCIAL_OFFICER))
        .order_by("code")
        .first()
    )
    assert tambon is not None
    province, district = tambon.code[:2], tambon.code[:4]
    # The newest project the regional user may open (the national data set's are mostly elsewhere).
    regional_user = User.objects.get(username=user_with(Role.CODI_REGIONAL_STAFF))
    project = permissions.scoped(Project.objects.all(), regional_user, Action.PROJECT_VIEW).order_by("-pk").first()
    assert project is not None
    latest = SurveyRound.objects.filter(status="ready").order_by("-year_be", "code").first()
    round_code = latest.code if latest else ""
    return [
        Target("static file (baseline)", STATIC),
        Target("signed-in floor (my account)", "/accounts/me/", regional),
        Target("home", "/", regional),
        # home as the other roles whose worklists differ (issue 16 item 4: the first view after a write)
        Target("home: national admin", "/", admin),
        Target("home: CDD provincial", "/", cdd),
        Target("home: tambon secretary", "/", session_cookie(user_with(Role.TAMBON_COUNCIL_SECRETARY))),
        Target("area: province", f"/areas/{province}/", regional),
        Target("area: tambon", f"/areas/{tambon.code}/", regional),
        Target("poverty: index", "/poverty/", cdd),
        Target("poverty: province", f"/poverty/area/{province}/", cdd),
        Target("poverty: district", f"/poverty/area/{district}/", cdd),
        Target("poverty: tambon", f"/poverty/area/{tambon.code}/", cdd),
        Target("target list (tambon)", f"/poverty/area/{tambon.code}/targets/", cdd),
        Target("logbook (tambon)", f"/poverty/area/{tambon.code}/logbook/", cdd),
        Target("budgets", "/budgets/", regional),
        Target("budgets dashboard", "/budgets/dashboard/", regional),
        Target("project list", "/projects/", regional),
        # as the worklist links to it (helper todocpu): the few to sign, the many to pay out
        Target("worklist link: sign", "/projects/?todo=sign", regional),
        Target("worklist link: disburse", "/projects/?todo=disburse", regional),
        Target("worklist link: disburse, national admin", "/projects/?todo=disburse", admin),
        Target("project detail", f"/projects/{project.pk}/", regional),
        Target("API: area", f"/api/areas/{province}", regional),
        Target("API: poverty provinces", f"/api/poverty/rounds/{round_code}/provinces", regional),
        Target("API: poverty districts", f"/api/poverty/rounds/{round_code}/areas/{province}/children", regional),
    ]


def _first_scoped_province(role: str) -> str:
    from chumchon.accounts.models import RoleAssignment

    assignment = RoleAssignment.objects.filter(role=role, area__isnull=False).select_related("area").first()
    return assignment.area.code[:2] if assignment and assignment.area else ""


def measure(
    port: int,
    target: Target,
    requests: int,
    concurrency: int,
    *,
    headers: dict[str, str] | None = None,
    expect: int = 200,
    warm: int = 3,
    timeout: float = 30,
    warmed: Callable[[], object] | None = None,
) -> tuple[list[float], float, int]:
    """Latencies (ms) of ``requests`` GETs from ``concurrency`` threads, wall time (s), and the number of
    answers other than ``expect``; ``warm`` requests first from each thread (caches, connections), not timed."""
    if headers is None:
        headers = {"Cookie": target.cookie} if target.cookie else {}
    per_thread = max(1, requests // concurrency)
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()

    def run() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
        mine: list[float] = []
        for _ in range(per_thread):
            start = time.perf_counter()
            conn.request("GET", target.path, headers=headers)
            response = conn.getresponse()
            response.read()
            mine.append((time.perf_counter() - start) * 1000)
            if response.status != expect:
                with lock:
                    errors[0] += 1
        conn.close()
        with lock:
            latencies.extend(mine)

    def warm_up() -> None:
        for _ in range(warm):
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
            conn.request("GET", target.path, headers=headers)
            conn.getresponse().read()
            conn.close()

    # Warm caches and connections of every worker: from ``concurrency`` threads at once, so that a busy
    # worker leaves the next request to another. Sent one after the other (as before 2026-12-06 pgmargin)
    # they all landed on one worker about one run in four, and the other worker's first request of the
    # page (its templates, its caches: 100–450 ms of CPU on a national set) was timed — +3–11 ms of
    # cpu/req over 40 requests and a p95 outlier.
    warmers = [threading.Thread(target=warm_up) for _ in range(max(1, concurrency))]
    for t in warmers:
        t.start()
    for t in warmers:
        t.join()
    if warmed is not None:  # called between the warm-up and the timed requests
        warmed()
    threads = [threading.Thread(target=run) for _ in range(concurrency)]
    wall = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return latencies, time.perf_counter() - wall, errors[0]


def _proc_cpu_ms(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")


def server_cpu_ms(root: int) -> float:
    """CPU time (ms) used so far by the server's processes (``root`` and its descendants: the gunicorn
    workers) and, on PostgreSQL, by the backends serving this database (other than this process's own):
    what a page costs the machine, less sensitive to other load than its latency."""
    return sum(server_cpu_parts_ms(root))


def server_cpu_parts_ms(root: int) -> tuple[float, float]:
    """``server_cpu_ms`` in two parts: the server's processes, and the PostgreSQL backends (0 on SQLite)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    total, todo = 0.0, [root]
    while todo:
        pid = todo.pop()
        total += _proc_cpu_ms(pid)
        todo.extend(children.get(pid, []))
    from django.db import connection

    db = 0.0
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
            db = sum(_proc_cpu_ms(pid) for (pid,) in cursor.fetchall())
    return total, db


def _snapshot(into: list[tuple[float, float]], root: int) -> None:
    into.append(server_cpu_parts_ms(root))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=200, help="requests per page (default 200)")
    parser.add_argument("--concurrency", type=int, default=4, help="client threads (default 4)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    parser.add_argument(
        "--only",
        default="",
        help="measure only pages whose label contains this, or one of these comma-separated words (and the static file)",
    )
    parser.add_argument(
        "--in-process",
        action="store_true",
        help="no server: time each page in this process (Django test client), with its query count and the "
        "slowest query; for when the shared machine's load hides the server's figures",
    )
    parser.add_argument("--profile", action="store_true", help="with --in-process: print cProfile's top entries")
    args = parser.parse_args()
    data_dir = Path(os.environ.setdefault("CHUMCHON_DATA_DIR", str(ROOT / "var")))
    prepare(data_dir)
    setup_django()
    words = args.only.split(",")
    pages = [t for i, t in enumerate(targets()) if i == 0 or any(w in t.label for w in words)]
    if args.in_process:
        in_process(pages, args.requests, args.profile)
        return
    port = free_port()
    server = start_server(port, args.workers)
    print(
        f"load: {os.getloadavg()[0]:.2f} · {args.requests} requests/page · {args.concurrency} threads · "
        f"{args.workers} workers · database: {'PostgreSQL' if os.environ.get('CHUMCHON_DATABASE_URL') else 'SQLite'}"
    )
    print(
        f"{'page':28} {'p50 ms':>8} {'p95 ms':>8} {'req/s':>8} {'p50/static':>11} {'errors':>7} {'cpu/req':>8} "
        f"{'db/req':>7}  goals",
        flush=True,
    )
    static_p50 = 0.0
    try:
        for target in pages:
            cpu_before: list[tuple[float, float]] = []
            latencies, wall, errors = measure(
                port, target, args.requests, args.concurrency, warmed=partial(_snapshot, cpu_before, server.pid)
            )
            app_after, db_after = server_cpu_parts_ms(server.pid)
            db_ms = (db_after - cpu_before[0][1]) / len(latencies)
            cpu_ms = (app_after - cpu_before[0][0]) / len(latencies) + db_ms
            p50 = statistics.median(latencies)
            p95 = statistics.quantiles(latencies, n=20)[18]
            static_p50 = static_p50 or p50  # the first target is the static file
            goals = f"p95 {'met' if p95 <= 50 else 'NOT met'}, p50 {'met' if p50 <= 25 * static_p50 else 'NOT met'}"
            print(
                f"{target.label:28} {p50:8.1f} {p95:8.1f} {len(latencies) / wall:8.0f} "
                f"{p50 / static_p50:10.1f}× {errors:7d} {cpu_ms:8.1f} {db_ms:7.1f}  {goals}",
                flush=True,
            )
    finally:
        server.terminate()
        server.wait(timeout=30)
    print(f"load at the end: {os.getloadavg()[0]:.2f}")


_BACKEND_PIDS: dict[int, int] = {}


def backend_cpu_ms() -> float:
    """CPU time (ms) used so far by this process's PostgreSQL backend, read from /proc (the server runs on
    this machine: loopback only); 0 on SQLite or when it cannot be read. Counted in clock ticks (10 ms), so
    the page's figure is the mean over all its requests."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return 0.0
    connection.ensure_connection()
    pid = _BACKEND_PIDS.get(id(connection.connection))
    if pid is None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            pid = _BACKEND_PIDS[id(connection.connection)] = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")


def in_process(pages: list[Target], requests: int, profile: bool) -> None:
    """Each page timed in this process: first (cold) request, then p50/p95 of ``requests`` more."""
    import cProfile
    import gc
    import pstats

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    # As the server's workers do after loading the app (chumchon/wsgi.py): what exists now is kept out of the
    # cyclic collector's full passes. Without it a full pass over the start-up's objects and a tambon's
    # cached households (0.2–1 s at national volume) lands on one timed request: the p95 "outliers" of
    # 15-request runs (bench/RESULTS.md, pgpages2), which the server does not have.
    gc.collect()
    gc.freeze()
    atexit.register(gc.unfreeze)  # else DuckDB's bindings report the frozen objects as leaked at exit

    print(f"in-process · load: {os.getloadavg()[0]:.2f} · {requests} requests/page")
    print(
        f"{'page':28} {'cold ms':>8} {'p50 ms':>8} {'p95 ms':>8} {'cpu p50':>8} {'db cpu':>7} {'queries':>8} "
        f"{'slowest q ms':>13}",
        flush=True,
    )
    for target in pages[1:]:
        client = Client(HTTP_HOST="127.0.0.1")
        if target.cookie:
            name, _, value = target.cookie.partition("=")
            client.cookies[name] = value
        start = time.perf_counter()
        client.get(target.path)
        cold = (time.perf_counter() - start) * 1000
        latencies = []
        cpu = []  # this process's CPU time per request: less sensitive to the shared machine's load than wall time
        db_cpu = []  # the PostgreSQL backend's CPU time per request (parsing, planning, executing), when local
        for _ in range(max(1, requests)):
            start, start_cpu, start_db = time.perf_counter(), time.process_time(), backend_cpu_ms()
            response = client.get(target.path)
            latencies.append((time.perf_counter() - start) * 1000)
            cpu.append((time.process_time() - start_cpu) * 1000)
            db_cpu.append(backend_cpu_ms() - start_db)
        with CaptureQueriesContext(connection) as context:
            client.get(target.path)
        queries = list(context.captured_queries)  # the next request resets the connection's list
        slowest = max((float(q["time"] or 0) * 1000 for q in queries), default=0.0)
        p95 = statistics.quantiles(latencies, n=20)[18] if len(latencies) > 1 else latencies[0]
        status = "" if response.status_code == 200 else f"  status {response.status_code}"
        print(
            f"{target.label:28} {cold:8.1f} {statistics.median(latencies):8.1f} {p95:8.1f} "
            f"{statistics.median(cpu):8.1f} {statistics.fmean(db_cpu):7.1f} {len(queries):8d} {slowest:13.1f}{status}",
            flush=True,
        )
        if profile:
            profiler = cProfile.Profile()
            profiler.enable()
            client.get(target.path)
            profiler.disable()
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(
                os.environ.get("PROFILE_FILTER", r"chumchon/(?!core/nul|audit/middleware)"), 45
            )
            for q in sorted(queries, key=lambda q: -float(q["time"] or 0))[:6]:
                print(
                    f"  {float(q['time'] or 0) * 1000:7.1f} ms  {q['sql'][: int(os.environ.get('SQL_CHARS', '300'))]}"
                )


if __name__ == "__main__":
    main()
