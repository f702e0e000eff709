"""The columnar survey store: one directory of Parquet files per survey round, read with DuckDB.

Layout (``settings.SURVEY_STORE/<round code>/``)::

    households/<district code>.parquet   one file per district (4-digit DOPA code), rows sorted by
    persons/<district code>.parquet      (tambon_code, household_id); so one tambon is replaced by
                                         rewriting one small file, and DuckDB prunes row groups by tambon.

Household columns (``HOUSEHOLD_COLUMNS``), then one ``int8`` column per household-level indicator
named by the indicator's ``code`` (e.g. ``i08``): 1 = passes, 0 = fails, null = not applicable::

    household_id  string   unique within the round (the generator uses village code + 5 digits)
    house_no      string   house number (บ้านเลขที่)
    village_code  string   8-digit DOPA village code (หมู่บ้าน)
    tambon_code   string   6-digit DOPA subdistrict code
    members       int16    members as recorded by the survey (persons rows are what is counted)

Person columns (``PERSON_COLUMNS``), then one ``int8`` column per person-level indicator (1/0/null;
null also for members the indicator does not assess, e.g. indicator 16 for adults)::

    national_id        string   13 digits with a valid check digit
    household_id       string   the household (same round)
    tambon_code        string   6-digit code of the household's tambon (for partition pruning)
    name_th            string
    sex                string   "M" | "F"
    birth_date         date32
    relation_to_head   string   head | spouse | child | parent | grandchild | relative | other
    education          string   none | primary | lower_secondary | upper_secondary | vocational | bachelor | higher
    occupation         string   free text category (farmer, employee, trader, student, none, ...)
    income_satang      int64    income in satang per year (baht × 100; exact integers, never float)
    welfare_registered bool     registered for the state welfare card (บัตรสวัสดิการแห่งรัฐ)
    welfare_verified   bool     verified on the register (TPMAP's join key)
    disabled           bool
    chronically_ill    bool
    bedridden          bool

Derived household columns (the person roll-up, written by ``write_district_files`` and
``replace_tambon``; a round is an immutable snapshot, so the engine's full recompute then reads the
household files only, without grouping 36 M person rows). Spec-independent: computed from the raw
columns of the same file pair; the raw columns stay in the files and remain the source of truth::

    _r_persons, _r_disabled, _r_chronically_ill, _r_bedridden, _r_welfare_registered,
    _r_welfare_verified   int32         person rows of the household / of them, those flagged
    _r_births             list<date32>  members' birth dates (elderly/children depend on the
                                        round's reference date, which may change)
    _r_fail0, _r_fail1 …  int64         bit j set when some member has 0 in person indicator
                                        column j of ``ROLLUP_KEY`` metadata (63 per mask)

The file's schema metadata ``ROLLUP_KEY`` holds ``{"version": 1, "person_codes": [...]}``; the engine
uses the roll-up only when it covers the round's person-level indicators, else the raw columns.

Contract (used by import, target lists and the Logbook): ``round_dir``, ``write_round``,
``replace_tambon`` (each file is replaced atomically: written to a temporary name, then renamed),
``read_tambon`` and ``duckdb_connection``. Rounds are immutable snapshots apart from tambon
replacement (corrections), after which ``engine.recompute_tambons`` refreshes the results.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import threading
import uuid
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
from django.conf import settings

from chumchon.poverty.models import IndicatorLevel, IndicatorSet, SurveyRound

HOUSEHOLD_COLUMNS: dict[str, pa.DataType] = {
    "household_id": pa.string(),
    "house_no": pa.string(),
    "village_code": pa.string(),
    "tambon_code": pa.string(),
    "members": pa.int16(),
}
PERSON_COLUMNS: dict[str, pa.DataType] = {
    "national_id": pa.string(),
    "household_id": pa.string(),
    "tambon_code": pa.string(),
    "name_th": pa.string(),
    "sex": pa.string(),
    "birth_date": pa.date32(),
    "relation_to_head": pa.string(),
    "education": pa.string(),
    "occupation": pa.string(),
    "income_satang": pa.int64(),
    "welfare_registered": pa.bool_(),
    "welfare_verified": pa.bool_(),
    "disabled": pa.bool_(),
    "chronically_ill": pa.bool_(),
    "bedridden": pa.bool_(),
}
INDICATOR_TYPE = pa.int8()
ROW_GROUP_SIZE = 64 * 1024
ROLLUP_PREFIX = "_r_"
ROLLUP_KEY = b"chumchon.rollup"
ROLLUP_VERSION = 1
ROLLUP_COUNTS = ("disabled", "chronically_ill", "bedridden", "welfare_registered", "welfare_verified")
MASK_BITS = 63


class StoreError(ValueError):
    """Bad survey data for the store, with a bilingual message."""


def indicator_codes(indicator_set: IndicatorSet) -> tuple[list[str], list[str]]:
    """``(household-level codes, person-level codes)`` of a set, in number order."""

    household: list[str] = []
    person: list[str] = []
    for code, level in indicator_set.indicators.order_by("number").values_list("code", "level"):
        (household if level == IndicatorLevel.HOUSEHOLD else person).append(code)
    return household, person


def household_schema(household_codes: Sequence[str]) -> pa.Schema:
    return pa.schema([*HOUSEHOLD_COLUMNS.items(), *((c, INDICATOR_TYPE) for c in household_codes)])


def person_schema(person_codes: Sequence[str]) -> pa.Schema:
    return pa.schema([*PERSON_COLUMNS.items(), *((c, INDICATOR_TYPE) for c in person_codes)])


def round_dir(survey_round: SurveyRound) -> Path:
    return Path(settings.SURVEY_STORE) / (survey_round.store_path or survey_round.code)


_SHARED: dict[tuple[int, str, str], duckdb.DuckDBPyConnection] = {}
_SHARED_LOCK = threading.Lock()


def duckdb_connection(*, memory_limit: str | None = None, threads: int | None = None) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB connection with bounded memory and a spill directory under the store.

    Without arguments: a cursor on this process's one in-memory database (opening a database
    costs ~50 ms here, a cursor under 1 ms; one tambon's recompute used to open four). Cursors
    keep their registered tables to themselves; ``close()`` closes the cursor only. Explicit
    ``memory_limit`` or ``threads`` (database-wide settings) get a database of their own."""
    spill = Path(settings.SURVEY_STORE) / ".duckdb-tmp"
    limit = memory_limit or os.environ.get("CHUMCHON_DUCKDB_MEMORY", "1GB")
    if memory_limit is None and threads is None:
        key = (os.getpid(), str(spill), limit)  # by process: a database must not cross a fork
        with _SHARED_LOCK:
            base = _SHARED.get(key)
            if base is None:
                base = _SHARED[key] = _configured(spill, limit, None)
            cur = base.cursor()
        cur.execute("SET enable_progress_bar = false")  # a client setting: each cursor's own
        return cur
    return _configured(spill, limit, threads)


