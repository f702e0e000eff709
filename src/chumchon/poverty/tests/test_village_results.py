"""Village results beside the round (``poverty.village_results``): not in the database, read back with the
same values, previous-round figures, rounds computed before the design, old files removed."""

from __future__ import annotations

import numpy as np
import pyarrow.compute as pc
import pytest

from chumchon.poverty import engine, generator, store, village_results
from chumchon.poverty.indicators_data import indicator_sets_load
from chumchon.poverty.models import AreaPovertyResult, IndicatorSet, SurveyRound
from chumchon.poverty.selectors import results

TAMBONS = ["240101", "240104", "240201"]


@pytest.fixture
def rounds(db, settings, tmp_path):
    settings.SURVEY_STORE = tmp_path / "surveys"
    indicator_sets_load()
    iset = IndicatorSet.objects.get(code="jpt-2566")
    first = SurveyRound.objects.create(code="v-2566", name="2566", year_be=2566, indicator_set=iset)
    second = SurveyRound.objects.create(code="v-2567", name="2567", year_be=2567, indicator_set=iset, previous=first)
    generator.generate_round(first, TAMBONS, households_per_tambon=30, seed=4)
    generator.generate_round(second, TAMBONS, households_per_tambon=30, seed=5)
    return first, second


def test_villages_are_kept_beside_the_round_and_add_up_to_their_tambon(rounds) -> None:
    first, second = rounds
    engine.recompute_round(first)
    engine.recompute_round(second)
    for r in (first, second):
        assert r.village_results
        assert village_results.base_path(r, r.village_results).exists()
        assert not AreaPovertyResult.objects.filter(survey_round=r, level="village").exists()
    tambon = results.area_result(second, "240104")
    villages = results.child_results(second, "240104")
    assert tambon is not None and villages and all(v.level == "village" for v in villages)
    assert [v.area_code for v in villages] == sorted(v.area_code for v in villages)
    total = engine._sum_stored(villages)
    for f in [*engine.COUNT_FIELDS, *engine.DICT_FIELDS]:
        assert total[f] == getattr(tambon, f), f
    one = results.area_result(second, villages[0].area_code)
    assert one is not None and one.households == villages[0].households
    assert one.af_h == engine._ratio(one.af_poor_households, one.households)
    # Change since the previous round: the previous round's villages, read from its own file.
    before = {v.area_code: v for v in results.child_results(first, "240104")}
    for v in villages:
        prev = before.get(v.area_code)
        assert v.previous_households == (prev.households if prev else None)
        if prev:
            assert v.af_poor_households_delta == v.af_poor_households - prev.af_poor_households
    assert results.area_result(second, "24010499") is None


def test_one_tambon_rewrites_its_district_file_and_equals_a_full_recompute(rounds) -> None:
    _first, second = rounds
    engine.recompute_round(second)
    hh, persons = generator.generate_district(
        rng=np.random.default_rng(7),
        tambons=["240104"],
        households_per_tambon={"240104": 45},
        indicators=generator.indicators_for(second),
        reference_date=second.effective_reference_date,
        person_start=20_000_000,
    )
    store.replace_tambon(second, "240104", hh, persons)
    engine.recompute_tambons(second, ["240104"])
    assert village_results.district_path(second, second.village_results, "2401").exists()
    assert not AreaPovertyResult.objects.filter(survey_round=second, level="village").exists()
    skip = {"id", "computed_at"}

    def snap() -> dict:
        return {
            (r["level"], r["area_code"]): {k: v for k, v in r.items() if k not in skip}
            for r in village_results.all_values(second)
        }

    incremental = snap()
    assert sum(v["households"] for k, v in incremental.items() if k[0] == "village" and k[1][:6] == "240104") == 45
    # Other tambons' villages of the same district are kept; other districts read from the base file.
    assert results.child_results(second, "240101") and results.child_results(second, "240201")
    engine.recompute_round(second)
    assert snap() == incremental


def test_a_round_computed_before_keeps_its_villages_in_the_database(rounds) -> None:
    first, _second = rounds
    engine.recompute_round(first)
    villages = village_results.villages(first, "2401")
    # As such a round looks after migration 0008: village rows in the database, no file named.
    AreaPovertyResult.objects.bulk_create(villages)
    SurveyRound.objects.filter(pk=first.pk).update(village_results="")
    first.refresh_from_db()
    read = results.child_results(first, "240104")
    assert read and all(v.pk is not None for v in read)
    assert [(v.area_code, v.households) for v in read] == [
        (v.area_code, v.households) for v in villages if v.area_code.startswith("240104")
    ]
    # A one-tambon recompute of it keeps them there; its next full recompute moves them out.
    engine.recompute_tambons(first, ["240104"])
    assert [(v.area_code, v.households) for v in results.child_results(first, "240104")] == [
        (v.area_code, v.households) for v in read
    ]
    engine.recompute_round(first)
    assert first.village_results
    assert not AreaPovertyResult.objects.filter(survey_round=first, level="village").exists()
    assert [(v.area_code, v.households) for v in results.child_results(first, "240104")] == [
        (v.area_code, v.households) for v in read
    ]


