"""Indicator roll-up at national size: 7,436 tambons × 50 indicators × 3 fiscal years through every
aggregation type (sum, average, weighted, latest, share; 10 indicators each), against baselines
measured in the same run over the same values.

    .venv/bin/python bench/indicators.py [--repeat 5]

Needs no database: the tree is synthetic but national-shaped (77 provinces, 928 districts, 7,436
tambons; 18 clusters, Bangkok outside every cluster; 5 CODI regions).

- ours: ``indicators.rollup.rollup_arrow`` — every unit (tambon, district, province, cluster, region,
  nation) for every indicator and year, each by its own aggregation, with "latest" carried forward.
- baseline A: one DuckDB GROUP BY of the same values (indicator, year, province) with SUM.
- baseline B: one DuckDB GROUP BY GROUPING SETS over the same six levels with SUM only.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chumchon.settings")

import django

django.setup()

import duckdb  # noqa: E402
import numpy as np  # noqa: E402
import pyarrow as pa  # noqa: E402

from chumchon.indicators.rollup import province_table, rollup, rollup_arrow  # noqa: E402
from chumchon.indicators.units import ProvinceMap  # noqa: E402

TAMBONS = 7436
PROVINCES = 77
DISTRICTS = 928
INDICATORS = 50
YEARS = [2568, 2569, 2570]
AGGREGATIONS = ["sum", "average", "weighted", "latest", "share"]


def tree(rng: random.Random) -> tuple[list[str], ProvinceMap]:
    provinces = [f"{10 + i:02d}" for i in range(PROVINCES)]
    districts: list[str] = []
    per = [DISTRICTS // PROVINCES + (1 if i < DISTRICTS % PROVINCES else 0) for i in range(PROVINCES)]
    for p, n in zip(provinces, per, strict=True):
        districts += [f"{p}{d + 1:02d}" for d in range(n)]
    tambons: list[str] = []
    per_d = [TAMBONS // DISTRICTS + (1 if i < TAMBONS % DISTRICTS else 0) for i in range(DISTRICTS)]
    for d, n in zip(districts, per_d, strict=True):
        tambons += [f"{d}{t + 1:02d}" for t in range(n)]
    cluster = {p: ("" if p == "10" else f"C{(i % 18) + 1:02d}") for i, p in enumerate(provinces)}
    region = {p: f"R{(i % 5) + 1}" for i, p in enumerate(provinces)}
    return tambons, ProvinceMap(cluster=cluster, region=region)


def values(tambons: list[str]) -> tuple[pa.Table, dict[int, str]]:
    n = len(tambons)
    rng = np.random.default_rng(2565)
    ids, years, codes, vals, weights = [], [], [], [], []
    code_arr = np.array(tambons, dtype=object)
    aggs = {}
    for ind in range(1, INDICATORS + 1):
        agg = AGGREGATIONS[(ind - 1) % len(AGGREGATIONS)]
        aggs[ind] = agg
        for year in YEARS:
            ids.append(np.full(n, ind, dtype=np.int32))
            years.append(np.full(n, year, dtype=np.int16))
            codes.append(code_arr)
            vals.append(np.round(rng.uniform(0, 1000, n), 2))
            weights.append(np.round(rng.uniform(1, 100, n), 2) if agg in ("weighted", "share") else np.full(n, np.nan))
    table = pa.table(
        {
            "indicator_id": pa.array(np.concatenate(ids)),
            "year": pa.array(np.concatenate(years)),
            "area_code": pa.array(np.concatenate(codes).tolist(), pa.string()),
            "value": pa.array(np.concatenate(vals)),
            "weight": pa.array(np.concatenate(weights), from_pandas=True),
        }
    )
    return table, aggs


BASELINE_A = "SELECT indicator_id, year, substr(area_code, 1, 2) AS p, sum(value) FROM v GROUP BY ALL"
BASELINE_B = """
SELECT indicator_id, year, t6, d4, p2, cl, rg, sum(value) FROM (
    SELECT v.*, area_code AS t6, substr(area_code, 1, 4) AS d4, substr(area_code, 1, 2) AS p2,
           p.cluster AS cl, p.region AS rg FROM v LEFT JOIN p ON p.province = substr(area_code, 1, 2))
GROUP BY GROUPING SETS ((indicator_id, year, t6), (indicator_id, year, d4), (indicator_id, year, p2),
                        (indicator_id, year, cl), (indicator_id, year, rg), (indicator_id, year))
"""


def timed(fn, repeat: int) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    tambons, pmap = tree(random.Random(2565))
    table, aggs = values(tambons)
    print(f"values: {table.num_rows:,} ({len(tambons):,} tambons × {INDICATORS} indicators × {len(YEARS)} years)")

    def baseline(sql: str) -> None:
        con = duckdb.connect()
        con.register("v", table)
        con.register("p", province_table(pmap))
        con.sql(sql).to_arrow_table()
        con.close()

    def ours() -> None:
        rollup_arrow(table, aggs, YEARS, pmap)

    def ours_above() -> None:
        rollup_arrow(table, aggs, YEARS, pmap, leaves=False)

    rows = rollup_arrow(table, aggs, YEARS, pmap).num_rows
    t_a = timed(lambda: baseline(BASELINE_A), args.repeat)
    t_b = timed(lambda: baseline(BASELINE_B), args.repeat)
    t_ours = timed(ours, args.repeat)
    t_above = timed(ours_above, args.repeat)
    t_full = timed(lambda: rollup(table, aggs, YEARS, pmap, wanted=["", "10", "24", "2401"]), args.repeat)
    print(f"figures produced: {rows:,} (every unit, indicator and year)")
    print(f"baseline A, one GROUP BY (indicator, year, province), SUM: {t_a:.3f} s")
    print(f"baseline B, one GROUP BY GROUPING SETS over the six levels, SUM: {t_b:.3f} s")
    print(f"ours, every level and aggregation (rollup_arrow): {t_ours:.3f} s")
    print(f"ours, every level above the tambons (their own values not passed through): {t_above:.3f} s")
    print(f"ours, one report (a unit and its children as Python Decimals): {t_full:.3f} s")
    print(f"ratio ours / baseline A: {t_ours / t_a:.2f}×")
    print(f"ratio ours / baseline B: {t_ours / t_b:.2f}×  (goal ≤ 2×)")
    print(f"ratio ours above the tambons / baseline A: {t_above / t_a:.2f}×")


if __name__ == "__main__":
    main()
