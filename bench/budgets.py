"""Benchmark of the money path on PostgreSQL.

1. Approve/disburse throughput: N concurrent workers commit and disburse against ONE (programme,
   province) balance row (the worst case: every operation waits for the same row lock), in
   operations per second; baseline: the same number of plain ledger-row INSERTs by the same
   workers without locking or checks. Reported as a ratio.
2. Dashboard query time at --projects projects (bulk-created with a commit and a disbursement
   ledger row each): the grouped selector ``budgets.selectors.dashboard`` against a naive
   per-row Python aggregation of the same ledger and projects (``dashboard_naive``).

Usage:
    .venv/bin/python bench/budgets.py [--workers 8] [--ops 400] [--projects 100000]
Uses CHUMCHON_DATABASE_URL when it is a PostgreSQL URL; otherwise starts a throwaway cluster
with scripts/pg-throwaway.sh and stops it at the end.
"""

from __future__ import annotations

import argparse
import os
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


def run_workers(workers: int, ops: int, fn: Any) -> tuple[float, int, int]:
    """Run ``fn(worker, i)`` ops times split over ``workers`` threads; (seconds, ok, refused)."""
    from django.db import connection

    barrier = threading.Barrier(workers + 1)
    counts = {"ok": 0, "refused": 0}
    lock = threading.Lock()

    def run(w: int) -> None:
        try:
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=8)
    parser.add_argument("--ops", type=int, default=400)
    parser.add_argument("--projects", type=int, default=100_000)
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
    from django.db import connection

    from chumchon.accounts.models import Role, RoleAssignment, User
    from chumchon.areas.models import Area, ProvincialCluster
    from chumchon.areas.services import areas_load
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
    # Money for exactly half of the commits: the other half must be refused (and still cost a lock).
    FundBalance.objects.filter(programme=programme).delete()
    LedgerEntry.objects.filter(programme=programme).delete()
    Project.objects.filter(programme=programme).delete()
    LedgerEntry.objects.create(
        programme=programme, province_code="24", kind=LedgerKind.ALLOCATE, amount=Decimal(1000) * (ops // 2)
    )
    FundBalance.objects.create(programme=programme, province_code="24", allocated=Decimal(1000) * (ops // 2))
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

    def plain_insert(_w: int, i: int) -> None:
        LedgerEntry.objects.create(programme=programme, province_code="25", kind=LedgerKind.ALLOCATE, amount=Decimal(1))

    secs_plain, _, _ = run_workers(args.workers, 2 * ops, plain_insert)
    problems = services.ledger_check(programme.__class__.objects.get(pk=programme.pk))
    problems = [p for p in problems if "/25" not in p]  # the baseline rows have no balance row on purpose
    service_rate = 2 * ops / (secs_commit + secs_disb)
    plain_rate = 2 * ops / secs_plain
    print(f"\n[1] money path, {args.workers} workers, one contended balance row, {ops} commits + {ops} disbursements")
    print(
        f"    commits:       {ops / secs_commit:8.1f} ops/s  (ok {ok_c}, refused {refused_c}; money allowed {ops // 2})"
    )
    print(f"    disbursements: {ops / secs_disb:8.1f} ops/s  (ok {ok_d}, refused {refused_d})")
    print(f"    money path:    {service_rate:8.1f} ops/s")
    print(f"    baseline plain INSERT of a ledger row (no lock, no checks, no audit): {plain_rate:8.1f} ops/s")
    print(f"    ratio money path / baseline: {service_rate / plain_rate:.2f}  ledger_check problems: {len(problems)}")
    for problem in problems[:5]:
        print(f"      {problem}")

    # ---------------------------------------------------------------- dashboard at scale
    n = args.projects
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
