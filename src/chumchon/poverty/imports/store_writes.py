"""Writing a validated import into the round's survey store, all or nothing, one writer at a time."""

from __future__ import annotations

import fcntl
import json
import uuid
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
from django.db import connection, transaction

from chumchon.poverty import engine, store
from chumchon.poverty.imports.columnar import read_spooled, with_members
from chumchon.poverty.models import SurveyImport, SurveyRound


def to_arrow(survey_round: SurveyRound, hh: dict[str, list[Any]], persons: dict[str, list[Any]]) -> tuple[Any, Any]:

    hh_codes, p_codes = store.indicator_codes(survey_round.indicator_set)
    counts: dict[str, int] = {}
    for hid in persons["household_id"]:
        counts[hid] = counts.get(hid, 0) + 1
    hh["members"] = [
        m if m is not None else counts.get(h, 0) for h, m in zip(hh["household_id"], hh["members"], strict=True)
    ]
    hh_schema, p_schema = store.household_schema(hh_codes), store.person_schema(p_codes)
    hh_table = pa.table({f.name: pa.array(hh.get(f.name, [None] * len(hh["household_id"])), f.type) for f in hh_schema})
    n_p = len(persons["national_id"])
    p_table = pa.table({f.name: pa.array(persons.get(f.name, [None] * n_p), f.type) for f in p_schema})
    return hh_table, p_table


@contextmanager
def store_write_lock(survey_round: SurveyRound) -> Iterator[None]:
    """Serialise writers of one round's store files.

    Writing a district file is read–modify–write (the district's other tambons are kept), so two
    imports touching one district at once could each write a file without the other's rows. On
    PostgreSQL the round's row lock serialises them across machines (the transaction writes
    nothing); on SQLite — one machine — a lock on a file in the round's directory does, without
    holding the database's single write lock while files are written."""

    if connection.vendor == "postgresql":
        with transaction.atomic():
            engine.lock_round(survey_round)
            yield
        return
    directory = store.round_dir(survey_round)
    directory.mkdir(parents=True, exist_ok=True)
    with (directory / ".write.lock").open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def write(
    survey_import: SurveyImport, households: Mapping[str, Path], persons: Mapping[str, Path], tambons: Sequence[str]
) -> None:
    """Replace the file's subdistricts in the store from the validated files (district code →
    Parquet file of its households / persons), one district file pair at a time."""
    with store_write_lock(survey_import.survey_round):
        _write_locked(survey_import, households, persons, tambons)


def _read(files: Mapping[str, Path], district: str, schema: pa.Schema) -> pa.Table:
    path = files.get(district)
    return read_spooled(path).cast(schema) if path is not None else schema.empty_table()


def _write_locked(
    survey_import: SurveyImport, households: Mapping[str, Path], persons: Mapping[str, Path], tambons: Sequence[str]
) -> None:
    survey_round = survey_import.survey_round
    hh_codes, p_codes = store.indicator_codes(survey_round.indicator_set)
    hh_schema, p_schema = store.household_schema(hh_codes), store.person_schema(p_codes)
    if survey_import.replace_tambon:
        district = survey_import.area_code[:4]
        new_p = _read(persons, district, p_schema)
        new_h = with_members(_read(households, district, hh_schema), new_p)
        store.replace_tambon(survey_round, survey_import.area_code, new_h, new_p)
        return
    directory = store.round_dir(survey_round)
    replaced = set(tambons)
    pool = pa.default_memory_pool()
    # Every district is staged before any is swapped in: a failure (a damaged file, a full disk)
    # leaves the store as it was, so the import stays all or nothing. A district is written one
    # subdistrict at a time (its new rows from the spool, or its old rows from the district's file),
    # so memory holds a subdistrict and a row group, not a district.
    staged: store.Staged = []
    try:
        for district in sorted(households):
            staged += _stage_district(
                directory,
                district,
                _Spooled(households.get(district), hh_schema),
                _Spooled(persons.get(district), p_schema),
                replaced,
                (hh_schema, p_schema),
            )
            pool.release_unused()
    except BaseException:
        store.discard(staged)
        raise
    store.swap_in(staged)