def _configured(spill: Path, limit: str, threads: int | None) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(":memory:")
    spill.mkdir(parents=True, exist_ok=True)
    con.execute(f"SET temp_directory = '{_sql_str(str(spill))}'")
    con.execute(f"SET memory_limit = '{limit}'")
    con.execute("SET preserve_insertion_order = false")
    con.execute("SET enable_progress_bar = false")
    if threads:
        con.execute(f"SET threads = {int(threads)}")
    return con


def _sql_str(value: str) -> str:
    return value.replace("'", "''")


def sql_list(paths: Iterable[Path | str]) -> str:
    """A DuckDB list literal of file paths."""
    return "[" + ", ".join(f"'{_sql_str(str(p))}'" for p in paths) + "]"


def household_files(directory: Path, districts: Iterable[str] | None = None) -> list[Path]:
    return _files(directory / "households", districts)


def person_files(directory: Path, districts: Iterable[str] | None = None) -> list[Path]:
    return _files(directory / "persons", districts)


def _files(directory: Path, districts: Iterable[str] | None) -> list[Path]:
    if districts is None:
        return sorted(directory.glob("*.parquet"))
    return [p for d in sorted(set(districts)) if (p := directory / f"{d}.parquet").exists()]


def conform(table: pa.Table, schema: pa.Schema, *, what: str) -> pa.Table:
    """Select and cast ``table`` to ``schema``; missing indicator columns become null, others are errors."""
    columns = []
    for field in schema:
        if field.name in table.column_names:
            try:
                columns.append(table.column(field.name).cast(field.type))
            except (pa.ArrowInvalid, pa.ArrowNotImplementedError) as exc:
                raise StoreError(
                    f"คอลัมน์ {field.name} ของ{what}มีชนิดข้อมูลไม่ถูกต้อง / column {field.name} of {what} has a wrong type: {exc}"
                ) from exc
        elif field.type == INDICATOR_TYPE:
            columns.append(pa.nulls(table.num_rows, INDICATOR_TYPE))
        else:
            raise StoreError(f"ไม่มีคอลัมน์ {field.name} ใน{what} / {what} lack column {field.name}")
    return pa.Table.from_arrays(columns, schema=schema)


