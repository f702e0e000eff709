"""Village results kept beside the round in the columnar store, not in the database.

A national round has ~74,000 village rows against ~8,500 for tambons and above; storing them with
the others was most of a full recompute's store time (bench/RESULTS.md, issue 16 item 2), while
only a tambon's page (its villages), a village's page and the API read them. So the engine writes
them to Parquet under the round's store directory and the database keeps tambons and above::

    <round dir>/results/villages-<token>.parquet     every village of the round, sorted by code
                                                     (row groups of 4,096: a tambon's villages
                                                     are read from one or two of them)
    <round dir>/results/villages-<token>/<district>.parquet
                                                     a district's villages after a one-tambon
                                                     recompute (read instead of the base file)

``SurveyRound.village_results`` names the current token ("" = the round was computed before this
design: its village rows are still ``AreaPovertyResult`` rows, read from the database as before).
A full recompute writes a new token and switches the round to it in the transaction that replaces
the other rows; files of older tokens are removed after the commit (the one before is kept for
readers holding the old name). A one-tambon recompute rewrites its district's file (written to a
temporary name, then renamed) under the round's row lock, just before its transaction commits.

Columns: ``area_code``; the counts of ``engine.COUNT_FIELDS``; ``af_k_num``, ``af_k_den``,
``af_weight_total``; ``previous_households``, ``previous_target_poor_households``,
``previous_af_poor_households`` (null when there is no previous figure); then ``dim__<dimension>``,
``ind__<indicator>`` and ``cens__<indicator>`` (the database rows' three JSON objects, one integer
column per key). Readers get unsaved ``AreaPovertyResult`` instances with the same values a database
row would hold (ratios and changes derived exactly as the engine derives them).

Files are immutable under their name (a district file is replaced, never rewritten in place), so a
process keeps their metadata and the villages it has read, keyed by path, inode and mtime.
"""

from __future__ import annotations

import os
import shutil
import threading
import uuid
from collections import OrderedDict
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from chumchon.core.dopa import prefix_range_q
from chumchon.poverty import store
from chumchon.poverty.models import AreaPovertyResult, ResultLevel, SurveyRound

RESULTS_DIR = "results"
ROW_GROUP_SIZE = 4096
PREVIOUS_FIELDS = ("previous_households", "previous_target_poor_households", "previous_af_poor_households")
DICT_PREFIXES = {"dim__": "deprived_by_dimension", "ind__": "deprived_by_indicator", "cens__": "censored_by_indicator"}
_SCALE = 10**12


def results_dir(survey_round: SurveyRound) -> Path:
    return store.round_dir(survey_round) / RESULTS_DIR


def new_token() -> str:
    return uuid.uuid4().hex[:16]


def base_path(survey_round: SurveyRound, token: str) -> Path:
    return results_dir(survey_round) / f"villages-{token}.parquet"


def district_path(survey_round: SurveyRound, token: str, district: str) -> Path:
    return results_dir(survey_round) / f"villages-{token}" / f"{district}.parquet"


def current_token(survey_round: SurveyRound) -> str:
    """The token as stored now (the object in hand may be older than a recompute)."""
    return SurveyRound.objects.filter(pk=survey_round.pk).values_list("village_results", flat=True).first() or ""


