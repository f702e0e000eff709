"""Benchmark of the projects app (SQLite by default, or CHUMCHON_DATABASE_URL).

1. Roll-up: ``projects.selectors.rollup`` (weighted progress of activities and sub-projects, money
   by programme) over --projects bulk-created projects, against a naive baseline that walks each
   project's activities and sub-projects with one query each (``rollup_naive``). Both must agree.
2. Life cycle: --cycles projects taken from draft to closure through the services (create, submit,
   screen, approve with a resolution, sign, disburse, final report, close: permission checks, row
   locks, ledger, events, audit), in ms per project; baseline: the same rows (project, budget line,
   events) written with plain ORM inserts and no checks. Reported as a ratio.

Usage:
    .venv/bin/python bench/projects.py [--projects 20000] [--cycles 50]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def setup_django() -> None:
    os.environ.setdefault("CHUMCHON_DATA_DIR", tempfile.mkdtemp(prefix="bench-projects."))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chumchon.settings")
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("migrate", verbosity=0)
    from chumchon.areas.models import Area
    from chumchon.areas.services import areas_load

    if not Area.objects.exists():
        areas_load()


def world() -> dict[str, Any]:
    from chumchon.accounts.models import Role, RoleAssignment, User
    from chumchon.areas.models import Area, ProvincialCluster
    from chumchon.budgets.models import ApprovalRule, FundBalance, LedgerEntry, LedgerKind, Programme
    from chumchon.organizations.models import Body, BodyKind

    programme = Programme.objects.create(
        code=f"BENCH{time.time_ns() % 10**8}",
        fiscal_year=2565,
        name_th="แผนงานทดสอบ",
        kind="economy",
        eligible_body_kinds=[BodyKind.TAMBON_COMMUNITY_COUNCIL],
    )
    ApprovalRule.objects.create(
        programme=programme,
        approver_body_kind=BodyKind.CLUSTER_WORKING_GROUP,
        approver_role=Role.CLUSTER_WORKING_GROUP_MEMBER,
    )
    LedgerEntry.objects.create(
        programme=programme, province_code="24", kind=LedgerKind.ALLOCATE, amount=Decimal(10**11)
    )
    FundBalance.objects.create(programme=programme, province_code="24", allocated=Decimal(10**11))
    tambon = Area.objects.get(code="240104")
    council = Body.objects.create(kind=BodyKind.TAMBON_COMMUNITY_COUNCIL, name_th="สภาฯ คลองนา", area=tambon)
    cluster = ProvincialCluster.objects.get(code="C08")
    cwg = Body.objects.create(
        kind=BodyKind.CLUSTER_WORKING_GROUP, name_th="คณะทำงาน", scope_kind="cluster", cluster=cluster
    )

    def user(name: str, role: str, **scope: Any) -> Any:
        u, _ = User.objects.get_or_create(username=f"bench_{name}")
        RoleAssignment.objects.get_or_create(user=u, role=role, **scope)
        return u

    return {
        "programme": programme,
        "tambon": tambon,
        "council": council,
        "cwg": cwg,
        "secretary": user("secretary", Role.TAMBON_COUNCIL_SECRETARY, area=tambon),
        "screener": user("screener", Role.PROVINCIAL_WORKING_GROUP_MEMBER, area=Area.objects.get(code="24")),
        "approver": user("approver", Role.CLUSTER_WORKING_GROUP_MEMBER, scope_kind="cluster", cluster=cluster),
        "staff": user(
            "staff", Role.CODI_REGIONAL_STAFF, scope_kind="region", region=Area.objects.get(code="24").codi_region
        ),
    }


def bulk_projects(w: dict[str, Any], n: int) -> None:
    """n projects (in progress, approved money), 3 activities each; every 10th has 2 sub-projects."""
    from chumchon.projects.models import Activity, Project

    rows = [
        Project(
            programme=w["programme"],
            area=w["tambon"],
            proposer=w["council"],
            title_th=f"โครงการ {i}",
            status="in_progress",
            requested_amount=Decimal(100000 + i),
            approved_amount=Decimal(100000 + i),
            disbursed_amount=Decimal(50000),
            spent_amount=Decimal(40000),
            progress_pct=Decimal(i % 100),
        )
        for i in range(n)
    ]
    Project.objects.bulk_create(rows, batch_size=2000)
    parents = list(Project.objects.filter(programme=w["programme"]).order_by("id")[: n // 10])
    kids = [
        Project(
            programme=w["programme"],
            area=w["tambon"],
            proposer=w["council"],
            parent=p,
            weight=Decimal(2),
            title_th="ย่อย",
            status="in_progress",
            approved_amount=Decimal(1000),
            progress_pct=Decimal(j * 30),
        )
        for p in parents
        for j in (1, 2)
    ]
    Project.objects.bulk_create(kids, batch_size=2000)
    ids = list(Project.objects.filter(programme=w["programme"]).values_list("id", flat=True))
    Activity.objects.bulk_create(
        [
            Activity(project_id=pk, name=f"กิจกรรม {k}", weight=Decimal(k), progress_pct=Decimal((pk * k) % 101))
            for pk in ids
            for k in (1, 2, 3)
        ],
        batch_size=5000,
    )


def rollup_naive(qs: Any) -> tuple[Decimal, Decimal]:
    """Per-project queries: activities and children fetched one project at a time."""
    from chumchon.projects.selectors import APPROVED_STATUSES, weighted_mean

    def progress(p: Any) -> Decimal:
        pairs = [(a.weight, a.progress_pct) for a in p.activities.all()]
        pairs += [(c.weight, progress(c)) for c in p.children.all()]
        value = weighted_mean(pairs) if pairs else None
        return value if value is not None else p.progress_pct

    approved = Decimal(0)
    weighted = Decimal(0)
    for p in qs:
        if p.status not in APPROVED_STATUSES or not p.approved_amount:
            continue
        approved += p.approved_amount
        weighted += p.approved_amount * progress(p)
    return approved, (weighted / approved).quantize(Decimal("0.01"))


def bench_rollup(w: dict[str, Any], n: int) -> None:
    from chumchon.projects.models import Project
    from chumchon.projects.selectors import rollup

    bulk_projects(w, n)
    qs = Project.objects.filter(programme=w["programme"])
    t0 = time.perf_counter()
    fast = rollup(qs, key_field="programme_id")[""]
    t_fast = time.perf_counter() - t0
    t0 = time.perf_counter()
    approved, pct = rollup_naive(qs)
    t_naive = time.perf_counter() - t0
    assert approved == fast.approved and pct == fast.progress_pct, (approved, fast.approved, pct, fast.progress_pct)
    total = qs.count()
    print(
        f"roll-up of {total:,} projects (+{total * 3:,} activities): selector {t_fast:.2f} s, naive {t_naive:.2f} s, ratio naive/selector {t_naive / t_fast:.1f}x"
    )


def bench_cycle(w: dict[str, Any], cycles: int) -> None:
    from chumchon.projects import services
    from chumchon.projects.models import BudgetLine, Project, ProjectEvent

    def one(i: int) -> None:
        p = services.project_create(
            actor=w["secretary"],
            programme=w["programme"],
            area=w["tambon"],
            proposer=w["council"],
            title_th=f"วงจร {i}",
            budget_lines=[("ค่าวัสดุ", Decimal(50000))],
        )
        services.project_submit(project=p, actor=w["secretary"])
        services.project_screen(project=p, actor=w["screener"])
        services.project_approve(
            project=p,
            actor=w["approver"],
            resolution_body=w["cwg"],
            meeting_date=dt.date(2022, 3, 1),
            resolution_number=f"{i}/2565",
            resolution_text="อนุมัติ",
        )
        services.project_sign_agreement(project=p, actor=w["staff"], agreement_number=f"สญ.{i}")
        services.project_disburse(project=p, actor=w["staff"], amount=Decimal(50000))
        services.project_report_progress(
            project=p, actor=w["secretary"], progress_pct=100, spent_amount=Decimal(50000), is_final=True
        )
        services.project_close(project=p, actor=w["staff"])

    def plain(i: int) -> None:
        p = Project.objects.create(
            programme=w["programme"], area=w["tambon"], proposer=w["council"], title_th=f"ตรง {i}", status="closed"
        )
        BudgetLine.objects.create(project=p, item="ค่าวัสดุ", amount=Decimal(50000))
        ProjectEvent.objects.bulk_create([ProjectEvent(project=p, action=str(a), to_status="closed") for a in range(8)])

    t0 = time.perf_counter()
    for i in range(cycles):
        one(i)
    t_services = time.perf_counter() - t0
    t0 = time.perf_counter()
    for i in range(cycles):
        plain(i)
    t_plain = time.perf_counter() - t0
    print(
        f"life cycle draft→closed x{cycles}: services {1000 * t_services / cycles:.0f} ms/project, "
        f"plain inserts {1000 * t_plain / cycles:.1f} ms/project, ratio {t_services / t_plain:.1f}x"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--projects", type=int, default=20000)
    parser.add_argument("--cycles", type=int, default=50)
    args = parser.parse_args()
    setup_django()
    from django.db import connection

    print(f"database: {connection.vendor}")
    w = world()
    bench_cycle(w, args.cycles)
    bench_rollup(w, args.projects)


if __name__ == "__main__":
    main()