def _raw(table: pa.Table) -> pa.Table:
    """``table`` without derived columns or metadata (e.g. read back from a file)."""
    keep = [n for n in table.column_names if not n.startswith(ROLLUP_PREFIX)]
    return table.select(keep).replace_schema_metadata(None)


def person_indicator_columns(persons: pa.Table) -> list[str]:
    """The persons table's indicator columns (the integer columns that are not base or derived ones)."""
    return [
        f.name
        for f in persons.schema
        if f.name not in PERSON_COLUMNS and not f.name.startswith(ROLLUP_PREFIX) and pa.types.is_integer(f.type)
    ]


def with_rollup(households: pa.Table, persons: pa.Table, *, shared: bool = False) -> pa.Table:
    """``households`` (raw columns, same order) plus the derived person roll-up columns and metadata.

    By default in a database of its own with one thread (a whole district's rows at import time);
    ``shared``: on a cursor of the process's database (one tambon's rows: opening a database costs
    more than deriving them)."""
    households, persons = _raw(households), _raw(persons)
    codes = person_indicator_columns(persons)
    groups = [codes[i : i + MASK_BITS] for i in range(0, len(codes), MASK_BITS)]
    masks = [
        f"bit_or({' + '.join(f'CASE WHEN {_ident(c)} = 0 THEN {1 << j} ELSE 0 END' for j, c in enumerate(g))})::BIGINT"
        f" AS _r_fail{m}"
        for m, g in enumerate(groups)
    ]
    aggs = [
        "count(*)::INTEGER AS _r_persons",
        *(f"count_if({c})::INTEGER AS _r_{c}" for c in ROLLUP_COUNTS),
        "list(birth_date ORDER BY birth_date) FILTER (WHERE birth_date IS NOT NULL) AS _r_births",
        *masks,
    ]
    outs = [
        "coalesce(r._r_persons, 0)::INTEGER AS _r_persons",
        *(f"coalesce(r._r_{c}, 0)::INTEGER AS _r_{c}" for c in ROLLUP_COUNTS),
        "coalesce(r._r_births, []::DATE[]) AS _r_births",
        *(f"coalesce(r._r_fail{m}, 0)::BIGINT AS _r_fail{m}" for m in range(len(groups))),
    ]
    con = duckdb_connection() if shared else duckdb.connect(":memory:")
    try:
        if not shared:
            con.execute("SET threads = 1")
        con.register(
            "h_ids",
            households.select(["household_id"]).append_column("_ord", pa.array(range(households.num_rows), pa.int64())),
        )
        con.register("p_rows", persons)
        derived = con.sql(
            f"SELECT {', '.join(outs)} FROM h_ids h LEFT JOIN "
            f"(SELECT household_id, {', '.join(aggs)} FROM p_rows GROUP BY household_id) r USING (household_id) "
            "ORDER BY h._ord"
        ).to_arrow_table()
    finally:
        con.close()
    for name in derived.column_names:
        households = households.append_column(name, derived.column(name))
    meta = {"version": ROLLUP_VERSION, "person_codes": codes}
    return households.replace_schema_metadata({ROLLUP_KEY: json.dumps(meta).encode()})