def write_table(table: pa.Table, path: Path) -> None:
    """Write ``table`` (ordered by area_code) to ``path`` through a temporary name, then rename it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        pq.write_table(table, tmp, row_group_size=ROW_GROUP_SIZE, compression="snappy")
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def remove_stale(survey_round: SurveyRound, keep: Sequence[str]) -> None:
    """Remove the village files of every token but ``keep``."""
    directory = results_dir(survey_round)
    if not directory.is_dir():
        return
    wanted = {f"villages-{t}" for t in keep if t}
    for entry in directory.iterdir():
        stem = entry.name.removesuffix(".parquet")
        if not entry.name.startswith("villages-") or stem in wanted:
            continue
        if entry.is_dir():
            shutil.rmtree(entry, ignore_errors=True)
        else:
            entry.unlink(missing_ok=True)


# --- reading ----------------------------------------------------------------------------------

_LOCK = threading.Lock()
_FILES: OrderedDict[tuple[str, int, int], tuple[pq.ParquetFile, list[tuple[str, str]]]] = OrderedDict()
_READ: OrderedDict[tuple[str, int, int, str], pa.Table] = OrderedDict()
_MAX_FILES = 8
_MAX_READS = 64


def _file(path: Path) -> tuple[tuple[str, int, int], pq.ParquetFile, list[tuple[str, str]]]:
    st = path.stat()  # FileNotFoundError when gone: the caller refreshes the token
    key = (str(path), st.st_ino, st.st_mtime_ns)
    with _LOCK:
        hit = _FILES.get(key)
        if hit is not None:
            _FILES.move_to_end(key)
            return key, *hit
    pf = pq.ParquetFile(path)
    md = pf.metadata
    col = pf.schema_arrow.get_field_index("area_code")
    bounds = []
    for g in range(md.num_row_groups):
        stats = md.row_group(g).column(col).statistics
        bounds.append((stats.min, stats.max) if stats is not None and stats.has_min_max else ("", "\uffff"))
    with _LOCK:
        _FILES[key] = (pf, bounds)
        while len(_FILES) > _MAX_FILES:
            _FILES.popitem(last=False)
    return key, pf, bounds


def _read(path: Path, prefix: str) -> pa.Table:
    """The rows of ``path`` whose area_code starts with ``prefix`` ("" = all)."""
    key, pf, bounds = _file(path)
    rkey = (*key, prefix)
    with _LOCK:
        hit = _READ.get(rkey)
        if hit is not None:
            _READ.move_to_end(rkey)
            return hit
    if not prefix:
        table = pf.read()
    else:
        end = prefix + "\uffff"
        groups = [g for g, (lo, hi) in enumerate(bounds) if hi >= prefix and lo <= end]
        table = pf.read_row_groups(groups) if groups else pf.schema_arrow.empty_table()
        table = table.filter(pc.starts_with(table.column("area_code"), prefix))
    if prefix and table.num_rows <= 2000:  # a tambon's or district's villages: worth keeping
        with _LOCK:
            _READ[rkey] = table
            while len(_READ) > _MAX_READS:
                _READ.popitem(last=False)
    return table


def _overridden(survey_round: SurveyRound, token: str) -> dict[str, Path]:
    directory = results_dir(survey_round) / f"villages-{token}"
    if not directory.is_dir():
        return {}
    return {p.stem: p for p in directory.glob("*.parquet")}


def table(survey_round: SurveyRound, prefix: str = "", token: str | None = None) -> pa.Table | None:
    """The village rows under ``prefix`` (a district, tambon or village code; "" = every village)
    as an Arrow table in the file's columns, or None when the round keeps its villages in the
    database (computed before this design)."""
    token = survey_round.village_results if token is None else token
    if not token:
        return None
    try:
        return _table(survey_round, prefix, token)
    except FileNotFoundError:
        fresh = current_token(survey_round)  # a recompute replaced the files since ``token`` was read
        if not fresh or fresh == token:
            raise
        survey_round.village_results = fresh
        return _table(survey_round, prefix, fresh)


def _table(survey_round: SurveyRound, prefix: str, token: str) -> pa.Table:
    base = base_path(survey_round, token)
    if len(prefix) >= 4:
        district = district_path(survey_round, token, prefix[:4])
        return _read(district if district.exists() else base, prefix)
    overrides = {d: p for d, p in _overridden(survey_round, token).items() if d.startswith(prefix)}
    main = _read(base, prefix)
    if not overrides:
        return main
    keep = pc.invert(pc.is_in(pc.utf8_slice_codeunits(main.column("area_code"), 0, 4), pa.array(list(overrides))))
    parts = [main.filter(keep), *(_read(p, prefix) for _d, p in sorted(overrides.items()))]
    schema = pa.schema([f.with_nullable(True) for f in main.schema])
    merged = pa.concat_tables([t.select(main.column_names).cast(schema) for t in parts])
    return merged.sort_by("area_code")


def _ratio(num: int, den: int) -> Decimal:
    if not den:
        return Decimal("0.000000000000")
    x = num * _SCALE // den
    return Decimal(f"{x // _SCALE}.{x % _SCALE:012d}")


def as_results(survey_round: SurveyRound, rows: pa.Table) -> list[AreaPovertyResult]:
    """Unsaved ``AreaPovertyResult`` instances of village rows, as the database would hold them."""
    # Each column sorted once (not per row): into a dict field by its prefix, or a plain field.
    dict_cols: dict[str, list[tuple[str, str]]] = {f: [] for f in DICT_PREFIXES.values()}
    plain: list[str] = []
    for name in rows.column_names:
        prefixed = False
        for prefix, field in DICT_PREFIXES.items():
            if name.startswith(prefix):
                dict_cols[field].append((name, name[len(prefix) :]))
                prefixed = True
        if not prefixed and name in _FIELD_NAMES and name != "area_code":
            plain.append(name)
    out = []
    for r in rows.to_pylist():
        n, q, s, big_w = r["households"], r["af_poor_households"], r["af_score_sum"], r["af_weight_total"]
        prev = [r.get(f) for f in PREVIOUS_FIELDS]
        values: dict[str, Any] = {k: r[k] for k in plain}
        values.update({field: {key: r[col] for col, key in cols} for field, cols in dict_cols.items()})
        values["computed_at"] = survey_round.computed_at
        result = AreaPovertyResult(
            survey_round=survey_round,
            level=ResultLevel.VILLAGE,
            area_code=r["area_code"],
            group_code="",
            af_h=_ratio(q, n),
            af_a=_ratio(s, q * big_w),
            af_m0=_ratio(s, n * big_w),
            target_poor_households_delta=None if prev[1] is None else r["target_poor_households"] - prev[1],
            af_poor_households_delta=None if prev[2] is None else q - prev[2],
            **values,
        )
        out.append(result)
    return out


_FIELD_NAMES = frozenset(f.name for f in AreaPovertyResult._meta.concrete_fields)


def villages(survey_round: SurveyRound, prefix: str) -> list[AreaPovertyResult]:
    """Village results under ``prefix`` (tambon or village code), ordered by code: from the round's
    village file, or from the database for rounds computed before it existed."""
    rows = table(survey_round, prefix)
    if rows is None:
        return list(
            AreaPovertyResult.objects.filter(
                prefix_range_q([prefix], "area_code"), survey_round=survey_round, level=ResultLevel.VILLAGE
            ).order_by("area_code")
        )
    return as_results(survey_round, rows)


def all_results(survey_round: SurveyRound) -> list[AreaPovertyResult]:
    """Every result of the round: the database rows and the villages (for checks and exports)."""
    rows = list(AreaPovertyResult.objects.filter(survey_round=survey_round))
    token = current_token(survey_round)
    found = table(survey_round, "", token) if token else None
    return rows + (as_results(survey_round, found) if found is not None else [])


def all_values(survey_round: SurveyRound) -> list[dict[str, Any]]:
    """``all_results`` as ``QuerySet.values()`` would give them (attribute names; id None for villages)."""
    names = [f.attname for f in AreaPovertyResult._meta.concrete_fields]
    return [{n: getattr(r, n) for n in names} for r in all_results(survey_round)]
