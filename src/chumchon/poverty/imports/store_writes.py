"""Writing a validated import into the round's survey store, all or nothing, one writer at a time."""

from __future__ import annotations

import fcntl
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

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
    tambon_set = pa.array(sorted(tambons), pa.string())
    pool = pa.default_memory_pool()
    # Every district is staged before any is swapped in: a failure (a damaged file, a full disk)
    # leaves the store as it was, so the import stays all or nothing. One district's rows are in
    # memory at a time.
    staged: store.Staged = []
    try:
        for district in sorted(households):
            new_p = _read(persons, district, p_schema)
            new_h = with_members(_read(households, district, hh_schema), new_p)
            parts = []
            for sub, new in (("households", new_h), ("persons", new_p)):
                path = directory / sub / f"{district}.parquet"
                if path.exists():
                    old = pq.read_table(path, schema=new.schema)
                    old = old.filter(pc.invert(pc.is_in(old.column("tambon_code"), value_set=tambon_set)))
                    new = pa.concat_tables([old, new])
                parts.append(new)
            staged += store.prepare_district_files(directory, district, parts[0], parts[1])
            del new_h, new_p, parts
            pool.release_unused()
    except BaseException:
        store.discard(staged)
        raise
    store.swap_in(staged)
