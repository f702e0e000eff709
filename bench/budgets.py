"""Benchmark of the money path on PostgreSQL.

1. Approve/disburse throughput: N concurrent workers commit and disburse against ONE (programme,
   province) balance row (the worst case: every operation waits for the same row lock), in
   operations per second; baseline: the same number of plain ledger-row INSERTs by the same
   workers without locking or checks. Reported as a ratio, the median of --rounds rounds, beside
   the issue's reference "lean transaction" (lock, insert, update, audit; no checks) and the SQL
   statements per operation (as the CI test counts them).
2. Dashboard query time at --projects projects (bulk-created with a commit and a disbursement
   ledger row each): the grouped selector ``budgets.selectors.dashboard`` against a naive
   per-row Python aggregation of the same ledger and projects (``dashboard_naive``).

Usage:
    .venv/bin/python bench/budgets.py [--workers 8] [--ops 400] [--rounds 3] [--projects 100000]
Uses CHUMCHON_DATABASE_URL when it is a PostgreSQL URL; otherwise starts a throwaway cluster
with scripts/pg-throwaway.sh and stops it at the end.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def start_cluster() -> tuple[str, str | None]:
    url = os.environ.get("CHUMCHON_DATABASE_URL", "")
    if url.startswith("postgres"):
        return url, None
    directory = tempfile.mkdtemp(prefix="bench-budgets-pg.")
    url = subprocess.check_output(
        ["bash", str(ROOT / "scripts/pg-throwaway.sh"), "start", directory], text=True
    ).strip()
    return url, directory


def timed(fn: Any) -> tuple[float, Any]:
    t0 = time.perf_counter()
    result = fn()
    return time.perf_counter() - t0, result


def run_threads(workers: int, ops: int, fn: Any) -> tuple[float, int, int]:
    """Run ``fn(worker, i)`` ops times split over ``workers`` threads; (seconds, ok, refused)."""
    from django.db import connection

    barrier = threading.Barrier(workers + 1)
    counts = {"ok": 0, "refused": 0}
    lock = threading.Lock()

    def run(w: int) -> None:
        try:
            connection.ensure_connection()  # connecting is not part of the timing
            barrier.wait()
            for i in range(w, ops, workers):
                try:
                    fn(w, i)
                    with lock:
                        counts["ok"] += 1
                except Exception:  # refusals (insufficient funds, over-disbursement) count as operations
                    with lock:
                        counts["refused"] += 1
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(w,)) for w in range(workers)]
    for t in threads:
        t.start()
    barrier.wait()
    t0 = time.perf_counter()
    for t in threads:
        t.join()
    return time.perf_counter() - t0, counts["ok"], counts["refused"]


def run_processes(workers: int, ops: int, fn: Any) -> tuple[float, int, int]:
    """The same with ``workers`` forked processes (as a production server's workers are: no shared
    interpreter lock between them); each opens its own database connection."""
    from django.db import connections

    context = multiprocessing.get_context("fork")
    barrier = context.Barrier(workers + 1)
    results = context.Queue()

    def run(w: int) -> None:
        ok = refused = 0
        try:
            connections["default"].ensure_connection()  # connecting is not part of the timing
            barrier.wait()
            for i in range(w, ops, workers):
                try:
                    fn(w, i)
                    ok += 1
                except Exception:
                    refused += 1
        finally:
            connections.close_all()
            results.put((ok, refused))

    connections.close_all()  # no connection may be shared with a child
    procs = [context.Process(target=run, args=(w,)) for w in range(workers)]
    for proc in procs:
        proc.start()
    barrier.wait()
    t0 = time.perf_counter()
    counts = [results.get() for _ in procs]
    seconds = time.perf_counter() - t0
    for proc in procs:
        proc.join()
    return seconds, sum(c[0] for c in counts), sum(c[1] for c in counts)


HARNESSES = {"threads": run_threads, "processes": run_processes}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=8)
    parser.add_argument("--ops", type=int, default=400)
    parser.add_argument("--projects", type=int, default=100_000, help="dashboard part; 0 skips it")
    parser.add_argument("--rounds", type=int, default=3, help="money-path rounds (the median ratio is reported)")
    parser.add_argument(
        "--harness",
        choices=["threads", "processes", "both"],
        default="both",
        help="workers as threads of one interpreter, or as forked processes (as a server's workers)",
    )
    args = parser.parse_args()

    url, directory = start_cluster()
    os.environ["CHUMCHON_DATABASE_URL"] = url
    os.environ.setdefault("CHUMCHON_DATA_DIR", tempfile.mkdtemp(prefix="bench-budgets-data."))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chumchon.settings")
    sys.path.insert(0, str(ROOT / "src"))
    try:
        import django

        django.setup()
        bench(args)
    finally:
        if directory:
            from django.db import connections

            connections.close_all()
            subprocess.run(["bash", str(ROOT / "scripts/pg-throwaway.sh"), "stop", directory], check=False)


def bench(args: argparse.Namespace) -> None:
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.db.models import F
    from django.test.utils import CaptureQueriesContext

    from chumchon.accounts.models import Role, RoleAssignment, User
    from chumchon.areas.models import Area, ProvincialCluster
    from chumchon.areas.services import areas_load
    from chumchon.audit.models import AuditEvent
    from chumchon.budgets import selectors, services
    from chumchon.budgets.models import ApprovalRule, FundBalance, LedgerEntry, LedgerKind, Programme
    from chumchon.meetings.models import Resolution
    from chumchon.organizations.models import Body, BodyKind
    from chumchon.projects.models import Project

    print(f"database: {connection.vendor} {connection.settings_dict['HOST']}:{connection.settings_dict['PORT']}")
    call_command("migrate", verbosity=0)
    if not Area.objects.exists():
        areas_load()
    programme, _ = Programme.objects.get_or_create(code="BENCH", fiscal_year=2565, defaults={"name_th": "ทดสอบ"})
    ApprovalRule.objects.get_or_create(
        programme=programme,
        defaults={
            "approver_body_kind": BodyKind.CLUSTER_WORKING_GROUP,
            "approver_role": Role.CLUSTER_WORKING_GROUP_MEMBER,
        },
    )
    c08 = ProvincialCluster.objects.get(code="C08")
    wg, _ = Body.objects.get_or_create(
        kind=BodyKind.CLUSTER_WORKING_GROUP, scope_kind="cluster", cluster=c08, defaults={"name_th": "คณะทำงาน"}
    )
    proposer, _ = Body.objects.get_or_create(
        kind=BodyKind.TAMBON_COMMUNITY_COUNCIL,
        scope_kind="area",
        area=Area.objects.get(code="240104"),
        defaults={"name_th": "สภา"},
    )
    approver, _ = User.objects.get_or_create(username="bench_approver")
    RoleAssignment.objects.get_or_create(
        user=approver, role=Role.CLUSTER_WORKING_GROUP_MEMBER, scope_kind="cluster", cluster=c08
    )
    clerk, _ = User.objects.get_or_create(username="bench_clerk")
    RoleAssignment.objects.get_or_create(user=clerk, role=Role.CODI_REGIONAL_STAFF, scope_kind="cluster", cluster=c08)
    resolution = Resolution.objects.create(body=wg, meeting_date="2022-01-01", number="1/2565", text="bench")
    area = Area.objects.get(code="240104")

    def new_projects(n: int) -> list[Any]:
        return Project.objects.bulk_create(
            Project(
                area=area, proposer=proposer, programme=programme, title_th=f"bench {i}", requested_amount=Decimal(1000)
            )
            for i in range(n)
        )

    ops = args.ops

    def reset(allowed: Decimal) -> None:
        FundBalance.objects.filter(programme=programme).delete()
        LedgerEntry.objects.filter(programme=programme).delete()
        Project.objects.filter(programme=programme).delete()
        LedgerEntry.objects.create(programme=programme, province_code="24", kind=LedgerKind.ALLOCATE, amount=allowed)
        FundBalance.objects.create(programme=programme, province_code="24", allocated=allowed)

    # Statements per operation, counted as the CI test counts them (CaptureQueriesContext, BEGIN and
    # COMMIT included): an actor's first operation (its grants and the approval rules are read)
    # and the next ones (read once per actor: one request's user, or a job's actor).
    reset(Decimal(10_000))
    sample = new_projects(4)
    counted: dict[str, list[int]] = {"commit": [], "disburse": []}
    fresh = [User.objects.get(pk=approver.pk), User.objects.get(pk=clerk.pk)]
    resolutions = [Resolution.objects.get(pk=resolution.pk), resolution]  # the first as a request reads it
    for i in range(2):
        with CaptureQueriesContext(connection) as ctx:
            services.funds_commit(
                programme=programme,
                province_code="24",
                holder=sample[i],
                amount=Decimal(1000),
                actor=fresh[0],
                resolution=resolutions[i],
            )
        counted["commit"].append(len(ctx.captured_queries))
        with CaptureQueriesContext(connection) as ctx:
            services.funds_disburse(holder=sample[i], amount=Decimal(600), actor=fresh[1], tranche_no=1)
        counted["disburse"].append(len(ctx.captured_queries))

    def lean(_w: int, i: int) -> None:
        """The reference the issue names: lock the balance, insert the ledger row, update the
        balance, insert the audit row — no checks, one transaction."""
        with transaction.atomic(durable=True):
            balance = FundBalance.objects.select_for_update().get(programme=programme, province_code="24")
            entry = LedgerEntry.objects.create(
                programme=programme, province_code="24", kind=LedgerKind.ALLOCATE, amount=Decimal(1)
            )
            FundBalance.objects.filter(pk=balance.pk).update(allocated=F("allocated") + Decimal(1))
            AuditEvent.objects.create(action="create", model_label="budgets.ledgerentry", object_pk=str(entry.pk))

    def one_round(run_workers: Any) -> dict[str, float]:
        # Money for exactly half of the commits: the other half must be refused (and still cost a lock).
        reset(Decimal(1000) * (ops // 2))
        projects = new_projects(ops)

        def commit(_w: int, i: int) -> None:
            services.funds_commit(
                programme=programme,
                province_code="24",
                holder=projects[i],
                amount=Decimal(1000),
                actor=approver,
                resolution=resolution,
            )

        secs_commit, ok_c, refused_c = run_workers(args.workers, ops, commit)
        funded = [p for p in projects if LedgerEntry.objects.filter(project=p, kind=LedgerKind.COMMIT).exists()]

        def disburse(_w: int, i: int) -> None:
            services.funds_disburse(holder=funded[i % len(funded)], amount=Decimal(600), actor=clerk, tranche_no=1)

        secs_disb, ok_d, refused_d = run_workers(args.workers, ops, disburse)
        problems = services.ledger_check(programme.__class__.objects.get(pk=programme.pk))

        def plain_insert(_w: int, i: int) -> None:
            LedgerEntry.objects.create(
                programme=programme, province_code="25", kind=LedgerKind.ALLOCATE, amount=Decimal(1)
            )

        secs_plain, _, _ = run_workers(args.workers, 2 * ops, plain_insert)
        secs_lean, _, _ = run_workers(args.workers, 2 * ops, lean)
        return {
            "commit": ops / secs_commit,
            "disburse": ops / secs_disb,
            "service": 2 * ops / (secs_commit + secs_disb),
            "plain": 2 * ops / secs_plain,
            "lean": 2 * ops / secs_lean,
            "ok_c": ok_c,
            "refused_c": refused_c,
            "ok_d": ok_d,
            "refused_d": refused_d,
            "problems": len(problems),
        }

    print(f"\n[1] money path, {args.workers} workers, one contended balance row, {ops} commits + {ops} disbursements")
    print(
        f"    statements per operation (CaptureQueriesContext, BEGIN/COMMIT included): "
        f"commit {counted['commit'][1]}, disburse {counted['disburse'][1]}; "
        f"an actor's first: commit {counted['commit'][0]}, disburse {counted['disburse'][0]}"
    )
    print("    baseline: plain INSERT of a ledger row (no lock, no checks, no audit) by the same workers")
    harnesses = ["threads", "processes"] if args.harness == "both" else [args.harness]
    for harness in harnesses:
        results = [one_round(HARNESSES[harness]) for _ in range(args.rounds)]
        for r in results:
            r["ratio"] = r["service"] / r["plain"]
            r["lean_ratio"] = r["lean"] / r["plain"]
        print(f"  workers as {harness}:")
        for n, r in enumerate(results, 1):
            print(
                f"    round {n}: commits {r['commit']:7.1f} ops/s (ok {r['ok_c']:.0f}, refused {r['refused_c']:.0f};"
                f" money allowed {ops // 2}), disbursements {r['disburse']:7.1f} ops/s (ok {r['ok_d']:.0f},"
                f" refused {r['refused_d']:.0f}); money path {r['service']:7.1f} ops/s; plain INSERT"
                f" {r['plain']:7.1f} ops/s; lean transaction {r['lean']:7.1f} ops/s; ratio {r['ratio']:.2f}"
                f" (lean {r['lean_ratio']:.2f}); ledger_check problems {r['problems']:.0f}"
            )
        med = statistics.median(r["ratio"] for r in results)
        med_lean = statistics.median(r["lean_ratio"] for r in results)
        print(f"    median ratio money path / plain INSERT over {len(results)} rounds: {med:.2f}")
        print(
            f"    median ratio lean transaction (lock, insert, update, audit; no checks) / plain INSERT: {med_lean:.2f}"
        )

    # ---------------------------------------------------------------- dashboard at scale
    n = args.projects
    if not n:
        return
    LedgerEntry.objects.filter(programme=programme).delete()
    FundBalance.objects.filter(programme=programme).delete()
    Project.objects.filter(programme=programme).delete()
    provinces = list(Area.objects.filter(level="province").order_by("code"))
    tambons: dict[str, Area] = {}
    for t in Area.objects.filter(level="subdistrict").order_by("code"):
        tambons.setdefault(t.code[:2], t)
    t0 = time.perf_counter()
    add_projects(n, programme=programme, proposer=proposer, areas=[tambons[p.code] for p in provinces])
    with connection.cursor() as cur:
        cur.execute("ANALYZE")
    print(f"\n[2] dashboard at {n:,} projects ({2 * n:,} ledger rows) — setup {time.perf_counter() - t0:.1f} s")
    admin = User.objects.filter(is_superuser=True).first() or User.objects.create_superuser("bench_admin", password="x")
    selectors.dashboard(admin, programme=programme)  # warm
    reps = 5
    secs_sel, (_rows_sel, grand) = timed(
        lambda: [selectors.dashboard(admin, programme=programme) for _ in range(reps)][-1]
    )
    secs_naive, naive = timed(lambda: selectors.dashboard_naive([programme.pk]))
    secs_sel /= reps
    assert grand.allocated == sum(t.allocated for t in naive.values())
    assert grand.spent == sum(t.spent for t in naive.values()) == Decimal(50000) * n
    print(f"    grouped selector (balances + one grouped query over projects): {secs_sel * 1000:8.1f} ms")
    print(f"    baseline naive Python aggregation of every ledger row and project: {secs_naive * 1000:8.1f} ms")
    print(f"    ratio naive / selector: {secs_naive / secs_sel:.1f}×  (both give allocated {grand.allocated:,.2f})")
    by_cluster, _ = timed(lambda: selectors.dashboard(admin, programme=programme, group_by="cluster"))
    print(f"    grouped by cluster: {by_cluster * 1000:.1f} ms")


def add_projects(
    n: int, *, programme: Any, proposer: Any, areas: list[Any], status: str = "", batch: int = 10_000
) -> None:
    """Bulk-create ``n`` approved-size projects cycling over ``areas`` (tambons), each with a commitment
    and a disbursement ledger row, plus one allocation ledger row and one balance row per province.

    Shared by this script's dashboard step and ``bench/national.py`` (the national-volume data set)."""
    from chumchon.budgets.models import FundBalance, LedgerEntry, LedgerKind
    from chumchon.projects.models import Project

    extra = {"status": status} if status else {}
    per_province: dict[str, int] = {}
    for start in range(0, n, batch):
        size = min(batch, n - start)
        made = Project.objects.bulk_create(
            Project(
                area=areas[(start + i) % len(areas)],
                proposer=proposer,
                programme=programme,
                title_th=f"p{start + i}",
                requested_amount=Decimal(100000),
                approved_amount=Decimal(100000),
                disbursed_amount=Decimal(60000),
                spent_amount=Decimal(50000),
                **extra,
            )
            for i in range(size)
        )
        rows = []
        for p in made:
            code = p.area.code[:2]
            per_province[code] = per_province.get(code, 0) + 1
            rows.append(
                LedgerEntry(
                    programme=programme, province_code=code, holder=p, kind=LedgerKind.COMMIT, amount=Decimal(100000)
                )
            )
            rows.append(
                LedgerEntry(
                    programme=programme, province_code=code, holder=p, kind=LedgerKind.DISBURSE, amount=Decimal(60000)
                )
            )
        LedgerEntry.objects.bulk_create(rows, batch_size=5000)
    LedgerEntry.objects.bulk_create(
        LedgerEntry(programme=programme, province_code=c, kind=LedgerKind.ALLOCATE, amount=Decimal(100000) * k)
        for c, k in per_province.items()
    )
    FundBalance.objects.bulk_create(
        FundBalance(
            programme=programme,
            province_code=c,
            allocated=Decimal(100000) * k,
            committed=Decimal(100000) * k,
            disbursed=Decimal(60000) * k,
        )
        for c, k in per_province.items()
    )


if __name__ == "__main__":
    main()
