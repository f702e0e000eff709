"""The poverty engine: survey rows in Parquet → exact per-area results in the database (DuckDB SQL).

Rules (the pure-Python twin in ``poverty.af`` implements the same, and the tests hold them equal):

* **Household deprivation** g_ij = 1 when household i fails indicator j. A household-level indicator
  is read directly (0 = fails; 1 passes; null = not applicable → not deprived). A person-level
  indicator rolls up: the household fails it when ANY member assessed by it fails it (members not
  assessed carry null).
* **Dimension** (TPMAP's five): a household is deprived in a dimension when it fails at least one of
  the dimension's indicators.
* **TPMAP target poor** (คนจนเป้าหมาย): a household deprived in ≥ 1 dimension AND with at least one
  member *verified* on the state-welfare-card register; target poor persons are the verified
  register members of households deprived in ≥ 1 dimension.
* **Alkire–Foster**, household as the unit: integer weights w_j over a common denominator W
  (``IndicatorSet.integer_weights``), score c_i = Σ w_j g_ij (an integer), poor iff
  c_i · k_den ≥ k_num · W — exact, no floating point. Stored per area as integers: n (households),
  q (poor), S = Σ_{poor} c_i, censored counts per indicator; H = q/n, A = S/(qW), M0 = S/(nW) and
  the contribution of j = w_j·cens_j / S follow exactly (contributions on read, with the weights
  recorded on the round with the rows: ``result_spec``). Every stored figure is a sum, so a parent
  area is the sum of its children.

Full recompute (``recompute_round``) reads district files in chunks of bounded size (memory stays
bounded at national scale; household files with the write-time roll-up in one pass up to
``ROLLUP_CHUNK_BYTES``, since that query's memory grows with the villages, not the households). Each household becomes a row of member counts and failure bit masks
(household-level indicators packed from their columns, person-level ones from the write-time
roll-up, or rolled up here with ``bit_or`` for files without it); dimensions and the integer AF
score are a few bitwise operations on the masks (``_Bits``). Households are counted per village and
AF poor or not, so each indicator costs one ``count_if`` per household; villages, tambons, then district/province/cluster/region/nation (GROUPING SETS over the
tambon rows) are sums of sums. The database rows (JSON counts, rounded ratios, change since the
previous round) are built in DuckDB too, and replace the round's ``AreaPovertyResult`` rows in one
transaction (``COPY`` on PostgreSQL), while a thread writes the village rows to the round's village
file (``village_results``). ``recompute_tambons`` recomputes only some tambons (after
``store.replace_tambon``) and rebuilds their ancestors by summing the stored rows of their children
(tambon → district → province → cluster/region/nation); if k or the weights changed since the stored
results, it recomputes the whole round instead, since old and new sums would not add up.
"""

from __future__ import annotations

import contextlib
import datetime
import json
import os
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.compute as pc
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chumchon.areas.models import Area, AreaLevel
from chumchon.core.jobs import Progress, SilentProgress, register_job
from chumchon.poverty import store, village_results
from chumchon.poverty.af import IndicatorSpec, years_before
from chumchon.poverty.models import AreaPovertyResult, ResultLevel, RoundStatus, SurveyRound
from chumchon.poverty.models.duplicates import excluded_records
from chumchon.poverty.models.indicators import DIMENSION_ORDER

# District files read with their persons files (no usable roll-up) are processed in chunks of at most
# this many bytes of Parquet (persons + households): grouping persons by household holds a hash table
# that grows with the households read.
CHUNK_BYTES = 96 * 1024 * 1024
# Household files with the write-time roll-up are read alone, and their query's hash table grows with
# the villages (at most eight cells each), not with the households: one query for up to this many
# bytes of them (a national round's 13 M households are ~240 MB: one pass, as the reference query
# makes; three chunks of 96 MB cost a third more planning and pipeline start-up, bench/RESULTS.md).
ROLLUP_CHUNK_BYTES = 768 * 1024 * 1024
COUNT_FIELDS = (
    "households",
    "persons",
    "target_poor_households",
    "target_poor_persons",
    "deprived_any_households",
    "af_poor_households",
    "af_score_sum",
    "elderly",
    "disabled",
    "chronically_ill",
    "bedridden",
    "children_0_5",
    "welfare_registered",
    "welfare_verified",
)
DICT_FIELDS = ("deprived_by_dimension", "deprived_by_indicator", "censored_by_indicator")
_SCALE = 10**12


@dataclass(frozen=True)
class EngineSpec:
    indicators: tuple[IndicatorSpec, ...]
    big_w: int
    k: Fraction
    reference_date: datetime.date

    @property
    def dimensions(self) -> list[str]:
        used = {i.dimension for i in self.indicators if i.dimension}
        return [d for d in DIMENSION_ORDER if d in used]

    @property
    def measured(self) -> list[IndicatorSpec]:
        return [i for i in self.indicators if i.dimension]

    def weight(self, code: str) -> int:
        return next(i.weight for i in self.indicators if i.code == code)


def spec_for(survey_round: SurveyRound) -> EngineSpec:
    iset = survey_round.indicator_set
    weights, big_w = iset.integer_weights()
    specs = tuple(
        IndicatorSpec(
            code=ind.code,
            level=ind.level,
            dimension=ind.dimension.code if ind.dimension_id and ind.code in weights else None,  # type: ignore[union-attr]
            weight=weights.get(ind.code, 0),
        )
        for ind in iset.indicators.select_related("dimension").order_by("number")
    )
    return EngineSpec(specs, big_w, iset.k, survey_round.effective_reference_date)


# --- SQL -----------------------------------------------------------------------------------------


def result_spec(spec: EngineSpec) -> dict[str, Any]:
    """What results computed with ``spec`` depend on, stored on the round with them
    (``SurveyRound.result_spec``): k, W, each measured indicator's integer weight and dimension."""
    return {
        "k": f"{spec.k.numerator}/{spec.k.denominator}",
        "weight_total": spec.big_w,
        "weights": {i.code: i.weight for i in spec.measured},
        "dimensions": {i.code: i.dimension for i in spec.measured},
    }


def _recorded_result_spec(survey_round: SurveyRound) -> dict[str, Any]:
    """The spec recorded with the round's stored results, as stored now ({} before any)."""
    return SurveyRound.objects.filter(pk=survey_round.pk).values_list("result_spec", flat=True).first() or {}


def stored_result_spec(survey_round: SurveyRound) -> dict[str, Any]:
    """The spec the round's stored results were computed with (rounds computed before it was
    recorded: the indicator set's current weights)."""
    return _recorded_result_spec(survey_round) or result_spec(spec_for(survey_round))


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