class _Spooled:
    """One district's spooled file, read one subdistrict at a time (the spool writes a batch per
    subdistrict and flush, sorted by household; a batch holding several subdistricts is filtered)."""

    def __init__(self, path: Path | None, schema: pa.Schema) -> None:
        self.path, self.schema = path, schema
        self.batches: dict[str, list[int]] = {}
        self.mixed: set[int] = set()  # batches holding more than one subdistrict
        if path is None:
            return
        # Memory-mapped: a batch's columns are read where they lie, only those looked at are touched.
        with pa.memory_map(str(path), "rb") as source:
            reader = pa.ipc.open_file(source)
            for i in range(reader.num_record_batches):
                tambons = pc.unique(reader.get_batch(i).column("tambon_code")).to_pylist()
                if len(tambons) > 1:
                    self.mixed.add(i)
                for tambon in tambons:
                    self.batches.setdefault(tambon or "", []).append(i)

    def tambon(self, tambon: str) -> tuple[pa.Table, bool]:
        """The subdistrict's rows, and whether they are already in household order (one sorted batch)."""
        if self.path is None or tambon not in self.batches:
            return self.schema.empty_table(), True
        at = self.batches[tambon]
        with pa.memory_map(str(self.path), "rb") as source:
            reader = pa.ipc.open_file(source)
            # The batches' buffers keep the mapping alive once the file is closed (Arrow counts them).
            table = pa.Table.from_batches([reader.get_batch(i) for i in at], schema=reader.schema)
        if any(i in self.mixed for i in at):
            table = table.filter(pc.equal(table.column("tambon_code"), tambon))
        return table.cast(self.schema), len(at) == 1


def _old_groups(path: Path) -> list[tuple[str | None, str | None, int]]:
    """``(lowest, highest subdistrict code, row group)`` of each row group of a store file (None,
    None: no statistics, read for every subdistrict)."""
    if not path.exists():
        return []
    meta = pq.ParquetFile(path).metadata
    at = meta.schema.to_arrow_schema().get_field_index("tambon_code")
    groups: list[tuple[str | None, str | None, int]] = []
    for g in range(meta.num_row_groups):
        stats = meta.row_group(g).column(at).statistics
        has = stats is not None and stats.has_min_max
        groups.append((stats.min if has else None, stats.max if has else None, g))
    return groups


def _old_rows(path: Path, groups: list[tuple[str | None, str | None, int]], tambon: str, schema: pa.Schema) -> pa.Table:
    """One subdistrict's rows of a store file: the row groups that may hold it, filtered."""
    wanted = [g for low, high, g in groups if low is None or high is None or low <= tambon <= high]
    if not wanted:
        return schema.empty_table()
    table = pq.ParquetFile(path).read_row_groups(wanted, columns=[f.name for f in schema])
    table = table.filter(pc.equal(table.column("tambon_code"), tambon))
    return table.cast(schema)


def _old_tambon_codes(path: Path) -> set[str]:
    if not path.exists():
        return set()
    column = pq.read_table(path, columns=["tambon_code"]).column("tambon_code")
    return {t for t in pc.unique(column).to_pylist() if t}


def _stage_district(
    directory: Path,
    district: str,
    new_households: _Spooled,
    new_persons: _Spooled,
    replaced: set[str],
    schemas: tuple[pa.Schema, pa.Schema],
) -> store.Staged:
    """Write a district's two files beside their final names (as ``store.prepare_district_files``
    does: sorted by subdistrict and household, roll-up derived), one subdistrict at a time."""
    hh_schema, p_schema = schemas
    old_paths = {sub: directory / sub / f"{district}.parquet" for sub in ("households", "persons")}
    kept = _old_tambon_codes(old_paths["households"]) | _old_tambon_codes(old_paths["persons"])
    kept -= replaced
    new = set(new_households.batches) | set(new_persons.batches)
    old_groups = {sub: _old_groups(path) for sub, path in old_paths.items()}
    writers = _DistrictWriters(directory, district)
    try:
        for tambon in sorted(kept | new):
            if tambon in replaced:
                p, p_sorted = new_persons.tambon(tambon)
                h, h_sorted = new_households.tambon(tambon)
                h = with_members(h, p)
            else:
                h = _old_rows(old_paths["households"], old_groups["households"], tambon, hh_schema)
                p = _old_rows(old_paths["persons"], old_groups["persons"], tambon, p_schema)
                h_sorted = p_sorted = False
            if not h_sorted:
                h = h.sort_by([("household_id", "ascending")])
            if not p_sorted:
                p = p.sort_by([("household_id", "ascending")])
            writers.add(h, p)
        return writers.close()
    except BaseException:
        writers.abort()
        raise


