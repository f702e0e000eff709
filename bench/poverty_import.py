"""Survey import and target lists: time and rows per second, as ratios to plain CSV reading.

    CHUMCHON_DATA_DIR=$(mktemp -d) .venv/bin/python bench/poverty_import.py [--sizes 20:1000 90:2000] [--cp874]
        [--area 24 | --area ''] [--files DIR] [--baseline-runs N] [--job-runs M] [--skip-tabular] [--generate-only]

``--baseline-runs N --job-runs M``: csv.reader N times before and N after, M jobs (fresh processes)
with a csv.reader run between two; besides the usual ratio (the job's fastest CPU run over the
mean baseline) the fastest job over the fastest csv.reader run is printed — noise only adds time, so
minima are the steadiest estimate of each side's cost. ``BENCH_REIMPORT=1`` keeps a size's earlier
store files (a second run of one size in one data directory is then a re-import).

``--area ''`` takes the nation's first tambons (a file over several provinces, imported by a
superuser), so a file can grow by districts rather than by households per tambon; ``--files DIR``
keeps the generated files there and reuses them in later runs (``--generate-only``: make them and stop;
they are written district by district, so a national file — ``--area '' --sizes 7436:1750``, 13 M
households and 36 M persons — streams through without being held in memory). ``--skip-tabular`` leaves
out the row-dict reading, minutes on a national file.

For each size ``tambons:households per tambon`` it generates a synthetic round (H5's generator) for
that many tambons of province 24 and writes it out as two survey files (CSV, UTF-8 or with
``--cp874`` TIS-620) with Thai headers — the survey's columns only, not the store's derived roll-up
— then times in one run:

* baseline: reading both CSV files with ``csv.reader`` (nothing else), before and after the job (mean);
* ``tabular`` reading (encoding detection + mapped row dicts, the reference validator's reader);
* the full import job in a fresh subprocess (``survey_import_run``: validate every row, write the
  store, recompute), with each step's time and peak RSS (VmHWM, reset between steps through
  ``/proc/self/clear_refs``), so validation + writing can be compared across file sizes;
* one tambon's target list (``targets_selectors.target_list``).

``BENCH_PROFILE=FILE`` writes the job's cProfile statistics (CPU time); ``BENCH_MEMRAY=FILE`` traces
the job's allocations with memray (when installed: ``pip install memray``).

The data directory given by CHUMCHON_DATA_DIR is used as is (make it a throwaway one); with
CHUMCHON_DATABASE_URL the rows go to that PostgreSQL database.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import django
import pyarrow as pa
import pyarrow.parquet as pq

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chumchon.settings")
django.setup()

from django.conf import settings  # noqa: E402
from django.core.files.uploadedfile import UploadedFile  # noqa: E402
from django.core.management import call_command  # noqa: E402

from chumchon.accounts.models import RoleAssignment, User  # noqa: E402
from chumchon.areas.models import Area  # noqa: E402
from chumchon.areas.services import areas_load  # noqa: E402
from chumchon.core import tabular  # noqa: E402
from chumchon.poverty import generator, store  # noqa: E402
from chumchon.poverty.imports import job  # noqa: E402
from chumchon.poverty.indicators_data import indicator_sets_load  # noqa: E402
from chumchon.poverty.models import IndicatorSet, SurveyImport, SurveyRound  # noqa: E402
from chumchon.poverty.selectors import targets as targets_selectors  # noqa: E402
from chumchon.poverty.services import survey_imports as survey_imports_services  # noqa: E402


def peak_rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def reset_peak() -> None:
    Path("/proc/self/clear_refs").write_text("5")


class PhaseProgress:
    """Times the import job's four steps and the peak RSS of each (reset between steps); samples RSS,
    the peak since the step began and Arrow's live memory at every batch (the validator reports each)."""

    def __init__(self) -> None:
        self.phases: list[dict[str, Any]] = []
        self.samples: list[tuple[float, float, float]] = []
        self.start = time.perf_counter()
        self.cpu_start = time.process_time()
        reset_peak()

    def set_total(self, total: int) -> None:
        pass

    def advance(self, n: int = 1, message: str = "") -> None:
        import pyarrow as pa

        if not n:
            self.samples.append((rss_mb(), peak_rss_mb(), pa.total_allocated_bytes() / 2**20))
            return
        now, cpu = time.perf_counter(), time.process_time()
        self.phases.append(
            {
                "step": message,
                "seconds": now - self.start,
                "cpu": cpu - self.cpu_start,
                "peak_mb": peak_rss_mb(),
                "batches": self.samples,
            }
        )
        self.samples = []
        self.start, self.cpu_start = now, cpu
        reset_peak()