def rollup_layouts(paths: Sequence[Path]) -> dict[Path, list[str] | None]:
    """Per household file, the person codes (bit order) of its roll-up, or None without a valid one
    (one DuckDB call reads every file's footer metadata)."""
    found: dict[str, bytes] = {}
    if paths:
        con = duckdb_connection()
        try:
            rows = con.execute(
                f"SELECT file_name, value FROM parquet_kv_metadata({sql_list(paths)}) WHERE key = ?",
                [ROLLUP_KEY.decode()],
            ).fetchall()
        finally:
            con.close()
        found = {str(name): bytes(value) for name, value in rows}
    out: dict[Path, list[str] | None] = {}
    for path in paths:
        out[path] = None
        raw = found.get(str(path))
        if raw is None:
            continue
        try:
            info = json.loads(raw)
        except ValueError:
            continue
        if isinstance(info, dict) and info.get("version") == ROLLUP_VERSION:
            out[path] = [str(c) for c in info.get("person_codes", [])]
    return out


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def write_district_files(
    directory: Path, district: str, households: pa.Table, persons: pa.Table, *, sort: bool = True
) -> None:
    """Write (replace atomically) one district's two files. Tables must already be conformed
    (derived columns in them, e.g. read back from a file, are dropped and derived again)."""
    swap_in(prepare_district_files(directory, district, households, persons, sort=sort))


Staged = list[tuple[Path | None, Path]]


def prepare_district_files(
    directory: Path, district: str, households: pa.Table, persons: pa.Table, *, sort: bool = True
) -> Staged:
    """Write one district's two files beside their final names; ``swap_in`` puts them in place
    (``discard`` drops them). Several districts staged first and swapped together make a write
    all or nothing: a failure while staging leaves every final file as it was."""
    households, persons = _raw(households), _raw(persons)
    if sort:
        households = households.sort_by([("tambon_code", "ascending"), ("household_id", "ascending")])
        persons = persons.sort_by([("tambon_code", "ascending"), ("household_id", "ascending")])
    return _stage(directory, district, with_rollup(households, persons), persons)


def _stage(
    directory: Path, district: str, households: pa.Table, persons: pa.Table, *, compression: str = "zstd"
) -> Staged:
    """Write a district's household file (roll-up columns in it) and persons file beside their final names."""
    staged: Staged = []
    try:
        for sub, table in (("households", households), ("persons", persons)):
            (directory / sub).mkdir(parents=True, exist_ok=True)
            final = directory / sub / f"{district}.parquet"
            if table.num_rows == 0:
                staged.append((None, final))
                continue
            tmp = final.with_name(f".{district}.{uuid.uuid4().hex}.tmp")
            staged.append((tmp, final))
            pq.write_table(table, tmp, row_group_size=ROW_GROUP_SIZE, compression=compression)
    except BaseException:
        discard(staged)
        raise
    return staged


def swap_in(staged: Staged) -> None:
    """Rename staged files over their final names (a file staged as None is removed)."""
    for written, final in staged:
        if written is None:
            final.unlink(missing_ok=True)
        else:
            os.replace(written, final)


def discard(staged: Staged) -> None:
    for written, _ in staged:
        if written is not None:
            written.unlink(missing_ok=True)


