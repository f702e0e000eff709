"""Poverty engine at national scale (issue 3): DuckDB engine vs the raw scan floor vs pandas.

    .venv/bin/python bench/poverty.py                 # 13 M households, 36 M persons, 38 indicators
    .venv/bin/python bench/poverty.py --scale 0.01    # quick run

Synthetic data is generated once into bench/out/ (reused while scale and seed match). Each measured
step runs in its own subprocess, whose peak RSS (getrusage) is reported with its time:

* floor — DuckDB scanning exactly the columns the engine reads: since the person roll-up is derived
  at write time (``store.with_rollup``), the household files' raw indicator columns plus the derived
  ``_r_*`` columns; the old floor (raw household + person columns, as read without the roll-up) is
  printed too;
* roll-up — one-off: data generated before the roll-up existed gets the derived columns added to its
  household files (timed separately: it belongs to import/write time, not to the recompute);
* ours — ``engine.recompute_round``: person → household roll-up, welfare match, Alkire–Foster,
  village … nation aggregation and materialisation into AreaPovertyResult; then the same parts
  timed one by one (where the time goes);
* pandas — a straightforward pandas implementation of the same computation, on a sample of
  districts when the data is large; its time and memory are scaled linearly to the full size (the
  printout says so), and its tambon figures are checked against ours;
* one tambon — replace one tambon's data in the store and recompute its results and ancestors.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
ROUND_CODE = "bench-2566"
NATIONAL_HOUSEHOLDS = 13_000_000


def setup_django() -> None:
    os.environ.setdefault("CHUMCHON_DATA_DIR", str(OUT / "data"))
    os.environ.setdefault("CHUMCHON_SURVEY_STORE", str(OUT / "surveys"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chumchon.settings")
    Path(os.environ["CHUMCHON_DATA_DIR"]).mkdir(parents=True, exist_ok=True)
    import django

    django.setup()


def peak_rss_mb() -> float:
    """This process's peak RSS. VmHWM, not getrusage: ru_maxrss survives exec and would report the
    parent's peak (the generator's) for every child."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# --- preparation (parent process) -------------------------------------------------------------


def prepare(scale: float, seed: int) -> dict[str, Any]:
    from django.core.management import call_command

    from chumchon.areas.models import Area, AreaLevel
    from chumchon.areas.services import areas_load
    from chumchon.core.jobs import TerminalProgress
    from chumchon.poverty import generator, store
    from chumchon.poverty.indicators_data import indicator_sets_load
    from chumchon.poverty.models import IndicatorSet, SurveyRound

    call_command("migrate", verbosity=0)
    if not Area.objects.filter(level=AreaLevel.SUBDISTRICT).exists():
        areas_load()
    indicator_sets_load()
    survey_round, _ = SurveyRound.objects.get_or_create(
        code=ROUND_CODE,
        defaults={
            "name": "Benchmark round",
            "year_be": 2566,
            "indicator_set": IndicatorSet.objects.get(code="jpt-2566"),
        },
    )
    marker = store.round_dir(survey_round) / "generated.json"
    wanted = {"scale": scale, "seed": seed}
    if not marker.exists() or json.loads(marker.read_text()).get("params") != wanted:
        tambons = list(Area.objects.filter(level=AreaLevel.SUBDISTRICT).values_list("code", flat=True))
        per_tambon = max(1, round(NATIONAL_HOUSEHOLDS * scale / len(tambons)))
        progress = TerminalProgress("generate")
        started = time.perf_counter()
        counts = generator.generate_round(
            survey_round, tambons, households_per_tambon=per_tambon, seed=seed, progress=progress
        )
        progress.close()
        record: dict[str, Any] = dict(counts)
        record["seconds"] = round(time.perf_counter() - started, 1)
        record["peak_rss_mb"] = round(peak_rss_mb())
        marker.write_text(json.dumps({"params": wanted, "counts": record}))
        print(f"generated {record}", flush=True)
    return json.loads(marker.read_text())["counts"]


def run_child(step: str, extra: list[str] | None = None) -> dict[str, Any]:
    cmd = [sys.executable, __file__, "--child", step, *(extra or [])]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True, env=os.environ.copy())
    return json.loads(out.stdout.strip().splitlines()[-1])


# --- steps (each in a child process) ----------------------------------------------------------


def _round():  # type: ignore[no-untyped-def]
    from chumchon.poverty.models import SurveyRound

    return SurveyRound.objects.select_related("indicator_set").get(code=ROUND_CODE)


def step_idle() -> dict[str, Any]:
    from chumchon.poverty import engine  # noqa: F401  (same imports as the other steps)

    return {}


