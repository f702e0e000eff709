"""The Parquet survey store: layout, validation and one-tambon replacement; the engine's jobs."""

from __future__ import annotations

import pyarrow as pa
import pytest

from chumchon.core.jobs import job_function, run_job_here
from chumchon.poverty import generator, store, village_results
from chumchon.poverty.indicators_data import indicator_sets_load
from chumchon.poverty.models import AreaPovertyResult, IndicatorSet, RoundStatus, SurveyRound


@pytest.fixture
def survey_round(db, settings, tmp_path):
    settings.SURVEY_STORE = tmp_path / "surveys"
    indicator_sets_load()
    return SurveyRound.objects.create(
        code="s-2566", name="s", year_be=2566, indicator_set=IndicatorSet.objects.get(code="jpt-2560")
    )


def test_write_round_splits_by_district_and_reads_back(survey_round) -> None:
    generator.generate_round(survey_round, ["240101", "240104"], households_per_tambon=30, seed=1)
    hh, persons = store.read_tambon(survey_round, "240101")
    hh2, persons2 = store.read_tambon(survey_round, "240104")
    # Rewrite the same rows through the public write_round (missing indicator columns → null).
    all_hh = pa.concat_tables([hh, hh2]).drop_columns(["i04"])
    counts = store.write_round(survey_round, all_hh, pa.concat_tables([persons, persons2]))
    assert counts == {"households": all_hh.num_rows, "persons": persons.num_rows + persons2.num_rows}
    directory = store.round_dir(survey_round)
    assert [p.name for p in store.household_files(directory)] == ["2401.parquet"]
    back, _ = store.read_tambon(survey_round, "240104")
    assert back.num_rows == hh2.num_rows and back.column("i04").null_count == back.num_rows
    empty_hh, empty_p = store.read_tambon(survey_round, "500101")
    assert empty_hh.num_rows == 0 and empty_p.num_rows == 0


def test_store_rejects_bad_data(survey_round) -> None:
    generator.generate_round(survey_round, ["240101"], households_per_tambon=10, seed=1)
    hh, persons = store.read_tambon(survey_round, "240101")
    with pytest.raises(store.StoreError):
        store.replace_tambon(survey_round, "240104", hh, persons)  # rows of another tambon
    with pytest.raises(store.StoreError):
        store.write_round(survey_round, hh.drop_columns(["village_code"]), persons)
    with pytest.raises(store.StoreError):
        store.read_tambon(survey_round, "24'01")
    # Nothing was replaced by the failed calls.
    assert store.read_tambon(survey_round, "240101")[0].num_rows == hh.num_rows


def test_recompute_job_is_registered_and_runs(survey_round) -> None:
    assert job_function("poverty.recompute") and job_function("poverty.indicator_sets_load")
    generator.generate_round(survey_round, ["240101"], households_per_tambon=20, seed=2)
    result = run_job_here("poverty.recompute", params={"round_code": survey_round.code}, show_progress=False)
    survey_round.refresh_from_db()
    assert survey_round.status == RoundStatus.READY and survey_round.household_count == result["households"]
    assert AreaPovertyResult.objects.filter(survey_round=survey_round, level="nation").exists()


def test_region_and_cluster_rows_occupy_their_provinces(survey_round) -> None:
    generator.generate_round(survey_round, ["240101"], households_per_tambon=5, seed=2)
    from chumchon.poverty import engine

    engine.recompute_round(survey_round)
    region = AreaPovertyResult.objects.get(survey_round=survey_round, level="region")
    cluster = AreaPovertyResult.objects.get(survey_round=survey_round, level="cluster")
    assert region.group_code == "R5" and len(region.scope_codes) == 13 and "24" in region.scope_codes
    assert cluster.group_code == "C08" and "24" in cluster.scope_codes
    assert AreaPovertyResult.objects.get(survey_round=survey_round, level="nation").scope_codes == ("",)


def test_rollup_path_equals_raw_path(survey_round) -> None:
    """The recompute from the write-time person roll-up equals the one from the raw columns (files
    without the roll-up, e.g. written before it existed, or whose layout no longer covers the set)."""
    import pyarrow.parquet as pq

    from chumchon.poverty import engine

    generator.generate_round(survey_round, ["240101", "240104", "240201"], households_per_tambon=40, seed=5)
    spec = engine.spec_for(survey_round)
    directory = store.round_dir(survey_round)
    files = store.household_files(directory)
    assert all(layout is not None for layout in engine.rollup_usable(spec, files).values())
    chunks = engine._chunks(spec, files, store.person_files(directory), engine.CHUNK_BYTES)
    assert chunks and all(layout is not None and not p_files for _, p_files, layout in chunks)
    engine.recompute_round(survey_round)
    skip = {"id", "computed_at"}
    with_rollup = [{k: v for k, v in r.items() if k not in skip} for r in village_results.all_values(survey_round)]
    # Strip the derived columns from one district's household file: that district is read raw.
    raw = store._raw(pq.read_table(files[0]))
    pq.write_table(raw, files[0])
    assert engine.rollup_usable(spec, files)[files[0]] is None
    assert store.read_tambon(survey_round, "240101")[0].column_names == raw.column_names
    layouts = [layout for _, _, layout in engine._chunks(spec, files, store.person_files(directory), 1 << 40)]
    assert None in layouts and any(layout is not None for layout in layouts)
    engine.recompute_round(survey_round)
    mixed = [{k: v for k, v in r.items() if k not in skip} for r in village_results.all_values(survey_round)]
    key = lambda r: (r["level"], r["area_code"], r["group_code"])  # noqa: E731
    assert sorted(mixed, key=key) == sorted(with_rollup, key=key)
    assert len(with_rollup) > 10