def test_files_of_older_recomputes_are_removed_after_the_commit(rounds, django_capture_on_commit_callbacks) -> None:
    first, _second = rounds
    tokens = []
    for _ in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            engine.recompute_round(first)
        tokens.append(first.village_results)
    assert len(set(tokens)) == 3
    names = sorted(p.name for p in village_results.results_dir(first).iterdir())
    assert names == sorted(f"villages-{t}.parquet" for t in tokens[1:])
    # A reader still holding the oldest token finds the current file.
    stale = SurveyRound.objects.get(pk=first.pk)
    stale.village_results = tokens[0]
    read = results.child_results(stale, "240104")
    assert stale.village_results == tokens[-1]
    assert read and [v.households for v in read] == [v.households for v in results.child_results(first, "240104")]


def test_village_file_rows_in_arrow_equal_the_sql(rounds) -> None:
    """The one-tambon path builds a district's village rows in Arrow (``_village_file_rows``); the full
    recompute with DuckDB (``_village_file_sql``): same columns, types, order and values, previous figures
    included (some villages without one)."""
    first, second = rounds
    engine.recompute_round(first)
    spec = engine.spec_for(second)
    directory = store.round_dir(second)
    con = store.duckdb_connection()
    try:
        chunk = engine._chunks(spec, store.household_files(directory), store.person_files(directory), 1 << 62)[0]
        hh_files, p_files, layout = chunk
        source = con.sql(engine._village_tambon_sql(spec, hh_files, p_files, "", layout)).to_arrow_table()
        previous = engine._previous_villages(second)
        previous = previous.filter(pc.invert(pc.starts_with(previous.column("area_code"), "240101")))
        con.register("src", source)
        con.register("prev_villages", previous)
        by_sql = con.sql(engine._village_file_sql(spec, "src")).to_arrow_table()
    finally:
        con.close()
    in_arrow = engine._village_file_rows(spec, source, previous)
    assert in_arrow.schema.names == by_sql.schema.names
    assert [f.type for f in in_arrow.schema] == [f.type for f in by_sql.schema]
    assert in_arrow.to_pylist() == by_sql.to_pylist()
    assert any(r["previous_households"] is None for r in in_arrow.to_pylist())
    assert any(r["previous_households"] is not None for r in in_arrow.to_pylist())


def test_a_tambon_emptied_takes_its_districts_last_villages_away(rounds) -> None:
    _first, second = rounds
    engine.recompute_round(second)
    hh, persons = store.read_tambon(second, "240201")
    store.replace_tambon(second, "240201", hh.slice(0, 0), persons.slice(0, 0))
    engine.recompute_tambons(second, ["240201"])
    assert results.child_results(second, "240201") == []
    skip = {"id", "computed_at"}
    incremental = [{k: v for k, v in r.items() if k not in skip} for r in village_results.all_values(second)]
    engine.recompute_round(second)
    full = [{k: v for k, v in r.items() if k not in skip} for r in village_results.all_values(second)]
    key = lambda r: (r["level"], r["area_code"], r["group_code"])  # noqa: E731
    assert sorted(incremental, key=key) == sorted(full, key=key)


def test_full_recompute_in_chunks_equals_one_pass(rounds) -> None:
    """Household files with the roll-up are read in one pass up to ``ROLLUP_CHUNK_BYTES``; in chunks (one
    district file each here) the stored rows and the village file are the same."""
    _first, second = rounds
    skip = {"id", "computed_at"}

    def snap() -> dict:
        return {
            (r["level"], r["area_code"], r["group_code"]): {k: v for k, v in r.items() if k not in skip}
            for r in village_results.all_values(second)
        }

    one = engine.recompute_round(second)
    whole = snap()
    many = engine.recompute_round(second, rollup_chunk_bytes=1)
    assert (one["chunks"], many["chunks"]) == (1, 2)  # 2401 and 2402
    assert snap() == whole
    assert one["rows"] == many["rows"] == len(whole) and any(k[0] == "village" for k in whole)


def test_a_village_file_that_cannot_be_written_leaves_the_round_as_it_was(rounds) -> None:
    """The village file is written in a thread beside the database rows; when it fails, the recompute
    fails, the transaction rolls back and the round keeps its file and rows."""
    first, _second = rounds
    engine.recompute_round(first)
    token = first.village_results
    rows = sorted(AreaPovertyResult.objects.filter(survey_round=first).values_list("level", "area_code", "households"))
    directory = village_results.results_dir(first)
    kept = directory.with_name("results-kept")
    directory.rename(kept)
    directory.write_text("not a directory")  # the writer's mkdir fails: a real error, not a stub
    with pytest.raises(FileExistsError):
        engine.recompute_round(first)
    directory.unlink()
    kept.rename(directory)
    first.refresh_from_db()
    assert first.village_results == token and first.status == "failed"
    assert [p.name for p in directory.iterdir()] == [f"villages-{token}.parquet"]
    assert (
        sorted(AreaPovertyResult.objects.filter(survey_round=first).values_list("level", "area_code", "households"))
        == rows
    )
    assert results.child_results(first, "240104")
