"""The import's write step, one subdistrict at a time, gives the files the whole-district write gave."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

from chumchon.poverty import generator, store
from chumchon.poverty.imports import store_writes
from chumchon.poverty.imports.columnar import Spool, with_members
from chumchon.poverty.indicators_data import indicator_sets_load
from chumchon.poverty.models import IndicatorSet, SurveyImport, SurveyRound

pytestmark = pytest.mark.django_db

OLD = ["240101", "240104", "240105", "240201"]


@pytest.fixture
def survey_round(settings: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> SurveyRound:
    settings.SURVEY_STORE = tmp_path / "surveys"
    # Small row groups: the old files' groups span subdistricts, and the new files get several.
    monkeypatch.setattr(store, "ROW_GROUP_SIZE", 40)
    monkeypatch.setattr(store_writes, "WRITE_HOUSEHOLDS", 25)  # parts of a subdistrict or two
    indicator_sets_load()
    iset = IndicatorSet.objects.get(code="jpt-2566")
    r = SurveyRound.objects.create(code="w-2566", name="2566", year_be=2566, indicator_set=iset)
    generator.generate_round(r, OLD, households_per_tambon=30, seed=3)
    return SurveyRound.objects.select_related("indicator_set").get(pk=r.pk)


def whole_district_write(directory: Path, district: str, new_h: pa.Table, new_p: pa.Table, replaced: list[str]) -> None:
    """The write step before this one: the district's kept rows and the new ones, sorted, rolled up."""
    parts = []
    keep = pa.array(replaced, pa.string())
    for sub, new in (("households", new_h), ("persons", new_p)):
        path = directory / sub / f"{district}.parquet"
        old = pq.read_table(path, schema=new.schema)
        old = old.filter(pc.invert(pc.is_in(old.column("tambon_code"), value_set=keep)))
        parts.append(pa.concat_tables([old, new]))
    store.swap_in(store.prepare_district_files(directory, district, parts[0], parts[1]))


def test_subdistrict_by_subdistrict_equals_the_whole_district_write(survey_round: SurveyRound, tmp_path: Path) -> None:
    replaced = ["240104", "240106"]  # one the district holds, one it did not
    hh, persons = generator.generate_district(
        rng=np.random.default_rng(5),
        tambons=replaced,
        households_per_tambon={"240104": 55, "240106": 23},
        indicators=generator.indicators_for(survey_round),
        reference_date=survey_round.effective_reference_date,
        person_start=70_000_000,
    )
    hh = hh.set_column(hh.schema.get_field_index("members"), "members", pa.nulls(hh.num_rows, pa.int16()))
    # Shuffled, as a file's rows may come, and spooled in small flushes (several batches a subdistrict).
    rng = np.random.default_rng(2)
    hh, persons = hh.take(rng.permutation(hh.num_rows)), persons.take(rng.permutation(persons.num_rows))
    spools = []
    for name, table in (("households", hh), ("persons", persons)):
        spool = Spool(store.conform(table, table.schema, what=name).schema, tmp_path / "spool" / name, flush_rows=17)
        for batch in table.to_batches(max_chunksize=13):
            spool.write(batch)
        spool.close()
        spools.append(spool)
    directory = store.round_dir(survey_round)
    expected_dir = tmp_path / "expected"
    shutil.copytree(directory, expected_dir)
    record = SurveyImport(survey_round=survey_round, area_code="24", replace_tambon=False)
    store_writes.write(record, spools[0].files(), spools[1].files(), replaced)
    hh_schema = store.household_schema(store.indicator_codes(survey_round.indicator_set)[0])
    whole_district_write(expected_dir, "2401", with_members(hh.cast(hh_schema), persons), persons, replaced)
    for sub in ("households", "persons"):
        got = pq.read_table(directory / sub / "2401.parquet")
        want = pq.read_table(expected_dir / sub / "2401.parquet")
        assert got.schema.metadata == want.schema.metadata
        assert got.equals(want), sub
        assert pq.ParquetFile(directory / sub / "2401.parquet").metadata.num_row_groups > 1
        assert sorted(set(got.column("tambon_code").to_pylist())) == ["240101", "240104", "240105", "240106"]
        # The other district is untouched.
        assert pq.read_table(directory / sub / "2402.parquet").equals(
            pq.read_table(expected_dir / sub / "2402.parquet")
        )
    assert not [p for p in directory.rglob("*.tmp")]


def test_a_district_left_without_rows_loses_its_files(survey_round: SurveyRound, tmp_path: Path) -> None:
    directory = store.round_dir(survey_round)
    hh_codes, p_codes = store.indicator_codes(survey_round.indicator_set)
    empty = {
        name: Spool(schema, tmp_path / "spool" / name)
        for name, schema in (
            ("households", store.household_schema(hh_codes)),
            ("persons", store.person_schema(p_codes)),
        )
    }
    record = SurveyImport(survey_round=survey_round, area_code="24", replace_tambon=False)
    # The file replaced 240201, the district's one subdistrict, with nothing (no spooled rows): its
    # files go, as the whole-district write's did. (The job itself never writes an empty district.)
    files = {name: {"2402": tmp_path / f"{name}-2402.arrow"} for name in empty}
    for name, spool in empty.items():
        with pa.ipc.new_file(files[name]["2402"], spool.schema):
            pass
    store_writes.write(record, files["households"], files["persons"], ["240201"])
    assert not (directory / "households" / "2402.parquet").exists()
    assert not (directory / "persons" / "2402.parquet").exists()
    assert (directory / "households" / "2401.parquet").exists()


def test_the_sorted_rollup_equals_the_store_rollup(survey_round: SurveyRound) -> None:
    """The write step's roll-up over sorted runs (numpy) gives the store's DuckDB roll-up exactly:
    columns, types, values, metadata — with households without persons, persons without a household
    in the part, missing dates of birth, flags and indicators, and empty parts."""
    hh, persons = generator.generate_district(
        rng=np.random.default_rng(8),
        tambons=["240104"],
        households_per_tambon={"240104": 60},
        indicators=generator.indicators_for(survey_round),
        reference_date=survey_round.effective_reference_date,
        person_start=80_000_000,
    )
    rng = np.random.default_rng(9)

    def with_nulls(table: pa.Table, names: list[str]) -> pa.Table:
        for name in names:
            at = table.schema.get_field_index(name)
            column = table.column(name).combine_chunks()
            mask = pa.array(rng.random(table.num_rows) < 0.2)
            table = table.set_column(at, name, pc.if_else(mask, pa.scalar(None, column.type), column))
        return table

    codes = store.person_indicator_columns(persons)
    persons = with_nulls(persons, ["birth_date", "disabled", "welfare_verified", *codes[:3]])
    hh = hh.sort_by([("household_id", "ascending")])
    persons = persons.sort_by([("household_id", "ascending")])
    gone = hh.column("household_id")[5]
    persons = persons.filter(pc.not_equal(persons.column("household_id"), gone))  # a household without persons
    cases = [
        (hh, persons),
        (hh.slice(10, 20), persons),  # persons of households outside the part are left out
        (hh.slice(0, 0), persons.slice(0, 0)),
        (hh.slice(0, 4), persons.slice(0, 0)),
    ]
    for households, people in cases:
        want = store.with_rollup(households, people, shared=True)
        got = store_writes.rollup_sorted(households, people)
        assert got.schema.equals(want.schema, check_metadata=True)
        assert got.equals(want)