@pytest.mark.parametrize("tambon", ["240101", "240104", "240106", "240102"])
def test_replace_tambon_splice_equals_the_whole_district_rebuilt(survey_round, tambon) -> None:
    """A one-tambon replacement copies the district's other rows with their roll-up and derives it for the
    new rows only; the files then hold what rebuilding the whole district (the full path) writes — the tambon
    first, in the middle, last, or not in the district before (inserted between two others)."""
    import pyarrow.parquet as pq

    generator.generate_round(survey_round, ["240101", "240103", "240104", "240106"], households_per_tambon=25, seed=7)
    new_hh, new_p = store.read_tambon(survey_round, "240103")  # another tambon's rows, recoded to ``tambon``
    new_hh = new_hh.set_column(
        new_hh.schema.get_field_index("tambon_code"), "tambon_code", pa.array([tambon] * new_hh.num_rows)
    )
    villages = [tambon + v[6:] for v in new_hh.column("village_code").to_pylist()]
    new_hh = new_hh.set_column(new_hh.schema.get_field_index("village_code"), "village_code", pa.array(villages))
    new_p = new_p.set_column(
        new_p.schema.get_field_index("tambon_code"), "tambon_code", pa.array([tambon] * new_p.num_rows)
    )
    # Household ids stay those of 240103 (unique within the round once 240103 is emptied below).
    empty_hh, empty_p = new_hh.slice(0, 0), new_p.slice(0, 0)
    store.replace_tambon(survey_round, "240103", empty_hh, empty_p)
    directory = store.round_dir(survey_round)
    files = [directory / "households" / "2401.parquet", directory / "persons" / "2401.parquet"]
    others = [
        pq.read_table(f).filter(pa.compute.not_equal(pq.read_table(f).column("tambon_code"), tambon)) for f in files
    ]

    store.replace_tambon(survey_round, tambon, new_hh, new_p)
    spliced = [pq.read_table(f) for f in files]
    assert pq.ParquetFile(files[0]).metadata.row_group(0).column(0).compression.startswith("LZ4")
    # The full path: the whole district written again from its raw columns (roll-up derived for all).
    store.write_district_files(
        directory,
        "2401",
        pa.concat_tables([store._raw(others[0]), new_hh.cast(store._raw(others[0]).schema)]),
        pa.concat_tables([others[1], new_p.cast(others[1].schema)]),
    )
    rebuilt = [pq.read_table(f) for f in files]
    for a, b in zip(spliced, rebuilt, strict=True):
        assert a.schema == b.schema and a.schema.metadata == b.schema.metadata
        assert a.equals(b)
    assert spliced[0].num_rows == others[0].num_rows + new_hh.num_rows > new_hh.num_rows and sorted(
        set(spliced[0].column("tambon_code").to_pylist())
    ) == sorted({"240101", "240104", "240106", tambon})


def test_replace_tambon_in_an_unsorted_district_file_rebuilds_it(survey_round) -> None:
    """A district file not in store order (written unsorted) has no one slice to replace: the whole
    district is rebuilt, as before, and sorted."""
    import pyarrow.parquet as pq

    generator.generate_round(survey_round, ["240101", "240104"], households_per_tambon=10, seed=3)
    directory = store.round_dir(survey_round)
    hh1, p1 = store.read_tambon(survey_round, "240101")
    hh2, p2 = store.read_tambon(survey_round, "240104")
    store.write_district_files(directory, "2401", pa.concat_tables([hh2, hh1]), pa.concat_tables([p2, p1]), sort=False)
    store.replace_tambon(
        survey_round,
        "240101",
        hh1.slice(0, 5),
        p1.filter(pa.compute.is_in(p1.column("household_id"), hh1.column("household_id").slice(0, 5))),
    )
    back = pq.read_table(directory / "households" / "2401.parquet")
    assert back.column("tambon_code").to_pylist() == ["240101"] * 5 + ["240104"] * hh2.num_rows
    assert (
        pq.ParquetFile(directory / "households" / "2401.parquet").metadata.row_group(0).column(0).compression == "ZSTD"
    )
