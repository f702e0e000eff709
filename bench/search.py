"""Thai full-text search over 100,000 indexed items: p50/p95 of one search page (count + first 20 ranked
results with highlights), next to substring matching over the same rows (the old way) as the baseline.

    CHUMCHON_DATA_DIR=$(mktemp -d) .venv/bin/python bench/search.py                     # SQLite (FTS5)
    CHUMCHON_DATA_DIR=$(mktemp -d) CHUMCHON_DATABASE_URL=$url .venv/bin/python bench/search.py   # PostgreSQL

Migrates and loads the area tree into the configured database if it is empty, then (once per
database) writes 5,000 bodies, 5,000 plans with 80,000 plan items and 10,000 projects spread over
every tambon, with generated Thai text, in bulk, and builds the index with ``search_reindex`` (timed).
Three readers: a national administrator, CODI regional staff (R5) and one tambon council secretary.
A data directory (or PostgreSQL database) that already holds the objects is reused as it is: give the
same ``CHUMCHON_DATA_DIR`` / ``CHUMCHON_DATABASE_URL`` again; ``--reindex`` rebuilds the index first
(after a change to how documents are written). Besides p50/p95 it prints the in-process time of each
phase of a search page: the reader's scope, the ranked candidates (match, scope check, rank — the
count comes with them), the page's documents, and their highlights.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import time
from collections.abc import Callable
from typing import Any

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chumchon.settings")
django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Q  # noqa: E402

from chumchon.accounts.models import RoleAssignment, User  # noqa: E402
from chumchon.areas.models import Area, CodiRegion  # noqa: E402
from chumchon.areas.services import areas_load  # noqa: E402
from chumchon.budgets.models import Programme  # noqa: E402
from chumchon.organizations.models import Body, BodyKind  # noqa: E402
from chumchon.plans.models import Plan, PlanItem, PlanKind, PlanLevel  # noqa: E402
from chumchon.projects.models import Project  # noqa: E402
from chumchon.search import selectors  # noqa: E402
from chumchon.search.models import SearchDocument  # noqa: E402
from chumchon.search.services import search_reindex  # noqa: E402
from chumchon.search.words import display_pieces, query_words  # noqa: E402

BODIES, PLANS, ITEMS_PER_PLAN, PROJECTS = 5_000, 5_000, 16, 10_000
MARK = "BENCH-SEARCH"

VERBS = ["อบรม", "ส่งเสริม", "พัฒนา", "ก่อสร้าง", "ซ่อมแซม", "จัดตั้ง", "สนับสนุน", "ปรับปรุง", "รณรงค์", "จัดหา"]
OBJECTS = [
    "ถนนคอนกรีตเสริมเหล็ก",
    "ระบบประปาหมู่บ้าน",
    "กลุ่มอาชีพเลี้ยงไก่ไข่",
    "การปลูกผักปลอดสารพิษ",
    "สวัสดิการผู้สูงอายุ",
    "การใช้ยาอย่างปลอดภัย",
    "ศูนย์พัฒนาเด็กเล็ก",
    "ฝายชะลอน้ำ",
    "ธนาคารขยะชุมชน",
    "การแปรรูปผลผลิตทางการเกษตร",
    "ที่อยู่อาศัยของครัวเรือนยากจน",
    "กองทุนหมู่บ้าน",
    "การท่องเที่ยวชุมชน",
    "ไฟฟ้าส่องสว่างทางสาธารณะ",
    "การดูแลผู้ป่วยติดเตียง",
    "การเลี้ยงปลาในกระชัง",
    "ตลาดชุมชน",
    "การทอผ้าพื้นเมือง",
    "ระบบสูบน้ำพลังงานแสงอาทิตย์",
    "คนพิการและผู้ด้อยโอกาส",
]
PURPOSES = [
    "เพื่อลดรายจ่ายในครัวเรือน",
    "เพื่อเพิ่มรายได้ให้ครัวเรือนยากจน",
    "ให้ประชาชนเดินทางไปโรงพยาบาลได้สะดวก",
    "ให้มีน้ำใช้ตลอดปี",
    "เพื่อความปลอดภัยในชีวิตและทรัพย์สิน",
    "ให้ผู้สูงอายุได้รับการดูแล",
    "เพื่อสร้างความเข้มแข็งของชุมชน",
    "ลดการใช้สารเคมีและยาฆ่าแมลง",
]
QUERIES = [
    "สวัสดิการ",
    "ยา",
    "ถนน",
    "ไก่ไข่",
    "ประปา หมู่บ้าน",
    "ผู้สูงอายุ",
    "โรงพยาบาล",
    "ครัวเรือนยากจน",
    "ท่องเที่ยว",
    "ขยะ",
    "กองทุน",
    "ผ้า",
    "ปลา กระชัง",
    "พลังงานแสงอาทิตย์",
    "คลองนา",
    "ตลาด",
]


def _text(rng: random.Random, place: str) -> tuple[str, str]:
    title = f"{rng.choice(VERBS)}{rng.choice(OBJECTS)} {place}"
    body = " ".join(rng.sample(PURPOSES, 2)) + f" กลุ่มเป้าหมาย {rng.randint(10, 200)} ครัวเรือน"
    return title, body


def seed() -> None:
    if Body.objects.filter(registration_number=MARK).exists():
        return
    rng = random.Random(2568)
    tambons = list(Area.objects.filter(level="subdistrict").only("id", "code", "name_th"))
    start = time.perf_counter()
    bodies = Body.objects.bulk_create(
        [
            Body(
                kind=rng.choice(
                    [BodyKind.WELFARE_FUND, BodyKind.TAMBON_COMMUNITY_COUNCIL, BodyKind.COMMUNITY_ORGANISATION]
                ),
                name_th=f"{rng.choice(['กองทุนสวัสดิการชุมชนตำบล', 'สภาองค์กรชุมชนตำบล', 'กลุ่มออมทรัพย์ตำบล'])}{t.name_th}",
                scope_kind="area",
                area=t,
                registration_number=MARK,
            )
            for t in (rng.choice(tambons) for _ in range(BODIES))
        ],
        batch_size=2000,
    )
    plans = Plan.objects.bulk_create(
        [
            Plan(
                title=f"แผนพัฒนาตำบล{b.area.name_th} (ฉบับทดสอบ)",  # type: ignore[union-attr]
                level=PlanLevel.TAMBON,
                kind=PlanKind.ONE_PLAN_TAMBON,
                owner=b,
                scope_kind="area",
                area=b.area,
                start_year_be=2568,
                end_year_be=2570,
            )
            for b in rng.sample(bodies, PLANS)
        ],
        batch_size=2000,
    )
    items = []
    for plan in plans:
        for n in range(1, ITEMS_PER_PLAN + 1):
            title, body = _text(rng, f"หมู่ที่ {rng.randint(1, 15)} ตำบล{plan.area.name_th}")  # type: ignore[union-attr]
            items.append(PlanItem(plan=plan, number=n, title=title, objective=body))
    PlanItem.objects.bulk_create(items, batch_size=5000)
    programme = Programme.objects.create(code=MARK, fiscal_year=2568, name_th="แผนงานทดสอบการค้นหา")
    projects = []
    for b in (rng.choice(bodies) for _ in range(PROJECTS)):
        title, body = _text(rng, f"ตำบล{b.area.name_th}")  # type: ignore[union-attr]
        projects.append(Project(programme=programme, area=b.area, proposer=b, title_th=title, objectives=body))
    Project.objects.bulk_create(projects, batch_size=5000)
    print(
        f"seeded {BODIES + PLANS + PLANS * ITEMS_PER_PLAN + PROJECTS:,} objects in {time.perf_counter() - start:.1f} s"
    )
    start = time.perf_counter()
    counts = search_reindex()
    took = time.perf_counter() - start
    print(f"search_reindex: {sum(counts.values()):,} documents in {took:.1f} s ({sum(counts.values()) / took:,.0f}/s)")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def reader(role: str, **scope: Any) -> User:
    user, _ = User.objects.get_or_create(username=f"bench_search_{role}")
    if not RoleAssignment.objects.filter(user=user).exists():
        RoleAssignment.objects.create(user=user, role=role, **scope)
    return user


def one_page(user: User, q: str) -> int:
    """What the search page does: the count and the first 20 ranked results with highlights."""
    ranked = selectors.search(user, q, candidates=selectors.CANDIDATES)
    n = ranked.count()
    ranked[0:20]
    return n


PHASES = ("scope", "candidates", "documents", "highlights")
phase_times: dict[str, list[float]] = {}


def phased_page(user: User, q: str) -> int:
    """``one_page`` step by step (the same calls as ``selectors.search`` and ``results_for``), timing each."""
    t0 = time.perf_counter()
    visible = selectors.visible_documents(user)
    t1 = time.perf_counter()
    words = query_words(q)
    ranked = selectors.RankedIds(words, visible, selectors.CANDIDATES, selectors.scope_tokens(user))
    n = ranked.count()
    page = ranked.page(0, 20)
    t2 = time.perf_counter()
    docs = SearchDocument.objects.select_related("area", "region", "cluster").in_bulk([pk for pk, _ in page])
    t3 = time.perf_counter()
    wanted, templates = frozenset(words), {}
    for doc in docs.values():
        selectors._url(doc.kind, doc.object_id, templates)
        display_pieces(doc.title, wanted, doc.title_cut)
        selectors._snippet(doc.body, doc.body_cut, wanted)
    t4 = time.perf_counter()
    for name, took in zip(PHASES, (t1 - t0, t2 - t1, t3 - t2, t4 - t3), strict=True):
        phase_times.setdefault(name, []).append(took)
    return n


def substring_page(user: User, q: str) -> int:
    """Baseline: every word as a substring of the title or text (the old registry search), same scope."""
    qs = selectors.visible_documents(user)
    for word in q.split():
        qs = qs.filter(Q(title__icontains=word) | Q(body__icontains=word))
    n = qs.count()
    list(qs.order_by("title")[:20])
    return n


cpu_times: list[float] = []


def measure(fn: Callable[[User, str], int], user: User, repeat: int) -> tuple[list[float], dict[str, int]]:
    """Wall-clock times (and, in ``cpu_times``, this process's CPU time: on SQLite the whole search runs
    in-process, so that figure is what the search costs without waiting for a core on a loaded machine)."""
    times, hits = [], {}
    cpu_times.clear()
    for q in QUERIES:
        fn(user, q)  # warm
        for _ in range(repeat):
            start, cpu = time.perf_counter(), time.process_time()
            hits[q] = fn(user, q)
            times.append(time.perf_counter() - start)
            cpu_times.append(time.process_time() - cpu)
    return times, hits


def pct(times: list[float], p: float) -> float:
    return statistics.quantiles(times, n=100, method="inclusive")[int(p) - 1] * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--reindex", action="store_true", help="rebuild the index of the data already there")
    parser.add_argument("--candidates", type=int, help="matches ranked per search (default: the page's)")
    parser.add_argument("--no-baseline", action="store_true", help="skip the substring baseline (phases only)")
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    if not Area.objects.exists():
        areas_load()
    seed()
    if args.candidates:
        selectors.CANDIDATES = args.candidates
    print(f"candidates ranked per search: {selectors.CANDIDATES:,}")
    if args.reindex:
        start = time.perf_counter()
        counts = search_reindex()
        took = time.perf_counter() - start
        print(f"search_reindex: {sum(counts.values()):,} documents in {took:.1f} s")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(f"load average at the start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"database: {connection.vendor}; documents in the index: {SearchDocument.objects.count():,}")
    khlong_na = Area.objects.get(code="240104")
    readers = {
        "national admin": reader("national_admin", scope_kind="nation"),
        "regional staff R5": reader(
            "codi_regional_staff", scope_kind="region", region=CodiRegion.objects.get(code="R5")
        ),
        "tambon secretary 240104": reader("tambon_council_secretary", scope_kind="area", area=khlong_na),
    }
    for name, user in readers.items():
        full, hits = measure(one_page, user, args.repeat)
        cpu = list(cpu_times)
        phase_times.clear()
        measure(phased_page, user, 1)
        phases = ", ".join(
            f"{p} {statistics.median(phase_times[p]) * 1000:.1f}/{max(phase_times[p]) * 1000:.1f}" for p in PHASES
        )
        if args.no_baseline:
            print(
                f"{name}: full-text p50 {pct(full, 50):.1f} ms, p95 {pct(full, 95):.1f} ms, max {max(full) * 1000:.1f} ms"
            )
        else:
            base, base_hits = measure(substring_page, user, max(1, args.repeat // 5))
            print(
                f"{name}: full-text p50 {pct(full, 50):.1f} ms, p95 {pct(full, 95):.1f} ms, "
                f"max {max(full) * 1000:.1f} ms | "
                f"substring baseline p50 {pct(base, 50):.1f} ms, p95 {pct(base, 95):.1f} ms | "
                f"p95 ratio {pct(full, 95) / pct(base, 95):.2f}"
            )
            print(
                "  results per query (full-text, ranked of them / substring): "
                + ", ".join(f"{q} {hits[q]}/{base_hits[q]}" for q in QUERIES)
            )
        print(f"  in-process phases, median/max ms over the {len(QUERIES)} queries: {phases}")
        print(f"  this process's CPU time per search page: p50 {pct(cpu, 50):.1f} ms, p95 {pct(cpu, 95):.1f} ms")
    print(f"load average at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