def write_round(survey_round: SurveyRound, households: pa.Table, persons: pa.Table) -> dict[str, int]:
    """Write a whole round (replacing any previous files), split into one file pair per district."""
    hh_codes, p_codes = indicator_codes(survey_round.indicator_set)
    households = conform(households, household_schema(hh_codes), what="ครัวเรือน (households)")
    persons = conform(persons, person_schema(p_codes), what="บุคคล (persons)")
    _check_codes(households, persons)
    directory = round_dir(survey_round)
    for sub in ("households", "persons"):
        if (directory / sub).exists():
            shutil.rmtree(directory / sub)
    hh_district = pc.utf8_slice_codeunits(households.column("tambon_code"), 0, 4)
    p_district = pc.utf8_slice_codeunits(persons.column("tambon_code"), 0, 4)
    for district in sorted(pc.unique(hh_district).to_pylist()):
        write_district_files(
            directory,
            district,
            households.filter(pc.equal(hh_district, district)),
            persons.filter(pc.equal(p_district, district)),
        )
    orphan = set(pc.unique(p_district).to_pylist()) - set(pc.unique(hh_district).to_pylist())
    if orphan:
        raise StoreError(f"มีบุคคลในอำเภอที่ไม่มีครัวเรือน: {sorted(orphan)[:5]} / persons in districts without households")
    return {"households": households.num_rows, "persons": persons.num_rows}


def _check_codes(households: pa.Table, persons: pa.Table, tambon_code: str | None = None) -> None:
    tambons = households.column("tambon_code")
    if households.num_rows and not pc.all(pc.match_substring_regex(tambons, r"^[0-9]{6}$")).as_py():
        raise StoreError("รหัสตำบลต้องเป็นตัวเลข 6 หลัก / tambon_code must be 6 digits")
    villages = households.column("village_code")
    if households.num_rows and not pc.all(pc.equal(pc.utf8_slice_codeunits(villages, 0, 6), tambons)).as_py():
        raise StoreError("รหัสหมู่บ้านต้องขึ้นต้นด้วยรหัสตำบล / village_code must start with its tambon_code")
    if tambon_code is not None:
        for name, table in (("households", households), ("persons", persons)):
            if table.num_rows and not pc.all(pc.equal(table.column("tambon_code"), tambon_code)).as_py():
                raise StoreError(f"ข้อมูลมีตำบลอื่นปนอยู่ / {name} contain rows of another tambon than {tambon_code}")


def replace_tambon(survey_round: SurveyRound, tambon_code: str, households: pa.Table, persons: pa.Table) -> None:
    """Replace one tambon's households and persons (the rest of its district file is kept)."""
    hh_codes, p_codes = indicator_codes(survey_round.indicator_set)
    hh_schema, p_schema = household_schema(hh_codes), person_schema(p_codes)
    households = conform(households, hh_schema, what="ครัวเรือน (households)")
    persons = conform(persons, p_schema, what="บุคคล (persons)")
    if not re.fullmatch(r"[0-9]{6}", tambon_code):
        raise StoreError(f"รหัสตำบลต้องเป็นตัวเลข 6 หลัก: {tambon_code!r} / a tambon code must be 6 digits")
    _check_codes(households, persons, tambon_code)
    directory = round_dir(survey_round)
    district = tambon_code[:4]
    staged = _spliced(directory, district, tambon_code, households, persons)
    if staged is not None:
        swap_in(staged)
        return
    # The district's other tambons' rows plus the new ones, in store order; the roll-up is derived
    # again for the whole district file by ``write_district_files``.
    con = duckdb_connection()
    tables: list[pa.Table] = []
    try:
        for sub, schema, new in (("households", hh_schema, households), ("persons", p_schema, persons)):
            final = directory / sub / f"{district}.parquet"
            con.register("new_rows", new)
            source = "SELECT * FROM new_rows"
            if final.exists():
                source = (
                    f"SELECT * FROM read_parquet('{_sql_str(str(final))}') WHERE tambon_code <> '{tambon_code}' "
                    f"UNION ALL BY NAME {source}"
                )
            cols = ", ".join(_ident(name) for name in schema.names)
            table = con.sql(f"SELECT {cols} FROM ({source}) ORDER BY tambon_code, household_id").to_arrow_table()
            tables.append(table.cast(schema))
            con.unregister("new_rows")
    finally:
        con.close()
    write_district_files(directory, district, tables[0], tables[1], sort=False)


