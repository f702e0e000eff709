"""Poverty engine at national scale (issue 3): DuckDB engine vs the raw scan floor vs pandas.

    .venv/bin/python bench/poverty.py                 # 13 M households, 36 M persons, 38 indicators
    .venv/bin/python bench/poverty.py --scale 0.01    # quick run
    .venv/bin/python bench/poverty.py --scale 0.02 --pairs 3 --tambon-against /tmp/before/src
        # one tambon only, against a baseline tree (git archive main src | tar -x -C /tmp/before)

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
    out = subprocess.run(cmd, capture_output=True, text=True, env=os.environ.copy())
    if out.returncode:
        sys.exit(f"step {step} failed:\n{out.stderr[-4000:]}")
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


def warm_process() -> None:
    """What a worker process pays once, not per recompute, paid before either side's timer starts.

    pyarrow imports pandas, when it is installed, the first time it converts a Python list (its
    pandas shim): 0.5–1.6 s on this machine. The test environment installs pandas for the pandas
    step; production does not. The reference's best of two hid it; the recompute, run once in a
    fresh process, paid it inside its time."""
    import pyarrow as pa

    pa.array([0])


def step_engine() -> dict[str, Any]:
    """``recompute_round`` without the after-recompute listeners of higher apps: compute + store only."""
    from chumchon.poverty import engine

    survey_round = _round()
    warm_process()
    started, cpu = time.perf_counter(), time.process_time()
    stats = engine._recompute_round(survey_round, progress=None, chunk_bytes=engine.CHUNK_BYTES)
    return {"seconds": time.perf_counter() - started, "cpu_seconds": time.process_time() - cpu, "stats": stats}


def pairs(rounds: int, skip: set[str] = frozenset()) -> None:  # type: ignore[assignment]
    """Reference query and recompute (compute + store) alternated ``rounds`` times, then one tambon:
    on a loaded machine, neighbouring runs see similar load, so each pair's ratio is printed too,
    with each side's in-process CPU time (``time.process_time``: all of the process's threads)."""
    import statistics

    ratios, cpu_ratios, refs, engines = [], [], [], []
    for n in range(rounds):
        eng = run_child("engine")  # first: the check reads what it stored (another database may share the files)
        ref = run_child("reference")
        refs.append(ref["seconds"])
        engines.append(eng["stats"]["seconds"])
        ratios.append(engines[-1] / refs[-1])
        cpu_ratios.append(eng["cpu_seconds"] / ref["cpu_seconds"])
        print(
            f"pair {n + 1}: reference {refs[-1]:.2f} s (CPU {ref['cpu_seconds']:.2f} s; {ref['rows']:,} rows, all "
            f"equal), recompute {engines[-1]:.2f} s (CPU {eng['cpu_seconds']:.2f} s; compute "
            f"{eng['stats']['compute_seconds']:.2f} s, {eng['stats']['chunks']} chunk(s), peak "
            f"{eng['peak_rss_mb']:.0f} MB) → {ratios[-1]:.2f}× wall, {cpu_ratios[-1]:.2f}× CPU",
            flush=True,
        )
    print(
        f"recompute / reference on {connection_vendor()}: best of each {min(engines) / min(refs):.2f}×, "
        f"median pair {statistics.median(ratios):.2f}× wall, {statistics.median(cpu_ratios):.2f}× CPU, "
        f"worst pair {max(ratios):.2f}× (goal ≤ 1.3×)",
        flush=True,
    )
    if "tambon" in skip:
        return
    tam = run_child("tambon")
    print(
        f"one tambon replaced and visible: {tam['seconds']:.2f} s first in process, warm "
        + ", ".join(f"{w:.2f}" for w in tam["warm_all"])
        + " s (goal ≤ 0.5 s); CPU "
        + ", ".join(f"{w:.3f}" for w in [tam["cpu_seconds"], *tam["warm_cpu_all"]])
        + " s"
    )


def tambon_against(baseline_src: str, rounds: int) -> None:
    """One tambon replaced and visible, alternated ``rounds`` times with the same step run on another
    source tree (``PYTHONPATH=baseline_src``, e.g. main's ``src`` from ``git archive``) over the same
    files and database: neighbouring runs share the load, so each pair's ratio is printed (wall and
    CPU, median of each child's warm runs) as well as the medians."""
    import statistics

    def med(xs: list[float]) -> float:
        return statistics.median(xs)

    env = os.environ.copy()
    base_env = {**env, "PYTHONPATH": baseline_src}
    rows = []
    for n in range(rounds):
        got = {}
        for label, e in (("baseline", base_env), ("this tree", env)):
            out = subprocess.run([sys.executable, __file__, "--child", "tambon"], capture_output=True, text=True, env=e)
            if out.returncode:
                sys.exit(f"tambon ({label}) failed:\n{out.stderr[-4000:]}")
            got[label] = json.loads(out.stdout.strip().splitlines()[-1])
        b, t = got["baseline"], got["this tree"]
        assert b["restored"] and t["restored"]
        row = (
            med(b["warm_all"]),
            med(b["warm_cpu_all"]),
            med(t["warm_all"]),
            med(t["warm_cpu_all"]),
            b["seconds"],
            t["seconds"],
        )
        rows.append(row)
        print(
            f"pair {n + 1}: baseline warm {row[0]:.3f} s (CPU {row[1]:.3f} s, first {row[4]:.2f} s) · this tree warm "
            f"{row[2]:.3f} s (CPU {row[3]:.3f} s, first {row[5]:.2f} s) → {row[2] / row[0]:.2f}× wall, "
            f"{row[3] / row[1]:.2f}× CPU",
            flush=True,
        )
    cols = list(zip(*rows, strict=True))
    print(
        f"one tambon on {connection_vendor()}, medians of {rounds} pairs: baseline {med(cols[0]):.3f} s "
        f"(CPU {med(cols[1]):.3f} s) → this tree {med(cols[2]):.3f} s (CPU {med(cols[3]):.3f} s): "
        f"{med(cols[2]) / med(cols[0]):.2f}× wall, {med(cols[3]) / med(cols[1]):.2f}× CPU (goal ≤ 0.5 s)"
    )


def engine_against(baseline_src: str, rounds: int) -> None:
    """The full recompute (compute + store) alternated ``rounds`` times with the same step run on
    another source tree (``PYTHONPATH=baseline_src``) over the same files and database: wall and CPU
    time of each, and their ratios per pair (neighbouring runs share the machine's load)."""
    import statistics

    env = os.environ.copy()
    base_env = {**env, "PYTHONPATH": baseline_src}
    walls, cpus = [], []
    for n in range(rounds):
        got = {}
        for label, e in (("baseline", base_env), ("this tree", env)):
            out = subprocess.run([sys.executable, __file__, "--child", "engine"], capture_output=True, text=True, env=e)
            if out.returncode:
                sys.exit(f"engine ({label}) failed:\n{out.stderr[-4000:]}")
            got[label] = json.loads(out.stdout.strip().splitlines()[-1])
        b, t = got["baseline"], got["this tree"]
        walls.append(t["stats"]["seconds"] / b["stats"]["seconds"])
        cpus.append(t["cpu_seconds"] / b["cpu_seconds"])
        print(
            f"pair {n + 1}: baseline {b['stats']['seconds']:.2f} s (CPU {b['cpu_seconds']:.2f} s, compute "
            f"{b['stats']['compute_seconds']:.2f} s, {b['stats']['chunks']} chunks, peak {b['peak_rss_mb']:.0f} MB) · "
            f"this tree {t['stats']['seconds']:.2f} s (CPU {t['cpu_seconds']:.2f} s, compute "
            f"{t['stats']['compute_seconds']:.2f} s, {t['stats']['chunks']} chunks, peak {t['peak_rss_mb']:.0f} MB) → "
            f"{walls[-1]:.2f}× wall, {cpus[-1]:.2f}× CPU",
            flush=True,
        )
    print(
        f"full recompute on {connection_vendor()}, this tree ÷ baseline, median of {rounds} pairs: "
        f"{statistics.median(walls):.2f}× wall, {statistics.median(cpus):.2f}× CPU"
    )


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

    from chumchon.poverty import engine, store, village_results
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
    chunks = engine._chunks(
        spec,
        store.household_files(directory),
        store.person_files(directory),
        engine.CHUNK_BYTES,
        rollup_limit=engine.ROLLUP_CHUNK_BYTES,
    )
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
    token = village_results.new_token()
    path = village_results.base_path(survey_round, token)
    village_results.write_table(engine._village_file_rows(spec, lower, engine._previous_villages(survey_round)), path)
    lap("village file written (Parquet; in a thread beside the rows below in recompute_round)")
    fin = engine._Finaliser(spec, {})
    rows = engine._final_rows(con, spec, survey_round.pk, fin)
    lap("database rows built and fetched")
    with transaction.atomic():
        AreaPovertyResult.objects.filter(survey_round=survey_round).delete()
        lap("database: delete old rows")
        fin.insert(rows)
        lap("database: insert new rows")
    lap("database: commit")
    path.unlink()  # the round keeps pointing to the file of its last recompute (same figures)
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
    from chumchon.poverty.selectors import results

    survey_round = _round()
    tambon = "240104"

    def visible() -> int:
        """What the tambon's page reads: its row and its villages' (from the round's village file)."""
        fresh = _round()
        assert results.area_result(fresh, tambon) is not None
        return len(results.child_results(fresh, tambon))

    households, persons = store.read_tambon(survey_round, tambon)
    before = AreaPovertyResult.objects.get(survey_round=survey_round, level="nation")
    # A correction: every household now fails indicator i13 (housing).
    changed = households.set_column(
        households.schema.get_field_index("i13"), "i13", pa.array([0] * households.num_rows, pa.int8())
    )
    started, cpu_started = time.perf_counter(), time.process_time()
    store.replace_tambon(survey_round, tambon, changed, persons)
    engine.recompute_tambons(survey_round, [tambon])
    villages = visible()
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    after = AreaPovertyResult.objects.get(survey_round=survey_round, level="nation")
    changed_ok = after.deprived_by_indicator["i13"] != before.deprived_by_indicator["i13"] or not households.num_rows
    # Put the original data back (so the next run starts from the generated round): the same work
    # again, now in a warm process (the first call pays one-off imports, e.g. pandas via pyarrow).
    warms, warm_cpus = [], []
    for data in (households, changed, households, changed, households):  # back to the original data last
        started, cpu_started = time.perf_counter(), time.process_time()
        store.replace_tambon(survey_round, tambon, data, persons)
        engine.recompute_tambons(survey_round, [tambon])
        visible()
        warms.append(time.perf_counter() - started)
        warm_cpus.append(time.process_time() - cpu_started)
    warm = min(warms)
    restored = AreaPovertyResult.objects.get(survey_round=survey_round, level="nation")
    return {
        "seconds": seconds,
        "cpu_seconds": cpu,
        "warm_seconds": warm,
        "warm_cpu_all": warm_cpus,
        "tambon_households": households.num_rows,
        "villages": villages,
        "warm_all": warms,
        "nation_changed": bool(changed_ok),
        "restored": restored.deprived_by_indicator == before.deprived_by_indicator,
        "pc": pc.__name__,
    }


# --- reference: one direct DuckDB query (issue 16, item 2) ------------------------------------


def reference_sql(spec: Any, hh_files: list[Path], layout: list[str]) -> str:
    """The most direct single DuckDB query of the same outputs, written without the engine's helpers:
    one row per household (a boolean per indicator, its score) → villages (``count_if`` per
    indicator) → tambon … nation by ``GROUPING SETS`` over the villages; H, A and M0 as integers
    scaled by 10¹² (truncated, as stored). It reads what the recompute reads: the household files
    with their write-time member roll-up (``_r_*``; ``layout`` is the roll-up's person bit order)."""
    from chumchon.poverty import store
    from chumchon.poverty.af import years_before

    def q(name: str) -> str:
        return '"' + name.replace('"', '""') + '"'

    elderly_by = years_before(spec.reference_date, 60).isoformat()
    child_after = years_before(spec.reference_date, 6).isoformat()
    fails: dict[str, str] = {}
    for ind in spec.indicators:
        if ind.level == "household":
            fails[ind.code] = f"coalesce({q(ind.code)} = 0, false)"
        else:
            m, j = divmod(layout.index(ind.code), store.MASK_BITS)
            fails[ind.code] = f"(_r_fail{m} & {1 << j}::BIGINT) <> 0"
    measured = [i for i in spec.measured]
    dims = spec.dimensions
    score = " + ".join(f"CASE WHEN g_{i.code} THEN {i.weight} ELSE 0 END" for i in measured if i.weight) or "0"
    household = ",\n".join(
        [
            "village_code",
            "_r_persons::BIGINT AS persons",
            f"len(list_filter(_r_births, lambda x: x <= DATE '{elderly_by}'))::BIGINT AS elderly",
            f"len(list_filter(_r_births, lambda x: x > DATE '{child_after}'))::BIGINT AS children_0_5",
            *(f"_r_{c}::BIGINT AS {c}" for c in store.ROLLUP_COUNTS),
            *(f"{cond} AS g_{code}" for code, cond in fails.items()),
        ]
    )
    flags = ",\n".join(
        [
            f"({score})::BIGINT AS score",
            f"({' OR '.join(f'g_{i.code}' for i in measured) or 'false'}) AS deprived_any",
            *(
                f"({' OR '.join(f'g_{i.code}' for i in measured if i.dimension == d)}) AS {q('dim__' + d)}"
                for d in dims
            ),
        ]
    )
    counts = ["persons", "elderly", "children_0_5", *store.ROLLUP_COUNTS]
    poor = f"score * {spec.k.denominator} >= {spec.k.numerator} * {spec.big_w}"
    village = ",\n".join(
        [
            "count(*) AS households",
            *(f"sum({c})::BIGINT AS {c}" for c in counts),
            "count_if(deprived_any AND welfare_verified > 0) AS target_poor_households",
            "coalesce(sum(welfare_verified) FILTER (deprived_any), 0)::BIGINT AS target_poor_persons",
            "count_if(deprived_any) AS deprived_any_households",
            f"count_if({poor}) AS af_poor_households",
            f"coalesce(sum(score) FILTER ({poor}), 0)::BIGINT AS af_score_sum",
            *(f"count_if({q('dim__' + d)}) AS {q('dim__' + d)}" for d in dims),
            *(f"count_if(g_{i.code}) AS {q('ind__' + i.code)}" for i in spec.indicators),
            *(f"count_if(g_{i.code} AND {poor}) AS {q('cens__' + i.code)}" for i in measured),
        ]
    )
    sums = [
        "households",
        *counts,
        "target_poor_households",
        "target_poor_persons",
        "deprived_any_households",
        "af_poor_households",
        "af_score_sum",
        *(f"dim__{d}" for d in dims),
        *(f"ind__{i.code}" for i in spec.indicators),
        *(f"cens__{i.code}" for i in measured),
    ]
    resum = ", ".join(f"sum({q(c)})::BIGINT AS {q(c)}" for c in sums)
    w = spec.big_w
    ratios = (
        "CASE WHEN households = 0 THEN 0 ELSE (af_poor_households::HUGEINT * 1000000000000 // households)::BIGINT "
        "END AS h12, "
        f"CASE WHEN af_poor_households = 0 THEN 0 ELSE (af_score_sum::HUGEINT * 1000000000000 // "
        f"(af_poor_households * {w}))::BIGINT END AS a12, "
        f"CASE WHEN households = 0 THEN 0 ELSE (af_score_sum::HUGEINT * 1000000000000 // "
        f"(households * {w}))::BIGINT END AS m12"
    )
    return f"""
    WITH h AS (SELECT *, {flags} FROM (SELECT {household} FROM read_parquet({store.sql_list(hh_files)}))),
    v AS (SELECT village_code, {village} FROM h GROUP BY village_code),
    up AS (
        SELECT CASE WHEN GROUPING(tambon) = 0 THEN 'subdistrict' WHEN GROUPING(district) = 0 THEN 'district'
                    WHEN GROUPING(province) = 0 THEN 'province' WHEN GROUPING(cluster) = 0 THEN 'cluster'
                    WHEN GROUPING(region) = 0 THEN 'region' ELSE 'nation' END AS level,
               coalesce(tambon, district, province, '') AS area_code,
               coalesce(cluster, region, '') AS group_code,
               (GROUPING(cluster) = 0 AND cluster IS NULL) OR (GROUPING(region) = 0 AND region IS NULL) AS orphan,
               {resum}
        FROM (SELECT v.*, left(village_code, 6) AS tambon, left(village_code, 4) AS district,
                     left(village_code, 2) AS province, m.cluster_code AS cluster, m.region_code AS region
              FROM v LEFT JOIN prov_map m ON m.province_code = left(village_code, 2))
        GROUP BY GROUPING SETS ((tambon), (district), (province), (cluster), (region), ())
    )
    SELECT *, {ratios} FROM (
        SELECT 'village' AS level, village_code AS area_code, '' AS group_code, * EXCLUDE (village_code) FROM v
        UNION ALL BY NAME
        SELECT * EXCLUDE (orphan) FROM up WHERE NOT orphan
    )
    """


def step_reference() -> dict[str, Any]:
    """The reference query timed (to an Arrow table in this process), then checked equal, row by row
    and field by field, to the results the engine stored (``AreaPovertyResult``)."""
    from decimal import Decimal

    from chumchon.poverty import engine, store, village_results

    survey_round = _round()
    spec = engine.spec_for(survey_round)
    hh_files = store.household_files(store.round_dir(survey_round))
    layouts = {tuple(v) if v is not None else None for v in engine.rollup_usable(spec, hh_files).values()}
    if len(layouts) != 1 or None in layouts:
        raise SystemExit(f"reference: the household files need one common roll-up layout, found {layouts}")
    layout = list(next(iter(layouts)))  # type: ignore[arg-type]
    sql = reference_sql(spec, hh_files, layout)
    timings, cpus = [], []
    table = None
    warm_process()
    for _ in range(2):  # best of two: the first pays the file cache as the engine's run did before it
        started, cpu = time.perf_counter(), time.process_time()
        con = store.duckdb_connection()
        con.register("prov_map", engine._province_groups())
        table = con.sql(sql).to_arrow_table()
        con.close()
        timings.append(time.perf_counter() - started)
        cpus.append(time.process_time() - cpu)
    query_peak = peak_rss_mb()  # before the check below, which holds both sides as Python objects
    assert table is not None
    ref = {}
    cols = {n: table.column(n).to_pylist() for n in table.column_names}
    for r in range(table.num_rows):
        key = (cols["level"][r], cols["area_code"][r], cols["group_code"][r])
        ref[key] = (
            *(cols[f][r] for f in engine.COUNT_FIELDS),
            {d: cols["dim__" + d][r] for d in spec.dimensions},
            {i.code: cols["ind__" + i.code][r] for i in spec.indicators},
            {i.code: cols["cens__" + i.code][r] for i in spec.measured},
            cols["h12"][r],
            cols["a12"][r],
            cols["m12"][r],
        )
    scale = Decimal(10**12)
    stored = {}
    # Tambons and above from the database, villages from the round's village file.
    for row in village_results.all_results(survey_round):
        stored[(row.level, row.area_code, row.group_code)] = (
            *(getattr(row, f) for f in engine.COUNT_FIELDS),
            row.deprived_by_dimension,
            row.deprived_by_indicator,
            row.censored_by_indicator,
            int(Decimal(row.af_h) * scale),
            int(Decimal(row.af_a) * scale),
            int(Decimal(row.af_m0) * scale),
        )
    missing = sorted(set(stored) ^ set(ref))
    differ = sorted(k for k in set(stored) & set(ref) if stored[k] != ref[k])
    if missing or differ:
        sample = differ[:3]
        detail = "; ".join(f"{k}: stored {stored[k]} reference {ref[k]}" for k in sample)
        raise SystemExit(
            f"REFERENCE MISMATCH: {len(missing)} rows in only one of them (e.g. {missing[:5]}), "
            f"{len(differ)} rows differing. {detail}"
        )
    return {
        "seconds": min(timings),
        "cpu_seconds": cpus[timings.index(min(timings))],
        "first_seconds": timings[0],
        "rows": len(ref),
        "checked": len(stored),
        "query_peak_rss_mb": query_peak,
    }


def connection_vendor() -> str:
    from django.db import connection

    return connection.vendor


# --- main ---------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of national size (1.0 = 13 M households)")
    parser.add_argument("--seed", type=int, default=2566)
    parser.add_argument("--pandas-persons", type=int, default=4_000_000, help="pandas sample size (persons)")
    parser.add_argument("--duplicates", type=int, default=100, help="cross-area duplicates for the duplicates step")
    parser.add_argument(
        "--skip",
        default="",
        help="comma-separated steps to leave out: duplicates, breakdown, pandas (quick runs); tambon (with --pairs)",
    )
    parser.add_argument(
        "--pairs", type=int, default=0, help="only alternate reference and recompute this many times, then one tambon"
    )
    parser.add_argument(
        "--tambon-against",
        metavar="SRC",
        help="only one tambon, alternated with the same step on the source tree SRC (a baseline), --pairs times",
    )
    parser.add_argument(
        "--engine-against",
        metavar="SRC",
        help="only the full recompute, alternated with the same step on the source tree SRC, --pairs times",
    )
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    setup_django()
    if args.child:
        fn = {
            "idle": step_idle,
            "floor": step_floor,
            "rollup": step_rollup,
            "ours": step_ours,
            "engine": step_engine,
            "reference": step_reference,
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
    if args.engine_against:
        engine_against(args.engine_against, args.pairs or 3)
        return
    if args.tambon_against:
        tambon_against(args.tambon_against, args.pairs or 3)
        return
    if args.pairs:
        pairs(args.pairs, {s.strip() for s in args.skip.split(",") if s.strip()})
        return
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
        f"(recompute_round compute + store {st['seconds']:.2f} s, of which compute {st['compute_seconds']:.2f} s; "
        f"{st['rows']:,} area rows, {st['chunks']} chunks; the rest: after-recompute listeners)",
        flush=True,
    )
    ref = run_child("reference")
    print(
        f"reference (one DuckDB query) {ref['seconds']:6.2f} s  peak {ref['query_peak_rss_mb']:7.0f} MB  "
        f"(best of 2, first {ref['first_seconds']:.2f} s; {ref['rows']:,} area rows, all equal to the stored results)",
        flush=True,
    )
    # The recompute again, after the reference: the ratio takes each side's best run, so a load
    # spike from other jobs on the machine during one run does not decide it.
    again = run_child("ours")
    # recompute_round's own time (compute + store: ``stats["seconds"]``) is what the goal measures; the
    # step's wall time adds the after-recompute listeners of higher apps (the portal's public table).
    best = min(ours, again, key=lambda r: r["stats"]["seconds"])
    print(
        f"ours again                 {again['seconds']:6.2f} s  peak {again['peak_rss_mb']:7.0f} MB  "
        f"(compute + store {again['stats']['seconds']:.2f} s, compute {again['stats']['compute_seconds']:.2f} s); "
        f"best of the two {best['stats']['seconds']:.2f} s",
        flush=True,
    )
    skip = {s.strip() for s in args.skip.split(",") if s.strip()}
    pan: dict[str, Any] | None = None
    if "duplicates" not in skip:
        dup = run_child("duplicates", ["--duplicates", str(args.duplicates)])
        print(
            f"ours with duplicates     {dup['seconds']:8.2f} s  peak {dup['peak_rss_mb']:7.0f} MB  "
            f"({dup['pairs']} cross-area duplicates left out in {dup['raw_districts']} districts read without the "
            f"roll-up; persons dropped {dup['dropped']}; {dup['seconds'] / ours['seconds']:.2f}× the run without)",
            flush=True,
        )
    if "breakdown" not in skip:
        parts = run_child("breakdown")
        print("  where the time goes: " + "; ".join(f"{k} {v:.2f} s" for k, v in parts["parts"].items()), flush=True)
    pandas_s = pandas_mb = 0.0
    if "pandas" not in skip:
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
        f"(best of {len(tam['warm_all'])} warm; {tam['tambon_households']} households, {tam['villages']} villages read back; "
        f"nation changed: {tam['nation_changed']}, restored: {tam['restored']})",
        flush=True,
    )
    print(f"idle process (Django + imports) peak {idle['peak_rss_mb']:.0f} MB")
    print("ratios:")
    print(f"  recompute / floor            {ours['seconds'] / floor['seconds']:6.2f}×  (goal ≤ 2×)")
    print(f"  compute only / floor         {st['compute_seconds'] / floor['seconds']:6.2f}×")
    print(f"  recompute / old raw floor    {ours['seconds'] / floor['raw_seconds']:6.2f}×")
    if pan is not None:
        print(f"  pandas / ours, time          {pandas_s / ours['seconds']:6.2f}×  (goal ≥ 3×)")
        print(f"  pandas / ours, peak memory   {pandas_mb / ours['peak_rss_mb']:6.2f}×  (goal ≥ 5×)")
    vendor = connection_vendor()
    engine_s = best["stats"]["seconds"]
    print(
        f"  recompute / reference query  {engine_s / ref['seconds']:6.2f}×  on {vendor} (goal ≤ 1.3×; "
        f"recompute_round's compute + store {engine_s:.2f} s; compute only "
        f"{best['stats']['compute_seconds'] / ref['seconds']:.2f}×; best of two each)"
    )
    listeners = best["seconds"] - engine_s
    print(
        f"  with after-recompute listeners {best['seconds'] / ref['seconds']:4.2f}×  (+{listeners:.2f} s: the portal's "
        "public table of the round, written after the engine's transaction)"
    )
    store_s = engine_s - best["stats"]["compute_seconds"]
    print(
        f"  store share of the recompute {100 * store_s / engine_s:5.1f} %  ({store_s:.2f} s: district … nation, "
        "village file, database rows)"
    )
    print(
        f"  one tambon                   {tam['seconds']:6.2f} s cold, {tam['warm_seconds']:.2f} s warm (goal ≤ 1 s; issue 16: ≤ 0.5 s)"
    )
    print(f"  ours peak                    {ours['peak_rss_mb']:6.0f} MB (goal < 2048 MB; issue 16: < 1024 MB)")


if __name__ == "__main__":
    main()