def write_csv(tables: Any, path: Path, rename: dict[str, str], encoding: str) -> int:
    """Write the tables (one district's at a time, read lazily) as one CSV file: the survey's
    columns only, booleans as 0/1, dates as yyyy-mm-dd, nulls empty (a national file streams
    through, never whole in memory)."""
    count = 0
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle)
        header = False
        for table in tables:
            columns = [c for c in table.column_names if not c.startswith(store.ROLLUP_PREFIX)]
            if not header:
                writer.writerow([rename.get(c, c) for c in columns])
                header = True
            for batch in table.select(columns).to_batches(200_000):
                values = []
                for column in batch.columns:
                    if pa.types.is_boolean(column.type):
                        column = column.cast(pa.int8())
                    elif pa.types.is_date(column.type):
                        column = column.cast(pa.string())
                    values.append(column.to_pylist())
                writer.writerows(zip(*values, strict=True))  # csv writes None as an empty cell
                count += batch.num_rows
    return count


def setup(area: str = "24") -> tuple[User, IndicatorSet]:
    call_command("migrate", verbosity=0)
    if not Area.objects.exists():
        areas_load()
    indicator_sets_load()
    if not area:  # a national file: imported by a superuser
        user, _ = User.objects.get_or_create(username="bench-importer-nation", defaults={"is_superuser": True})
        return user, IndicatorSet.objects.get(code="jpt-2566")
    user, _ = User.objects.get_or_create(username="bench-importer")
    RoleAssignment.objects.get_or_create(
        user=user, role="cdd_provincial_officer", scope_kind="area", area=Area.objects.get(code=area)
    )
    return user, IndicatorSet.objects.get(code="jpt-2566")


def make_files(
    iset: IndicatorSet, n_tambons: int, households: int, work: Path, encoding: str, area: str = "24"
) -> tuple[Path, Path, int]:
    stem = f"{area or 'nation'}-{n_tambons}-{households}-{encoding}"
    hh_path, p_path, sidecar = work / f"households-{stem}.csv", work / f"persons-{stem}.csv", work / f"{stem}.json"
    if sidecar.exists() and hh_path.exists() and p_path.exists():  # kept by --files from an earlier run
        rows = json.loads(sidecar.read_text())["rows"]
        print(f"data: {rows:,} rows from {hh_path.parent} (kept)")
        return hh_path, p_path, rows
    code = f"bench-src-{n_tambons}-{households}"
    SurveyImport.objects.filter(survey_round__code=code).delete()  # a size before with as many tambons
    SurveyRound.objects.filter(code=code).delete()
    source = SurveyRound.objects.create(code=code, name="bench source", year_be=2566, indicator_set=iset)
    tambons = list(
        Area.objects.filter(level="subdistrict", code__startswith=area).order_by("code").values_list("code", flat=True)
    )[:n_tambons]
    generator.generate_round(source, tambons, households_per_tambon={t: households for t in tambons}, seed=1)
    directory = store.round_dir(source)
    n_h = write_csv(
        (pq.read_table(f) for f in store.household_files(directory)),
        hh_path,
        {"household_id": "รหัสครัวเรือน", "tambon_code": "รหัสตำบล", "house_no": "บ้านเลขที่"},
        encoding,
    )
    n_p = write_csv(
        (pq.read_table(f) for f in store.person_files(directory)),
        p_path,
        {"national_id": "เลขประจำตัวประชาชน", "household_id": "รหัสครัวเรือน"},
        encoding,
    )
    print(
        f"data: {len(tambons)} tambons, {n_h:,} households, {n_p:,} persons ({n_h + n_p:,} rows, "
        f"{(hh_path.stat().st_size + p_path.stat().st_size) / 1e6:.1f} MB CSV, {encoding})"
    )
    sidecar.write_text(json.dumps({"rows": n_h + n_p}))
    # The source round's store files are not needed past this point (a national size is gigabytes).
    shutil.rmtree(directory, ignore_errors=True)
    return hh_path, p_path, n_h + n_p