class _Bits:
    """Where each indicator's failure bit lives: ``code → (mask column, bit)``.

    A household's failures are packed into BIGINT masks (household-level indicators in ``hm0``,
    ``hm1`` …, person-level ones rolled up in ``pm0`` …, 63 bits each), so every per-household rule
    is a handful of bitwise operations: deprived in a dimension = (mask & dimension bits) ≠ 0, and
    the Alkire–Foster score = Σ over the set's distinct weights w of w · bit_count(mask & bits of
    weight w) — exact integers, a few terms however many indicators there are.
    """

    def __init__(self, household_codes: Sequence[str], person_codes: Sequence[str]) -> None:
        self.where: dict[str, tuple[str, int]] = {}
        for prefix, codes in (("hm", household_codes), ("pm", person_codes)):
            for n, code in enumerate(codes):
                m, j = divmod(n, store.MASK_BITS)
                self.where[code] = (f"{prefix}{m}", j)

    @staticmethod
    def mask_columns(prefix: str, count: int) -> list[str]:
        return [f"{prefix}{m}" for m in range((count + store.MASK_BITS - 1) // store.MASK_BITS)]

    def _masks(self, codes: Iterable[str]) -> dict[str, int]:
        masks: dict[str, int] = {}
        for code in codes:
            column, bit = self.where[code]
            masks[column] = masks.get(column, 0) | (1 << bit)
        return masks

    def test(self, code: str) -> str:
        """SQL: the household fails ``code``."""
        column, bit = self.where[code]
        return f"(({column} & {1 << bit}) <> 0)"

    def any_of(self, codes: Iterable[str]) -> str:
        """SQL: the household fails at least one of ``codes``."""
        terms = [f"({column} & {mask}) <> 0" for column, mask in self._masks(codes).items()]
        return "(" + (" OR ".join(terms) or "false") + ")"

    def score(self, spec: EngineSpec) -> str:
        """SQL: the integer Alkire–Foster score Σ w_j g_ij."""
        by_weight: dict[int, list[str]] = {}
        for ind in spec.measured:
            if ind.weight:
                by_weight.setdefault(ind.weight, []).append(ind.code)
        terms = [
            f"{weight} * ({' + '.join(f'bit_count({c} & {m})::BIGINT' for c, m in self._masks(codes).items())})"
            for weight, codes in sorted(by_weight.items())
        ]
        return "(" + (" + ".join(terms) or "0") + ")::BIGINT"


def _mask_sum(codes: Sequence[str], fails: Callable[[str], str]) -> list[str]:
    """SQL expressions packing ``fails(code)`` (a 0/1 condition) into BIGINT masks of 63 bits."""
    groups = [codes[i : i + store.MASK_BITS] for i in range(0, len(codes), store.MASK_BITS)]
    return [
        "("
        + " + ".join(f"CASE WHEN {fails(c)} THEN {1 << j}::BIGINT ELSE 0::BIGINT END" for j, c in enumerate(g))
        + ")"
        for g in groups
    ]


def _base_sql(
    spec: EngineSpec,
    hh_files: Sequence[Path],
    p_files: Sequence[Path],
    where: str = "",
    layout: Sequence[str] | None = None,
    exclude: bool = False,
    person_order: Sequence[str] | None = None,
    households: str = "",
) -> tuple[str, _Bits]:
    """One row per household: its identity, member counts and failure masks (see ``_Bits``).

    With a roll-up ``layout`` (``store.with_rollup``: person codes in bit order, covering the spec's
    person-level indicators) the members come from the household files' derived columns alone;
    without one, persons are grouped by household here (failures packed as bit masks with
    ``bit_or`` = "any member fails", the seven counts as 16-bit fields of two BIGINT sums; exact
    while a household has fewer than 65,536 members, which the query checks). With ``exclude`` the
    person records in the connection's ``excluded_persons`` table (national ID, tambon: cross-area
    duplicates counted in another area, ``_register_exclusions``) are left out of the members: on
    the raw path by an anti-join; on the roll-up path the households holding such a record
    (``excluded_households``) are taken out of the roll-up and computed from the raw person files
    instead (``p_files`` must then hold their districts' person files), so a district with one
    left-out person still reads the roll-up for all its other households. ``person_order`` and
    ``households`` are that raw part's: the roll-up's bit order and the join keeping only them.)"""
    elderly_by = years_before(spec.reference_date, 60).isoformat()
    child_after = years_before(spec.reference_date, 6).isoformat()
    household_codes = [i.code for i in spec.indicators if i.level == "household"]
    person_codes = (
        list(person_order) if person_order is not None else [i.code for i in spec.indicators if i.level == "person"]
    )
    hm = [f"{expr} AS hm{m}" for m, expr in enumerate(_mask_sum(household_codes, lambda c: f"h.{_q(c)} = 0"))]
    ident = "h.household_id, h.house_no, h.members, h.village_code, h.tambon_code"
    if layout is not None:
        bits = _Bits(household_codes, list(layout))
        pm = [f"coalesce(h._r_fail{m}, 0)::BIGINT AS pm{m}" for m in range(len(_Bits.mask_columns("pm", len(layout))))]
        counts = [
            "coalesce(h._r_persons, 0)::BIGINT AS persons",
            f"len(list_filter(h._r_births, lambda x: x <= DATE '{elderly_by}'))::BIGINT AS elderly",
            f"len(list_filter(h._r_births, lambda x: x > DATE '{child_after}'))::BIGINT AS children_0_5",
            *(f"coalesce(h._r_{c}, 0)::BIGINT AS {c}" for c in store.ROLLUP_COUNTS),
        ]
        hh_read = f"read_parquet({store.sql_list(hh_files)})"
        if exclude:
            hh_read = f"(SELECT * FROM {hh_read} ANTI JOIN excluded_households USING (household_id, tambon_code))"
        sql = f"SELECT {ident}, {', '.join([*counts, *hm, *pm])} FROM {hh_read} h {where}"
        if exclude and p_files:
            raw, _ = _base_sql(
                spec, hh_files, p_files, where, exclude=True, person_order=list(layout), households="SEMI"
            )
            sql = f"SELECT * FROM ({sql}) UNION ALL BY NAME SELECT * FROM ({raw})"
        return sql, bits
    bits = _Bits(household_codes, person_codes)
    flags = [
        ("elderly", f"birth_date <= DATE '{elderly_by}'"),
        ("children_0_5", f"birth_date > DATE '{child_after}'"),
        *((c, c) for c in store.ROLLUP_COUNTS),
    ]
    packs = [flags[:4], flags[4:]]
    # CASE WHEN x THEN 2^n ELSE 0: null counts as "no", one comparison per term.
    p_proj = [
        f"({' + '.join(f'CASE WHEN {cond} THEN {1 << (16 * n)} ELSE 0 END' for n, (_, cond) in enumerate(pack))})::BIGINT"
        f" AS pack{k}"
        for k, pack in enumerate(packs)
    ]
    p_masks = _mask_sum(person_codes, lambda c: f"{_q(c)} = 0")
    p_proj += [f"{expr} AS mask{m}" for m, expr in enumerate(p_masks)]
    p_aggs = [
        "count(*) AS persons",
        *(f"sum(pack{k})::BIGINT AS pack{k}" for k in range(len(packs))),
        *(f"bit_or(mask{m}) AS mask{m}" for m in range(len(p_masks))),
    ]
    counts = [
        "(CASE WHEN p.persons >= 65536 THEN error('household ' || h.household_id || ' has 65,536 members or more') "
        "ELSE coalesce(p.persons, 0) END)::BIGINT AS persons"
    ]
    for k, pack in enumerate(packs):
        counts += [
            f"coalesce((p.pack{k} >> {16 * n}) & 65535, 0)::BIGINT AS {name}" for n, (name, _) in enumerate(pack)
        ]
    pm = [f"coalesce(p.mask{m}, 0)::BIGINT AS pm{m}" for m in range(len(p_masks))]
    p_read = f"read_parquet({store.sql_list(p_files)})"
    hh_read = f"read_parquet({store.sql_list(hh_files)})"
    if households:  # only the households holding a left-out record (the roll-up path's raw part)
        p_read = f"(SELECT * FROM {p_read} {households} JOIN excluded_households USING (household_id, tambon_code))"
        hh_read = f"(SELECT * FROM {hh_read} {households} JOIN excluded_households USING (household_id, tambon_code))"
    if exclude:
        p_read = f"(SELECT * FROM {p_read} ANTI JOIN excluded_persons USING (national_id, tambon_code))"
    p_source = (
        f"SELECT household_id, {', '.join(p_aggs)} FROM "
        f"(SELECT household_id, {', '.join(p_proj)} FROM {p_read} {where}) "
        "GROUP BY household_id"
        if p_files
        else "SELECT NULL::VARCHAR AS household_id, 0::BIGINT AS persons"
        + "".join(f", 0::BIGINT AS pack{k}" for k in range(len(packs)))
        + "".join(f", 0::BIGINT AS mask{m}" for m in range(len(p_masks)))
        + " WHERE false"
    )
    sql = f"""
        WITH p AS ({p_source})
        SELECT {ident}, {", ".join([*counts, *hm, *pm])}
        FROM {hh_read} h LEFT JOIN p USING (household_id)
        {where.replace("tambon_code", "h.tambon_code")}
    """
    return sql, bits


def _household_sql(
    spec: EngineSpec,
    hh_files: Sequence[Path],
    p_files: Sequence[Path],
    where: str = "",
    layout: Sequence[str] | None = None,
    exclude: bool = False,
) -> str:
    """One row per household with g_<code> (fails the indicator), d_<dimension>, score, af_poor,
    deprived_any and target — for target lists and round comparisons."""
    base, bits = _base_sql(spec, hh_files, p_files, where, layout, exclude)
    g_cols = [f"{bits.test(i.code)}::TINYINT AS {_q('g_' + i.code)}" for i in spec.indicators]
    d_cols = [
        f"{bits.any_of(i.code for i in spec.measured if i.dimension == d)}::TINYINT AS {_q('d_' + d)}"
        for d in spec.dimensions
    ]
    any_dim = bits.any_of(i.code for i in spec.measured)
    return f"""
    SELECT *,
        (score * {spec.k.denominator} >= {spec.k.numerator} * {spec.big_w}) AS af_poor,
        (deprived_any AND welfare_verified > 0) AS target
    FROM (SELECT *, {", ".join(g_cols + d_cols)}, {bits.score(spec)} AS score, {any_dim} AS deprived_any FROM ({base}))
    """


def rollup_usable(spec: EngineSpec, hh_files: Sequence[Path]) -> dict[Path, list[str] | None]:
    """Per household file, its roll-up layout when that covers the spec's person-level indicators
    (else None: the file is read with its persons file, from the raw columns)."""
    wanted = {i.code for i in spec.indicators if i.level == "person"}
    return {
        path: layout if layout is not None and wanted <= set(layout) else None
        for path, layout in store.rollup_layouts(hh_files).items()
    }


def _resum_columns(spec: EngineSpec) -> list[str]:
    names = [*COUNT_FIELDS, *(f"dim__{d}" for d in spec.dimensions), *(f"ind__{i.code}" for i in spec.indicators)]
    names += [f"cens__{i.code}" for i in spec.measured]
    return [f"sum({_q(n)})::BIGINT AS {_q(n)}" for n in names]


_PLAIN_COUNTS = ("persons", "elderly", "children_0_5", *store.ROLLUP_COUNTS)


def _village_tambon_sql(
    spec: EngineSpec,
    hh_files: Sequence[Path],
    p_files: Sequence[Path],
    where: str = "",
    layout: Sequence[str] | None = None,
    exclude: bool = False,
) -> str:
    """Village rows from the households, then tambon rows by summing the village rows.

    Households are first counted per village *and* AF poor or not — at most two cells per village —
    so each indicator needs one count per household (``count_if`` of a bit test), and the censored
    counts and AF sums are the counts of the poor cell. (Cells by AF poor, deprived and on the
    verified register — up to eight a village — gave the hash aggregate four times the groups of
    the villages; at national size its states outgrew the caches and it cost more than the counts
    it saved: bench/RESULTS.md, issue 16 item 2, fourth pass.)"""
    base, bits = _base_sql(spec, hh_files, p_files, where, layout, exclude)
    dims = {d: bits.any_of(i.code for i in spec.measured if i.dimension == d) for d in spec.dimensions}
    cells = f"""
        SELECT village_code,
               score * {spec.k.denominator} >= {spec.k.numerator} * {spec.big_w} AS af_poor,
               count(*) AS n, sum(score) AS s,
               {", ".join(f"sum({c}) AS {c}" for c in _PLAIN_COUNTS)},
               count_if(deprived_any AND welfare_verified > 0) AS target_n,
               sum(welfare_verified) FILTER (deprived_any) AS target_persons,
               count_if(deprived_any) AS deprived_n,
               {", ".join(f"count_if({cond}) AS {_q('dim__' + d)}" for d, cond in dims.items()) or "0 AS _nodim"},
               {", ".join(f"count_if({bits.test(i.code)}) AS {_q('ind__' + i.code)}" for i in spec.indicators)}
        FROM (SELECT *, {bits.score(spec)} AS score, {bits.any_of(i.code for i in spec.measured)} AS deprived_any
              FROM ({base}))
        GROUP BY ALL
    """

    def total(expr: str, cond: str = "") -> str:
        return f"coalesce(sum({expr}){f' FILTER ({cond})' if cond else ''}, 0)::BIGINT"

    village = [
        f"{total('n')} AS households",
        *(f"{total(c)} AS {c}" for c in _PLAIN_COUNTS),
        f"{total('target_n')} AS target_poor_households",
        f"{total('target_persons')} AS target_poor_persons",
        f"{total('deprived_n')} AS deprived_any_households",
        f"{total('n', 'af_poor')} AS af_poor_households",
        f"{total('s', 'af_poor')} AS af_score_sum",
        *(f"{total(_q('dim__' + d))} AS {_q('dim__' + d)}" for d in spec.dimensions),
        *(f"{total(_q('ind__' + i.code))} AS {_q('ind__' + i.code)}" for i in spec.indicators),
        *(f"{total(_q('ind__' + i.code), 'af_poor')} AS {_q('cens__' + i.code)}" for i in spec.measured),
    ]
    return f"""
    WITH v AS MATERIALIZED (
        SELECT left(village_code, 6) AS tambon_code, village_code AS area_code, {", ".join(village)}
        FROM ({cells}) GROUP BY village_code
    )
    SELECT 'village' AS level, area_code, '' AS group_code, * EXCLUDE (tambon_code, area_code) FROM v
    UNION ALL BY NAME
    SELECT 'subdistrict' AS level, tambon_code AS area_code, '' AS group_code, {", ".join(_resum_columns(spec))}
    FROM v GROUP BY tambon_code
    """


Chunk = tuple[list[Path], list[Path], tuple[str, ...] | None]


def _chunks(
    spec: EngineSpec,
    hh_files: list[Path],
    p_files: list[Path],
    limit: int,
    raw_districts: Iterable[str] = (),
    rollup_limit: int | None = None,
) -> list[Chunk]:
    """Groups of district file pairs of bounded size; each group shares one roll-up layout (files
    with a usable roll-up are read alone, the others with their persons files). The districts in
    ``raw_districts`` (those holding person records left out as cross-area duplicates) bring their
    persons files too: the households holding such a record are computed from them (``_base_sql``).
    ``limit`` bounds the chunks read with their persons files, ``rollup_limit`` (default ``limit``)
    those read from the roll-up."""
    persons_by_district = {p.stem: p for p in p_files}
    raw = set(raw_districts)
    chunks: list[Chunk] = []
    by_layout: dict[tuple[str, ...] | None, list[Path]] = {}
    for hf, usable in rollup_usable(spec, hh_files).items():
        by_layout.setdefault(tuple(usable) if usable is not None else None, []).append(hf)
    for layout, files in by_layout.items():
        bound = limit if layout is None or rollup_limit is None else rollup_limit
        size = bound + 1
        for hf in files:
            pf = persons_by_district.get(hf.stem) if layout is None or hf.stem in raw else None
            # A roll-up chunk reads only the few households with a left-out record from its persons
            # files, so only the household files count towards its size.
            n = hf.stat().st_size + (pf.stat().st_size if pf and layout is None else 0)
            if size + n > bound:
                chunks.append(([], [], layout))
                size = 0
            chunks[-1][0].append(hf)
            if pf:
                chunks[-1][1].append(pf)
            size += n
    return chunks


def _register_exclusions(con: Any, survey_round: SurveyRound) -> set[str]:
    """Register the round's left-out person records (cross-area duplicates, ``PersonDuplicate``) as
    ``excluded_persons`` on ``con``; returns the districts holding them (read without the roll-up)."""
    rows = excluded_records(survey_round.pk)
    con.register(
        "excluded_persons",
        pa.table(
            {
                "national_id": pa.array([r[0] for r in rows], pa.string()),
                "tambon_code": pa.array([r[1] for r in rows], pa.string()),
            }
        ),
    )
    homes = sorted({(r[2], r[1]) for r in rows})
    con.register(
        "excluded_households",
        pa.table(
            {
                "household_id": pa.array([h[0] for h in homes], pa.string()),
                "tambon_code": pa.array([h[1] for h in homes], pa.string()),
            }
        ),
    )
    return {r[1][:4] for r in rows}


def _province_groups() -> pa.Table:

    rows = list(Area.objects.filter(level=AreaLevel.PROVINCE).values_list("code", "cluster__code", "codi_region__code"))
    return pa.table(
        {
            "province_code": [r[0] for r in rows],
            "cluster_code": [r[1] for r in rows],
            "region_code": [r[2] for r in rows],
        },
        schema=pa.schema([("province_code", pa.string()), ("cluster_code", pa.string()), ("region_code", pa.string())]),
    )


def _upper_sql(spec: EngineSpec) -> str:
    """District … nation from the tambon rows (table ``tambons``) and the groupings (``prov_map``)."""
    return f"""
    WITH t AS (
        SELECT t.*, left(t.area_code, 4) AS district, left(t.area_code, 2) AS province,
               m.cluster_code AS cluster, m.region_code AS region
        FROM tambons t LEFT JOIN prov_map m ON m.province_code = left(t.area_code, 2)
    )
    SELECT * FROM (
        SELECT CASE WHEN GROUPING(district) = 0 THEN 'district'
                    WHEN GROUPING(province) = 0 THEN 'province'
                    WHEN GROUPING(cluster) = 0 THEN 'cluster'
                    WHEN GROUPING(region) = 0 THEN 'region'
                    ELSE 'nation' END AS level,
               coalesce(district, province, '') AS area_code,
               coalesce(cluster, region, '') AS group_code,
               GROUPING(cluster) = 0 AND cluster IS NULL AS no_cluster,
               GROUPING(region) = 0 AND region IS NULL AS no_region,
               {", ".join(_resum_columns(spec))}
        FROM t GROUP BY GROUPING SETS ((district), (province), (cluster), (region), ())
    ) WHERE NOT no_cluster AND NOT no_region
    """


# --- Materialisation ----------------------------------------------------------------------------


def _ratio(num: int, den: int) -> Decimal:
    """num/den (≤ 1) truncated to 12 places; the same digits as the SQL macro ``ratio12``."""
    if not den:
        return Decimal("0.000000000000")
    x = num * _SCALE // den
    return Decimal(f"{x // _SCALE}.{x % _SCALE:012d}")


class _Finaliser:
    """Turns integer sums into the database row (rounded ratios, change since the previous round)."""

    def __init__(self, spec: EngineSpec, previous: dict[tuple[str, str, str], tuple[int, int, int]]) -> None:
        self.spec = spec
        self.previous = previous
        self.now = timezone.now()
        self.fields = [f for f in AreaPovertyResult._meta.concrete_fields if not f.primary_key]
        self.columns = [f.column for f in self.fields]

    def row(self, survey_round_id: int, level: str, area_code: str, group_code: str, sums: dict[str, Any]) -> tuple:
        spec = self.spec
        n, q, s, big_w = sums["households"], sums["af_poor_households"], sums["af_score_sum"], spec.big_w
        prev = self.previous.get((level, area_code, group_code))
        values: dict[str, Any] = {
            "survey_round": survey_round_id,
            "level": level,
            "area_code": area_code,
            "group_code": group_code,
            **{f: sums[f] for f in COUNT_FIELDS},
            "deprived_by_dimension": json.dumps(sums["deprived_by_dimension"]),
            "deprived_by_indicator": json.dumps(sums["deprived_by_indicator"]),
            "censored_by_indicator": json.dumps(sums["censored_by_indicator"]),
            "af_k_num": spec.k.numerator,
            "af_k_den": spec.k.denominator,
            "af_weight_total": big_w,
            "af_h": _ratio(q, n),
            "af_a": _ratio(s, q * big_w),
            "af_m0": _ratio(s, n * big_w),
            "previous_households": prev[0] if prev else None,
            "previous_target_poor_households": prev[1] if prev else None,
            "previous_af_poor_households": prev[2] if prev else None,
            "target_poor_households_delta": sums["target_poor_households"] - prev[1] if prev else None,
            "af_poor_households_delta": q - prev[2] if prev else None,
            "computed_at": connection.ops.adapt_datetimefield_value(self.now),
        }
        return tuple(values[f.name] for f in self.fields)

    def insert(self, rows: list[tuple]) -> None:
        table = connection.ops.quote_name(AreaPovertyResult._meta.db_table)
        cols = ", ".join(connection.ops.quote_name(c) for c in self.columns)
        with connection.cursor() as cur:
            if connection.vendor == "postgresql":
                # COPY: a national recompute's 82,825 rows in about a second, where row-by-row
                # INSERTs took 14 s (bench/RESULTS.md).
                with cur.cursor.copy(f"COPY {table} ({cols}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
                return
            marks = ", ".join(["%s"] * len(self.columns))
            for start in range(0, len(rows), 5000):
                cur.executemany(f"INSERT INTO {table} ({cols}) VALUES ({marks})", rows[start : start + 5000])


def _sums_from_arrow(spec: EngineSpec, table: pa.Table) -> Iterable[tuple[str, str, str, dict[str, Any]]]:
    """Rows of an aggregate table as (level, area_code, group_code, sums) with dict fields assembled."""
    cols = {name: table.column(name).to_pylist() for name in table.column_names}
    dims = spec.dimensions
    inds = [i.code for i in spec.indicators]
    measured = [i.code for i in spec.measured]
    for r in range(table.num_rows):
        sums = {f: cols[f][r] or 0 for f in COUNT_FIELDS}
        sums["deprived_by_dimension"] = {d: cols["dim__" + d][r] or 0 for d in dims}
        sums["deprived_by_indicator"] = {c: cols["ind__" + c][r] or 0 for c in inds}
        sums["censored_by_indicator"] = {c: cols["cens__" + c][r] or 0 for c in measured}
        yield cols["level"][r], cols["area_code"][r], cols["group_code"][r], sums


def _previous_map(
    survey_round: SurveyRound, keys: Iterable[tuple[str, str, str]] | None = None, *, villages: bool = True
) -> dict[tuple[str, str, str], tuple[int, int, int]]:
    """``{(level, area_code, group_code): (households, target poor households, AF poor)}`` of the
    previous round's database rows — all rows (without the villages' when ``villages`` is false),
    or only ``keys`` (the incremental path touches a few dozen)."""
    if survey_round.previous_id is None:
        return {}
    qs = AreaPovertyResult.objects.filter(survey_round_id=survey_round.previous_id)
    if not villages:
        qs = qs.exclude(level=ResultLevel.VILLAGE)
    if keys is not None:
        wanted = set(keys)
        if not wanted:
            return {}
        cond = Q()
        for level, code, group in wanted:
            cond |= Q(level=level, area_code=code, group_code=group)
        qs = qs.filter(cond)
    rows = qs.values_list(
        "level", "area_code", "group_code", "households", "target_poor_households", "af_poor_households"
    )
    return {(r[0], r[1], r[2]): (r[3], r[4], r[5]) for r in rows.iterator(chunk_size=5000)}


_PREVIOUS_SCHEMA = pa.schema(
    [("area_code", pa.string()), ("p_households", pa.int64()), ("p_target", pa.int64()), ("p_af_poor", pa.int64())]
)


def _previous_villages(survey_round: SurveyRound, tambons: Sequence[str] | None = None) -> pa.Table:
    """The previous round's village figures (all, or those of ``tambons``): area_code, p_households,
    p_target, p_af_poor — from its village file, or its database rows if computed before those."""
    if survey_round.previous_id is None:
        return _PREVIOUS_SCHEMA.empty_table()
    prev = SurveyRound.objects.get(pk=survey_round.previous_id)
    prefixes = [""] if tambons is None else list(tambons)
    if prev.village_results:
        parts = [village_results.table(prev, p) for p in prefixes]
        cols = ["area_code", "households", "target_poor_households", "af_poor_households"]
        tables = [t.select(cols).rename_columns(_PREVIOUS_SCHEMA.names) for t in parts if t is not None]
        return pa.concat_tables(tables).cast(_PREVIOUS_SCHEMA) if tables else _PREVIOUS_SCHEMA.empty_table()
    cond = Q()
    for p in prefixes:
        cond |= Q(area_code__startswith=p)
    rows = list(
        AreaPovertyResult.objects.filter(survey_round=prev, level=ResultLevel.VILLAGE)
        .filter(cond)
        .values_list("area_code", "households", "target_poor_households", "af_poor_households")
        .iterator(chunk_size=5000)
    )
    return pa.table([pa.array([r[i] for r in rows]) for i in range(4)], schema=_PREVIOUS_SCHEMA)


def _village_file_sql(spec: EngineSpec, source: str) -> str:
    """The village file's rows (``poverty.village_results``) from the village rows of ``source``
    (the engine's aggregate columns) and the connection's ``prev_villages``, ordered by code."""
    dict_cols = [
        *(_q("dim__" + d) for d in spec.dimensions),
        *(_q("ind__" + i.code) for i in spec.indicators),
        *(_q("cens__" + i.code) for i in spec.measured),
    ]
    return f"""
        SELECT s.area_code, {", ".join(f"s.{f}::BIGINT AS {f}" for f in COUNT_FIELDS)},
               {spec.k.numerator}::BIGINT AS af_k_num, {spec.k.denominator}::BIGINT AS af_k_den,
               {spec.big_w}::BIGINT AS af_weight_total,
               p.p_households AS previous_households, p.p_target AS previous_target_poor_households,
               p.p_af_poor AS previous_af_poor_households,
               {", ".join(f"coalesce(s.{c}, 0)::BIGINT AS {c}" for c in dict_cols)}
        FROM {source} s LEFT JOIN prev_villages p ON p.area_code = s.area_code
        WHERE s.level = 'village'
        ORDER BY s.area_code
    """


# --- Public contract ----------------------------------------------------------------------------

# What higher apps do right after a full recompute has stored a round's results (the portal writes the
# round's suppressed public table there, so no web worker builds it on a request). Poverty owns the list;
# the higher app registers into it from its registrations.py.
AFTER_FULL_RECOMPUTE: list[Callable[[SurveyRound], object]] = []


def register_after_full_recompute(listener: Callable[[SurveyRound], object]) -> None:
    if listener not in AFTER_FULL_RECOMPUTE:
        AFTER_FULL_RECOMPUTE.append(listener)


# What higher apps do after ANY recompute (the whole round or some tambons) has stored a round's results:
# the portal marks its cached public pages stale. The rows are written in bulk, which sends no model signals.
AFTER_RECOMPUTE: list[Callable[[SurveyRound], object]] = []


def register_after_recompute(listener: Callable[[SurveyRound], object]) -> None:
    if listener not in AFTER_RECOMPUTE:
        AFTER_RECOMPUTE.append(listener)


def _after_recompute(survey_round: SurveyRound) -> None:
    for listener in AFTER_RECOMPUTE:
        listener(survey_round)


def recompute_round(
    survey_round: SurveyRound,
    *,
    progress: Progress | None = None,
    chunk_bytes: int = CHUNK_BYTES,
    rollup_chunk_bytes: int = ROLLUP_CHUNK_BYTES,
) -> dict[str, Any]:
    """Recompute every area result of a round from its Parquet files; replaces the round's rows.

    Returns ``{"round", "rows", "households", "persons", "chunks", "compute_seconds", "seconds"}``;
    the round's status goes COMPUTING → READY (FAILED, and the exception re-raised, on error).
    """
    try:
        stats = _recompute_round(
            survey_round, progress=progress, chunk_bytes=chunk_bytes, rollup_chunk_bytes=rollup_chunk_bytes
        )
    except Exception:
        SurveyRound.objects.filter(pk=survey_round.pk).update(status=RoundStatus.FAILED)
        raise
    survey_round.refresh_from_db()
    for listener in AFTER_FULL_RECOMPUTE:
        listener(survey_round)
    _after_recompute(survey_round)
    return stats


class _Background:
    """One function run in a thread beside the caller's work; ``result()`` waits and re-raises.

    The full recompute writes the round's village file this way while it builds and stores the
    database rows: pyarrow's Parquet writer releases the GIL, so on two cores the file costs no
    wall time beside the database's work (bench/RESULTS.md)."""

    def __init__(self, fn: Callable[[], Any]) -> None:
        self._fn = fn
        self._value: Any = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="chumchon-recompute-file", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            self._value = self._fn()
        except BaseException as exc:  # handed to the caller by result()
            self._error = exc

    def wait(self) -> None:
        self._thread.join()

    def result(self) -> Any:
        self._thread.join()
        if self._error is not None:
            raise self._error
        return self._value


def _recompute_round(
    survey_round: SurveyRound,
    *,
    progress: Progress | None,
    chunk_bytes: int = CHUNK_BYTES,
    rollup_chunk_bytes: int = ROLLUP_CHUNK_BYTES,
) -> dict[str, Any]:
    progress = progress or SilentProgress()
    started = time.perf_counter()
    spec = spec_for(survey_round)
    directory = store.round_dir(survey_round)
    hh_files, p_files = store.household_files(directory), store.person_files(directory)
    con = store.duckdb_connection()
    raw = _register_exclusions(con, survey_round)
    chunks = _chunks(spec, hh_files, p_files, chunk_bytes, raw, rollup_chunk_bytes)
    progress.set_total(len(chunks) + 2)
    SurveyRound.objects.filter(pk=survey_round.pk).update(status=RoundStatus.COMPUTING)
    parts = []
    for chunk_hh, chunk_p, layout in chunks:
        sql = _village_tambon_sql(spec, chunk_hh, chunk_p, layout=layout, exclude=bool(raw))
        parts.append(con.sql(sql).to_arrow_table())
        progress.advance(1, f"{chunk_hh[0].stem}–{chunk_hh[-1].stem}")
    lower = pa.concat_tables(parts) if parts else None
    compute_s = time.perf_counter() - started
    fin = _Finaliser(spec, {})
    rows: list[tuple] = []
    token, villages_n = "", 0
    village_file: _Background | None = None
    try:
        if lower is not None and lower.num_rows:
            # Villages go to a new file beside the round (``village_results``), written in a thread
            # while the rows above them are built and stored; the round points to it in the
            # transaction below, so readers see the old file until then.
            token = village_results.new_token()
            villages = lower.filter(pc.equal(lower.column("level"), "village"))
            villages_n = villages.num_rows
            previous = _previous_villages(survey_round)
            path = village_results.base_path(survey_round, token)
            village_file = _Background(
                lambda: village_results.write_table(_village_file_rows(spec, villages, previous), path)
            )
            con.register("tambons", lower.filter(pc.equal(lower.column("level"), "subdistrict")))
            con.register("prov_map", _province_groups())
            upper = con.sql(_upper_sql(spec)).to_arrow_table().drop_columns(["no_cluster", "no_region"])
            con.register("lower_rows", lower)
            con.register("upper_rows", upper)
            con.register("prev", _previous_table(survey_round))
            rows = _final_rows(con, spec, survey_round.pk, fin)
        con.close()
        progress.advance(1, "aggregated")
        with transaction.atomic():
            lock_round(survey_round)
            old_token = village_results.current_token(survey_round)
            AreaPovertyResult.objects.filter(survey_round=survey_round).delete()
            fin.insert(rows)
            if village_file is not None:
                village_file.result()  # written (or its error raised) before the round points to it
            SurveyRound.objects.filter(pk=survey_round.pk).update(result_spec=result_spec(spec), village_results=token)
            # Older files go once this commits; the one just replaced stays for readers holding its name.
            transaction.on_commit(lambda: village_results.remove_stale(survey_round, [token, old_token]))
    except BaseException:
        if village_file is not None:
            village_file.wait()  # never leave the thread writing a file removed below
        if token:
            with contextlib.suppress(OSError):  # the error to report is the one above
                village_results.base_path(survey_round, token).unlink(missing_ok=True)
        raise
    rows_n = len(rows) + villages_n
    totals = _nation_totals(survey_round)
    SurveyRound.objects.filter(pk=survey_round.pk).update(
        status=RoundStatus.READY,
        computed_at=timezone.now(),
        household_count=totals[0],
        person_count=totals[1],
    )
    progress.advance(1, "saved")
    return {
        "round": survey_round.code,
        "rows": rows_n,
        "households": totals[0],
        "persons": totals[1],
        "chunks": len(chunks),
        "compute_seconds": round(compute_s, 3),
        "seconds": round(time.perf_counter() - started, 3),
    }


def lock_round(survey_round: SurveyRound) -> None:
    """Serialise writers of one round — its results here, its store files in ``imports`` — by the
    round's row lock, held until the calling transaction ends.

    Two recomputes of a round may overlap (an import's and an administrator's). On PostgreSQL the
    second's DELETE would not see the rows the first inserted, and its INSERT would then break the
    unique (round, level, area) constraint; holding the round's row lock makes it wait and then
    replace them. SQLite already admits one writer at a time (FOR UPDATE is a no-op there)."""
    SurveyRound.objects.select_for_update().filter(pk=survey_round.pk).values_list("pk").first()


def _nation_totals(survey_round: SurveyRound) -> tuple[int, int]:
    row = AreaPovertyResult.objects.filter(survey_round=survey_round, level=ResultLevel.NATION).values_list(
        "households", "persons"
    )
    first = row.first()
    return (first[0], first[1]) if first else (0, 0)


_MACROS = (
    "CREATE OR REPLACE MACRO ratio12(n, d) AS CASE WHEN d = 0 THEN '0.000000000000' "
    "ELSE printf('%d.%012d', ((n::HUGEINT * 1000000000000) // d // 1000000000000)::BIGINT, "
    "((n::HUGEINT * 1000000000000) // d % 1000000000000)::BIGINT) END",
)


def _previous_table(survey_round: SurveyRound) -> pa.Table:
    """The previous round's figures of every area above the villages (those are ``_previous_villages``)."""
    prev = _previous_map(survey_round, villages=False)
    keys = list(prev)
    return pa.table(
        {
            "level": pa.array([k[0] for k in keys], pa.string()),
            "area_code": pa.array([k[1] for k in keys], pa.string()),
            "group_code": pa.array([k[2] for k in keys], pa.string()),
            "p_households": pa.array([prev[k][0] for k in keys], pa.int64()),
            "p_target": pa.array([prev[k][1] for k in keys], pa.int64()),
            "p_af_poor": pa.array([prev[k][2] for k in keys], pa.int64()),
        }
    )


def _final_rows(con: Any, spec: EngineSpec, survey_round_id: int, fin: _Finaliser) -> list[tuple]:
    """Every database row, built in DuckDB (JSON, rounded ratios): the same values as
    ``_Finaliser.row`` computes in Python for the incremental path."""
    for macro in _MACROS:
        con.execute(macro)

    def obj(pairs: list[tuple[str, str]]) -> str:
        if not pairs:
            return "'{}'"
        return "json_object(" + ", ".join(f"'{k}', {v}" for k, v in pairs) + ")::VARCHAR"

    exprs: dict[str, str] = {
        "survey_round": str(int(survey_round_id)),
        "level": "s.level",
        "area_code": "s.area_code",
        "group_code": "s.group_code",
        **{f: f"s.{f}" for f in COUNT_FIELDS},
        "deprived_by_dimension": obj([(d, _q("dim__" + d)) for d in spec.dimensions]),
        "deprived_by_indicator": obj([(i.code, _q("ind__" + i.code)) for i in spec.indicators]),
        "censored_by_indicator": obj([(i.code, _q("cens__" + i.code)) for i in spec.measured]),
        "af_k_num": str(spec.k.numerator),
        "af_k_den": str(spec.k.denominator),
        "af_weight_total": str(spec.big_w),
        "af_h": "ratio12(af_poor_households, s.households)",
        "af_a": f"ratio12(af_score_sum, af_poor_households * {spec.big_w})",
        "af_m0": f"ratio12(af_score_sum, s.households * {spec.big_w})",
        "previous_households": "p.p_households",
        "previous_target_poor_households": "p.p_target",
        "previous_af_poor_households": "p.p_af_poor",
        "target_poor_households_delta": "target_poor_households - p.p_target",
        "af_poor_households_delta": "af_poor_households - p.p_af_poor",
        "computed_at": "?",
    }
    select = ", ".join(exprs[f.name] for f in fin.fields)
    sql = f"""
        SELECT {select}
        FROM (SELECT * FROM lower_rows WHERE level <> 'village' UNION ALL BY NAME SELECT * FROM upper_rows) s
        LEFT JOIN prev p ON p.level = s.level AND p.area_code = s.area_code AND p.group_code = s.group_code
    """
    now = connection.ops.adapt_datetimefield_value(fin.now)
    return con.execute(sql, [str(now)]).fetchall()


def _sum_stored(rows: Iterable[AreaPovertyResult | dict[str, Any]]) -> dict[str, Any]:
    total: dict[str, Any] = dict.fromkeys(COUNT_FIELDS, 0)
    for f in DICT_FIELDS:
        total[f] = {}
    for r in rows:
        get: Any = r.get if isinstance(r, dict) else r.__getattribute__
        for f in COUNT_FIELDS:
            total[f] += get(f)
        for f in DICT_FIELDS:
            acc = total[f]
            for k, v in get(f).items():
                acc[k] = acc.get(k, 0) + v
    return total


def recompute_tambons(
    survey_round: SurveyRound, tambon_codes: Sequence[str], *, progress: Progress | None = None
) -> dict[str, Any]:
    """Recompute the given tambons (and their villages) from the store, then their ancestors.

    Ancestors are rebuilt by summing stored child rows — exact, because every stored figure is a
    sum — so the result equals a full ``recompute_round``.
    """
    progress = progress or SilentProgress()
    started = time.perf_counter()
    tambons = sorted({t for t in tambon_codes})
    for t in tambons:
        if len(t) != 6 or not t.isdigit():
            raise ValueError(f"รหัสตำบลต้องเป็นตัวเลข 6 หลัก: {t!r} / a tambon code must be 6 digits")
    spec = spec_for(survey_round)
    recorded = _recorded_result_spec(survey_round)
    if recorded and recorded != result_spec(spec):
        # Weights or k changed since the stored results: summing new tambon rows with old ones
        # would mix two measures, so everything is recomputed.
        stats = recompute_round(survey_round, progress=progress)
        return {"tambons": len(tambons), "rows": stats["rows"], "seconds": stats["seconds"], "full": True}
    progress.set_total(3)
    directory = store.round_dir(survey_round)
    districts = sorted({t[:4] for t in tambons})
    hh_files, p_files = store.household_files(directory, districts), store.person_files(directory, districts)
    tables = []
    if hh_files:
        con = store.duckdb_connection()
        raw = _register_exclusions(con, survey_round)
        where = "WHERE tambon_code IN (" + ", ".join(f"'{t}'" for t in tambons) + ")"
        for chunk_hh, chunk_p, layout in _chunks(spec, hh_files, p_files, 1 << 62, raw):
            found = None
            if layout is not None and not chunk_p:  # no left-out person record in these districts
                found = _prepared_tambon_rows(spec, chunk_hh, layout, where)
            if found is None:
                found = con.sql(_village_tambon_sql(spec, chunk_hh, chunk_p, where, layout, bool(raw))).to_arrow_table()
            tables.append(found)
        con.close()
    progress.advance(1, "tambons")
    base = AreaPovertyResult.objects.filter(survey_round=survey_round)
    with transaction.atomic():
        lock_round(survey_round)
        token = village_results.current_token(survey_round)  # under the lock: a full recompute may have switched it
        keyed = [k for t in tables for k in _sums_from_arrow(spec, t)]
        # Villages: into the round's village file (one district file each), or, for a round computed
        # before those files existed, its database rows as before.
        in_db = [k for k in keyed if not token or k[0] != ResultLevel.VILLAGE]
        lower_q = Q(level=ResultLevel.SUBDISTRICT, area_code__in=tambons)
        if not token:
            for t in tambons:
                lower_q |= Q(level=ResultLevel.VILLAGE, area_code__startswith=t)
        prev_keys = [("subdistrict", t, "") for t in tambons] + [(lvl, code, grp) for lvl, code, grp, _ in in_db]
        fin = _Finaliser(spec, _previous_map(survey_round, prev_keys))
        if not token:  # villages to the database: their previous figures may be in a village file
            for r in _previous_villages(survey_round, tambons).to_pylist():
                fin.previous[("village", r["area_code"], "")] = (r["p_households"], r["p_target"], r["p_af_poor"])
        base.filter(lower_q).delete()
        fin.insert([fin.row(survey_round.pk, lvl, code, grp, sums) for lvl, code, grp, sums in in_db])
        progress.advance(1, "ancestors")
        n_upper = _rebuild_ancestors(survey_round, spec, districts)
        SurveyRound.objects.filter(pk=survey_round.pk).update(result_spec=result_spec(spec))
        if token:
            # Last, so a failure above leaves the files as they were (the transaction rolls back).
            _write_village_districts(survey_round, spec, token, tambons, districts, tables)
    progress.advance(1, "saved")
    _after_recompute(survey_round)
    return {
        "tambons": len(tambons),
        "rows": len(keyed) + n_upper,
        "seconds": round(time.perf_counter() - started, 3),
        "full": False,
    }


_PREPARED = threading.local()
_MAX_PREPARED = 8


def _prepared_tambon_rows(
    spec: EngineSpec, hh_files: Sequence[Path], layout: Sequence[str], where: str
) -> pa.Table | None:
    """``_village_tambon_sql`` of a few tambons (``where``) from household files with a roll-up, as a
    statement prepared once per process and thread: parsing, binding and planning the hundred-odd
    columns took more CPU than running them over a tambon's rows. The tambons' household rows are
    copied into a temporary table the statement reads (data changes do not unbind it). Exact as the
    query, with or without cross-area exclusions: the caller comes here only for districts without
    left-out records, where the exclusion's anti-join removes nothing. None when the files do not
    fit the prepared table (the caller then runs the query as it is)."""
    state = getattr(_PREPARED, "state", None)
    if state is None or state["pid"] != os.getpid():  # a cursor must not cross a fork
        state = _PREPARED.state = {"pid": os.getpid(), "con": store.duckdb_connection(), "statements": {}}
    con, statements = state["con"], state["statements"]
    source = f"read_parquet({store.sql_list(hh_files)})"
    # The columns the roll-up path of ``_base_sql`` reads, by name: a file without one fails the
    # INSERT (and the query runs as it is) rather than reading nulls.
    columns = [
        "household_id",
        "house_no",
        "members",
        "village_code",
        "tambon_code",
        "_r_persons",
        "_r_births",
        *(f"_r_{c}" for c in store.ROLLUP_COUNTS),
        *(f"_r_fail{m}" for m in range(len(_Bits.mask_columns("pm", len(layout))))),
        *(i.code for i in spec.indicators if i.level == "household"),
    ]
    picked = ", ".join(_q(c) for c in columns)
    try:
        key = _village_tambon_sql(spec, [Path("-")], [], "", layout)  # the statement, whatever the files
        name = statements.get(key)
        if name is None:
            name = f"_tambon_rows_{len(statements) + 1}"
            if len(statements) >= _MAX_PREPARED:
                return None
            con.execute(f"CREATE OR REPLACE TEMP TABLE {name}_t AS SELECT {picked} FROM {source} LIMIT 0")
            con.execute(
                f"PREPARE {name} AS " + key.replace(f"read_parquet({store.sql_list([Path('-')])})", f"{name}_t")
            )
            statements[key] = name
        con.execute(f"DELETE FROM {name}_t")
        con.execute(f"INSERT INTO {name}_t SELECT {picked} FROM {source} {where}")
        return con.sql(f"EXECUTE {name}").to_arrow_table()
    except duckdb.Error:
        _PREPARED.state = None  # start again on a fresh cursor next time
        return None


def _write_village_districts(
    survey_round: SurveyRound,
    spec: EngineSpec,
    token: str,
    tambons: Sequence[str],
    districts: Sequence[str],
    tables: Sequence[pa.Table],
) -> None:
    """Rewrite each district's village file: the recomputed tambons' villages and the district's others.

    In Arrow, not DuckDB: a district holds a few hundred villages at most, and binding
    ``_village_file_sql``'s hundred-odd columns cost more than the whole rewrite does here. The rows
    are those ``_village_file_sql`` gives (the same columns, types and order; checked in tests)."""
    fresh = (
        _village_file_rows(spec, pa.concat_tables(tables), _previous_villages(survey_round, tambons))
        if tables
        else None
    )
    for d in districts:
        current = village_results.table(survey_round, d, token)
        parts = []
        if fresh is not None:
            parts.append(fresh.filter(pc.equal(pc.utf8_slice_codeunits(fresh.column("area_code"), 0, 4), d)))
        if current is not None and current.num_rows:
            mine = pc.is_in(pc.utf8_slice_codeunits(current.column("area_code"), 0, 6), pa.array(list(tambons)))
            parts.append(current.filter(pc.invert(mine)))
        parts = [t for t in parts if t.num_rows]
        if not parts:
            if current is not None and current.num_rows:  # the district's last villages are gone
                parts = [current.slice(0, 0)]
            else:
                continue
        schema = pa.schema([f.with_nullable(True) for f in parts[0].schema]).remove_metadata()
        rows = pa.concat_tables([t.select(schema.names).cast(schema) for t in parts])
        village_results.write_table(rows.sort_by("area_code"), village_results.district_path(survey_round, token, d))


def _village_file_rows(spec: EngineSpec, source: pa.Table, previous: pa.Table) -> pa.Table:
    """``_village_file_sql`` in Arrow: the village file's rows from the village rows of ``source``
    (the engine's aggregate columns) and the previous round's figures ``previous``, ordered by code."""
    v = source.filter(pc.equal(source.column("level"), "village")).sort_by("area_code")
    n = v.num_rows
    at = pc.index_in(v.column("area_code"), value_set=previous.column("area_code"))
    int64 = pa.int64()
    cols: dict[str, Any] = {"area_code": v.column("area_code").cast(pa.string())}
    cols.update({f: v.column(f).cast(int64) for f in COUNT_FIELDS})
    cols["af_k_num"] = pa.array([spec.k.numerator] * n, int64)
    cols["af_k_den"] = pa.array([spec.k.denominator] * n, int64)
    cols["af_weight_total"] = pa.array([spec.big_w] * n, int64)
    for name, prev in zip(
        ("previous_households", "previous_target_poor_households", "previous_af_poor_households"),
        ("p_households", "p_target", "p_af_poor"),
        strict=True,
    ):
        cols[name] = pc.take(previous.column(prev).cast(int64), at)
    dict_cols = [
        *("dim__" + d for d in spec.dimensions),
        *("ind__" + i.code for i in spec.indicators),
        *("cens__" + i.code for i in spec.measured),
    ]
    cols.update({c: pc.coalesce(v.column(c).cast(int64), pa.scalar(0, int64)) for c in dict_cols})
    return pa.table(cols)


def _rebuild_ancestors(survey_round: SurveyRound, spec: EngineSpec, districts: Sequence[str]) -> int:
    """Districts, their provinces, clusters, regions and the nation re-summed from the stored rows
    below them (the recomputed tambons' new rows included), replaced in one delete and one insert."""
    base = AreaPovertyResult.objects.filter(survey_round=survey_round)
    fields = [*COUNT_FIELDS, *DICT_FIELDS]
    provinces = sorted({d[:2] for d in districts})
    groups = {r["province_code"]: r for r in _province_groups().to_pylist()}

    def under(level: str, prefixes: Sequence[str]) -> list[dict[str, Any]]:
        cond = Q()
        for p in prefixes:
            cond |= Q(area_code__startswith=p)
        return list(base.filter(cond, level=level).values("area_code", *fields))

    sums: dict[tuple[str, str, str], dict[str, Any]] = {}
    tambon_rows = under(ResultLevel.SUBDISTRICT, districts)
    for d in districts:
        children = [r for r in tambon_rows if r["area_code"].startswith(d)]
        if children:
            sums[("district", d, "")] = _sum_stored(children)
    district_rows = {r["area_code"]: r for r in under(ResultLevel.DISTRICT, provinces)}
    for d in districts:
        district_rows.pop(d, None)
        if ("district", d, "") in sums:
            district_rows[d] = sums[("district", d, "")]
    for p in provinces:
        children = [r for code, r in district_rows.items() if code.startswith(p)]
        if children:
            sums[("province", p, "")] = _sum_stored(children)
    province_rows = {r["area_code"]: r for r in base.filter(level=ResultLevel.PROVINCE).values("area_code", *fields)}
    for p in provinces:
        province_rows.pop(p, None)
        if ("province", p, "") in sums:
            province_rows[p] = sums[("province", p, "")]
    clusters = sorted({groups[p]["cluster_code"] for p in provinces if p in groups and groups[p]["cluster_code"]})
    regions = sorted({groups[p]["region_code"] for p in provinces if p in groups and groups[p]["region_code"]})
    for kind, codes in (("cluster", clusters), ("region", regions)):
        for c in codes:
            members = [r for code, r in province_rows.items() if groups.get(code, {}).get(f"{kind}_code") == c]
            if members:
                sums[(kind, "", c)] = _sum_stored(members)
    if province_rows:
        sums[("nation", "", "")] = _sum_stored(province_rows.values())
    keys = [("district", d, "") for d in districts] + [("province", p, "") for p in provinces]
    keys += [("cluster", "", c) for c in clusters] + [("region", "", r) for r in regions] + [("nation", "", "")]
    cond = Q()
    for lvl, code, grp in keys:
        cond |= Q(level=lvl, area_code=code, group_code=grp)
    base.filter(cond).delete()
    fin = _Finaliser(spec, _previous_map(survey_round, keys))
    fin.insert([fin.row(survey_round.pk, lvl, code, grp, s) for (lvl, code, grp), s in sums.items()])
    return len(keys)


def household_deprivations(survey_round: SurveyRound, tambon_code: str) -> pa.Table:
    """Per household of one tambon, for target lists.

    Columns: household_id, house_no, village_code, tambon_code, members, persons, welfare_verified,
    failed_indicators (list of indicator codes), deprived_dimensions (list of dimension codes),
    score (integer over ``weight_total``), weight_total (W), is_af_poor, is_tpmap_target.
    """
    if len(tambon_code) != 6 or not tambon_code.isdigit():
        raise ValueError(f"รหัสตำบลต้องเป็นตัวเลข 6 หลัก: {tambon_code!r} / a tambon code must be 6 digits")
    spec = spec_for(survey_round)
    directory = store.round_dir(survey_round)
    hh_files = store.household_files(directory, [tambon_code[:4]])
    p_files = store.person_files(directory, [tambon_code[:4]])
    if not hh_files:
        return pa.table({"household_id": pa.array([], pa.string())})
    failed = ", ".join(f"CASE WHEN {_q('g_' + i.code)} = 1 THEN '{i.code}' END" for i in spec.indicators)
    dims = ", ".join(f"CASE WHEN {_q('d_' + d)} = 1 THEN '{d}' END" for d in spec.dimensions)
    con = store.duckdb_connection()
    _register_exclusions(con, survey_round)
    where = f"WHERE tambon_code = '{tambon_code}'"
    table = con.sql(
        f"""
        WITH hh AS ({_household_sql(spec, hh_files, p_files, where, exclude=True)})
        SELECT household_id, house_no, village_code, tambon_code, members, persons, welfare_verified,
               list_filter([{failed}], lambda x: x IS NOT NULL) AS failed_indicators,
               list_filter([{dims or "NULL::VARCHAR"}], lambda x: x IS NOT NULL) AS deprived_dimensions,
               score, {spec.big_w}::BIGINT AS weight_total, af_poor AS is_af_poor, target AS is_tpmap_target
        FROM hh ORDER BY household_id
        """
    ).to_arrow_table()
    con.close()
    return table


def comparison(
    round_prev: SurveyRound,
    round_next: SurveyRound,
    households: Sequence[str],
    *,
    tambon_codes: Sequence[str] | None = None,
) -> list[dict[str, Any]]:
    """Which deprivations of these households were resolved between two rounds (closing the loop).

    Returns one dict per household and item: ``{"household_id", "kind": "indicator"|"dimension",
    "code", "before", "after", "status"}`` with before/after True (deprived), False (not) or None
    (household absent from that round) and status one of ``resolved``, ``persisting``, ``new``,
    ``absent_before``, ``absent_after``. Indicators are compared only when both rounds use the same
    indicator set (the numbering differs between sets); dimensions are always compared.
    ``tambon_codes``, when given, limits the files read to those tambons' districts (much faster
    than scanning the whole round at national size); households elsewhere then count as absent.
    """
    ids = sorted(set(households))
    if not ids:
        return []
    same_set = round_prev.indicator_set_id == round_next.indicator_set_id
    districts = sorted({t[:4] for t in tambon_codes}) if tambon_codes is not None else None
    states = [
        _household_states(r, ids, with_indicators=same_set, districts=districts) for r in (round_prev, round_next)
    ]
    out: list[dict[str, Any]] = []
    for hid in ids:
        before, after = states[0].get(hid), states[1].get(hid)
        keys = sorted(set((before or {}).keys()) | set((after or {}).keys()))
        for kind, code in keys:
            b = before.get((kind, code), False) if before is not None else None
            a = after.get((kind, code), False) if after is not None else None
            if b is None:
                status = "absent_before"
            elif a is None:
                status = "absent_after"
            elif b and not a:
                status = "resolved"
            elif b and a:
                status = "persisting"
            elif a:
                status = "new"
            else:
                continue  # neither before nor after: nothing to report
            out.append({"household_id": hid, "kind": kind, "code": code, "before": b, "after": a, "status": status})
    return out


def _household_states(
    survey_round: SurveyRound, ids: Sequence[str], *, with_indicators: bool, districts: Sequence[str] | None = None
) -> dict[str, dict[tuple[str, str], bool]]:
    spec = spec_for(survey_round)
    directory = store.round_dir(survey_round)
    hh_files, p_files = store.household_files(directory, districts), store.person_files(directory, districts)
    if not hh_files:
        return {}
    con = store.duckdb_connection()
    con.register("wanted", pa.table({"household_id": pa.array(ids, pa.string())}))
    where = "WHERE household_id IN (SELECT household_id FROM wanted)"
    g_cols = [_q("g_" + i.code) for i in spec.indicators] if with_indicators else []
    d_cols = [_q("d_" + d) for d in spec.dimensions]
    sql = _household_sql(spec, hh_files, p_files, where)
    rows = con.sql(f"SELECT household_id{''.join(', ' + c for c in g_cols + d_cols)} FROM ({sql})").fetchall()
    con.close()
    codes = ([("indicator", i.code) for i in spec.indicators] if with_indicators else []) + [
        ("dimension", d) for d in spec.dimensions
    ]
    return {r[0]: {code: bool(v) for code, v in zip(codes, r[1:], strict=True)} for r in rows}


@register_job("poverty.recompute", _("Recompute poverty results"))
def recompute_job(*, progress: Progress, round_code: str, tambon_codes: list[str] | None = None) -> dict[str, Any]:
    survey_round = SurveyRound.objects.select_related("indicator_set").get(code=round_code)
    if tambon_codes:
        return recompute_tambons(survey_round, tambon_codes, progress=progress)
    return recompute_round(survey_round, progress=progress)
