"""The roll-up (การรวมค่าขึ้นตามลำดับพื้นที่): leaf values → every unit above, in one DuckDB query.

Input: the current values at the indicators' own level (tambon or province), one row per indicator,
area and fiscal year; each indicator's aggregation; the fiscal years wanted. Output: for every unit
that has data — tambon, district, province, cluster, CODI region, the nation — the figure and the
number of leaf areas behind it.

The rules (the same at every level, computed from the leaves, never from rounded figures above):

- ``sum``: Σ value.
- ``average``: the mean over the leaf areas that have a value (not a mean of means).
- ``weighted``: Σ(value × weight) / Σ weight, the weight being the indicator's weight measure.
- ``latest``: each leaf's latest value in a fiscal year up to the one asked (carried forward while
  the area reports nothing newer), then summed — for stocks such as "welfare funds rated strong".
- ``share``: Σ numerator / Σ denominator × 100 (the value holds the numerator, ``weight`` the
  denominator), so a province's share is its households', not an average of its tambons' shares.

A province outside every cluster (Bangkok) has no cluster figure; its region counts it directly.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import duckdb
import pyarrow as pa

from chumchon.indicators.units import CLUSTER, REGION, ProvinceMap

FOUR = Decimal("0.0001")


@dataclass(frozen=True)
class Rolled:
    value: Decimal | None
    areas: int


def values_table(rows: Iterable[tuple[int, int, str, Any, Any]]) -> pa.Table:
    """``(indicator id, fiscal year, area code, value, weight)`` rows as the roll-up's input."""
    ids: list[int] = []
    years: list[int] = []
    codes: list[str] = []
    values: list[float] = []
    weights: list[float | None] = []
    for ind, year, code, value, weight in rows:
        ids.append(ind)
        years.append(year)
        codes.append(code)
        values.append(float(value))
        weights.append(None if weight is None else float(weight))
    return pa.table(
        {
            "indicator_id": pa.array(ids, pa.int32()),
            "year": pa.array(years, pa.int16()),
            "area_code": pa.array(codes, pa.string()),
            "value": pa.array(values, pa.float64()),
            "weight": pa.array(weights, pa.float64()),
        }
    )


def province_table(pmap: ProvinceMap) -> pa.Table:
    provinces = sorted(pmap.region)
    return pa.table(
        {
            "province": pa.array(provinces, pa.string()),
            "cluster": pa.array([pmap.cluster.get(p) or None for p in provinces], pa.string()),
            "region": pa.array([pmap.region.get(p) or None for p in provinces], pa.string()),
        }
    )