# A one-tambon rewrite is written with LZ4: at a national district's size (~14,000 households,
# ~38,000 persons) it encodes in about half zstd's time and decodes faster, for files ~1.5× larger;
# the next full write of the district (an import) compresses it with zstd again.
REWRITE_COMPRESSION = "lz4"


def _spliced(
    directory: Path, district: str, tambon_code: str, households: pa.Table, persons: pa.Table
) -> Staged | None:
    """Stage the district's files with ``tambon_code``'s rows replaced by the given (conformed) ones,
    without deriving the other tambons' roll-up again: the roll-up is per household and computed from
    the household's own persons, so their rows are copied as they are. The district files are sorted by
    (tambon_code, household_id), so the tambon's rows are one slice of each (checked), found by counting the
    codes below and above it, and replaced by the new rows (sorted by household). None when the
    files cannot be spliced (missing, or a roll-up or columns other than the new rows'): the caller
    then rebuilds the whole district as before."""
    hh_path = directory / "households" / f"{district}.parquet"
    p_path = directory / "persons" / f"{district}.parquet"
    if not hh_path.exists() or not p_path.exists():
        return None
    order = [("household_id", "ascending")]
    fresh_hh = with_rollup(households.sort_by(order), persons.sort_by(order), shared=True)
    fresh_p = _raw(persons.sort_by(order))
    try:
        old_hh, old_p = pq.read_table(hh_path), pq.read_table(p_path)
    except (OSError, pa.ArrowInvalid):
        return None
    if old_hh.schema.metadata != fresh_hh.schema.metadata:  # another roll-up layout (or none)
        return None
    if old_hh.schema.names != fresh_hh.schema.names or old_p.schema.names != fresh_p.schema.names:
        return None
    try:
        fresh_hh = fresh_hh.cast(old_hh.schema)
        fresh_p = fresh_p.cast(old_p.schema)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError, ValueError):
        return None

    def splice(old: pa.Table, fresh: pa.Table) -> pa.Table | None:
        codes = old.column("tambon_code")
        start = pc.sum(pc.less(codes, tambon_code)).as_py() or 0
        end = old.num_rows - (pc.sum(pc.greater(codes, tambon_code)).as_py() or 0)
        before, after = codes.slice(0, start), codes.slice(end)
        if (start and not pc.all(pc.less(before, tambon_code)).as_py()) or (
            len(after) and not pc.all(pc.greater(after, tambon_code)).as_py()
        ):
            return None  # not in store order (e.g. written unsorted): no single slice to replace
        return pa.concat_tables([old.slice(0, start), fresh, old.slice(end)])

    hh, p = splice(old_hh, fresh_hh), splice(old_p, fresh_p)
    if hh is None or p is None:
        return None
    return _stage(directory, district, hh, p, compression=REWRITE_COMPRESSION)


def households_held_elsewhere(
    survey_round: SurveyRound,
    household_ids: Iterable[str] | pa.Array | pa.ChunkedArray,
    *,
    except_tambons: Iterable[str],
) -> set[str]:
    """Which of ``household_ids`` (strings, or an Arrow string array, chunked or not) the round's store
    already holds in a tambon other than ``except_tambons`` (the tambons an import replaces). One DuckDB
    semi-join over two columns of the household files: no Python set of the file's ids, whatever its size."""
    if isinstance(household_ids, pa.Array | pa.ChunkedArray):
        wanted = household_ids.drop_null()
    else:
        wanted = pa.array(sorted(set(household_ids)), pa.string())
    files = household_files(round_dir(survey_round))
    if not files or not len(wanted):
        return set()
    con = duckdb_connection()
    try:
        con.register("wanted_ids", pa.table({"household_id": wanted.cast(pa.string())}))
        con.register("replaced", pa.table({"tambon_code": pa.array(sorted(set(except_tambons)), pa.string())}))
        rows = con.sql(
            f"SELECT DISTINCT h.household_id FROM read_parquet({sql_list(files)}) h "
            "SEMI JOIN wanted_ids USING (household_id) "
            "WHERE h.tambon_code NOT IN (SELECT tambon_code FROM replaced)"
        ).fetchall()
    finally:
        con.close()
    return {r[0] for r in rows}