# Columns with (nearly) a value per row: written without a dictionary, which Parquet would build for
# each and then abandon (measured: persons' encoding 97 → 88 ms for 105,369 rows, files as large).
UNIQUE_COLUMNS = frozenset({"national_id", "household_id", "name_th", "house_no", "_r_births"})

# Households rolled up and written at a time: one DuckDB query per this many (a query per subdistrict
# cost ~10 ms each), memory bounded by them and their persons whatever the district's size.
WRITE_HOUSEHOLDS = 16_384


def rollup_sorted(households: pa.Table, persons: pa.Table) -> pa.Table:
    """``store.with_rollup`` of a part whose households and persons are both sorted by household
    (the write step's), computed over the sorted runs in numpy instead of a DuckDB join and group-by:
    the same columns, types, values and metadata (``test_import_write`` holds the files equal)."""
    households, persons = store._raw(households), store._raw(persons)
    codes = store.person_indicator_columns(persons)
    groups = [codes[i : i + store.MASK_BITS] for i in range(0, len(codes), store.MASK_BITS)]
    n_h = households.num_rows
    hids = persons.column("household_id").combine_chunks()
    runs = pc.run_end_encode(hids) if len(hids) else None
    ends = runs.run_ends.to_numpy().astype(np.int64) if runs is not None else np.empty(0, dtype=np.int64)
    starts = np.concatenate(([0], ends[:-1])) if len(ends) else ends
    # Each run's household in the part (-1: a person whose household is not in it, left out as the join does).
    where = (
        pc.fill_null(pc.index_in(runs.values, value_set=households.column("household_id").combine_chunks()), -1)
        .to_numpy(zero_copy_only=False)
        .astype(np.int64)
        if runs is not None
        else np.empty(0, dtype=np.int64)
    )
    held = where >= 0
    target = where[held]

    def per_household(values: np.ndarray, reduce: Any, dtype: Any) -> np.ndarray:
        out = np.zeros(n_h, dtype=dtype)
        if len(starts):
            out[target] = reduce(values, starts)[held]
        return out

    columns: dict[str, pa.Array] = {}
    columns["_r_persons"] = pa.array(
        per_household(np.ones(persons.num_rows, dtype=np.int32), np.add.reduceat, np.int32)
    )
    for c in store.ROLLUP_COUNTS:
        flag = pc.fill_null(persons.column(c), False).to_numpy(zero_copy_only=False).astype(np.int32)
        columns[f"_r_{c}"] = pa.array(per_household(flag, np.add.reduceat, np.int32))
    # Dates of birth, sorted within each household (nulls left out): by (run, date), one stable sort.
    born = persons.column("birth_date").combine_chunks()
    run_of = (
        np.repeat(np.arange(len(ends)), np.diff(np.concatenate(([0], ends)))) if len(ends) else np.empty(0, np.int64)
    )
    valid = born.is_valid().to_numpy(zero_copy_only=False)
    days = pc.fill_null(born.cast(pa.int32()), 0).to_numpy(zero_copy_only=False)
    keep = np.flatnonzero(valid & held[run_of]) if len(run_of) else np.empty(0, dtype=np.int64)
    order = keep[np.lexsort((days[keep], where[run_of[keep]]))]
    counts = np.bincount(where[run_of[order]], minlength=n_h) if len(order) else np.zeros(n_h, dtype=np.int64)
    offsets = np.concatenate(([0], np.cumsum(counts))).astype(np.int32)
    values = pa.array(days[order].astype(np.int32)).cast(pa.date32())
    columns["_r_births"] = pa.ListArray.from_arrays(
        pa.array(offsets), values, type=pa.list_(pa.field("l", pa.date32()))
    )
    for m, group in enumerate(groups):
        mask = np.zeros(persons.num_rows, dtype=np.int64)
        for j, c in enumerate(group):
            fails = pc.fill_null(pc.equal(persons.column(c), 0), False).to_numpy(zero_copy_only=False)
            mask |= fails.astype(np.int64) << j
        columns[f"_r_fail{m}"] = pa.array(per_household(mask, np.bitwise_or.reduceat, np.int64))
    for name, array in columns.items():
        households = households.append_column(name, array)
    meta = {"version": store.ROLLUP_VERSION, "person_codes": codes}
    return households.replace_schema_metadata({store.ROLLUP_KEY: json.dumps(meta).encode()})