# Partial sums (Σ value, count, Σ value × weight, Σ weight) are additive, so each level is summed from
# the level below it — districts from the tambons, provinces from the districts, clusters, regions and
# the nation from the provinces — and only the last step applies each indicator's aggregation.
ROLLUP_SQL = f"""
WITH years AS (SELECT unnest($years::SMALLINT[]) AS y),
src AS (
    SELECT v.indicator_id, v.year, v.area_code,
           CAST(v.value AS DECIMAL(18, 4)) AS value, CAST(v.weight AS DECIMAL(18, 4)) AS weight, a.agg
    FROM v JOIN a USING (indicator_id)
),
leaf AS MATERIALIZED (
    SELECT indicator_id, agg, y AS year, area_code, value, weight FROM src JOIN years ON src.year = years.y
    WHERE agg <> 'latest'
    UNION ALL
    SELECT indicator_id, agg, y AS year, area_code, arg_max(value, src.year), arg_max(weight, src.year)
    FROM src JOIN years ON src.year <= years.y WHERE agg = 'latest'
    GROUP BY indicator_id, agg, y, area_code
),
leaves AS (
    SELECT indicator_id, year, agg, area_code AS unit, value AS s, CAST(1 AS BIGINT) AS n,
           value * weight AS sw, weight AS w
    FROM leaf
),
districts AS MATERIALIZED (
    SELECT indicator_id, year, agg, substr(unit, 1, 4) AS unit, sum(s) AS s, sum(n) AS n, sum(sw) AS sw, sum(w) AS w
    FROM leaves WHERE length(unit) = 6 GROUP BY ALL
),
provinces AS MATERIALIZED (
    SELECT indicator_id, year, agg, substr(unit, 1, 2) AS unit, sum(s) AS s, sum(n) AS n, sum(sw) AS sw, sum(w) AS w
    FROM districts GROUP BY ALL
    UNION ALL
    SELECT * FROM leaves WHERE length(unit) = 2
),
clusters AS (
    SELECT indicator_id, year, agg, '{CLUSTER}' || p.cluster AS unit, sum(s) AS s, sum(n) AS n, sum(sw) AS sw,
           sum(w) AS w
    FROM provinces JOIN p ON p.province = provinces.unit WHERE p.cluster IS NOT NULL GROUP BY ALL
),
regions AS (
    SELECT indicator_id, year, agg, '{REGION}' || p.region AS unit, sum(s) AS s, sum(n) AS n, sum(sw) AS sw,
           sum(w) AS w
    FROM provinces JOIN p ON p.province = provinces.unit WHERE p.region IS NOT NULL GROUP BY ALL
),
nation AS (
    SELECT indicator_id, year, agg, '' AS unit, sum(s) AS s, sum(n) AS n, sum(sw) AS sw, sum(w) AS w
    FROM provinces GROUP BY ALL
),
grouped AS (
    SELECT * FROM leaves WHERE length(unit) = 6 AND $leaves
    UNION ALL SELECT * FROM districts
    UNION ALL SELECT * FROM provinces
    UNION ALL SELECT * FROM clusters
    UNION ALL SELECT * FROM regions
    UNION ALL SELECT * FROM nation
)
SELECT indicator_id, year, unit, n,
       CASE agg WHEN 'sum' THEN CAST(s AS DOUBLE) WHEN 'latest' THEN CAST(s AS DOUBLE)
                WHEN 'average' THEN CAST(s AS DOUBLE) / n
                WHEN 'weighted' THEN CASE WHEN w <> 0 THEN CAST(sw AS DOUBLE) / CAST(w AS DOUBLE) END
                WHEN 'share' THEN CASE WHEN w <> 0 THEN CAST(s AS DOUBLE) * 100 / CAST(w AS DOUBLE) END END AS value,
       CASE WHEN agg IN ('sum', 'latest') THEN s END AS exact
FROM grouped {{where}}
"""


def rollup_arrow(
    values: pa.Table,
    aggregations: Mapping[int, str],
    years: Sequence[int],
    pmap: ProvinceMap,
    wanted: Sequence[str] | None = None,
    *,
    leaves: bool = True,
) -> Any:
    """The roll-up as an Arrow table (the bench reads this directly); ``wanted``: only these units;
    ``leaves=False`` leaves out the tambons' own figures (their stored values, passed through)."""
    con = duckdb.connect()
    try:
        con.execute("SET enable_progress_bar = false")
        con.register("v", values)
        con.register(
            "a",
            pa.table(
                {
                    "indicator_id": pa.array(list(aggregations), pa.int32()),
                    "agg": pa.array(list(aggregations.values()), pa.string()),
                }
            ),
        )
        con.register("p", province_table(pmap))
        params: dict[str, Any] = {"years": list(years), "leaves": leaves}
        where = ""
        if wanted is not None:
            where, params["wanted"] = "WHERE list_contains($wanted::VARCHAR[], unit)", list(wanted)
        return con.sql(ROLLUP_SQL.format(where=where), params=params).to_arrow_table()
    finally:
        con.close()


def rollup(
    values: pa.Table,
    aggregations: Mapping[int, str],
    years: Sequence[int],
    pmap: ProvinceMap,
    wanted: Sequence[str] | None = None,
) -> dict[tuple[int, int, str], Rolled]:
    """{(indicator id, fiscal year, unit): Rolled} for every unit with data (or only ``wanted`` ones)."""
    table = rollup_arrow(values, aggregations, years, pmap, wanted)
    out: dict[tuple[int, int, str], Rolled] = {}
    cols = table.to_pydict()
    for ind, year, unit, n, value, exact in zip(
        cols["indicator_id"], cols["year"], cols["unit"], cols["n"], cols["value"], cols["exact"], strict=True
    ):
        if exact is not None:
            figure: Decimal | None = Decimal(exact).quantize(FOUR)
        elif value is not None:
            figure = Decimal(repr(value)).quantize(FOUR)
        else:
            figure = None
        out[(int(ind), int(year), str(unit))] = Rolled(figure, int(n))
    return out