def persons_held_elsewhere(
    survey_round: SurveyRound,
    national_ids: Iterable[str] | pa.Array | pa.ChunkedArray | Path,
    *,
    except_tambons: Iterable[str],
    memory_limit: str | None = None,
) -> list[tuple[str, str, str]]:
    """``(national_id, household_id, tambon_code)`` of the round's person records holding one of
    ``national_ids`` (strings, an Arrow string array, or a Parquet file of them as 64-bit integers in a
    column "key", as the import's validation leaves them) in a tambon other than ``except_tambons``
    (those an import replaces): the cross-area duplicates an import brings. One DuckDB scan of three
    columns of the person files; with ``memory_limit``, in a database of its own on one thread that
    spills beyond it (an import's IDs: memory flat in the file's size)."""
    files = person_files(round_dir(survey_round))
    if not files:
        return []
    con = duckdb_connection() if memory_limit is None else duckdb_connection(memory_limit=memory_limit, threads=1)
    try:
        if isinstance(national_ids, Path):  # a Parquet file of IDs as integers (column "key"), read from disk
            con.execute(
                "CREATE TEMP VIEW wanted_ids AS SELECT lpad(CAST(key AS VARCHAR), 13, '0') AS national_id "
                f"FROM read_parquet({sql_list([national_ids])})"
            )
        else:
            wanted = (
                national_ids
                if isinstance(national_ids, pa.Array | pa.ChunkedArray)
                else pa.array(sorted(set(national_ids)), pa.string())
            )
            if not len(wanted):
                return []
            con.register("wanted_ids", pa.table({"national_id": wanted}))
        con.register("replaced", pa.table({"tambon_code": pa.array(sorted(set(except_tambons)), pa.string())}))
        rows = con.sql(
            f"SELECT p.national_id, p.household_id, p.tambon_code FROM read_parquet({sql_list(files)}) p "
            "SEMI JOIN wanted_ids USING (national_id) "
            "WHERE p.tambon_code NOT IN (SELECT tambon_code FROM replaced) "
            "ORDER BY p.national_id, p.tambon_code"
        ).fetchall()
    finally:
        con.close()
    return [(r[0], r[1], r[2]) for r in rows]


def read_tambon(
    survey_round: SurveyRound, tambon_code: str, *, con: duckdb.DuckDBPyConnection | None = None
) -> tuple[pa.Table, pa.Table]:
    """One tambon's ``(households, persons)`` as Arrow tables, in store order."""
    if not re.fullmatch(r"[0-9]{6}", tambon_code):
        raise StoreError(f"รหัสตำบลต้องเป็นตัวเลข 6 หลัก: {tambon_code!r} / a tambon code must be 6 digits")
    directory = round_dir(survey_round)
    own = con is None
    con = con or duckdb_connection()
    out: list[Any] = []
    try:
        for files in (household_files(directory, [tambon_code[:4]]), person_files(directory, [tambon_code[:4]])):
            if not files:
                out.append(None)
                continue
            out.append(
                con.sql(
                    f"SELECT COLUMNS(lambda c: NOT starts_with(c, '{ROLLUP_PREFIX}')) "
                    f"FROM read_parquet({sql_list(files)}) WHERE tambon_code = '{tambon_code}' "
                    "ORDER BY tambon_code, household_id"
                ).to_arrow_table()
            )
    finally:
        if own:  # a cursor on the process's shared database: close it, as every other caller does
            con.close()
    if out[0] is None or out[1] is None:
        hh_codes, p_codes = indicator_codes(survey_round.indicator_set)
        out[0] = out[0] if out[0] is not None else household_schema(hh_codes).empty_table()
        out[1] = out[1] if out[1] is not None else person_schema(p_codes).empty_table()
    return out[0], out[1]