def child_import(hh_path: Path, p_path: Path, n_tambons: int, area: str) -> None:
    """In a fresh process: upload, run the import job (timed per step), one tambon's target list."""
    user, iset = setup(area)
    # A round of its own per file (tambons and size): each size is a round's first import. (One code
    # per number of tambons let a larger file re-import over a smaller one's store files, adding the
    # cross-area scan of every ID to its write step.) BENCH_REIMPORT=1 keeps the files: a re-import.
    code = f"bench-imp-{n_tambons}-{hh_path.stat().st_size}"
    SurveyImport.objects.filter(survey_round__code=code).delete()
    SurveyRound.objects.filter(code=code).delete()
    target = SurveyRound.objects.create(code=code, name="bench import", year_be=2566, indicator_set=iset)
    if not os.environ.get("BENCH_REIMPORT"):
        shutil.rmtree(store.round_dir(target), ignore_errors=True)
    record = survey_imports_services.survey_import_upload_in_transaction(
        actor=user,
        survey_round=target,
        area_code=area,
        household_file=UploadedFile(hh_path.open("rb"), hh_path.name, size=hh_path.stat().st_size),
        person_file=UploadedFile(p_path.open("rb"), p_path.name, size=p_path.stat().st_size),
    )  # streamed from the files, as Django hands a large upload over (not read into memory)
    record.status = "queued"
    record.save()
    record = SurveyImport.objects.get(pk=record.pk)
    # A worker process is long-lived: pyarrow's first pa.array() imports pandas (1-2 s), once per
    # process, not per import; do it before the clock starts.
    import pyarrow as pa

    pa.array([1])
    baseline_rss = rss_mb()
    progress = PhaseProgress()
    profile_to = os.environ.get("BENCH_PROFILE")  # a path: the job's cProfile statistics go there
    profiler = None
    if profile_to:
        import cProfile

        profiler = cProfile.Profile(time.process_time)  # CPU time: the wall clock waits on other agents
        profiler.enable()
    # A path: the job's allocations are traced with memray (if installed) into that file, whose
    # `memray stats` / `memray flamegraph` show what is held at the job's peak.
    memray_to = os.environ.get("BENCH_MEMRAY")
    tracker: Any = contextlib.nullcontext()
    if memray_to:
        import memray

        Path(memray_to).unlink(missing_ok=True)
        tracker = memray.Tracker(memray_to)
    start, cpu_start = time.perf_counter(), time.process_time()
    with tracker:
        result = job.survey_import_run(survey_import=record, progress=progress)
    total, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    if profiler is not None:
        profiler.disable()
        profiler.dump_stats(profile_to)
    assert result["status"] == "succeeded", (result, SurveyImport.objects.get(pk=record.pk).message)
    first = Area.objects.filter(level="subdistrict", code__startswith=area).order_by("code").first()
    assert first is not None
    start = time.perf_counter()
    tl = targets_selectors.target_list(survey_round=target, tambon=first, show_ids=False)
    t_tl = time.perf_counter() - start
    print(
        json.dumps(
            {
                "total": total,
                "cpu": cpu,
                "phases": progress.phases,
                "rss_before_mb": baseline_rss,
                "target_list": t_tl,
                "target_households": len(tl.households),
            }
        )
    )


