"""A national-volume data set for the page and portal benchmarks (issues 14 and 16), on SQLite or PostgreSQL.

On top of the demo (its users, bodies and region R5 stay as they are) it adds:

* one synthetic survey round over **all 7,436 tambons** of the area tree, written by the poverty
  generator (``poverty.generator.generate_round``, the bulk path ``bench/poverty.py`` uses) and computed
  by the real engine (``engine.recompute_round``: ~82,800 area result rows, villages to nation). It
  becomes the newest round, so every page shows it by default;
* **19 earlier rounds** of stored results for the portal's trend (20 in all): their result rows are the
  national round's rows copied in SQL under each round (issue 14: "generate the result rows, not 20 raw
  survey rounds"); they carry no survey files;
* **100,000 projects** spread over all tambons, each with a commitment and a disbursement ledger row,
  plus allocations and balances per province (``bench/budgets.py``'s ``add_projects``).

Usage:
    CHUMCHON_DATA_DIR=dir [CHUMCHON_DATABASE_URL=postgresql://…] .venv/bin/python bench/national.py \\
        [--households-per-tambon 1750] [--projects 100000] [--rounds 20]

``--survey-files <store>/national`` reuses the survey files an earlier run generated (for instance the
SQLite run's, when building the PostgreSQL set). Then ``bench/pages.py`` and ``bench/portal.py`` with the same environment. The demo is generated first
when the database has none. Re-running with the same parameters does nothing (``bench-national.json`` in
the data directory records what was built). ``--households-per-tambon 1750`` is the real national size (13 M households,
about 25 minutes to generate on this machine); smaller values keep every area row, project and round
and shrink only each tambon's household files.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from budgets import add_projects
from pages import ROOT, chumchon_command

NATIONAL_ROUND = "national"
HISTORY_PREFIX = "national-h"
PROGRAMME = "NATIONAL"


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chumchon.settings")
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()


def ensure_demo() -> None:
    """The demo's users and region, generated once (``chumchon demo`` on the same database)."""
    from chumchon.accounts.models import User

    try:
        has_users = User.objects.filter(username="codi_r5").exists()
    except Exception:  # no tables yet
        has_users = False
    if not has_users:
        from django.db import connections

        connections.close_all()
        print("generating the demo first …", flush=True)
        force = ["--force"] if os.environ.get("CHUMCHON_DATABASE_URL") else []  # the demo on PostgreSQL on purpose
        subprocess.run([*chumchon_command(), "demo", "--no-serve", "--no-progress", *force], check=True)


def lap(label: str, started: float) -> float:
    now = time.perf_counter()
    print(f"  {label}: {now - started:.1f} s", flush=True)
    return now


def build_rounds(households_per_tambon: int, rounds: int, seed: int, reuse: Path | None) -> dict[str, Any]:
    from django.db import connection, transaction
    from django.db.models import Max

    from chumchon.areas.models import Area, AreaLevel
    from chumchon.core.jobs import TerminalProgress
    from chumchon.poverty import engine, generator, store
    from chumchon.poverty.models import AreaPovertyResult, SurveyRound
    from chumchon.poverty.models.rounds import RoundStatus

    latest = SurveyRound.objects.exclude(code__startswith=NATIONAL_ROUND).order_by("-year_be").first()
    if latest is None:
        raise SystemExit("the demo has no survey round")
    top_year = (SurveyRound.objects.exclude(code__startswith=NATIONAL_ROUND).aggregate(y=Max("year_be"))["y"]) or 2566
    national, _ = SurveyRound.objects.update_or_create(
        code=NATIONAL_ROUND,
        defaults={
            "name": "รอบสำรวจระดับประเทศ (ทดสอบสมรรถนะ)",
            "year_be": top_year + 1,
            "indicator_set": latest.indicator_set,
            "reference_date": latest.reference_date,
        },
    )
    tambons = list(Area.objects.filter(level=AreaLevel.SUBDISTRICT).order_by("code").values_list("code", flat=True))
    t = time.perf_counter()
    directory = store.round_dir(national)
    marker = directory / "generated.json"
    params = {"households_per_tambon": households_per_tambon, "seed": seed, "tambons": len(tambons)}
    if reuse and not directory.exists():
        directory.parent.mkdir(parents=True, exist_ok=True)
        directory.symlink_to(reuse.resolve())
    if marker.exists() and json.loads(marker.read_text())["params"] == params:
        counts = json.loads(marker.read_text())["counts"]
        t = lap(f"survey files reused from {directory.resolve()}", t)
    else:
        progress = TerminalProgress("generate")
        counts = generator.generate_round(
            national, tambons, households_per_tambon=households_per_tambon, seed=seed, progress=progress
        )
        progress.close()
        marker.write_text(json.dumps({"params": params, "counts": counts}))
        t = lap(f"generated {counts['households']:,} households, {counts['persons']:,} persons", t)
    result = engine.recompute_round(national)
    t = lap(f"engine: {result['rows']:,} area rows", t)
    national.refresh_from_db()
    # Earlier rounds: the national round's stored rows copied under each (results only, no files).
    fields = [f for f in AreaPovertyResult._meta.concrete_fields if not f.primary_key]
    table = connection.ops.quote_name(AreaPovertyResult._meta.db_table)
    cols = [connection.ops.quote_name(f.column) for f in fields]
    round_col = connection.ops.quote_name(AreaPovertyResult._meta.get_field("survey_round").column)
    SurveyRound.objects.filter(code__startswith=HISTORY_PREFIX).delete()
    previous = None
    for i in range(rounds - 1, 0, -1):
        with transaction.atomic():
            history = SurveyRound.objects.create(
                code=f"{HISTORY_PREFIX}{i:02d}",
                name=f"รอบสำรวจย้อนหลัง {i} (ทดสอบสมรรถนะ)",
                year_be=national.year_be - i,
                indicator_set=national.indicator_set,
                reference_date=national.reference_date,
                previous=previous,
                status=RoundStatus.READY,
                computed_at=national.computed_at,
                household_count=national.household_count,
                person_count=national.person_count,
                result_spec=national.result_spec,
                store_path=f"{HISTORY_PREFIX}{i:02d}-results-only",
            )
            select = ", ".join("%s" if c == round_col else c for c in cols)
            with connection.cursor() as cur:
                cur.execute(
                    f"INSERT INTO {table} ({', '.join(cols)}) SELECT {select} FROM {table} WHERE {round_col} = %s",
                    [history.pk, national.pk],
                )
        previous = history
    SurveyRound.objects.filter(pk=national.pk).update(previous=previous)
    lap(f"{rounds - 1} earlier rounds of results copied", t)
    materialise_portal()
    return {"households": counts["households"], "persons": counts["persons"], "rows": result["rows"]}