class _DistrictWriters:
    """A district's household and person files (sorted rows in, roll-up derived), written in parts
    of about ``WRITE_HOUSEHOLDS`` households beside their final names."""

    def __init__(self, directory: Path, district: str) -> None:
        self.directory, self.district = directory, district
        self.pending: list[tuple[pa.Table, pa.Table]] = []
        self.pending_households = 0
        self.writers: dict[str, pq.ParquetWriter] = {}
        self.staged: dict[str, Path] = {}

    def add(self, households: pa.Table, persons: pa.Table) -> None:
        """A subdistrict's rows (both sorted by household), cut at household boundaries into parts
        of at most ``WRITE_HOUSEHOLDS`` households: memory holds a part, whatever the subdistrict's
        or the district's size."""
        while households.num_rows > WRITE_HOUSEHOLDS - self.pending_households:
            room = WRITE_HOUSEHOLDS - self.pending_households
            boundary = households.column("household_id")[room]
            # The persons of the households before the cut: a prefix (sorted by household too).
            cut = pc.sum(pc.less(persons.column("household_id"), boundary)).as_py() or 0
            self.pending.append((households.slice(0, room), persons.slice(0, cut)))
            self.pending_households += room
            self._flush()
            households, persons = households.slice(room), persons.slice(cut)
        self.pending.append((households, persons))
        self.pending_households += households.num_rows
        if self.pending_households >= WRITE_HOUSEHOLDS:
            self._flush()

    def _flush(self) -> None:
        if not self.pending:
            return
        households = pa.concat_tables([h for h, _ in self.pending])
        persons = pa.concat_tables([p for _, p in self.pending])
        self.pending, self.pending_households = [], 0
        for sub, table in (
            ("households", rollup_sorted(households, persons)),
            ("persons", persons),
        ):
            if not table.num_rows:
                continue
            writer = self.writers.get(sub)
            if writer is None:
                (self.directory / sub).mkdir(parents=True, exist_ok=True)
                tmp = self.directory / sub / f".{self.district}.{uuid.uuid4().hex}.tmp"
                self.staged[sub] = tmp
                writer = self.writers[sub] = pq.ParquetWriter(
                    tmp,
                    table.schema,
                    compression="zstd",
                    use_dictionary=[f.name for f in table.schema if f.name not in UNIQUE_COLUMNS],
                )
            writer.write_table(table, row_group_size=store.ROW_GROUP_SIZE)

    def close(self) -> store.Staged:
        self._flush()
        staged: store.Staged = []
        for sub in ("households", "persons"):
            writer = self.writers.pop(sub, None)
            if writer is not None:
                writer.close()
            staged.append((self.staged.get(sub), self.directory / sub / f"{self.district}.parquet"))
        return staged

    def abort(self) -> None:
        for writer in self.writers.values():
            writer.close()
        for tmp in self.staged.values():
            tmp.unlink(missing_ok=True)