def run_size(args: argparse.Namespace, iset: IndicatorSet, size: str, work: Path) -> dict[str, Any]:
    n_tambons, households = (int(x) for x in size.split(":"))
    encoding = "cp874" if args.cp874 else "utf-8-sig"
    hh_path, p_path, rows = make_files(iset, n_tambons, households, work, encoding, args.area)
    if args.generate_only:
        return {"rows": rows, "ratio": 0.0, "cpu_ratio": 0.0, "fastest": (0.0, 0.0), "peak": 0.0}

    cpu_times: list[float] = []

    def read_plain() -> float:
        start, cpu_start = time.perf_counter(), time.process_time()
        for path in (hh_path, p_path):
            with path.open(encoding=encoding, newline="") as handle:
                for _ in csv.reader(handle):
                    pass
        cpu_times.append(time.process_time() - cpu_start)
        return time.perf_counter() - start

    # --baseline-runs 0: one csv.reader run, before the job only (a national file's takes minutes).
    walls: list[float] = [read_plain() for _ in range(max(args.baseline_runs, 1))]
    before = walls[-1]
    print(
        f"  baseline csv.reader (before the job): {before:.3f} s ({rows / before:,.0f} rows/s), "
        f"CPU {cpu_times[-1]:.3f} s" + (f" (min of {len(walls)}: {min(walls):.3f} s)" if len(walls) > 1 else "")
    )

    if not args.skip_tabular:
        start = time.perf_counter()
        for path in (hh_path, p_path):
            table = tabular.open_tabular(path)
            for _ in tabular.mapped_rows(table, {h: h for h in table.headers}):
                pass
        t_tab = time.perf_counter() - start
        print(f"  tabular read + mapping (row dicts): {t_tab:.3f} s ({t_tab / before:.1f}x the baseline before)")

    jobs: list[dict[str, Any]] = []
    for run in range(args.job_runs):
        if run:  # interleaved: a baseline run between two jobs
            walls.append(read_plain())
        out = subprocess.run(
            [sys.executable, __file__, "--child", str(hh_path), str(p_path), str(n_tambons), args.area],
            capture_output=True,
            text=True,
            env=os.environ.copy(),
        )
        if out.returncode:
            sys.exit(f"the import job's process failed ({size}):\n{out.stderr[-3000:]}")
        jobs.append(json.loads(out.stdout.strip().splitlines()[-1]))
    # The job's figures are its fastest run's (CPU), its peak the highest of all runs.
    result = min(jobs, key=lambda r: r["cpu"])
    after_runs = [read_plain() for _ in range(args.baseline_runs)]
    walls += after_runs
    after = after_runs[0] if after_runs else before
    # On a shared machine the load moves during the run: the baseline is read before and after the
    # job and the ratios use their mean (both printed).
    baseline = (before + after) / 2
    print(f"  baseline csv.reader (after the job): {after:.3f} s, CPU {cpu_times[-1]:.3f} s; mean {baseline:.3f} s")
    t_imp = result["total"]
    # CPU time (all the process's threads) moves much less than wall time with the machine's load:
    # printed beside, as a second yardstick.
    cpu_base = sum(cpu_times) / len(cpu_times)
    print(
        f"  import job (validate + write + recompute): {t_imp:.3f} s ({rows / t_imp:,.0f} rows/s, "
        f"{t_imp / baseline:.2f}x baseline); CPU {result['cpu']:.3f} s ({result['cpu'] / cpu_base:.2f}x the "
        f"baseline's CPU {cpu_base:.3f} s)"
    )
    if len(walls) > 1 or len(jobs) > 1:
        # Noise only ever adds time: the fastest of several runs is the steadiest estimate of each
        # side's own cost, so the stricter ratio is printed as well (the job's fastest over the
        # baseline's fastest, both wall and CPU).
        t_min, cpu_min = min(r["total"] for r in jobs), min(r["cpu"] for r in jobs)
        print(
            f"  fastest of {len(jobs)} job run(s) / fastest of {len(walls)} csv.reader run(s): "
            f"{t_min:.3f} / {min(walls):.3f} s = {t_min / min(walls):.2f}x wall; "
            f"CPU {cpu_min:.3f} / {min(cpu_times):.3f} s = {cpu_min / min(cpu_times):.2f}x"
        )
    checked = sum(p["seconds"] for p in result["phases"][:2])
    for p in result["phases"]:
        print(f"    {p['step']}: {p['seconds']:.3f} s (CPU {p['cpu']:.3f} s), peak RSS {p['peak_mb']:.0f} MB")
        batches = p["batches"]
        if batches:  # RSS, the step's peak so far and Arrow's live memory after its first, middle and last batch
            picks = sorted({0, len(batches) // 2, len(batches) - 1})
            print(
                f"      {len(batches)} batches; after batch "
                + ", ".join(
                    f"{i + 1}: RSS {batches[i][0]:.0f} / peak {batches[i][1]:.0f} / Arrow {batches[i][2]:.0f} MB"
                    for i in picks
                )
            )
    vw_peak = max(p["peak_mb"] for r in jobs for p in r["phases"][:3])
    print(
        f"  validation alone: {checked:.3f} s ({checked / baseline:.2f}x baseline); "
        f"validation + writing peak RSS {vw_peak:.0f} MB (process before the job: {result['rss_before_mb']:.0f} MB)"
    )
    print(
        f"  target list of one tambon ({result['target_households']:,} deprived households): "
        f"{result['target_list'] * 1000:.0f} ms"
    )
    if not args.files:
        for path in (hh_path, p_path):
            path.unlink()
    fastest = (
        min(r["total"] for r in jobs) / min(walls),
        min(r["cpu"] for r in jobs) / min(cpu_times),
    )
    return {
        "rows": rows,
        "ratio": t_imp / baseline,
        "cpu_ratio": result["cpu"] / cpu_base,
        "fastest": fastest,
        "peak": vw_peak,
    }


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child_import(Path(sys.argv[2]), Path(sys.argv[3]), int(sys.argv[4]), sys.argv[5])
        return
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", nargs="+", default=["20:1000", "80:1000"], help="tambons:households per tambon")
    parser.add_argument("--cp874", action="store_true", help="write the survey files in TIS-620 (cp874)")
    parser.add_argument(
        "--area", default="24", help="the import's area: its first tambons are the file's ('' = the nation's first)"
    )
    parser.add_argument("--files", help="a directory where the survey files are kept and reused across runs")
    parser.add_argument("--baseline-runs", type=int, default=1, help="csv.reader runs before and after the job(s)")
    parser.add_argument(
        "--skip-tabular", action="store_true", help="leave out the row-dict reading (minutes on a national file)"
    )
    parser.add_argument("--generate-only", action="store_true", help="make the files (into --files) and stop")
    parser.add_argument("--job-runs", type=int, default=1, help="import jobs per size (fresh processes)")
    args = parser.parse_args()
    _, iset = setup(args.area)
    if args.files:
        work = Path(args.files)
        work.mkdir(parents=True, exist_ok=True)
    else:
        work = Path(tempfile.mkdtemp(prefix="chumchon-bench-", dir=settings.DATA_DIR))
    print(f"survey store: {settings.SURVEY_STORE}")
    results = [run_size(args, iset, size, work) for size in args.sizes]
    if args.generate_only:
        return
    print("summary (goal: import job <= 5x csv.reader on ~700,000 rows; validation + writing peak <= 600 MB):")
    for r in results:
        print(
            f"  {r['rows']:>10,} rows: import job {r['ratio']:.2f}x csv.reader (CPU time {r['cpu_ratio']:.2f}x), "
            f"validation + writing peak {r['peak']:.0f} MB; fastest / fastest {r['fastest'][0]:.2f}x wall, "
            f"{r['fastest'][1]:.2f}x CPU"
        )
    if len(results) > 1:
        # Flat in the file's size: the peak's growth per 100,000 rows between the smallest and largest file.
        small, large = min(results, key=lambda r: r["rows"]), max(results, key=lambda r: r["rows"])
        if large["rows"] > small["rows"]:
            slope = (large["peak"] - small["peak"]) / (large["rows"] - small["rows"]) * 100_000
            print(
                f"  peak from {small['rows']:,} to {large['rows']:,} rows: {small['peak']:.0f} -> "
                f"{large['peak']:.0f} MB, {slope:+.1f} MB per 100,000 rows"
            )
        # The goal's slope is from the province-size file (~700,000 rows) up: a smaller file is one batch,
        # whose batch memory is not at full size yet.
        province = min((r for r in results if r["rows"] >= 600_000), key=lambda r: r["rows"], default=None)
        if province is not None and large["rows"] > province["rows"] and province is not small:
            slope = (large["peak"] - province["peak"]) / (large["rows"] - province["rows"]) * 100_000
            print(
                f"  peak from the province-size file up, {province['rows']:,} to {large['rows']:,} rows: "
                f"{province['peak']:.0f} -> {large['peak']:.0f} MB, {slope:+.2f} MB per 100,000 rows (goal < 0.5)"
            )


if __name__ == "__main__":
    main()