def step_rollup() -> dict[str, Any]:
    """Add the derived roll-up columns to household files that lack them (data generated earlier)."""
    import uuid

    import pyarrow.parquet as pq

    from chumchon.poverty import engine, store

    survey_round = _round()
    spec = engine.spec_for(survey_round)
    directory = store.round_dir(survey_round)
    started = time.perf_counter()
    converted = 0
    for hf, layout in engine.rollup_usable(spec, store.household_files(directory)).items():
        if layout is not None:
            continue
        pf = directory / "persons" / hf.name
        households = pq.read_table(hf)
        persons = pq.read_table(pf) if pf.exists() else store.person_schema([]).empty_table()
        table = store.with_rollup(households, persons)
        tmp = hf.with_name(f".{hf.stem}.{uuid.uuid4().hex}.tmp")
        pq.write_table(table, tmp, row_group_size=store.ROW_GROUP_SIZE, compression="zstd")
        os.replace(tmp, hf)
        converted += 1
    return {"seconds": time.perf_counter() - started, "converted": converted}


def step_floor() -> dict[str, Any]:
    from chumchon.poverty import engine, store

    survey_round = _round()
    spec = engine.spec_for(survey_round)
    directory = store.round_dir(survey_round)
    # What the recompute reads with the derived roll-up: the household files only.
    rollup_cols = [
        "village_code",
        "tambon_code",
        *(i.code for i in spec.indicators if i.level == "household"),
        "_r_persons",
        *(f"_r_{c}" for c in store.ROLLUP_COUNTS),
        "_r_births",
        "_r_fail0",
    ]
    con = store.duckdb_connection()
    started = time.perf_counter()
    aggs = ", ".join(f"count({engine._q(c)})" for c in rollup_cols)
    con.execute(f"SELECT {aggs} FROM read_parquet({store.sql_list(store.household_files(directory))})").fetchall()
    derived_s = time.perf_counter() - started
    con.close()
    con = store.duckdb_connection()
    hh_cols = [
        "household_id",
        "village_code",
        "tambon_code",
        *(i.code for i in spec.indicators if i.level == "household"),
    ]
    p_cols = [
        "household_id",
        "birth_date",
        "disabled",
        "chronically_ill",
        "bedridden",
        "welfare_registered",
        "welfare_verified",
        *(i.code for i in spec.indicators if i.level == "person"),
    ]
    started = time.perf_counter()
    for files, cols in ((store.household_files(directory), hh_cols), (store.person_files(directory), p_cols)):
        aggs = ", ".join(f"count({engine._q(c)})" for c in cols)
        con.execute(f"SELECT {aggs} FROM read_parquet({store.sql_list(files)})").fetchall()
    return {"seconds": derived_s, "raw_seconds": time.perf_counter() - started}


def step_ours() -> dict[str, Any]:
    from chumchon.poverty import engine

    started = time.perf_counter()
    stats = engine.recompute_round(_round())
    return {"seconds": time.perf_counter() - started, "stats": stats}