def materialise_portal() -> None:
    """Every ready round's published (suppressed) figures, as the portal keeps them (stale ones rebuilt)."""
    from chumchon.portal import figures

    t = time.perf_counter()
    for survey_round in figures.ready_rounds():
        figures.materialised(survey_round)
    lap("published figures of every round suppressed and materialised (portal.PublishedRoundFigures)", t)


def build_projects(n: int) -> None:
    from chumchon.areas.models import Area, AreaLevel
    from chumchon.budgets.models import FundBalance, LedgerEntry, Programme
    from chumchon.organizations.models import Body, BodyKind
    from chumchon.projects.models import Project, ProjectStatus

    programme, _ = Programme.objects.get_or_create(
        code=PROGRAMME, fiscal_year=2567, defaults={"name_th": "แผนงานระดับประเทศ (ทดสอบสมรรถนะ)"}
    )
    proposer, _ = Body.objects.get_or_create(
        kind=BodyKind.TAMBON_COMMUNITY_COUNCIL,
        scope_kind="area",
        area=Area.objects.get(code="240104"),
        defaults={"name_th": "สภาองค์กรชุมชนตำบล"},
    )
    LedgerEntry.objects.filter(programme=programme).delete()
    FundBalance.objects.filter(programme=programme).delete()
    Project.objects.filter(programme=programme).delete()
    tambons = list(Area.objects.filter(level=AreaLevel.SUBDISTRICT).order_by("code"))
    t = time.perf_counter()
    add_projects(n, programme=programme, proposer=proposer, areas=tambons, status=ProjectStatus.IN_PROGRESS)
    lap(f"{n:,} projects with {2 * n:,} ledger rows", t)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--households-per-tambon", type=int, default=1750)
    parser.add_argument("--projects", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=20, help="survey rounds with results (the newest has files)")
    parser.add_argument("--seed", type=int, default=2567)
    parser.add_argument(
        "--survey-files",
        type=Path,
        help="a national round's directory generated by an earlier run (on the other database): linked, not regenerated",
    )
    args = parser.parse_args()
    data_dir = Path(os.environ.setdefault("CHUMCHON_DATA_DIR", str(ROOT / "var")))
    data_dir.mkdir(parents=True, exist_ok=True)
    setup_django()
    ensure_demo()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from django.core.cache import cache
    from django.db import connection

    wanted: dict[str, Any] = {k: getattr(args, k) for k in ("households_per_tambon", "projects", "rounds", "seed")}
    wanted["database"] = os.environ.get("CHUMCHON_DATABASE_URL", "sqlite")
    marker = data_dir / "bench-national.json"
    if marker.exists() and json.loads(marker.read_text()) == wanted:
        print(f"the national data set is already built ({wanted})")
        materialise_portal()
        return
    print(f"building the national data set on {connection.vendor}: {wanted}", flush=True)
    started = time.perf_counter()
    built = build_rounds(args.households_per_tambon, args.rounds, args.seed, args.survey_files)
    build_projects(args.projects)
    with connection.cursor() as cur:
        cur.execute("ANALYZE")
    cache.clear()
    marker.write_text(json.dumps(wanted))
    print(f"built in {time.perf_counter() - started:.0f} s: {built}")


if __name__ == "__main__":
    main()