def step_duplicates(count: int) -> dict[str, Any]:
    """``recompute_round`` with ``count`` cross-area duplicates left out (one person record each, in
    as many different districts as possible: those districts are read from the raw person files),
    then the pairs removed again. Checks the nation's persons drop by exactly ``count``."""
    import pyarrow.parquet as pq

    from chumchon.poverty import engine, store
    from chumchon.poverty.models import AreaPovertyResult, PersonDuplicate

    survey_round = _round()
    PersonDuplicate.objects.filter(survey_round=survey_round).delete()
    engine.recompute_round(survey_round)
    before = AreaPovertyResult.objects.get(survey_round=survey_round, level="nation").persons
    files = store.person_files(store.round_dir(survey_round))
    step = max(1, len(files) // count)
    pairs = []
    for n, path in enumerate(files[::step][:count]):
        row = pq.read_table(path, columns=["national_id", "household_id", "tambon_code"]).slice(0, 1).to_pylist()[0]
        other = files[(n * step + 1) % len(files)].stem + "01"  # any other tambon: the first side
        pairs.append(
            PersonDuplicate(
                survey_round=survey_round,
                national_id=row["national_id"],
                first_tambon=other if other != row["tambon_code"] else "999999",
                first_household_id="x",
                second_tambon=row["tambon_code"],
                second_household_id=row["household_id"],
            )
        )
    PersonDuplicate.objects.bulk_create(pairs)
    started = time.perf_counter()
    stats = engine.recompute_round(survey_round)
    seconds = time.perf_counter() - started
    after = AreaPovertyResult.objects.get(survey_round=survey_round, level="nation").persons
    PersonDuplicate.objects.filter(survey_round=survey_round).delete()
    engine.recompute_round(survey_round)
    raw = len({p.second_tambon[:4] for p in pairs})
    return {"seconds": seconds, "stats": stats, "pairs": len(pairs), "raw_districts": raw, "dropped": before - after}


def step_breakdown() -> dict[str, Any]:
    """``recompute_round``'s parts timed one by one (the same calls, in the same order)."""
    import pyarrow as pa
    import pyarrow.compute as pc
    from django.db import transaction

    from chumchon.poverty import engine, store
    from chumchon.poverty.models import AreaPovertyResult

    survey_round = _round()
    parts: dict[str, float] = {}
    started = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal started
        parts[name] = time.perf_counter() - started
        started = time.perf_counter()

    spec = engine.spec_for(survey_round)
    directory = store.round_dir(survey_round)
    chunks = engine._chunks(spec, store.household_files(directory), store.person_files(directory), engine.CHUNK_BYTES)
    con = store.duckdb_connection()
    lower = pa.concat_tables(
        [con.sql(engine._village_tambon_sql(spec, h, p, layout=lay)).to_arrow_table() for h, p, lay in chunks]
    )
    lap("villages and tambons (DuckDB)")
    con.register("lower_rows", lower)
    con.register("tambons", lower.filter(pc.equal(lower.column("level"), "subdistrict")))
    con.register("prov_map", engine._province_groups())
    upper = con.sql(engine._upper_sql(spec)).to_arrow_table().drop_columns(["no_cluster", "no_region"])
    con.register("upper_rows", upper)
    con.register("prev", engine._previous_table(survey_round))
    lap("district … nation (DuckDB)")
    fin = engine._Finaliser(spec, {})
    rows = engine._final_rows(con, spec, survey_round.pk, fin)
    lap("database rows built and fetched")
    with transaction.atomic():
        AreaPovertyResult.objects.filter(survey_round=survey_round).delete()
        lap("database: delete old rows")
        fin.insert(rows)
        lap("database: insert new rows")
    lap("database: commit")
    return {"parts": parts, "rows": len(rows)}


def step_pandas(max_persons: int) -> dict[str, Any]:
    import numpy as np
    import pandas as pd

    from chumchon.poverty import engine, store
    from chumchon.poverty.af import years_before
    from chumchon.poverty.models import AreaPovertyResult

    survey_round = _round()
    spec = engine.spec_for(survey_round)
    directory = store.round_dir(survey_round)
    hh_files, p_files = store.household_files(directory), store.person_files(directory)
    total_bytes = sum(f.stat().st_size for f in p_files)
    # Sample whole districts (evenly spread) until about max_persons persons (≈ 30 bytes a person).
    budget = max_persons * 30
    step = max(1, round(total_bytes / budget)) if total_bytes > budget else 1
    sample = [f.stem for f in p_files][::step]
    hh_files = [f for f in hh_files if f.stem in set(sample)]
    p_files = [f for f in p_files if f.stem in set(sample)]
    p_codes = [i.code for i in spec.indicators if i.level == "person"]
    h_codes = [i.code for i in spec.indicators if i.level == "household"]
    elderly_by = pd.Timestamp(years_before(spec.reference_date, 60))
    child_after = pd.Timestamp(years_before(spec.reference_date, 6))

    started = time.perf_counter()
    persons = pd.concat([pd.read_parquet(f) for f in p_files], ignore_index=True)
    households = pd.concat([pd.read_parquet(f) for f in hh_files], ignore_index=True)
    birth = pd.to_datetime(persons["birth_date"])
    p = pd.DataFrame(
        {
            "household_id": persons["household_id"],
            "persons": 1,
            "elderly": (birth <= elderly_by).astype("int64"),
            "children_0_5": (birth > child_after).astype("int64"),
            "disabled": persons["disabled"].astype("int64"),
            "chronically_ill": persons["chronically_ill"].astype("int64"),
            "bedridden": persons["bedridden"].astype("int64"),
            "welfare_registered": persons["welfare_registered"].astype("int64"),
            "welfare_verified": persons["welfare_verified"].astype("int64"),
            **{f"g_{c}": (persons[c] == 0).astype("int64") for c in p_codes},
        }
    )
    agg = {c: "sum" for c in p.columns if c != "household_id" and not c.startswith("g_")}
    agg.update({f"g_{c}": "max" for c in p_codes})
    per_hh = p.groupby("household_id", sort=False).agg(agg).reset_index()
    h = households[["household_id", "village_code", "tambon_code"]].copy()
    for c in h_codes:
        h[f"g_{c}"] = (households[c] == 0).astype("int64")
    h = h.merge(per_hh, on="household_id", how="left").fillna(0)
    h["score"] = sum(i.weight * h[f"g_{i.code}"] for i in spec.measured)
    for d in spec.dimensions:
        h[f"dim__{d}"] = h[[f"g_{i.code}" for i in spec.measured if i.dimension == d]].max(axis=1)
    h["deprived_any"] = (h[[f"dim__{d}" for d in spec.dimensions]].sum(axis=1) > 0).astype("int64")
    h["af_poor"] = (h["score"] * spec.k.denominator >= spec.k.numerator * spec.big_w).astype("int64")
    h["target"] = ((h["deprived_any"] == 1) & (h["welfare_verified"] > 0)).astype("int64")
    h["target_persons"] = h["welfare_verified"] * h["deprived_any"]
    h["af_score"] = h["score"] * h["af_poor"]
    for i in spec.measured:
        h[f"cens__{i.code}"] = h[f"g_{i.code}"] * h["af_poor"]
    h["households"] = 1
    sum_cols = [c for c in h.columns if c not in ("household_id", "village_code", "tambon_code", "score")]
    village = h.groupby("village_code")[sum_cols].sum()
    tambon = h.groupby("tambon_code")[sum_cols].sum()
    tambon["district"] = tambon.index.str[:4]
    tambon["province"] = tambon.index.str[:2]
    district = tambon.groupby("district")[sum_cols].sum()
    province = tambon.groupby("province")[sum_cols].sum()
    nation = tambon[sum_cols].sum()
    seconds = time.perf_counter() - started
    n_persons = len(persons)
    # Check: the sample's tambon figures equal ours.
    ours = {
        r.area_code: (r.households, r.af_poor_households, r.af_score_sum, r.target_poor_households)
        for r in AreaPovertyResult.objects.filter(
            survey_round=survey_round, level="subdistrict", area_code__in=list(tambon.index[:200])
        )
    }
    mismatches = sum(
        1
        for code, row in tambon.head(200).iterrows()
        if ours.get(code) != (int(row["households"]), int(row["af_poor"]), int(row["af_score"]), int(row["target"]))
    )
    del village, district, province, nation
    return {
        "seconds": seconds,
        "sample_persons": n_persons,
        "sample_files": len(p_files),
        "mismatches": mismatches,
        "checked": min(200, len(tambon)),
        "np": np.__version__,
    }


def step_tambon() -> dict[str, Any]:
    import pyarrow as pa
    import pyarrow.compute as pc

    from chumchon.poverty import engine, store
    from chumchon.poverty.models import AreaPovertyResult

    survey_round = _round()
    tambon = "240104"
    households, persons = store.read_tambon(survey_round, tambon)
    before = AreaPovertyResult.objects.get(survey_round=survey_round, level="nation")
    # A correction: every household now fails indicator i13 (housing).
    changed = households.set_column(
        households.schema.get_field_index("i13"), "i13", pa.array([0] * households.num_rows, pa.int8())
    )
    started = time.perf_counter()
    store.replace_tambon(survey_round, tambon, changed, persons)
    engine.recompute_tambons(survey_round, [tambon])
    seconds = time.perf_counter() - started
    after = AreaPovertyResult.objects.get(survey_round=survey_round, level="nation")
    changed_ok = after.deprived_by_indicator["i13"] != before.deprived_by_indicator["i13"] or not households.num_rows
    # Put the original data back (so the next run starts from the generated round): the same work
    # again, now in a warm process (the first call pays one-off imports, e.g. pandas via pyarrow).
    started = time.perf_counter()
    store.replace_tambon(survey_round, tambon, households, persons)
    engine.recompute_tambons(survey_round, [tambon])
    warm = time.perf_counter() - started
    restored = AreaPovertyResult.objects.get(survey_round=survey_round, level="nation")
    return {
        "seconds": seconds,
        "warm_seconds": warm,
        "tambon_households": households.num_rows,
        "nation_changed": bool(changed_ok),
        "restored": restored.deprived_by_indicator == before.deprived_by_indicator,
        "pc": pc.__name__,
    }


# --- main ---------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of national size (1.0 = 13 M households)")
    parser.add_argument("--seed", type=int, default=2566)
    parser.add_argument("--pandas-persons", type=int, default=4_000_000, help="pandas sample size (persons)")
    parser.add_argument("--duplicates", type=int, default=100, help="cross-area duplicates for the duplicates step")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    setup_django()
    if args.child:
        fn = {
            "idle": step_idle,
            "floor": step_floor,
            "rollup": step_rollup,
            "ours": step_ours,
            "breakdown": step_breakdown,
            "tambon": step_tambon,
            "pandas": lambda: step_pandas(args.pandas_persons),
            "duplicates": lambda: step_duplicates(args.duplicates),
        }[args.child]
        result = fn()
        result["peak_rss_mb"] = peak_rss_mb()
        print(json.dumps(result, default=str))
        return

    counts = prepare(args.scale, args.seed)
    print(f"data: {counts['households']:,} households, {counts['persons']:,} persons, 38 indicators", flush=True)
    idle = run_child("idle")
    rollup = run_child("rollup")
    print(
        f"roll-up (write time)     {rollup['seconds']:8.2f} s  peak {rollup['peak_rss_mb']:7.0f} MB  "
        f"({rollup['converted']} district household files given the derived columns; 0 = already there)",
        flush=True,
    )
    floor = run_child("floor")
    print(
        f"floor (DuckDB scan)      {floor['seconds']:8.2f} s  peak {floor['peak_rss_mb']:7.0f} MB  "
        f"(household files: raw indicator + derived roll-up columns, what the recompute reads)",
        flush=True,
    )
    print(
        f"old floor (raw scan)     {floor['raw_seconds']:8.2f} s  "
        "(household + person raw columns, as read without the roll-up)",
        flush=True,
    )
    ours = run_child("ours")
    st = ours["stats"]
    print(
        f"ours (recompute_round)   {ours['seconds']:8.2f} s  peak {ours['peak_rss_mb']:7.0f} MB  "
        f"(compute {st['compute_seconds']:.2f} s, {st['rows']:,} area rows, {st['chunks']} chunks)",
        flush=True,
    )
    dup = run_child("duplicates", ["--duplicates", str(args.duplicates)])
    print(
        f"ours with duplicates     {dup['seconds']:8.2f} s  peak {dup['peak_rss_mb']:7.0f} MB  "
        f"({dup['pairs']} cross-area duplicates left out in {dup['raw_districts']} districts read without the "
        f"roll-up; persons dropped {dup['dropped']}; {dup['seconds'] / ours['seconds']:.2f}× the run without)",
        flush=True,
    )
    parts = run_child("breakdown")
    print("  where the time goes: " + "; ".join(f"{k} {v:.2f} s" for k, v in parts["parts"].items()), flush=True)
    pan = run_child("pandas", ["--pandas-persons", str(args.pandas_persons)])
    factor = counts["persons"] / pan["sample_persons"]
    pandas_s = pan["seconds"] * factor
    pandas_mb = idle["peak_rss_mb"] + (pan["peak_rss_mb"] - idle["peak_rss_mb"]) * factor
    sampled = f"sample {pan['sample_persons']:,} persons × {factor:.2f} (linear)" if factor > 1.01 else "full data"
    print(
        f"pandas                   {pandas_s:8.2f} s  peak {pandas_mb:7.0f} MB  ({sampled}; "
        f"measured {pan['seconds']:.2f} s / {pan['peak_rss_mb']:.0f} MB; tambons checked {pan['checked']}, "
        f"mismatches {pan['mismatches']})",
        flush=True,
    )
    tam = run_child("tambon")
    print(
        f"one tambon replace+recompute {tam['seconds']:6.2f} s first in process, {tam['warm_seconds']:.2f} s warm "
        f"({tam['tambon_households']} households; "
        f"nation changed: {tam['nation_changed']}, restored: {tam['restored']})",
        flush=True,
    )
    print(f"idle process (Django + imports) peak {idle['peak_rss_mb']:.0f} MB")
    print("ratios:")
    print(f"  recompute / floor            {ours['seconds'] / floor['seconds']:6.2f}×  (goal ≤ 2×)")
    print(f"  compute only / floor         {st['compute_seconds'] / floor['seconds']:6.2f}×")
    print(f"  recompute / old raw floor    {ours['seconds'] / floor['raw_seconds']:6.2f}×")
    print(f"  pandas / ours, time          {pandas_s / ours['seconds']:6.2f}×  (goal ≥ 3×)")
    print(f"  pandas / ours, peak memory   {pandas_mb / ours['peak_rss_mb']:6.2f}×  (goal ≥ 5×)")
    print(f"  one tambon                   {tam['seconds']:6.2f} s cold, {tam['warm_seconds']:.2f} s warm (goal ≤ 1 s)")
    print(f"  ours peak                    {ours['peak_rss_mb']:6.0f} MB (goal < 2048 MB)")


if __name__ == "__main__":
    main()
